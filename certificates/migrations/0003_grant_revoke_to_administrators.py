"""Administrators revoke, reinstate and re-render certificates and edit the certificate
settings. (lms.people also gives the Administrator group every permission after each
migrate; granting here keeps the rule visible where the permission is defined.)"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ADMINISTRATOR = "Administrator"
CODENAMES = [
    "revoke_certificate",
    "view_certificate",
    "change_certificatesettings",
    "view_certificatesettings",
]


def grant(apps, schema_editor):
    # Permissions are normally created after all migrations (post_migrate).
    app_config = apps.get_app_config("certificates")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=ADMINISTRATOR)
    group.permissions.add(
        *Permission.objects.filter(
            content_type__app_label="certificates", codename__in=CODENAMES
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certificates", "0002_certificate_settings"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
