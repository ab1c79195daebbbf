from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def _administrator_sync_after_migrate(sender, **kwargs):
    # `flush` (run between transactional tests) sends post_migrate without a plan; the
    # data it wiped is restored by the test runner, and a group created here would clash
    # with it. Only a real migrate syncs.
    if kwargs.get("plan") is None:
        return
    # Only once per migrate, after the last app's permissions have been created.
    with_models = [config for config in apps.get_app_configs() if config.models_module]
    if with_models and sender is with_models[-1]:
        from django.contrib.auth.management import create_permissions
        from django.contrib.contenttypes.management import create_contenttypes

        from .services import administrator_group_sync

        # This receiver may run before Django's own for the last app; they are idempotent.
        using = kwargs.get("using", "default")
        create_contenttypes(sender, verbosity=0, using=using)
        create_permissions(sender, verbosity=0, using=using)
        administrator_group_sync()


def _account_anonymised_last(user) -> None:
    """The account itself is anonymised by services.account_delete after every
    registered anonymiser has run (they may still need it)."""


class PeopleConfig(AppConfig):
    name = "lms.people"
    label = "people"
    verbose_name = "People"

    def ready(self):
        from . import audit, personal_data
        from .selectors import account_export, profile_export
        from .services import staff_profile_anonymise

        personal_data.register(
            name="account", exporter=account_export, anonymiser=_account_anonymised_last
        )
        personal_data.register(
            name="profile", exporter=profile_export, anonymiser=staff_profile_anonymise
        )
        audit.connect()
        post_migrate.connect(
            _administrator_sync_after_migrate, dispatch_uid="people_administrator_sync"
        )
