from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses"

    def ready(self):
        from django.db.models.signals import post_delete
        from wagtail.models import Page
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from courses.catalogue import catalogue_cache_invalidate

        # Any change to what is live may change the catalogue: drop its cached renderings.
        for name, signal in (
            ("published", page_published),
            ("unpublished", page_unpublished),
            ("moved", post_page_move),
        ):
            signal.connect(catalogue_cache_invalidate, dispatch_uid=f"courses_catalogue_{name}")
        post_delete.connect(
            catalogue_cache_invalidate, sender=Page, dispatch_uid="courses_catalogue_page_delete"
        )
        self._personal_data_register()

    def _personal_data_register(self):
        try:
            from lms.people import personal_data
        except ImportError:  # the people part is not installed yet
            return
        from courses.personal_data import enrolments_anonymise, enrolments_export

        personal_data.register(
            name="courses", exporter=enrolments_export, anonymiser=enrolments_anonymise
        )
