"""Journey 2: a trainer adds a lesson to a module in the Wagtail admin, previews it and
submits it for review; a lead trainer approves it; the trainee sees it."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e import helpers, seed

pytestmark = pytest.mark.e2e

TRAINER = "kamau.nganga@bordermanagement.go.ke"
LEAD = "fatuma.hassan@health.go.ke"
TRAINEE = "wekesa@immigration.go.ke"
TITLE = "Health screening at the border"
SUMMARY = "How port health officers screen travellers with dignity."
TEXT = "Screen every traveller in private, and explain each step before you take it."


@pytest.fixture
def people():
    from lms.people import roles

    seed.person(email=TRAINER, full_name="Kamau Ng'ang'a", role=roles.TRAINER, county_code="047")
    seed.person(email=LEAD, full_name="Fatuma Abdi Hassan", role=roles.LEAD_TRAINER)
    return seed.person(email=TRAINEE, full_name="Wekesa Barasa Simiyu")


def _write_lesson(page, module) -> None:
    """The trainer opens the module in the page explorer and adds a lesson."""
    page.goto(f"/admin/pages/{module.pk}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Exploring: {module.title}")
    page.get_by_role("link", name="Add child page").click()
    page.get_by_role("link", name="Lesson", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New: Lesson")
    page.get_by_role("textbox", name="Title*").fill(TITLE)
    page.get_by_role("textbox", name="Summary").fill(SUMMARY)
    # Leaving the title fills the slug (on the Promote tab) from it.
    expect(page.locator("#id_slug")).to_have_value("health-screening-at-the-border")
    page.get_by_role("button", name="Insert a block").first.click()
    page.get_by_role("option", name="Paragraph").click()
    page.get_by_role("region", name="Body*").get_by_role("textbox").first.click()
    page.keyboard.type(TEXT)
    # The rich text editor hands its content to the form a moment later; a person takes
    # longer than that before their next click, the test waits for it.
    page.wait_for_function(
        "text => [...document.querySelectorAll('input[type=hidden]')]"
        ".some(input => input.value.includes(text))",
        arg=TEXT,
    )
    # Wagtail's autosave stores the new page half a second after the first change and
    # turns the form into the page's edit form. Submitting before that races the autosave
    # (two creates, the second refused as a duplicate slug), so the trainer's next step
    # waits for it, as the "Saved" indicator tells a person to.
    page.wait_for_url(re.compile(r"/admin/pages/\d+/edit/"))


def test_trainer_writes_a_lesson_lead_trainer_approves_trainee_reads_it(
    page, new_page, people, shot
):
    from courses.services import enrolment_create

    tiny = seed.load_tiny_curriculum()
    enrolment_create(user=people, course=tiny.course)

    # The trainer writes the lesson and previews it in a new tab.
    helpers.log_in(page, TRAINER, seed.PASSWORD, next_path="/admin/")
    _write_lesson(page, tiny.module)
    shot(page, "trainer-editor")
    page.get_by_role("button", name="Toggle preview").click()
    # The panel sends the form to the preview first; the new tab shows what it stored.
    panel = page.frame_locator("#w-preview-iframe")
    expect(panel.get_by_role("heading", level=1)).to_have_text(TITLE, timeout=20_000)
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Preview in new tab").click()
    preview = popup.value
    expect(preview.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(preview.get_by_text(TEXT)).to_be_visible()
    shot(preview, "trainer-preview")
    preview.close()

    # Submit for review: trainers cannot publish.
    page.get_by_role("button", name="More actions").click()
    actions = page.get_by_role("navigation", name="Actions (footer)")
    expect(actions.get_by_role("button", name="Publish")).to_have_count(0)
    actions.get_by_role("button", name="Submit to Course review").click()
    # "created and submitted", or "has been submitted" when the editor's autosave has
    # already stored the new page.
    expect(page.get_by_role("status")).to_contain_text(
        re.compile(f"Page '{TITLE}' (created and|has been) submitted for moderation")
    )
    shot(page, "trainer-submitted")

    # Until it is approved, learners do not see it.
    trainee = new_page()
    helpers.log_in(trainee, TRAINEE, seed.PASSWORD)
    trainee.goto(tiny.course.url)
    expect(trainee.get_by_role("link", name=seed.LESSON_TITLES[0])).to_be_visible()
    expect(trainee.get_by_role("link", name=TITLE)).to_have_count(0)

    # The lead trainer finds it awaiting review on the dashboard, reads it and approves.
    lead = new_page()
    helpers.log_in(lead, LEAD, seed.PASSWORD, next_path="/admin/")
    awaiting = lead.get_by_role("region", name="Awaiting your review")
    expect(awaiting).to_contain_text(TRAINER)
    shot(lead, "lead-dashboard")
    awaiting.get_by_role("link", name=TITLE).click()
    expect(lead.get_by_role("heading", level=1)).to_have_text(f"Editing Lesson: {TITLE}")
    lead.get_by_role("button", name="More actions").click()
    lead.get_by_role("button", name="Approve and Publish", exact=True).click()
    expect(lead.get_by_role("status")).to_contain_text(f"Page '{TITLE}' has been updated.")
    shot(lead, "lead-approved")

    # The trainee now finds the lesson in the course and reads it.
    trainee.reload()
    trainee.get_by_role("link", name=TITLE).click()
    expect(trainee.get_by_role("heading", level=1)).to_have_text(TITLE)
    expect(trainee.get_by_text(TEXT)).to_be_visible()
    expect(trainee.get_by_role("button", name="Mark as complete")).to_be_visible()
    shot(trainee, "trainee-new-lesson")


def test_the_editor_preview_panel_shows_the_lesson(page, people):
    tiny = seed.load_tiny_curriculum()
    helpers.log_in(page, TRAINER, seed.PASSWORD, next_path="/admin/")
    _write_lesson(page, tiny.module)
    page.get_by_role("button", name="Toggle preview").click()
    panel = page.frame_locator("#w-preview-iframe")
    expect(panel.get_by_role("heading", level=1)).to_have_text(TITLE)
