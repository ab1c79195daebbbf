from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponseRedirect
from django.urls import reverse

from .selectors import profile_is_complete

INCOMPLETE_PROFILE_MESSAGE = (
    "Please complete your staff profile first. It takes a minute, and your certificates "
    "and your HR officer's reports depend on it."
)


def complete_profile_required(view):
    """Only for users with a complete staff profile (e.g. enrolling in a course).

    Anonymous: to login with ?next=. Logged in without a complete profile: to the profile
    page with ?next= and a message saying why.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not profile_is_complete(user=request.user):
            messages.info(request, INCOMPLETE_PROFILE_MESSAGE)
            query = urlencode({"next": request.get_full_path()})
            return HttpResponseRedirect(f"{reverse('people:profile')}?{query}")
        return view(request, *args, **kwargs)

    return wrapper
