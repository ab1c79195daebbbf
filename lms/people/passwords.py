"""Longer passwords for privileged roles (issue 16).

Everyone who may view learner records (HR officers, administrators, superusers; decided
by permission, lms.people.access) needs PRIVILEGED_PASSWORD_MIN_LENGTH characters:

- when they set a password: ``PrivilegedMinimumLengthValidator`` in
  AUTH_PASSWORD_VALIDATORS (allauth's change, set and reset forms pass the user);
- for existing accounts with a shorter password: at login the adapter notes it in the
  session (a keyed fingerprint of the password hash, never the password), and the admin
  sends them to the change-password page until the password has changed.
"""

from django.core.exceptions import ValidationError
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.translation import gettext, ngettext

from .access import can_view_learner_records

PRIVILEGED_PASSWORD_MIN_LENGTH = 15
SESSION_KEY = "lms.people.short_password"


def password_rule_applies(user) -> bool:
    """Whether ``user`` holds a privileged role: one definition, by permission."""
    return user is not None and user.pk is not None and can_view_learner_records(user)


class PrivilegedMinimumLengthValidator:
    def __init__(self, min_length: int = PRIVILEGED_PASSWORD_MIN_LENGTH):
        self.min_length = min_length

    def validate(self, password, user=None):
        if len(password) < self.min_length and password_rule_applies(user):
            raise ValidationError(
                ngettext(
                    "HR officers and administrators need a password of at least "
                    "%(min_length)d character.",
                    "HR officers and administrators need a password of at least "
                    "%(min_length)d characters.",
                    self.min_length,
                ),
                code="password_too_short_for_role",
                params={"min_length": self.min_length},
            )

    def get_help_text(self):
        return gettext(
            "HR officers and administrators need at least %(min_length)d characters."
        ) % {"min_length": self.min_length}


def _fingerprint(user) -> str:
    return salted_hmac(SESSION_KEY, user.password).hexdigest()


def short_password_note(request, user, password: str) -> None:
    """At login: remember that this privileged account signed in with a short password."""
    if len(password or "") < PRIVILEGED_PASSWORD_MIN_LENGTH and password_rule_applies(user):
        request.session[SESSION_KEY] = _fingerprint(user)


def short_password_pending(request) -> bool:
    """True while the signed-in user must still change the short password they signed in
    with; the note goes once the password (hence its hash) has changed."""
    noted = request.session.get(SESSION_KEY)
    if not noted:
        return False
    user = request.user
    if password_rule_applies(user) and constant_time_compare(noted, _fingerprint(user)):
        return True
    del request.session[SESSION_KEY]
    return False


def short_password_message() -> str:
    return gettext(
        "Your role needs a password of at least %(min_length)d characters. Choose a longer "
        "one to continue to the admin."
    ) % {"min_length": PRIVILEGED_PASSWORD_MIN_LENGTH}
