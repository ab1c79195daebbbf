"""Certificates in the Wagtail admin: list, search, filter, inspect, revoke, reinstate,
re-render, history. Certificates are never created, edited or deleted by hand."""

import datetime

import django_filters
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.ui.menus import MenuItem
from wagtail.admin.ui.tables import Column
from wagtail.admin.views.generic import IndexView, InspectView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.generic.history import HistoryView
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets.button import HeaderButton
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from .codes import code_is_well_formed, code_normalise
from .models import Certificate, CertificateStatus, RenderStatus
from .selectors import can_inspect_certificates
from .services import (
    REVOKE_PERMISSION,
    certificate_reinstate,
    certificate_rerender,
    certificate_revoke,
)


@hooks.register("register_log_actions")
def register_certificate_log_actions(actions):
    actions.register_action("certificates.issue", _("Issue certificate"), _("Certificate issued"))
    actions.register_action(
        "certificates.revoke", _("Revoke certificate"), _("Certificate revoked")
    )
    actions.register_action(
        "certificates.reinstate", _("Reinstate certificate"), _("Certificate reinstated")
    )
    actions.register_action(
        "certificates.rerender",
        _("Re-render certificate"),
        _("Certificate PDF re-render requested"),
    )
    actions.register_action(
        "certificates.zip_download",
        _("Download certificates (ZIP)"),
        _("Certificates downloaded as ZIP"),
    )


class CertificatePermissionPolicy(ModelPermissionPolicy):
    """Administrators (revoke permission) see and act; nobody adds, edits or deletes."""

    def user_has_permission(self, user, action):
        if action in {"add", "change", "delete"}:
            return False
        if action == "view":
            return can_inspect_certificates(user)
        return super().user_has_permission(user, action)

    def users_with_any_permission(self, actions):
        return super().users_with_any_permission([*actions, "revoke"])


class StatusFilter(django_filters.ChoiceFilter):
    def filter(self, queryset, value):
        return queryset.with_status(value) if value else queryset


class CertificateFilterSet(WagtailFilterSet):
    status = StatusFilter(
        label=_("Status"),
        choices=CertificateStatus.choices,
        empty_label=_("All"),
    )
    render_status = django_filters.ChoiceFilter(
        label=_("PDF"), choices=RenderStatus.choices, empty_label=_("All")
    )

    class Meta:
        model = Certificate
        fields = []


class CertificateIndexView(IndexView):
    def get_list_more_buttons(self, instance):
        buttons = super().get_list_more_buttons(instance)
        buttons.extend(
            MenuItem(label, url=url, icon_name=icon, priority=30 + index)
            for index, (label, url, icon) in enumerate(
                certificate_actions(instance, self.request.user)
            )
        )
        return buttons

    def search_queryset(self, queryset):
        # A code is typed the way it is printed (groups, small letters, O for 0): match
        # its stored form; anything else searches the holder's name and the course.
        query = (self.search_query or "").strip()
        if not query:
            return queryset
        if code_is_well_formed(query):
            return queryset.filter(code=code_normalise(query))
        return queryset.filter(
            Q(holder_name__icontains=query)
            | Q(course_title__icontains=query)
            | Q(code__icontains=code_normalise(query))
        )


def certificate_actions(certificate: Certificate, user) -> list[tuple[str, str, str]]:
    """(label, url, icon) of what ``user`` may do with ``certificate``: the inspect
    page's header and the list's row menu offer the same actions."""
    name = viewset.get_url_name
    actions = []
    if user.has_perm(REVOKE_PERMISSION):
        if certificate.is_revoked:
            actions.append((_("Reinstate"), name("reinstate"), "undo"))
        else:
            actions.append((_("Revoke"), name("revoke"), "cross"))
        if not certificate.holder_removed:
            actions.append((_("Re-render PDF"), name("rerender"), "rotate"))
    if can_inspect_certificates(user):
        actions.append((_("History"), name("history"), "history"))
    return [
        (label, reverse(url_name, args=[certificate.pk]), icon) for label, url_name, icon in actions
    ]


# What an empty value means, field by field, in words (never "None" or "False").
EMPTY_VALUE_WORDS = {
    "holder_name": _("Holder record removed"),
    "service": _("Not recorded"),
    "county_name": _("Not recorded"),
    "agency_name": _("Not recorded"),
    "final_score": _("No score recorded"),
    "expires_on": _("Does not expire"),
    "revoked_at": _("Not revoked"),
    "revoked_reason": _("Not revoked"),
    "render_error": _("No error"),
    "rendered_at": _("Not rendered yet"),
    "pdf_sha256": _("Not rendered yet"),
}


class CertificateInspectView(InspectView):
    def get_page_subtitle(self):
        return self.object.code_display

    def get_header_buttons(self):
        buttons = list(super().get_header_buttons())
        buttons.extend(
            HeaderButton(label, url=url, icon_name=icon)
            for label, url, icon in certificate_actions(self.object, self.request.user)
        )
        return buttons

    def get_field_display_value(self, field_name, field):
        value = super().get_field_display_value(field_name, field)
        if isinstance(value, bool):
            return _("Yes") if value else _("No")
        if value is None or value == "":
            return EMPTY_VALUE_WORDS.get(field_name, _("Not recorded"))
        if isinstance(value, datetime.datetime):
            # In the site's time zone (Africa/Nairobi), as every other page shows times.
            return date_format(timezone.localtime(value), "DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return date_format(value, "DATE_FORMAT")
        return value

    def get_code_display_value(self):
        return self.object.code_display


class CertificateHistoryView(HistoryView):
    # Nobody may change a certificate by hand, so the history is for those who may view,
    # and it leads back to the inspect page, not to an edit form nobody may open.
    any_permission_required = ["view"]

    def get_edit_url(self, instance):
        return None

    def get_page_subtitle(self):
        return self.object.code_display

    @cached_property
    def header_buttons(self):
        return [
            HeaderButton(
                _("Inspect"),
                url=reverse(viewset.get_url_name("inspect"), args=[self.object.pk]),
                icon_name="info-circle",
            )
        ]


class RevokeForm(forms.Form):
    reason = forms.CharField(
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=1000,
        help_text=_("Why the certificate is withdrawn. Kept in the history; not shown publicly."),
        error_messages={"required": _("Give the reason for revoking; it is kept in the history.")},
    )


class ConfirmForm(forms.Form):
    pass


class CertificateActionView(WagtailAdminTemplateMixin, FormView):
    """Confirm (and for revoking, give a reason), then call the service."""

    template_name = "certificates/admin/action.html"
    header_icon = "doc-full"
    form_class = ConfirmForm
    action_label = ""
    question = ""

    def dispatch(self, request, pk):
        if not request.user.has_perm(REVOKE_PERMISSION):
            raise PermissionDenied
        self.object = get_object_or_404(Certificate, pk=pk)
        return super().dispatch(request, pk)

    def get_page_title(self):
        return self.action_label

    def get_page_subtitle(self):
        return self.object.code_display

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": reverse(viewset.get_url_name("index")), "label": _("Certificates")},
            {
                "url": reverse(viewset.get_url_name("inspect"), args=[self.object.pk]),
                "label": self.object.code_display,
            },
            {"url": "", "label": self.action_label},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context.update(
            object=self.object,
            question=self.question,
            action_label=self.action_label,
            cancel_url=reverse(viewset.get_url_name("inspect"), args=[self.object.pk]),
        )
        return context

    def form_valid(self, form):
        try:
            self.perform(form)
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
            return self.form_invalid(form)
        messages.success(self.request, self.success_message)
        return redirect(viewset.get_url_name("inspect"), self.object.pk)


class RevokeView(CertificateActionView):
    form_class = RevokeForm
    action_label = _("Revoke")
    question = _(
        "Revoking makes the public verification page show this certificate as revoked. "
        "Nothing is deleted; you can reinstate it later."
    )
    success_message = _("Certificate revoked.")

    def perform(self, form):
        certificate_revoke(
            certificate=self.object, by=self.request.user, reason=form.cleaned_data["reason"]
        )


class ReinstateView(CertificateActionView):
    action_label = _("Reinstate")
    question = _("Reinstating makes the certificate valid again (unless it has expired).")
    success_message = _("Certificate reinstated.")

    def perform(self, form):
        certificate_reinstate(certificate=self.object, by=self.request.user)


class RerenderView(CertificateActionView):
    action_label = _("Re-render PDF")
    question = _(
        "Render the PDF again with the current template and certificate settings. The "
        "holder's name, organisation and course stay as issued. The current file is "
        "served until the new one is ready."
    )
    success_message = _("A new PDF is being prepared.")

    def perform(self, form):
        certificate_rerender(certificate=self.object, by=self.request.user)


class StatusColumn(Column):
    def get_value(self, instance):
        return CertificateStatus(instance.status).label


class CertificateViewSet(ModelViewSet):
    model = Certificate
    icon = "doc-full"
    menu_label = _("Certificates")
    menu_order = 350
    add_to_admin_menu = True
    index_view_class = CertificateIndexView
    inspect_view_class = CertificateInspectView
    history_view_class = CertificateHistoryView
    inspect_view_enabled = True
    copy_view_enabled = False
    search_backend_name = None
    ordering = ["-issued_at"]
    search_fields = ["holder_name", "course_title", "code"]
    filterset_class = CertificateFilterSet
    form_fields = ["revoked_reason"]
    list_display = [
        # The first column is the title: it links to the inspect page and carries the
        # row's actions (IndexView.get_list_more_buttons).
        "code_display",
        "holder_name",
        "course_title",
        "completed_on",
        StatusColumn("status", label=_("Status")),
        "render_status",
    ]
    inspect_view_fields = [
        "code",
        "holder_name",
        "holder_removed",
        "service",
        "county_name",
        "agency_name",
        "course_title",
        "course_hours",
        "completed_on",
        "final_score",
        "issued_at",
        "expires_on",
        "revoked_at",
        "revoked_reason",
        "render_status",
        "render_attempts",
        "render_error",
        "rendered_at",
        "pdf_sha256",
    ]

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("revoke/<int:pk>/", RevokeView.as_view(), name="revoke"),
            path("reinstate/<int:pk>/", ReinstateView.as_view(), name="reinstate"),
            path("rerender/<int:pk>/", RerenderView.as_view(), name="rerender"),
        ]


register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))
viewset = CertificateViewSet("certificates_admin", url_prefix="certificates")


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return viewset
