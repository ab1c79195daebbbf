"""The curriculum importer: read and check a content folder, then load it into Wagtail.

`reader` turns files into specs (no database); `importer` writes pages. The public entry
points are content.services.curriculum_check and content.services.curriculum_load.
"""
