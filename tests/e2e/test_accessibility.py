"""Accessibility (WCAG 2.1 AA): axe-core on every page learners and strangers use, every
form field labelled, and a quiz taken with the keyboard alone."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import helpers, seed

pytestmark = pytest.mark.e2e

TRAINEE_EMAIL = "nafula@immigration.go.ke"


@pytest.fixture
def tiny():
    return seed.load_tiny_curriculum()


@pytest.fixture
def trainee(tiny):
    return seed.person(email=TRAINEE_EMAIL, full_name="Nafula Wanjala")


def test_public_pages_have_no_serious_accessibility_violations(page, axe, tiny):
    from certificates.codes import code_format

    certificate = seed.complete_course(
        user=seed.person(email="otieno@health.go.ke", full_name="Otieno Ouma"), tiny=tiny
    )
    pages = {
        "home": "/",
        "catalogue": "/catalogue/",
        "course (not logged in)": tiny.course.url,
        "sign-up": "/accounts/signup/",
        "login": "/accounts/login/",
        "verification form": "/certificates/verify/",
        "verification result": f"/certificates/verify/{code_format(certificate.code)}/",
        "verification typo": "/certificates/verify/?code=AAAA-AAAA-AAAA-AA",
    }
    for label, path in pages.items():
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe.check(page, label)
        helpers.assert_fields_labelled(page)
    axe.assert_clean()


def test_learner_pages_have_no_serious_accessibility_violations(page, axe, tiny, trainee):
    helpers.log_in(page, TRAINEE_EMAIL, seed.PASSWORD)

    def visit(label: str, path: str | None = None) -> None:
        if path:
            page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        axe.check(page, label)
        helpers.assert_fields_labelled(page)

    visit("profile", "/people/profile/")
    visit("course (before enrolling)", tiny.course.url)
    page.get_by_role("button", name="Enrol on this course").click()
    visit("lesson")
    visit("course (enrolled)", tiny.course.url)
    visit("quiz", tiny.quiz.url)
    page.get_by_role("button", name="Start the quiz").click()
    visit("quiz attempt")
    # Submitting with nothing answered shows the errors: those must be accessible too.
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Your answers were not submitted")
    visit("quiz attempt with errors")
    page.get_by_role("radio", name=seed.Q1_WRONG).check()
    page.get_by_role("radio", name="True").check()
    page.get_by_role("button", name="Submit answers").click()
    visit("quiz review")
    visit("dashboard", "/my-learning/")
    axe.assert_clean()


def _tab_to(page, locator, *, max_presses: int = 40) -> None:
    """Press Tab until ``locator`` has the focus, as a keyboard user would."""
    for _ in range(max_presses):
        page.keyboard.press("Tab")
        if locator.evaluate("element => element === document.activeElement"):
            return
    raise AssertionError(f"{locator} cannot be reached with the Tab key")


def _focus_is_visible(locator) -> bool:
    return locator.evaluate(
        """element => {
            const style = getComputedStyle(element);
            return (style.outlineStyle !== 'none' && parseFloat(style.outlineWidth) > 0)
                || style.boxShadow !== 'none';
        }"""
    )


def test_a_quiz_can_be_taken_with_the_keyboard_alone(page, tiny, trainee):
    from courses.services import enrolment_create

    enrolment_create(user=trainee, course=tiny.course)
    helpers.log_in(page, TRAINEE_EMAIL, seed.PASSWORD)
    page.goto(tiny.quiz.url)

    # The first Tab offers the skip link, which takes the focus to the main content.
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()

    start = page.get_by_role("button", name="Start the quiz")
    _tab_to(page, start)
    assert _focus_is_visible(start), "The focused button shows no focus indicator"
    page.keyboard.press("Enter")
    expect(page.get_by_role("button", name="Submit answers")).to_be_visible()

    # Questions come in authored order with options unshuffled (see the curriculum).
    right_answer = page.get_by_role("radio", name=seed.Q1_RIGHT)
    _tab_to(page, right_answer)
    assert _focus_is_visible(right_answer), "The focused option shows no focus indicator"
    page.keyboard.press("Space")
    expect(right_answer).to_be_checked()
    true = page.get_by_role("radio", name="True")
    _tab_to(page, true)
    page.keyboard.press("Space")
    expect(true).to_be_checked()

    submit = page.get_by_role("button", name="Submit answers")
    _tab_to(page, submit)
    page.keyboard.press("Enter")
    result = page.get_by_role("region", name="Attempt 1")
    expect(result).to_contain_text("You scored 2 of 2 points (100%)")
    expect(result.get_by_text("Passed", exact=True)).to_be_visible()
    assert re.search(r"/quizzes/attempts/\d+/review/", page.url)
