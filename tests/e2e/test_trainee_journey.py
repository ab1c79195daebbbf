"""Journey 1: a new trainee, from sign-up to a verified certificate, on a computer and on
a phone (360x740)."""

import io
import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e import helpers, seed

pytestmark = pytest.mark.e2e

VIEWPORTS = {
    "desktop": {},
    "phone": {"viewport": {"width": 360, "height": 740}, "is_mobile": True, "has_touch": True},
}


@pytest.fixture(params=list(VIEWPORTS))
def trainee_page(request, new_page):
    return new_page(**VIEWPORTS[request.param])


@pytest.fixture
def look(shot):
    """Screenshot a key page and check it fits the window: on a phone, a page wider than
    the screen hides text behind sideways scrolling."""

    def take(page, name: str) -> None:
        shot(page, name)
        overflow = page.evaluate(
            "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{name} ({page.url}) is {overflow}px wider than the window"

    return take


def _answer_quiz(page, *, first_answer: str) -> None:
    question_1 = page.get_by_role("group", name=re.compile(re.escape(seed.Q1)))
    question_1.get_by_role("radio", name=first_answer).check()
    question_2 = page.get_by_role("group", name=re.compile(re.escape(seed.Q2)))
    question_2.get_by_role("radio", name="True").check()
    # The submit that completes the course also renders the certificate PDF in the request
    # (the test settings run tasks at once), so it may take a navigation's time.
    page.get_by_role("button", name="Submit answers").click(timeout=helpers.NAVIGATION_TIMEOUT_MS)


def _pdf_text_and_qr_url(pdf_bytes: bytes) -> tuple[str, str]:
    import pypdfium2
    import zxingcpp
    from pypdf import PdfReader

    text = " ".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf_bytes)).pages)
    # Read the QR code as a phone camera would: from the rendered page.
    image = pypdfium2.PdfDocument(pdf_bytes)[0].render(scale=3).to_pil()
    codes = [result.text for result in zxingcpp.read_barcodes(image)]
    assert len(codes) == 1, f"Expected one QR code on the certificate, found {codes}"
    return text, codes[0]


def test_new_trainee_signs_up_learns_and_gets_a_verifiable_certificate(
    trainee_page, look, live_server, settings
):
    page = trainee_page
    # Certificates print the site's address in their QR code; here that is the live server.
    settings.WAGTAILADMIN_BASE_URL = live_server.url
    seed.load_tiny_curriculum()
    email = "achieng.otieno@immigration.go.ke"
    full_name = "Achieng' Wanjiru Otieno"

    foreign = helpers.record_foreign_requests(page, live_server.url)

    # Sign up from the home page.
    page.goto("/")
    page.get_by_role("link", name="Create an account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign Up")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(seed.PASSWORD)
    page.get_by_label("Password (again)").fill(seed.PASSWORD)
    look(page, "sign-up")
    page.get_by_role("button", name="Sign Up").click()
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    # The long address in "Confirmation email sent to ..." wraps on a phone.
    expect(page.get_by_text(f"Confirmation email sent to {email}")).to_be_visible()
    look(page, "confirmation-sent")

    # Confirm the address with the link in the email.
    link = helpers.mail_link(r"https?://\S+/accounts/confirm-email/\S+/", to=email)
    page.goto(link)
    expect(page.get_by_role("heading", name="Confirm Email Address")).to_be_visible()
    page.get_by_role("button", name="Confirm").click()

    # Onboarding: the staff profile comes first.
    expect(page).to_have_url(re.compile(r"/people/profile/"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Your staff profile")
    page.get_by_label("Full name (as on your certificates)").fill(full_name)
    page.get_by_label("My certificates should show my name exactly as above.").check()
    page.get_by_role("group", name="Sex").get_by_role("radio", name="Female").check()
    page.get_by_role("group", name="Service").get_by_role(
        "radio", name="National government"
    ).check()
    page.get_by_label("County", exact=True).select_option(label="Busia")
    page.get_by_label("Agency or organisation").select_option(
        label="Department of Immigration Services (State Department for Immigration and "
        "Citizen Services)"
    )
    page.get_by_label("Job title").fill("Immigration Officer II")
    page.get_by_label("Duty station").fill("Busia One Stop Border Post")
    look(page, "profile")
    page.get_by_role("button", name="Save my profile").click()
    expect(page.get_by_text("Your staff profile is saved.")).to_be_visible()

    # Find the course in the catalogue and enrol.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Courses").click()
    look(page, "catalogue")
    page.get_by_role("link", name=seed.COURSE_TITLE).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(seed.COURSE_TITLE)
    look(page, "course")
    page.get_by_role("button", name="Enrol on this course").click()
    expect(page.get_by_text(f"You are enrolled on “{seed.COURSE_TITLE}”.")).to_be_visible()
    # The confirmation has the focus, not the top of the page.
    helpers.assert_focus_on(page, ".messages")

    # Read both lessons; each 'Mark as complete' leads on to the next item.
    for number, title in enumerate(seed.LESSON_TITLES, start=1):
        expect(page.get_by_role("heading", level=1)).to_have_text(title)
        if number == 1:
            look(page, "lesson")
        page.get_by_role("button", name="Mark as complete").click()
        expect(page.get_by_text(f"“{title}” is marked as complete.")).to_be_visible()
        helpers.assert_focus_on(page, ".messages")

    # The quiz: fail it first.
    expect(page.get_by_role("heading", level=1)).to_have_text(seed.QUIZ_TITLE)
    look(page, "quiz")
    page.get_by_role("button", name="Start the quiz").click()
    look(page, "quiz-attempt")
    # Submitted with nothing answered: the focus moves to the error summary.
    page.get_by_role("button", name="Submit answers").click()
    expect(page.get_by_role("alert")).to_contain_text("Your answers were not submitted")
    helpers.assert_focus_on(page, "#problems[role=alert]")
    _answer_quiz(page, first_answer=seed.Q1_WRONG)
    result = page.get_by_role("region", name="Attempt 1")
    expect(result).to_contain_text("You scored 1 of 2 points (50%)")
    expect(result).to_contain_text("Not passed")

    # The review says which answer was wrong and why.
    review_1 = page.locator("section.question").filter(
        has=page.get_by_role("heading", name=re.compile(re.escape(seed.Q1)))
    )
    expect(review_1).to_contain_text("Wrong")
    expect(review_1).to_contain_text(f"{seed.Q1_WRONG} (your answer)")
    expect(review_1).to_contain_text(seed.Q1_EXPLANATION)
    look(page, "quiz-review-failed")

    # Try again and pass: that completes the course.
    page.get_by_role("button", name="Start a new attempt").click()
    _answer_quiz(page, first_answer=seed.Q1_RIGHT)
    result = page.get_by_role("region", name="Attempt 2")
    expect(result).to_contain_text("You scored 2 of 2 points (100%)")
    expect(result.get_by_text("Passed", exact=True)).to_be_visible()
    # The pass completed the course: the result says so, links the certificate and My
    # learning, and has the focus.
    completion = page.get_by_role("region", name=f"You have completed “{seed.COURSE_TITLE}”")
    expect(completion).to_be_visible()
    expect(completion.locator('a[href^="/certificates/"]')).to_have_count(1)
    expect(completion.get_by_role("link", name="Go to My learning")).to_be_visible()
    expect(page.get_by_text("You may try again as often as you like")).to_have_count(0)
    helpers.assert_focus_on(page, "section.completion")
    look(page, "quiz-review-passed")

    # My learning shows the completed course and its certificate.
    page.get_by_role("navigation", name="Main").get_by_role("link", name="My learning").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("My learning")
    course_card = page.locator(".card").filter(has_text=seed.COURSE_TITLE)
    expect(course_card).to_contain_text("Completed")
    expect(course_card).to_contain_text("Certificate")
    look(page, "my-learning")

    # Download the certificate from there: the PDF carries the name and the code.
    from certificates.codes import code_format, code_normalise

    printed = re.search(r"code ([0-9A-Z-]{14,})", course_card.inner_text())
    assert printed, course_card.inner_text()
    code = code_format(code_normalise(printed.group(1)))
    with page.expect_download() as download_info:
        course_card.get_by_role("link", name="Download the PDF").click()
    pdf_bytes = Path(download_info.value.path()).read_bytes()
    assert pdf_bytes.startswith(b"%PDF")
    text, qr_url = _pdf_text_and_qr_url(pdf_bytes)
    assert full_name in text
    assert code in text or code.replace("-", "") in text.replace("-", "")

    # The QR code opens the public verification page: valid, with the holder's name.
    assert qr_url.startswith(live_server.url + "/certificates/verify/"), qr_url
    page.goto(qr_url)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Certificate {code}")
    expect(page.get_by_text("Valid: this certificate is genuine and in force.")).to_be_visible()
    expect(page.get_by_text(full_name)).to_be_visible()
    look(page, "verification")
    assert foreign == [], f"Learner pages asked another host: {foreign}"


def test_no_key_page_scrolls_sideways_at_360_px(new_page, live_server):
    """Every key page fits a 360 px wide phone screen, logged out and logged in."""
    from certificates.codes import code_format

    tiny = seed.load_tiny_curriculum()
    certificate = seed.complete_course(
        user=seed.person(
            email="a.very.long.address.for.wrapping@immigration.go.ke",
            full_name="Achieng' Wanjiru Otieno",
        ),
        tiny=tiny,
    )
    page = new_page(**VIEWPORTS["phone"])
    foreign = helpers.record_foreign_requests(page, live_server.url)

    def fits(path: str) -> None:
        page.goto(path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        width = page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 360, f"{path} is {width}px wide at 360 px"

    for path in (
        "/",
        "/courses/",
        tiny.course.url,
        "/accounts/signup/",
        "/accounts/login/",
        "/certificates/verify/",
        f"/certificates/verify/{code_format(certificate.code)}/",
    ):
        fits(path)
    helpers.log_in(page, "a.very.long.address.for.wrapping@immigration.go.ke", seed.PASSWORD)
    for path in (tiny.course.url, tiny.lessons[0].url, tiny.quiz.url, "/my-learning/"):
        fits(path)
    assert foreign == [], f"Learner pages asked another host: {foreign}"
