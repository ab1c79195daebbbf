"""Loading: idempotent, one revision per changed file, CMS edits win, learners' rows survive."""

import pytest
from django.core.management import call_command
from wagtail.images import get_image_model
from wagtail.models import Page, Revision

from content.loader.importer import LoadConflict
from content.loader.values import option_block_id, question_block_id
from content.models import ImportRecord
from content.services import curriculum_load
from courses.models import (
    CourseIndexPage,
    CoursePage,
    Enrolment,
    LessonCompletion,
    LessonPage,
    ModulePage,
)
from courses.quizzes.models import QuizPage

pytestmark = pytest.mark.django_db

WELCOME = "sample-course/01-first-steps/01-welcome.md"


def revision_counts() -> dict[int, int]:
    return {
        page.pk: Revision.page_revisions.filter(object_id=str(page.pk)).count()
        for page in Page.objects.filter(depth__gt=3)
    }


def course() -> CoursePage:
    return CoursePage.objects.get(slug="sample-course")


def test_first_load_creates_and_publishes_every_page_in_order(small_content):
    report = curriculum_load(directory=small_content)

    assert report.total("created") == 10
    sample = course()
    assert sample.live and sample.get_parent().specific_class is CourseIndexPage
    assert [p.slug for p in sample.get_children()] == [
        "pre-test",
        "first-steps",
        "next-steps",
        "final-assessment",
    ]
    first = ModulePage.objects.get(slug="first-steps")
    assert [p.slug for p in first.get_children()] == ["welcome", "folders", "quiz-first-steps"]
    assert all(page.live for page in sample.get_descendants(inclusive=True))
    assert ImportRecord.objects.count() == 10
    # The Kiswahili lesson was checked but not loaded.
    assert not LessonPage.objects.filter(title="Folda na faili").exists()
    assert report.translations == [("sample-course/01-first-steps/02-folders.sw.md", "sw")]


def test_fields_and_blocks_come_from_the_files(small_content):
    curriculum_load(directory=small_content)

    sample = course()
    assert sample.audience == "county"
    assert sample.recertification_months == 24
    assert sample.objective_list == ["Write a course as plain files.", "Load it with load_content."]
    welcome = LessonPage.objects.get(slug="welcome")
    folders = LessonPage.objects.get(slug="folders")
    types = [block.block_type for block in welcome.body]
    assert types == ["paragraph", "heading", "paragraph", "callout", "callout", "reflection"]
    assert (
        f'<a linktype="page" id="{folders.pk}">the next lesson</a>'
        in welcome.body.raw_data[2]["value"]
    )
    case_study = welcome.body[3].value
    assert case_study["kind"] == "case_study"
    assert case_study["title"] == "A morning at Busia one-stop border post"
    media = LessonPage.objects.get(slug="media")
    image_block, video = media.body[1].value, media.body[2].value
    assert image_block["alt_text"] == "A small green square"
    assert image_block["caption"] == "A caption shown under the image"
    assert image_block["image"].file_hash
    assert video["title"] == "Using the content format" and video["duration_minutes"] == 3

    quiz = QuizPage.objects.get(slug="quiz-first-steps")
    assert quiz.shuffle_options is False and quiz.kind == "module"
    single = quiz.questions.raw_data[0]
    assert single["type"] == "single_choice"
    assert single["id"] == question_block_id("sample-course", "m1-q01")
    assert single["value"]["options"][0]["id"] == option_block_id(
        "sample-course", "m1-q01", "In their module's folder"
    )
    assert quiz.questions.raw_data[2]["value"]["answer"] == "false"
    pretest = QuizPage.objects.get(slug="pre-test")
    final = QuizPage.objects.get(slug="final-assessment")
    assert [b["id"] for b in pretest.questions.raw_data] == [
        b["id"] for b in final.questions.raw_data
    ]
    assert (pretest.kind, pretest.required, pretest.reveal_answers) == ("pretest", False, "never")
    assert (final.kind, final.draw_count, final.attempt_limit) == ("final", 2, 3)


def test_second_load_changes_nothing(small_content, django_assert_max_num_queries):
    curriculum_load(directory=small_content)
    before = revision_counts()

    with django_assert_max_num_queries(40):
        report = curriculum_load(directory=small_content)

    assert report.total("unchanged") == 10
    assert report.total("created") == report.total("updated") == report.total("skipped") == 0
    assert revision_counts() == before
    assert get_image_model().objects.count() == 1


def test_editing_one_lesson_revises_exactly_that_page(small_content, edit):
    curriculum_load(directory=small_content)
    before = revision_counts()
    welcome = LessonPage.objects.get(slug="welcome")
    block_ids = [block.id for block in welcome.body]

    edit(small_content / WELCOME, "Some text under the heading", "Some new text under the heading")
    report = curriculum_load(directory=small_content)

    after = revision_counts()
    assert {pk for pk in after if after[pk] != before[pk]} == {welcome.pk}
    assert after[welcome.pk] == before[welcome.pk] + 1
    assert [(p.kind, p.action) for p in report.pages if p.action != "unchanged"] == [
        ("lesson", "updated")
    ]
    welcome = LessonPage.objects.get(pk=welcome.pk)
    assert "Some new text" in welcome.body.raw_data[2]["value"]
    assert welcome.live and not welcome.has_unpublished_changes
    assert [block.id for block in welcome.body] == block_ids


def test_question_ids_are_stable_when_a_question_changes(small_content, edit):
    curriculum_load(directory=small_content)
    quiz = QuizPage.objects.get(slug="quiz-first-steps")
    ids = [b["id"] for b in quiz.questions.raw_data]

    edit(
        small_content / "sample-course/01-first-steps/module.yaml",
        "text: Where do lesson files go?",
        "text: In which folder do lesson files go?",
    )
    curriculum_load(directory=small_content)

    quiz = QuizPage.objects.get(pk=quiz.pk)
    assert quiz.questions.raw_data[0]["value"]["text"] == "In which folder do lesson files go?"
    assert [b["id"] for b in quiz.questions.raw_data] == ids


def test_a_page_edited_in_the_cms_is_skipped_unless_forced(small_content, edit):
    curriculum_load(directory=small_content)
    welcome = LessonPage.objects.get(slug="welcome")
    welcome.title = "Welcome (edited by a trainer)"
    welcome.save_revision().publish()

    edit(small_content / WELCOME, "title: Welcome to the sample course", "title: Welcome, again")
    report = curriculum_load(directory=small_content)

    skipped = [p for p in report.pages if p.action == "skipped"]
    assert [(p.path, p.reason) for p in skipped] == [
        ("sample-course/first-steps/welcome/", "changed in the CMS")
    ]
    assert LessonPage.objects.get(pk=welcome.pk).title == "Welcome (edited by a trainer)"

    report = curriculum_load(directory=small_content, force=True)

    assert [(p.kind, p.action) for p in report.pages if p.action != "unchanged"] == [
        ("lesson", "updated")
    ]
    assert LessonPage.objects.get(pk=welcome.pk).title == "Welcome, again"
    # Once overwritten, the page is the importer's again.
    assert curriculum_load(directory=small_content).total("unchanged") == 10


def test_a_draft_saved_in_the_cms_is_also_kept(small_content, capsys):
    curriculum_load(directory=small_content)
    quiz = QuizPage.objects.get(slug="quiz-first-steps")
    quiz.pass_mark = 80
    quiz.save_revision()  # a draft, not published

    call_command("load_content", str(small_content))

    out = capsys.readouterr().out
    assert (
        "sample-course/first-steps/quiz-first-steps/ (sample-course/01-first-steps/module.yaml#quiz): changed in the CMS, skipped"
        in out
    )
    assert "9 unchanged, 1 skipped" in out


def test_learner_records_survive_an_update(small_content, edit, user_factory):
    curriculum_load(directory=small_content)
    learner = user_factory()
    enrolment = Enrolment.objects.create(user=learner, course=course())
    welcome = LessonPage.objects.get(slug="welcome")
    completion = LessonCompletion.objects.create(user=learner, lesson=welcome)

    edit(small_content / WELCOME, "Some text under the heading", "Changed text under the heading")
    edit(small_content / "sample-course/course.yaml", "estimated_hours: 2", "estimated_hours: 3")
    report = curriculum_load(directory=small_content)

    assert report.total("updated") == 2
    assert Enrolment.objects.get(pk=enrolment.pk).course_id == course().pk
    assert LessonCompletion.objects.get(pk=completion.pk).lesson_id == welcome.pk
    assert course().estimated_hours == 3


def test_raw_html_in_markdown_is_escaped(small_content, edit):
    edit(
        small_content / WELCOME,
        "- One item",
        '<script>alert("x")</script> <b onclick="x()">bold?</b>\n\n<div>block</div>\n\n- One item',
    )
    curriculum_load(directory=small_content)

    html = LessonPage.objects.get(slug="welcome").body.raw_data[0]["value"]
    assert "<script" not in html and "<b onclick" not in html and "<div" not in html
    assert '&lt;script&gt;alert("x")&lt;/script&gt;' in html
    assert "&lt;div&gt;block&lt;/div&gt;" in html


def test_pages_no_longer_in_the_files_are_left_alone_and_reported(small_content):
    import shutil

    curriculum_load(directory=small_content)
    shutil.rmtree(small_content / "sample-course/02-next-steps")

    report = curriculum_load(directory=small_content)

    assert report.left_alone == ["sample-course/next-steps/"]
    assert ModulePage.objects.get(slug="next-steps").live


def test_new_pages_are_put_in_the_files_order(small_content):
    import shutil

    curriculum_load(directory=small_content)
    module_yaml = small_content / "sample-course/02-next-steps/module.yaml"
    module_yaml.write_text(module_yaml.read_text().replace("m2-q01", "m2-q02"))
    shutil.copytree(
        small_content / "sample-course/02-next-steps", small_content / "sample-course/03-last-steps"
    )
    # Renaming a module folder's slug makes a new module; the old page is left alone.
    module_yaml.write_text(module_yaml.read_text().replace("m2-q02", "m2-q01"))
    (small_content / "sample-course/02-next-steps").rename(
        small_content / "sample-course/02-middle"
    )

    report = curriculum_load(directory=small_content)

    assert [p.slug for p in course().get_children()] == [
        "pre-test",
        "first-steps",
        "next-steps",
        "middle",
        "last-steps",
        "final-assessment",
    ]
    assert report.left_alone == ["sample-course/next-steps/"]


def test_a_page_of_another_type_at_the_slug_is_a_conflict(small_content):
    curriculum_load(directory=small_content)
    module = ModulePage.objects.get(slug="first-steps")
    module.get_children().get(slug="folders").delete()
    module.add_child(instance=QuizPage(title="A quiz", slug="folders", questions=[]))

    with pytest.raises(LoadConflict, match="a quiz page with the slug 'folders'"):
        curriculum_load(directory=small_content)


def test_the_course_catalogue_is_created_when_missing(small_content):
    CourseIndexPage.objects.all().delete()

    curriculum_load(directory=small_content)

    index = CourseIndexPage.objects.get()
    assert index.slug == "courses" and index.live
    assert course().get_parent().pk == index.pk


def test_a_page_unpublished_in_the_cms_stays_unpublished(small_content, edit):
    curriculum_load(directory=small_content)
    welcome = LessonPage.objects.get(slug="welcome")
    welcome.unpublish()

    edit(small_content / WELCOME, "Some text under the heading", "Other text under the heading")
    report = curriculum_load(directory=small_content)

    assert [(p.path, p.reason) for p in report.pages if p.action == "skipped"] == [
        ("sample-course/first-steps/welcome/", "unpublished in the CMS")
    ]
    assert not LessonPage.objects.get(pk=welcome.pk).live


def test_a_page_made_in_the_cms_at_a_files_slug_is_skipped_unless_forced(small_content, capsys):
    curriculum_load(directory=small_content)
    course().delete()
    index = CourseIndexPage.objects.get()
    index.add_child(
        instance=CoursePage(
            title="Made by a trainer",
            slug="sample-course",
            summary="x",
            thematic_area="migration_cycle",
        )
    )

    report = curriculum_load(directory=small_content)
    assert [(p.kind, p.reason) for p in report.pages if p.action == "skipped"] == [
        ("course", "made in the CMS, not by the importer")
    ]
    assert course().title == "Made by a trainer"

    call_command("load_content", str(small_content), "--force")

    assert course().title == "A sample course: first steps in the content format"
    assert "1 updated" in capsys.readouterr().out


def test_loaded_and_updated_pages_are_in_the_search_index(small_content, edit):
    curriculum_load(directory=small_content)
    assert [p.slug for p in LessonPage.objects.live().search("Namanga")] == ["folders"]

    edit(small_content / WELCOME, "Some text under the heading", "Some text about Lokichogio")
    curriculum_load(directory=small_content)

    assert [p.slug for p in LessonPage.objects.live().search("Lokichogio")] == ["welcome"]
