from django.conf import settings
from django.urls import include, path, re_path, reverse_lazy
from django.views.decorators.cache import never_cache
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail import views as wagtail_views
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.admin.auth import require_admin_access
from wagtail.documents import urls as wagtaildocs_urls

from courses.cache import anonymous_pages_cached
from lms import views
from lms.reports.views.site_history import SiteHistoryView

urlpatterns = [
    # One login for everyone: Wagtail's own login form would be a second, unthrottled
    # door, so it sends people to allauth's (rate-limited, MFA-aware) login.
    path(
        "admin/login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
        name="wagtailadmin_login_redirect",
    ),
    # Same for Wagtail's front-end login (private pages), another unthrottled form.
    path(
        "_util/login/",
        RedirectView.as_view(url=reverse_lazy("account_login"), query_string=True),
        name="wagtailcore_login_redirect",
    ),
    # Wagtail's Site history with the project's formula-safe, recorded export
    # (lms/reports/views/site_history.py); same path, so Wagtail's links lead here.
    path(
        "admin/reports/site-history/",
        require_admin_access(never_cache(SiteHistoryView.as_view())),
        name="site_history",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("accounts/", include("allauth.urls")),
    path("people/", include("lms.people.urls", namespace="people")),
    path("certificates/", include("certificates.urls", namespace="certificates")),
    path("documents/", include(wagtaildocs_urls)),
    path("healthz", views.healthz, name="healthz"),
    path("quizzes/", include("courses.quizzes.urls", namespace="quizzes")),
    # Learner actions (enrol, mark complete, continue, My learning); before Wagtail's
    # catch-all so page slugs cannot shadow them.
    path("", include("courses.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [
    # Wagtail's page view, answered from the page cache for visitors without a session
    # (courses.cache); the same pattern and name as Wagtail's own, which follow.
    re_path(
        wagtail_urls.serve_pattern,
        anonymous_pages_cached(wagtail_views.serve),
        name="wagtail_serve",
    ),
    path("", include(wagtail_urls)),
]

handler404 = "lms.views.page_not_found"
handler500 = "lms.views.server_error"
