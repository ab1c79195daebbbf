from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page

from courses.privacy import CachedPrivacyMixin
from courses.routing import OneQueryRoutingMixin


class HomePage(OneQueryRoutingMixin, CachedPrivacyMixin, Page):
    """The site's front page: what the platform is and where to start.

    Created by a data migration; there is exactly one, at the root of the site. Addresses
    below it are routed in one query (courses.routing).
    """

    intro = models.CharField(
        max_length=300,
        blank=True,
        help_text="One or two sentences under the title: who the platform is for.",
    )
    body = RichTextField(
        blank=True,
        features=["bold", "italic", "link", "ul", "ol", "h2", "h3"],
        help_text="A short welcome; the course catalogue is linked below it automatically.",
    )

    content_panels = [*Page.content_panels, FieldPanel("intro"), FieldPanel("body")]

    # The home page sits at the root; the course catalogue lives under it.
    parent_page_types = ["wagtailcore.Page"]
    max_count = 1

    class Meta:
        verbose_name = "home page"

    def get_context(self, request, *args, **kwargs):
        from courses.catalogue import programme_areas

        context = super().get_context(request, *args, **kwargs)
        # The programme's three thematic areas with their courses (cached plain data).
        context["areas"] = programme_areas()
        return context
