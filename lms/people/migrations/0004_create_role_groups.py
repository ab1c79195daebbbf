"""The six roles as Django groups, with the powers of the people app and admin access.

Other apps grant their own permissions to these groups in their own data migrations
(get_or_create by name). The Administrator group is given every permission, including
those of apps migrated later, by lms.people.services.administrator_group_sync (run on
post_migrate). The matrix is in docs/roles.md.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

TRAINEE = "Trainee"
TRAINER = "Trainer"
LEAD_TRAINER = "Lead trainer"
HR_COUNTY = "HR officer (county)"
HR_NATIONAL = "HR officer (national)"
ADMINISTRATOR = "Administrator"

ADMIN_ACCESS = ("wagtailadmin", "access_admin")
HR_PERMISSIONS = [
    ADMIN_ACCESS,
    ("people", "view_learner_records"),
    ("people", "view_county"),
    ("people", "view_agency"),
    ("people", "add_agency"),
    ("people", "change_agency"),
]
GRANTS = {
    TRAINEE: [],
    TRAINER: [ADMIN_ACCESS],
    LEAD_TRAINER: [ADMIN_ACCESS],
    HR_COUNTY: HR_PERMISSIONS,
    HR_NATIONAL: HR_PERMISSIONS,
    ADMINISTRATOR: [
        ADMIN_ACCESS,
        ("auth", "add_user"),
        ("auth", "change_user"),
        ("auth", "delete_user"),
        ("auth", "view_user"),
        ("auth", "add_group"),
        ("auth", "change_group"),
        ("auth", "delete_group"),
        ("auth", "view_group"),
        ("people", "view_learner_records"),
        ("people", "add_county"),
        ("people", "change_county"),
        ("people", "delete_county"),
        ("people", "view_county"),
        ("people", "add_agency"),
        ("people", "change_agency"),
        ("people", "delete_agency"),
        ("people", "view_agency"),
        ("people", "add_staffprofile"),
        ("people", "change_staffprofile"),
        ("people", "delete_staffprofile"),
        ("people", "view_staffprofile"),
    ],
}


def create_groups(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate); make sure
    # the ones granted here exist already on a fresh database.
    for label in ("auth", "people"):
        app_config = apps.get_app_config(label)
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, grants in GRANTS.items():
        group, _ = Group.objects.get_or_create(name=name)
        for app_label, codename in grants:
            permission = Permission.objects.get(
                content_type__app_label=app_label, codename=codename
            )
            group.permissions.add(permission)


def remove_wagtail_default_groups(apps, schema_editor):
    # Wagtail's initial data creates "Editors" and "Moderators" with page and media
    # powers. The platform's roles are the six groups above; an unused extra group with
    # admin access would be a door nobody reviews. Kept if someone was put in it.
    Group = apps.get_model("auth", "Group")
    Group.objects.filter(name__in=["Editors", "Moderators"], user__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("wagtailcore", "0002_initial_data"),
        # After Wagtail's own data migrations, which hand media permissions to any group
        # with admin access: roles get only what this file and other apps grant them.
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
        ("people", "0003_seed_agencies"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
    ]

    operations = [
        migrations.RunPython(create_groups, migrations.RunPython.noop),
        migrations.RunPython(remove_wagtail_default_groups, migrations.RunPython.noop),
    ]
