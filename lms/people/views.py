import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from lms.redirects import safe_next_url

from .forms import AccountDeleteForm, StaffProfileForm
from .models import StaffProfile
from .selectors import personal_data_export, staff_profile_for
from .services import account_delete, staff_profile_save


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def profile(request):
    """The learner's own staff profile: the onboarding step after sign-up, and later edits."""
    instance = staff_profile_for(user=request.user) or StaffProfile(user=request.user)
    next_url = safe_next_url(request)
    form = StaffProfileForm(request.POST or None, instance=instance)
    if request.method == "POST" and form.is_valid():
        data = {field: form.cleaned_data[field] for field in StaffProfileForm.Meta.fields}
        try:
            staff_profile_save(user=request.user, **data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "Your staff profile is saved.")
            return HttpResponseRedirect(next_url or reverse("people:profile"))
    return render(
        request,
        "people/profile.html",
        {"form": form, "next_url": next_url, "is_new": instance.pk is None},
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def my_data(request):
    """GET: what we hold and why. POST: the JSON download (reads only; POST keeps the
    download off links and prefetchers)."""
    if request.method == "GET":
        return render(request, "people/my_data.html")
    payload = json.dumps(
        personal_data_export(user=request.user),
        cls=DjangoJSONEncoder,
        indent=2,
        ensure_ascii=False,
    )
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    filename = f"jenga-uwezo-my-data-{timezone.localdate():%Y-%m-%d}.json"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def delete_account(request):
    form = AccountDeleteForm(request.POST or None, request=request)
    if request.method == "POST" and form.is_valid():
        account_delete(user=request.user)
        logout(request)
        messages.success(
            request,
            "Your account has been deleted and your personal details removed. "
            "Certificates you were issued can still be verified.",
        )
        return HttpResponseRedirect("/")
    return render(request, "people/delete_account.html", {"form": form})
