"""Browser journeys: Debian's chromium driven by Playwright against pytest-django's live
server, on a database each test seeds through the real services.

Run with ``scripts/run-e2e`` (``make test`` does it after the unit suite). See
docs/testing.md for what is covered and how to debug a failing journey.
"""

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e import helpers

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
# Playwright's own browser download is not available on these machines, and Chromium's
# background connections (updates, sync, QUIC probes) are refused here: without these
# flags it waits on them.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
HERE = Path(__file__).resolve().parent


def pytest_configure(config):
    # Assertions wait for the page as long as actions do (two busy cores are slow).
    expect.set_options(timeout=helpers.STEP_TIMEOUT_MS)
    # pytest-playwright's base_url fixture trips a pytest deprecation that is not ours.
    config.addinivalue_line(
        "filterwarnings", "ignore:Session-scoped fixtures defined as instance methods"
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config, items):
    # Every test under tests/e2e is a browser test, whether or not its module remembers
    # the marker: the unit run (-m "not e2e") must never start a browser. tryfirst, so the
    # marker is there before `-m` deselects.
    for item in items:
        if HERE in Path(str(item.path)).resolve().parents:
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(scope="session", autouse=True)
def _orm_beside_playwright():
    # Playwright's sync API runs an event loop in the test thread; Django would refuse
    # every ORM call from that thread without this. The live server runs in its own thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="session", autouse=True)
def _fresh_artifacts():
    # Only the folders this suite writes; $E2E_ARTIFACTS itself may hold other things.
    for name in ("screenshots", "axe"):
        shutil.rmtree(helpers.artifacts_dir() / name, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_setup(playwright, django_db_setup):
    """The test database, created after Playwright has started.

    Starting Playwright's sync API switches the test code into a greenlet, where Django's
    per-thread connection objects are new ones. The copy of the migrated database that
    serialized rollback restores is kept on the connection object, so the database must be
    set up on the connection the tests will use: after Playwright, not before.
    """
    yield


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    if not os.access(CHROMIUM, os.X_OK):
        pytest.fail(f"Browser tests need {CHROMIUM}: sudo apt-get install -y chromium")
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": CHROMIUM_ARGS,
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args, live_server):
    return {
        **browser_context_args,
        "base_url": live_server.url,
        "locale": "en-GB",
        "timezone_id": "Africa/Nairobi",
        "accept_downloads": True,
    }


@pytest.fixture(autouse=True)
def _e2e_database(django_db_serialized_rollback, live_server):
    """A flushed database per test, restored to what migrations created (the Wagtail
    root and home page, the catalogue, counties, agencies, role groups) before the test
    seeds its own data through the services.

    The live server runs in a thread of this process, so emails it sends land in
    django.core.mail.outbox (the test settings use the locmem backend)."""


@pytest.fixture
def page(context):
    page = context.new_page()
    # Fail fast: a journey step that cannot find its element should not wait 30 s.
    page.set_default_timeout(helpers.STEP_TIMEOUT_MS)
    page.set_default_navigation_timeout(helpers.NAVIGATION_TIMEOUT_MS)
    return page


@pytest.fixture
def new_page(new_context):
    """A page in a fresh browser context (its own cookies): a second person."""

    def make(**context_args):
        # e.g. viewport={"width": 360, "height": 740}, is_mobile=True, has_touch=True
        page = new_context(**context_args).new_page()
        page.set_default_timeout(helpers.STEP_TIMEOUT_MS)
        page.set_default_navigation_timeout(helpers.NAVIGATION_TIMEOUT_MS)
        return page

    return make


@pytest.fixture
def shot(request):
    """``shot(page, "name")`` saves a full-page screenshot under $E2E_ARTIFACTS."""
    return helpers.Screenshots(request.node.name)


@pytest.fixture
def axe():
    """``axe.check(page, label)`` records serious and critical WCAG 2.1 A/AA violations;
    ``axe.assert_clean()`` fails listing them all."""
    return helpers.AxeChecker()
