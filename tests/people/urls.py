"""The project's URLs plus two stand-in views guarded by the people app's guards."""

from django.http import HttpResponse
from django.urls import path
from django.views import View

from lms.people.access import LearnerRecordsAccessMixin, scope_users
from lms.people.decorators import complete_profile_required
from lms.urls import urlpatterns as project_urlpatterns


@complete_profile_required
def enrol(request):
    return HttpResponse("enrolled")


class RecordsView(LearnerRecordsAccessMixin, View):
    def get(self, request):
        from django.contrib.auth import get_user_model

        emails = scope_users(
            get_user_model().objects.order_by("email"), viewer=request.user, user_field=None
        )
        return HttpResponse("\n".join(emails.values_list("email", flat=True)))


urlpatterns = [
    path("test-enrol/", enrol),
    path("test-records/", RecordsView.as_view()),
    *project_urlpatterns,
]
