"""Where certificate PDFs are stored: never under MEDIA_ROOT, never at a URL.

The certificate's FileField uses the ``STORAGES["certificates"]`` alias; on the local disk
that is ``PrivateMediaStorage`` under ``settings.PRIVATE_MEDIA_ROOT``, a folder outside
MEDIA_ROOT that no URL maps (development's /media/ included). The only way to a PDF is the
login-checked download view (certificates/views.py).
"""

import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages

CERTIFICATES_STORAGE = "certificates"


class PrivateMediaStorage(FileSystemStorage):
    """A file system storage rooted at settings.PRIVATE_MEDIA_ROOT (read on every use, so
    a test's settings override applies) that has no public URL."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Certificate files have no public URL; use the download view.")


def certificate_storage():
    """The FileField's storage (a callable, so the alias is looked up once settings load)."""
    return storages[CERTIFICATES_STORAGE]
