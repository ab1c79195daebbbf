"""Deny by default: walk EVERY URL pattern of the project and GET it anonymously.

Only the paths in PUBLIC may answer with content. Everything else must send the visitor
to the login page, or answer 403, 404 or 405 - never 200 with content. Parameters are
filled with 1 (numbers) or "x" (slugs, strings, paths); patterns that cannot be filled are
skipped and listed by test_walk_covers_the_project.

When you add a public page, add its path here (one regular expression per line, with the
reason) and nowhere else.
"""

import re
import uuid
from http import HTTPStatus

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.exceptions import Resolver404

PUBLIC = [
    r"^/$",  # home page
    r"^/healthz$",  # load balancer probe, says only "ok"
    r"^/x/$",  # Wagtail-served pages (catalogue, course overviews); "x" is a 404 here
    r"^/accounts/login/$",
    r"^/accounts/signup/$",
    r"^/accounts/logout/$",  # anonymous: redirects home
    r"^/accounts/password/reset/",  # request, done, key and key done
    r"^/accounts/confirm-email/",  # confirmation form and sent page
    r"^/accounts/login/code/",  # login by code (only if enabled; otherwise 404)
    r"^/accounts/2fa/authenticate/$",  # second step of login; redirects without one
    r"^/accounts/reauthenticate/$",
    r"^/accounts/inactive/$",  # static "this account is inactive" page
    r"^/admin/jsi18n/$",  # the admin's JavaScript translations, no data
    r"^/admin/sprite/$",  # the admin's SVG icons, no data
    r"^/certificates/verify/",  # public certificate verification (QR codes point here)
    r"^/courses/",  # course catalogue and overviews
]

LOGIN_PATHS = ("/accounts/login/", "/admin/login/")  # the latter redirects to the former
DENIED = {HTTPStatus.FORBIDDEN, HTTPStatus.NOT_FOUND, HTTPStatus.METHOD_NOT_ALLOWED}

_CONVERTER_SAMPLES = {
    "int": "1",
    "slug": "x",
    "str": "x",
    "path": "x",
    "uuid": str(uuid.UUID(int=1)),
}
_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_REGEX_GROUP = re.compile(r"\((?:\?P<\w+>)?(?:[^()]|\([^()]*\))*\)[?*+]?")


def _fill_route(route: str) -> str:
    return _ROUTE_PARAM.sub(lambda m: _CONVERTER_SAMPLES.get(m["converter"] or "str", "x"), route)


def _fill_regex(regex: str) -> list[str]:
    body = regex.lstrip("^").rstrip("$").replace("\\Z", "")
    candidates = []
    for sample in ("1", "x", "x/", ""):
        filled = _REGEX_GROUP.sub(sample, body)
        candidates.append(re.sub(r"\\(.)", r"\1", filled).replace("?", ""))
    return candidates


def _paths(patterns, prefix=""):
    for entry in patterns:
        pattern = entry.pattern
        if hasattr(pattern, "_route"):
            pieces = [_fill_route(str(pattern._route))]
        else:
            pieces = _fill_regex(pattern.regex.pattern)
        for piece in pieces:
            if isinstance(entry, URLResolver):
                yield from _paths(entry.url_patterns, prefix + piece)
            elif isinstance(entry, URLPattern):
                yield prefix + piece


def project_paths() -> tuple[list[str], list[str]]:
    walkable, skipped = set(), set()
    for raw in _paths(get_resolver().url_patterns):
        path = "/" + raw.lstrip("/")
        try:
            resolve(path)
        except Resolver404:
            skipped.add(path)
            continue
        walkable.add(path)
    return sorted(walkable), sorted(skipped - walkable)


def is_public(path: str) -> bool:
    return any(re.search(pattern, path) for pattern in PUBLIC)


WALKABLE, SKIPPED = project_paths()


def test_walk_covers_the_project():
    assert "/admin/users/" in WALKABLE
    assert "/people/profile/" in WALKABLE
    assert "/admin/snippets/people/agency/edit/1/" in WALKABLE
    assert len(WALKABLE) > 100, SKIPPED


def _violation(client, path: str) -> str | None:
    response = client.get(path)
    status = response.status_code
    if status in {HTTPStatus.FOUND, HTTPStatus.MOVED_PERMANENTLY}:
        location = response["Location"]
        if location.startswith(LOGIN_PATHS) or is_public(location.split("?")[0]):
            return None
        return f"{path} redirects anonymous visitors to {location}"
    if status in DENIED:
        return None
    return f"{path} answered {status}"


@pytest.mark.django_db
def test_anonymous_reaches_nothing_outside_the_allowlist(client):
    # One test for all paths (not one per path): the list changes as apps add URLs, and
    # one database set-up keeps the walk fast.
    violations = [v for path in WALKABLE if not is_public(path) if (v := _violation(client, path))]
    assert not violations, (
        "Anonymous visitors reached these; protect them, or add them to PUBLIC in "
        "tests/people/test_url_access.py only if they really are public:\n" + "\n".join(violations)
    )
