"""The site header's "Admin" link, without two permission queries on every page.

Whether a user may open the Wagtail admin depends on their groups and permissions, which
change rarely (an administrator assigns a role) while the header is drawn on every page a
learner opens. Superusers and staff get the link without a look-up; for everyone else
the answer is cached per user (lms.cache), under a version token that any change to group
memberships or permissions replaces once it commits. The link is only a convenience: the
admin checks permissions itself on every request.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db.models.signals import m2m_changed, post_delete

from courses.catalogue import CATALOGUE_URL
from lms.cache import version_replace_on_commit, versioned_cached

VERSION_KEY = "lms:roles:version"
CACHE_SECONDS = 10 * 60


def user_can_open_admin(user) -> bool:
    """Whether the header shows the Admin link to ``user`` (cached, see above)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    return versioned_cached(
        VERSION_KEY,
        f"lms:admin-link:{user.pk}",
        lambda: user.has_perm("wagtailadmin.access_admin"),
        timeout=CACHE_SECONDS,
    )


def roles_changed(**kwargs) -> None:
    """Drop every cached answer once the change commits (signal receiver)."""
    version_replace_on_commit(VERSION_KEY)


def connect_signals() -> None:
    user_model = get_user_model()
    for through in (
        user_model.groups.through,
        user_model.user_permissions.through,
        Group.permissions.through,
    ):
        m2m_changed.connect(
            roles_changed, sender=through, dispatch_uid=f"lms_roles_{through.__name__}"
        )
    # Deleting a group removes its memberships without m2m_changed.
    post_delete.connect(roles_changed, sender=Group, dispatch_uid="lms_roles_group_delete")


def navigation(request) -> dict:
    """Context processor: ``show_admin_link``, evaluated only if a template reads it, and
    ``catalogue_url``, the catalogue's real address (a constant: no query, no cache read,
    no redirect through /catalogue/)."""
    user = getattr(request, "user", None)
    return {
        "show_admin_link": lambda: user is not None and user_can_open_admin(user),
        "catalogue_url": CATALOGUE_URL,
    }
