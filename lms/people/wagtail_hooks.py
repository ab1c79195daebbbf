"""Counties and agencies in the Wagtail admin (Snippets > People).

Who may do what follows the model permissions granted to the role groups
(docs/roles.md): HR officers add and edit agencies; only Administrators change counties.
Staff profiles have no admin screen here: learner records are shown only through the
county-scoped report views (lms.people.access).
"""

from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet, SnippetViewSetGroup

from . import audit
from .models import Agency, County


class CountyViewSet(SnippetViewSet):
    model = County
    icon = "site"
    menu_label = "Counties"
    list_display = ["code", "name"]
    search_fields = ["code", "name"]
    ordering = ["code"]
    panels = [FieldPanel("code"), FieldPanel("name")]


class AgencyViewSet(SnippetViewSet):
    model = Agency
    icon = "group"
    menu_label = "Agencies"
    list_display = ["name", "short_name", "kind", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "short_name"]
    panels = [
        FieldPanel("name"),
        FieldPanel("short_name"),
        FieldPanel("kind"),
        FieldPanel("is_active"),
    ]


class PeopleViewSetGroup(SnippetViewSetGroup):
    menu_label = "People"
    menu_icon = "group"
    items = (CountyViewSet, AgencyViewSet)


register_snippet(PeopleViewSetGroup)


@hooks.register("register_log_actions")
def register_audit_log_actions(actions):
    audit.register_actions(actions)
