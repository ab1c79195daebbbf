"""Wagtail's privacy check without its two queries per view, for pages without privacy
settings.

Before serving any page, Wagtail asks ``page.get_view_restrictions()`` (the page's own
privacy settings and its ancestors'): two queries on every view, although almost no page
here has any. Whether a page has any is plain data cached with what is published
(courses.cache drops it when a privacy setting, a page or a move commits), so a page
without any answers with an empty queryset, and a page with some answers exactly as
Wagtail does.
"""

from wagtail.models import PageViewRestriction

from courses.cache import published_cached


class CachedPrivacyMixin:
    """For every page type a visitor can be served."""

    def get_view_restrictions(self):
        wagtails = super().get_view_restrictions  # not called unless needed: it queries
        restricted = published_cached("restricted", self.path, build=lambda: wagtails().exists())
        if not restricted:
            return PageViewRestriction.objects.none()
        return wagtails()
