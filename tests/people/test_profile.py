from http import HTTPStatus

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from lms.people.models import Agency, StaffProfile
from lms.people.services import staff_profile_save

pytestmark = pytest.mark.django_db

PROFILE_URL = "/people/profile/"


@pytest.fixture
def form_data(busia, immigration):
    return {
        "full_name": "Achieng' Wanjiru Otieno",
        "confirm_name": "on",
        "sex": "female",
        "service": "county",
        "county": str(busia.pk),
        "agency": str(immigration.pk),
        "job_title": "Immigration Officer II",
        "staff_number": "dis/2019/0042",
        "duty_station": "Busia One Stop Border Post",
    }


@pytest.fixture
def learner(client, user_factory):
    user = user_factory()
    client.force_login(user)
    return user


def test_anonymous_is_sent_to_login(client):
    response = client.get(PROFILE_URL)
    assert response.status_code == HTTPStatus.FOUND
    assert response["Location"].startswith("/accounts/login/?next=/people/profile/")


def test_new_learner_fills_in_the_profile(client, learner, form_data, busia, immigration):
    page = client.get(PROFILE_URL)
    assert page.status_code == HTTPStatus.OK
    assert b"Your staff profile" in page.content

    response = client.post(PROFILE_URL, form_data)
    assert response.status_code == HTTPStatus.FOUND
    profile = StaffProfile.objects.get(user=learner)
    assert profile.full_name == "Achieng' Wanjiru Otieno"
    assert (profile.county, profile.agency, profile.service) == (busia, immigration, "county")
    assert profile.staff_number == "DIS/2019/0042"  # normalised to upper case


def test_saving_returns_to_a_safe_next_only(client, learner, form_data):
    response = client.post(f"{PROFILE_URL}?next=/courses/x/", form_data)
    assert response["Location"] == "/courses/x/"
    response = client.post(f"{PROFILE_URL}?next=https://evil.example/", form_data)
    assert response["Location"] == PROFILE_URL


def test_certificate_name_is_shown_back_and_must_be_confirmed(client, learner, form_data):
    del form_data["confirm_name"]
    response = client.post(PROFILE_URL, form_data)
    assert response.status_code == HTTPStatus.OK
    html = response.content.decode()
    assert "Your certificates will read: <strong>Achieng&#x27; Wanjiru Otieno</strong>" in html
    assert "tick the box to confirm it" in html
    assert not StaffProfile.objects.filter(user=learner).exists()


def test_editing_other_fields_needs_no_new_confirmation(client, learner, form_data):
    client.post(PROFILE_URL, form_data)
    del form_data["confirm_name"]
    form_data["job_title"] = "Senior Immigration Officer"
    response = client.post(PROFILE_URL, form_data)
    assert response.status_code == HTTPStatus.FOUND
    assert StaffProfile.objects.get(user=learner).job_title == "Senior Immigration Officer"
    page = client.get(PROFILE_URL).content.decode()
    assert "Your certificates will read: <strong>Achieng&#x27; Wanjiru Otieno</strong>" in page


@pytest.mark.parametrize(
    "name",
    [
        "Ng'ang'a Kamau",
        "Wanjirũ Mũthoni",
        "Chelangat Kiprono-Rotich",
        "José Ñúñez",
        "Nyambura\u0301 Wa Kĩama",
    ],
)
def test_real_names_are_valid(client, learner, form_data, name):
    form_data["full_name"] = name
    response = client.post(PROFILE_URL, form_data)
    assert response.status_code == HTTPStatus.FOUND, response.content.decode()
    assert StaffProfile.objects.get(user=learner).full_name.startswith(name.split()[0][:3])


BAD_INPUTS = [
    ("full_name", "   ", "cannot be only spaces"),
    ("full_name", "x" * 10_000, "use at most 150 characters (it has 10000)"),
    ("job_title", "y" * 10_000, "use at most 150 characters (it has 10000)"),
    ("duty_station", "z" * 10_000, "use at most 150 characters (it has 10000)"),
    ("staff_number", "9" * 10_000, "use at most 40 characters (it has 10000)"),
    ("full_name", "Amina\u202eanahW", "hidden or control characters"),
    ("full_name", "Amina\x00Wanjiru", "hidden or control characters"),
    ("full_name", "Amina\x1fWanjiru", "hidden or control characters"),
    ("full_name", "Amina\u200bWanjiru", "hidden or control characters"),
    ("job_title", "Officer\u202e", "hidden or control characters"),
    ("full_name", "Amina <script>", "can contain only letters"),
    ("full_name", "Agent 007", "can contain only letters"),
    ("county", "99999", "Choose your county from the list."),
    ("county", "not-a-number", "Choose your county from the list."),
    ("agency", "99999", "Choose your agency or organisation from the list."),
    ("county", "", "Choose the county where you work."),
    ("sex", "robot", "Choose one of the options shown."),
    ("service", "", "Choose national or county government."),
    ("duty_station", "  ", "cannot be only spaces"),
]


@pytest.mark.parametrize(("field", "value", "message"), BAD_INPUTS)
def test_bad_input_is_a_plain_form_error_and_nothing_is_saved(
    client, learner, form_data, field, value, message
):
    form_data[field] = value
    response = client.post(PROFILE_URL, form_data)
    assert response.status_code == HTTPStatus.OK
    assert message in response.content.decode().replace("&#x27;", "'")
    assert response.context["form"].errors.get(field)
    assert not StaffProfile.objects.filter(user=learner).exists()


def test_bad_input_on_an_existing_profile_changes_nothing(client, learner, form_data):
    client.post(PROFILE_URL, form_data)
    before = StaffProfile.objects.values().get(user=learner)
    client.post(PROFILE_URL, {**form_data, "job_title": "New title", "full_name": "  "})
    assert StaffProfile.objects.values().get(user=learner) == before


def test_retired_agency_is_refused_for_new_profiles(client, learner, form_data, immigration):
    Agency.objects.filter(pk=immigration.pk).update(is_active=False)
    response = client.post(PROFILE_URL, form_data)
    assert "Choose your agency or organisation from the list." in response.content.decode()


def test_retired_agency_stays_valid_for_those_who_have_it(client, learner, form_data, immigration):
    client.post(PROFILE_URL, form_data)
    Agency.objects.filter(pk=immigration.pk).update(is_active=False)
    response = client.post(PROFILE_URL, {**form_data, "job_title": "Officer I"})
    assert response.status_code == HTTPStatus.FOUND


def test_duplicate_staff_number_in_the_same_agency_is_a_form_error(
    client, learner, form_data, user_factory, profile_factory
):
    profile_factory(user_factory(), staff_number="DIS/2019/0042")
    response = client.post(PROFILE_URL, form_data)  # same number, lower case
    assert response.status_code == HTTPStatus.OK
    assert "already has that staff number" in response.content.decode()
    assert not StaffProfile.objects.filter(user=learner).exists()


def test_same_staff_number_in_another_agency_is_fine(
    client, learner, form_data, user_factory, profile_factory, port_health
):
    profile_factory(user_factory(), staff_number="DIS/2019/0042", agency=port_health)
    assert client.post(PROFILE_URL, form_data).status_code == HTTPStatus.FOUND


def test_blank_staff_numbers_never_clash(user_factory, profile_factory):
    profile_factory(user_factory(), staff_number="")
    profile_factory(user_factory(), staff_number="  ")
    assert StaffProfile.objects.filter(staff_number="").count() == 2


def test_service_refuses_duplicate_staff_number(user_factory, profile_factory):
    profile_factory(user_factory(), staff_number="A1")
    other = user_factory()
    with pytest.raises(ValidationError) as error:
        profile_factory(other, staff_number="a1")
    assert "staff_number" in error.value.message_dict
    assert not StaffProfile.objects.filter(user=other).exists()


def test_database_constraint_guards_staff_numbers(user_factory, profile_factory):
    first = profile_factory(user_factory(), staff_number="A1")
    second = profile_factory(user_factory(), staff_number="B2")
    second.staff_number = first.staff_number
    with pytest.raises(IntegrityError):
        second.save()


def test_service_rejects_control_characters_before_trimming(user_factory, busia, immigration):
    user = user_factory()
    with pytest.raises(ValidationError) as error:
        staff_profile_save(
            user=user,
            full_name="Amina\x1f",
            sex="female",
            service="county",
            county=busia,
            agency=immigration,
            job_title="Officer",
            duty_station="Busia",
        )
    assert "full_name" in error.value.message_dict
    assert not StaffProfile.objects.exists()


def test_profile_page_query_count(client, learner, profile_factory, django_assert_max_num_queries):
    profile_factory(learner)
    with django_assert_max_num_queries(8):
        assert client.get(PROFILE_URL).status_code == HTTPStatus.OK
