from django.apps import AppConfig


class CoursesConfig(AppConfig):
    name = "courses"
    verbose_name = "Courses"

    def ready(self):
        from django.db.models.signals import post_delete, post_save
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from courses.tree_cache import tree_cache_invalidate

        # Any change to the page tree, its privacy settings, the sites, or an image or
        # document a lesson shows may change what an address leads to, a course's
        # structure, a rendered lesson or the catalogue: drop those caches.
        for name, signal in (
            ("published", page_published),
            ("unpublished", page_unpublished),
            ("moved", post_page_move),
        ):
            signal.connect(tree_cache_invalidate, dispatch_uid=f"courses_tree_{name}")
        post_save.connect(_page_saved, dispatch_uid="courses_tree_page_saved")
        media = (get_image_model(), get_document_model())
        for model in (Page, PageViewRestriction, Site, *media):
            post_delete.connect(
                tree_cache_invalidate,
                sender=model,
                dispatch_uid=f"courses_tree_{model.__name__}_delete",
            )
        for model in (PageViewRestriction, Site, *media):
            post_save.connect(
                tree_cache_invalidate,
                sender=model,
                dispatch_uid=f"courses_tree_{model.__name__}_save",
            )
        self._personal_data_register()

    def _personal_data_register(self):
        from courses.personal_data import enrolments_anonymise, enrolments_export
        from lms.people import personal_data

        personal_data.register(
            name="courses", exporter=enrolments_export, anonymiser=enrolments_anonymise
        )


def _page_saved(sender, instance, **kwargs):
    """post_save of any page type (the signal is sent with the specific class)."""
    from wagtail.models import Page

    from courses.tree_cache import tree_cache_invalidate

    if isinstance(instance, Page):
        tree_cache_invalidate()
