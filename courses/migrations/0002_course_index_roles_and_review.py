"""The course catalogue page, who may author courses, and the 'Course review' workflow.

- CourseIndexPage "Courses" (slug "courses") under the home page (created by
  lms/0002_create_homepage).
- Page permissions on it, so they cover every course below:
  Trainer: add + change (drafts, preview, submit for review, no publish);
  Lead trainer: add, change, publish, lock, unlock; Administrator: all page permissions.
- Images and documents (root collection): add and choose for trainers and lead trainers.
- The "Course review" workflow with one GroupApprovalTask "Lead trainer review" (group
  Lead trainer), assigned to the catalogue page, so it covers the whole course tree.

Group names are the constants of lms.people.roles (copied: a migration must not change
when the code does); groups are get_or_created, as the people part's migration does.
Historical models have no treebeard helpers, so the tree path is computed here, as
lms/0002 does.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations
from django.utils import timezone

TRAINER = "Trainer"
LEAD_TRAINER = "Lead trainer"
ADMINISTRATOR = "Administrator"

PATH_ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
STEPLEN = 4

PAGE_PERMISSIONS = {
    TRAINER: ["add_page", "change_page"],
    LEAD_TRAINER: ["add_page", "change_page", "publish_page", "lock_page", "unlock_page"],
    ADMINISTRATOR: [
        "add_page",
        "bulk_delete_page",
        "change_page",
        "lock_page",
        "publish_page",
        "unlock_page",
    ],
}
MEDIA_AUTHORING = [
    ("wagtailimages", "add_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
]
COLLECTION_PERMISSIONS = {
    TRAINER: MEDIA_AUTHORING,
    LEAD_TRAINER: MEDIA_AUTHORING,
    ADMINISTRATOR: [
        *MEDIA_AUTHORING,
        ("wagtailimages", "change_image"),
        ("wagtailimages", "delete_image"),
        ("wagtaildocs", "change_document"),
        ("wagtaildocs", "delete_document"),
    ],
}
ADMIN_ACCESS = ("wagtailadmin", "access_admin")

WORKFLOW_NAME = "Course review"
TASK_NAME = "Lead trainer review"


def _path_step(number: int) -> str:
    digits = ""
    while number:
        number, remainder = divmod(number, len(PATH_ALPHABET))
        digits = PATH_ALPHABET[remainder] + digits
    return digits.rjust(STEPLEN, "0")


def _next_child_path(Page, parent) -> str:
    last = (
        Page.objects.filter(path__startswith=parent.path, depth=parent.depth + 1)
        .order_by("-path")
        .values_list("path", flat=True)
        .first()
    )
    if last is None:
        return parent.path + _path_step(1)
    return parent.path + _path_step(int(last[-STEPLEN:], 36) + 1)


def _course_index(apps):
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    HomePage = apps.get_model("lms.HomePage")
    CourseIndexPage = apps.get_model("courses.CourseIndexPage")

    existing = CourseIndexPage.objects.order_by("path").first()
    if existing is not None:
        return existing
    home = HomePage.objects.order_by("path").first()
    if home is None:
        return None
    home_page = Page.objects.get(pk=home.pk)
    content_type, _ = ContentType.objects.get_or_create(
        app_label="courses", model="courseindexpage"
    )
    now = timezone.now()
    index = CourseIndexPage.objects.create(
        title="Courses",
        draft_title="Courses",
        slug="courses",
        content_type=content_type,
        path=_next_child_path(Page, home_page),
        depth=home_page.depth + 1,
        numchild=0,
        url_path=f"{home_page.url_path}courses/",
        locale_id=home_page.locale_id,
        live=True,
        has_unpublished_changes=False,
        first_published_at=now,
        last_published_at=now,
        intro=(
            "Short courses for county and national government staff on the migration "
            "cycle, migration health and border management. Choose one and enrol: it is free."
        ),
    )
    Page.objects.filter(pk=home_page.pk).update(numchild=home_page.numchild + 1)
    return index


def _permission(Permission, app_label, codename):
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def setup(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); make sure
    # the ones granted here exist already on a fresh database.
    for label in ("wagtailcore", "wagtailimages", "wagtaildocs"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    ContentType = apps.get_model("contenttypes.ContentType")
    Group = apps.get_model("auth.Group")
    Permission = apps.get_model("auth.Permission")
    Collection = apps.get_model("wagtailcore.Collection")
    GroupPagePermission = apps.get_model("wagtailcore.GroupPagePermission")
    GroupCollectionPermission = apps.get_model("wagtailcore.GroupCollectionPermission")
    Workflow = apps.get_model("wagtailcore.Workflow")
    WorkflowTask = apps.get_model("wagtailcore.WorkflowTask")
    WorkflowPage = apps.get_model("wagtailcore.WorkflowPage")
    GroupApprovalTask = apps.get_model("wagtailcore.GroupApprovalTask")

    groups = {name: Group.objects.get_or_create(name=name)[0] for name in PAGE_PERMISSIONS}
    admin_access = _permission(Permission, *ADMIN_ACCESS)
    for group in groups.values():
        group.permissions.add(admin_access)

    index = _course_index(apps)
    if index is not None:
        for name, codenames in PAGE_PERMISSIONS.items():
            for codename in codenames:
                GroupPagePermission.objects.get_or_create(
                    group=groups[name],
                    page_id=index.pk,
                    permission=_permission(Permission, "wagtailcore", codename),
                )

    root_collection = Collection.objects.filter(depth=1).order_by("path").first()
    if root_collection is not None:
        for name, grants in COLLECTION_PERMISSIONS.items():
            for app_label, codename in grants:
                GroupCollectionPermission.objects.get_or_create(
                    group=groups[name],
                    collection=root_collection,
                    permission=_permission(Permission, app_label, codename),
                )

    task_type, _ = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=task_type, active=True
        )
    task.groups.add(groups[LEAD_TRAINER])
    workflow, _ = Workflow.objects.get_or_create(name=WORKFLOW_NAME, defaults={"active": True})
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})
    if index is not None:
        WorkflowPage.objects.update_or_create(page_id=index.pk, defaults={"workflow": workflow})


class Migration(migrations.Migration):
    dependencies = [
        ("courses", "0001_initial"),
        ("lms", "0002_create_homepage"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(setup, migrations.RunPython.noop)]
