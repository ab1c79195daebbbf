from allauth.core import ratelimit
from django import forms
from django.core.exceptions import ValidationError

from .models import StaffProfile
from .selectors import agency_choices, county_choices, staff_number_taken
from .services import DUPLICATE_STAFF_NUMBER_MESSAGE
from .text import (
    INVISIBLE_CHARACTERS_MESSAGE,
    normalise,
    reject_invisible_characters,
    validate_person_name,
)

TEXT_FIELDS = ("full_name", "job_title", "staff_number", "duty_station")


class StaffProfileForm(forms.ModelForm):
    """The learner's own profile. Saving is done by services.staff_profile_save."""

    confirm_name = forms.BooleanField(
        required=False,
        label="My certificates should show my name exactly as above.",
    )

    class Meta:
        model = StaffProfile
        fields = [
            "full_name",
            "sex",
            "service",
            "county",
            "agency",
            "job_title",
            "staff_number",
            "duty_station",
        ]
        labels = {
            "full_name": "Full name (as on your certificates)",
            "service": "Service",
            "agency": "Agency or organisation",
            "staff_number": "Staff or personal number (optional)",
        }
        widgets = {"sex": forms.RadioSelect, "service": forms.RadioSelect}
        error_messages = {
            "full_name": {"required": "Enter your full name."},
            "sex": {
                "required": "Choose one of the options (you may choose 'Prefer not to say').",
                "invalid_choice": "Choose one of the options shown.",
            },
            "service": {
                "required": "Choose national or county government.",
                "invalid_choice": "Choose national or county government.",
            },
            "county": {
                "required": "Choose the county where you work.",
                "invalid_choice": "Choose your county from the list.",
            },
            "agency": {
                "required": "Choose your agency or organisation.",
                "invalid_choice": "Choose your agency or organisation from the list. If "
                "yours is missing, choose 'Other organisation' and tell your HR officer.",
            },
            "job_title": {"required": "Enter your job title."},
            "duty_station": {"required": "Enter your duty station, e.g. a border post."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["county"].queryset = county_choices()
        self.fields["agency"].queryset = agency_choices(
            keep=self.instance.agency if self.instance.agency_id else None
        )
        # Radio buttons: no "---------" choice.
        self.fields["sex"].choices = StaffProfile.Sex.choices
        self.fields["service"].choices = StaffProfile.Service.choices
        self.fields["county"].empty_label = "Choose a county"
        self.fields["agency"].empty_label = "Choose an agency or organisation"
        for name in TEXT_FIELDS:
            field = self.fields[name]
            field.strip = False  # checked for hidden characters before trimming
            field.error_messages["null_characters_not_allowed"] = INVISIBLE_CHARACTERS_MESSAGE
            field.error_messages["max_length"] = (
                "This is too long: use at most %(limit_value)d characters (it has %(show_value)d)."
            )

    def _clean_text(self, name: str) -> str:
        value = self.cleaned_data.get(name, "")
        reject_invisible_characters(value)
        value = normalise(value)
        if not value and self.fields[name].required:
            raise ValidationError("This cannot be only spaces: type the words.", code="blank")
        return value

    def clean_full_name(self) -> str:
        value = self._clean_text("full_name")
        validate_person_name(value)
        return value

    def clean_job_title(self) -> str:
        return self._clean_text("job_title")

    def clean_duty_station(self) -> str:
        return self._clean_text("duty_station")

    def clean_staff_number(self) -> str:
        return self._clean_text("staff_number").upper()

    @property
    def name_changed(self) -> bool:
        name = self.cleaned_data.get("full_name") if hasattr(self, "cleaned_data") else None
        return bool(name) and name != self.instance.full_name

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        staff_number = cleaned.get("staff_number")
        if (
            agency is not None
            and staff_number
            and staff_number_taken(
                agency=agency, staff_number=staff_number, exclude_user_id=self.instance.user_id
            )
        ):
            self.add_error("staff_number", DUPLICATE_STAFF_NUMBER_MESSAGE)
        if self.name_changed and not cleaned.get("confirm_name"):
            self.add_error(
                "confirm_name",
                "Check how your name will appear on your certificates (shown above), then "
                "tick the box to confirm it.",
            )
        return cleaned

    @property
    def certificate_name(self) -> str:
        """The name to show back: what was typed (once valid), else the saved name."""
        if hasattr(self, "cleaned_data") and self.cleaned_data.get("full_name"):
            return self.cleaned_data["full_name"]
        return self.instance.full_name


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label="Your password",
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        error_messages={"required": "Enter your password to confirm it is you."},
    )
    understood = forms.BooleanField(
        label="I understand that my account and personal details will be removed and "
        "cannot be restored.",
        error_messages={"required": "Tick the box to confirm you want to delete your account."},
    )

    def __init__(self, *args, request, **kwargs):
        self.request = request
        self.user = request.user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        # allauth's limit for password re-entry by a logged-in user (10 a minute), so a
        # borrowed session cannot be used to guess the password here.
        if not ratelimit.consume(self.request, action="reauthenticate", user=self.user):
            raise ValidationError(
                "Too many attempts. Wait a minute, then try again.", code="rate_limited"
            )
        if not self.user.check_password(password):
            raise ValidationError("That password is not right. Try again.", code="wrong_password")
        return password
