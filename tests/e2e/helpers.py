"""Helpers for the browser journeys: screenshots, axe, mail, logging in, seeding people.

Data is seeded through the parts' own services (staff_profile_save, allauth's TOTP
activation ...), never as raw rows where a service exists.
"""

import json
import os
import re
from pathlib import Path
from urllib.parse import urlsplit

from django.core import mail
from playwright.sync_api import expect

STEP_TIMEOUT_MS = 10_000
NAVIGATION_TIMEOUT_MS = 20_000
# WCAG 2.1 A and AA, plus axe's best practices (landmarks, heading order ...).
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING_IMPACTS = {"serious", "critical"}


def artifacts_dir() -> Path:
    path = Path(os.environ.get("E2E_ARTIFACTS") or "test-artifacts/e2e").resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def _safe(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9_.-]+", "-", name).strip("-")[:120]


class Screenshots:
    """Full-page screenshots named <test>/<NN>-<name>.png, for people to look at in CI."""

    def __init__(self, test_name: str):
        self.folder = artifacts_dir() / "screenshots" / _safe(test_name)
        self.count = 0

    def __call__(self, page, name: str) -> Path:
        self.count += 1
        self.folder.mkdir(parents=True, exist_ok=True)
        path = self.folder / f"{self.count:02d}-{_safe(name)}.png"
        page.screenshot(path=str(path), full_page=True)
        return path


class AxeChecker:
    """Runs axe-core in the page and collects serious or critical violations.

    ``check(page, label)`` records; ``assert_clean()`` fails listing every page with
    problems, so one run reports all of them, not just the first.
    """

    def __init__(self):
        from axe_playwright_python.sync_playwright import Axe

        self.axe = Axe()
        self.checked: list[str] = []
        self.problems: list[str] = []

    def violations(self, page) -> list[dict]:
        options = {
            "runOnly": {"type": "tag", "values": AXE_TAGS},
            "resultTypes": ["violations"],
        }
        return self.axe.run(page, options=options).response["violations"]

    def check(self, page, label: str) -> None:
        blocking = [v for v in self.violations(page) if v.get("impact") in BLOCKING_IMPACTS]
        self.checked.append(label)
        if not blocking:
            return
        report = artifacts_dir() / "axe" / f"{_safe(label)}.json"
        report.parent.mkdir(parents=True, exist_ok=True)
        report.write_text(json.dumps(blocking, indent=2))
        lines = [
            f"  - {v['id']} ({v['impact']}): {v['help']} at "
            + "; ".join(" ".join(node["target"]) for node in v["nodes"][:5])
            for v in blocking
        ]
        self.problems.append(f"{label} ({page.url}), details in {report}:\n" + "\n".join(lines))

    def assert_clean(self) -> None:
        assert self.checked, "No page was checked."
        assert not self.problems, (
            "Serious or critical accessibility violations (WCAG 2.1 A/AA):\n"
            + "\n".join(self.problems)
        )


# Every visible form control has a label element (or aria-labelledby pointing at visible
# text): placeholder text or a bare aria-label is not enough for people using voice control.
_UNLABELLED_FIELDS_JS = """
() => Array.from(document.querySelectorAll('input, select, textarea'))
  .filter(el => !['hidden', 'submit', 'button', 'reset', 'image'].includes(el.type))
  .filter(el => el.offsetParent !== null || el.getClientRects().length > 0)
  .filter(el => {
    const labelled = Array.from(el.labels || []).some(l => l.textContent.trim() !== '');
    const ids = (el.getAttribute('aria-labelledby') || '').split(/\\s+/).filter(Boolean);
    const by = ids.some(id => { const t = document.getElementById(id); return t && t.textContent.trim() !== ''; });
    return !(labelled || by);
  })
  .map(el => el.outerHTML.slice(0, 160))
"""


def assert_fields_labelled(page) -> None:
    unlabelled = page.evaluate(_UNLABELLED_FIELDS_JS)
    assert not unlabelled, f"Form fields without a label on {page.url}: {unlabelled}"


# Chromium logs a Content-Security-Policy refusal as "Refused to load ... 'URL' ...".
_CSP_REFUSED_URL = re.compile(r"Refused to (?:load|connect to|frame)[^']*'([^']+)'")


def record_foreign_requests(page, site_url: str | None = None) -> list[str]:
    """Start recording what ``page`` asks of any host but the site's own; returns the list,
    which fills as the test visits pages. The site's host is ``site_url``'s (the live
    server), or else the one of the first page loaded. Requests the CSP blocks never reach the network, so Chromium's console
    refusals are recorded too."""
    foreign: list[str] = []
    own: dict[str, str] = {"host": urlsplit(site_url).netloc} if site_url else {}

    def note(url: str) -> None:
        parts = urlsplit(url)
        if parts.scheme not in {"http", "https", "ws", "wss"}:
            return  # data:, blob:, about: stay in the browser
        own.setdefault("host", parts.netloc)
        if parts.netloc != own["host"]:
            foreign.append(url)

    def on_console(message) -> None:
        refused = _CSP_REFUSED_URL.search(message.text)
        if refused:
            note(refused.group(1))

    page.on("request", lambda request: note(request.url))
    page.on("console", on_console)
    return foreign


def mail_link(pattern: str, *, to: str | None = None) -> str:
    """The first URL path matching ``pattern`` in the newest email (to ``to``)."""
    messages = [m for m in mail.outbox if to is None or to in m.to]
    assert messages, f"No email sent{f' to {to}' if to else ''}; outbox: {mail.outbox}"
    body = messages[-1].body
    match = re.search(pattern, body)
    assert match, f"No link matching {pattern!r} in the email:\n{body}"
    return match.group(0)


def log_in(page, email: str, password: str, *, next_path: str = "") -> None:
    """Log in through allauth's form, the one door everyone uses."""
    page.goto("/accounts/login/" + (f"?next={next_path}" if next_path else ""))
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name=re.compile(r"sign in|log in", re.I)).click()
    # Wait for the answer (and its session cookie) before the test goes anywhere else.
    expect(page).not_to_have_url(re.compile(r"/accounts/login/"))


def totp_code(user) -> str:
    """The current code of ``user``'s authenticator app, as the phone would show it.

    Waits for a fresh period when the current one is about to end, so the code is still
    current when the form reaches the server.
    """
    import time

    from allauth.mfa import app_settings
    from allauth.mfa.models import Authenticator
    from allauth.mfa.totp.internal.auth import format_hotp_value, hotp_value
    from allauth.mfa.utils import decrypt

    if time.time() % app_settings.TOTP_PERIOD > app_settings.TOTP_PERIOD - 8:
        time.sleep(app_settings.TOTP_PERIOD - time.time() % app_settings.TOTP_PERIOD + 0.5)

    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    secret = decrypt(authenticator.data["secret"])
    counter = int(time.time()) // app_settings.TOTP_PERIOD
    return format_hotp_value(hotp_value(secret, counter))


def totp_activate(user) -> None:
    """Give ``user`` a TOTP authenticator through allauth's own activation."""
    from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

    TOTP.activate(user, generate_totp_secret())


def assert_focus_on(page, selector: str) -> None:
    """The element the focus is on matches ``selector`` (once the page's script ran)."""
    page.wait_for_function(
        "selector => document.activeElement && document.activeElement.matches(selector)",
        arg=selector,
        timeout=STEP_TIMEOUT_MS,
    )
