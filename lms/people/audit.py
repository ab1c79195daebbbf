"""The security audit trail: sign-ins, failed sign-ins, sign-outs, password and
two-factor changes, role changes and account deletions, written to Wagtail's log.

Administrators read, filter and export it in Reports > Site history (filter "Action
type"). Entries are kept for settings.AUDIT_LOG_RETENTION_DAYS; ``manage.py
purge_audit_log`` removes older ones (docs/security.md). Certificates log their own
issue/revoke/reinstate actions (certificates/services.py).

The receivers are thin: each writes one entry with ``audit_record``.
"""

import datetime
import logging

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth import signals as auth_signals
from django.db.models.signals import m2m_changed
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.log_actions import LogFormatter, log

from lms.client import client_address

logger = logging.getLogger("lms.security")

LOGIN = "people.login"
LOGIN_FAILED = "people.login_failed"
LOGOUT = "people.logout"
PASSWORD_CHANGE = "people.password_change"  # noqa: S105 (an action name)
MFA_ADD = "people.mfa_add"
MFA_REMOVE = "people.mfa_remove"
ROLES_CHANGE = "people.roles_change"
ACCOUNT_DELETE = "people.account_delete"

# action -> (label in the "Action type" filter, message in the history)
ACTIONS = {
    LOGIN: (_("Sign in"), _("Signed in")),
    LOGIN_FAILED: (_("Failed sign-in"), _("Failed sign-in")),
    LOGOUT: (_("Sign out"), _("Signed out")),
    PASSWORD_CHANGE: (_("Password change"), _("Password changed")),
    MFA_ADD: (_("Two-factor method added"), _("Two-factor method added")),
    MFA_REMOVE: (_("Two-factor method removed"), _("Two-factor method removed")),
    ROLES_CHANGE: (_("Role change"), _("Roles changed")),
    ACCOUNT_DELETE: (_("Account deletion"), _("Account deleted")),
}


class AuditFormatter(LogFormatter):
    """The message, then what the entry's data says (address, roles, method)."""

    def format_message(self, log_entry):
        details = [f"{key}: {value}" for key, value in sorted(log_entry.data.items()) if value]
        return f"{self.message} ({'; '.join(details)})" if details else str(self.message)


def register_actions(actions) -> None:
    """For the register_log_actions hook."""
    for action, (label, message) in ACTIONS.items():
        formatter = type(
            "AuditActionFormatter", (AuditFormatter,), {"label": label, "message": message}
        )
        actions.register_action(action)(formatter)


def audit_record(*, user, action: str, request=None, by=None, **data) -> None:
    """One entry on ``user``'s history; ``by`` is who acted (the user themselves when
    not given and no admin view is acting)."""
    if request is not None:
        data["address"] = client_address(request)
    log(user, action, user=by, data=data)


def _logged_in(sender, request, user, **kwargs):
    audit_record(user=user, action=LOGIN, request=request, by=user)


def _logged_out(sender, request, user, **kwargs):
    if user is not None:
        audit_record(user=user, action=LOGOUT, request=request, by=user)


def _login_failed(sender, credentials, request=None, **kwargs):
    login = credentials.get("email") or credentials.get("username") or ""
    User = get_user_model()
    account = User.objects.filter(email__iexact=login).first() if login else None
    if account is None:
        # No account to file it under; the rate limits still count it.
        logger.warning(
            "Failed sign-in for an unknown account from %s",
            client_address(request) if request is not None else "?",
        )
        return
    audit_record(user=account, action=LOGIN_FAILED, request=request)


def _second_factor_failed(sender, request, user, **kwargs):
    audit_record(user=user, action=LOGIN_FAILED, request=request, step="two-factor code")


def _password_changed(sender, request, user, **kwargs):
    audit_record(user=user, action=PASSWORD_CHANGE, request=request, by=user)


def _password_reset(sender, request, user, **kwargs):
    audit_record(user=user, action=PASSWORD_CHANGE, request=request, by=user, via="reset link")


def _authenticator_added(sender, request, user, authenticator, **kwargs):
    audit_record(user=user, action=MFA_ADD, request=request, by=user, method=authenticator.type)


def _authenticator_removed(sender, request, user, authenticator, **kwargs):
    audit_record(user=user, action=MFA_REMOVE, request=request, by=user, method=authenticator.type)


def _groups_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    if action not in {"post_add", "post_remove", "pre_clear"}:
        return
    User = get_user_model()
    if reverse:  # group.user_set.add(...): ``instance`` is the group
        users, groups = User.objects.filter(pk__in=pk_set or ()), [instance.name]
    else:
        users = [instance]
        groups = (
            list(instance.groups.values_list("name", flat=True))
            if action == "pre_clear"
            else list(model.objects.filter(pk__in=pk_set or ()).values_list("name", flat=True))
        )
    if not groups:
        return
    key = "added" if action == "post_add" else "removed"
    for user in users:
        audit_record(user=user, action=ROLES_CHANGE, **{key: ", ".join(sorted(groups))})


def connect() -> None:
    """Called once from PeopleConfig.ready."""
    User = get_user_model()
    pairs = [
        (auth_signals.user_logged_in, _logged_in),
        (auth_signals.user_logged_out, _logged_out),
        (auth_signals.user_login_failed, _login_failed),
        (mfa_signals.authentication_failed, _second_factor_failed),
        (account_signals.password_changed, _password_changed),
        (account_signals.password_set, _password_changed),
        (account_signals.password_reset, _password_reset),
        (mfa_signals.authenticator_added, _authenticator_added),
        (mfa_signals.authenticator_removed, _authenticator_removed),
        (m2m_changed, _groups_changed, User.groups.through),
    ]
    for signal, receiver, *sender in pairs:
        signal.connect(
            receiver, sender=sender[0] if sender else None, dispatch_uid=f"audit{receiver.__name__}"
        )


def audit_log_purge(*, now=None) -> int:
    """Delete audit entries older than settings.AUDIT_LOG_RETENTION_DAYS; returns how
    many. Only this trail's actions: page, certificate and report history stay."""
    from wagtail.models import ModelLogEntry

    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.AUDIT_LOG_RETENTION_DAYS)
    deleted, _ = ModelLogEntry.objects.filter(action__in=ACTIONS, timestamp__lt=cutoff).delete()
    return deleted
