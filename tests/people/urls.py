"""The project's URLs plus two stand-in views guarded by the people app's decorators."""

from django.http import HttpResponse
from django.urls import path

from lms.people.access import learner_records_view, scope_users
from lms.people.decorators import complete_profile_required
from lms.urls import urlpatterns as project_urlpatterns


@complete_profile_required
def enrol(request):
    return HttpResponse("enrolled")


@learner_records_view
def records(request):
    from django.contrib.auth import get_user_model

    emails = scope_users(
        get_user_model().objects.order_by("email"), viewer=request.user, user_field=None
    )
    return HttpResponse("\n".join(emails.values_list("email", flat=True)))


urlpatterns = [
    path("test-enrol/", enrol),
    path("test-records/", records),
    *project_urlpatterns,
]
