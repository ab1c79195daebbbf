"""The site header's "Admin" link, without two permission queries on every page.

Whether a user may open the Wagtail admin depends on their groups and permissions, which
change rarely (an administrator assigns a role) while the header is drawn on every page a
learner opens. The answer is cached per user; the key carries the user's own flags and a
generation token that any change to group memberships or permissions replaces. The link
is only a convenience: the admin checks permissions itself on every request.
"""

import uuid

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete

GENERATION_KEY = "lms:roles:generation"
CACHE_SECONDS = 10 * 60


def user_can_open_admin(user) -> bool:
    """Whether the header shows the Admin link to ``user`` (cached, see above)."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or user.is_staff:
        return True
    # One round trip for the token and the answer; the answer records the token it was
    # worked out under and counts only while that is still the current one.
    key = f"lms:admin-link:{user.pk}"
    found = cache.get_many([GENERATION_KEY, key])
    generation = found.get(GENERATION_KEY)
    if generation is None:
        cache.add(GENERATION_KEY, uuid.uuid4().hex, timeout=None)
        generation = cache.get(GENERATION_KEY)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        return entry[1]
    allowed = user.has_perm("wagtailadmin.access_admin")
    cache.set(key, (generation, allowed), CACHE_SECONDS)
    return allowed


def roles_changed(**kwargs) -> None:
    """Drop every cached answer (signal receiver; arguments ignored)."""
    cache.set(GENERATION_KEY, uuid.uuid4().hex, timeout=None)


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
    """Context processor: ``show_admin_link``, evaluated only if a template reads it."""
    user = getattr(request, "user", None)
    return {"show_admin_link": lambda: user is not None and user_can_open_admin(user)}
