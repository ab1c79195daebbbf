"""The site's URLs plus the benchmark baselines under /bench/.

Routed only by lms.settings.bench (ROOT_URLCONF); production never imports this module.
"""

from django.urls import include, path

from bench import views
from lms.urls import handler404, handler500  # noqa: F401
from lms.urls import urlpatterns as site_urlpatterns

bench_patterns = [
    path("plain/", views.plain, name="plain"),
    path("logged-in/", views.logged_in_plain, name="logged_in"),
    path("file/", views.stored_file, name="file"),
    path("quiz-raw/", views.quiz_raw_inserts, name="quiz_raw"),
    path("argon2/", views.argon2_verify, name="argon2"),
]

urlpatterns = [path("bench/", include((bench_patterns, "bench"))), *site_urlpatterns]
