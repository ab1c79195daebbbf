import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from lms.people import roles
from lms.people.selectors import profile_is_complete

pytestmark = pytest.mark.django_db

EXPECTED = [
    ("trainee", "trainee@demo.jengauwezo.go.ke", "demo-trainee-2026", roles.TRAINEE),
    ("trainer", "trainer@demo.jengauwezo.go.ke", "demo-trainer-2026", roles.TRAINER),
    ("lead_trainer", "lead@demo.jengauwezo.go.ke", "demo-lead-2026", roles.LEAD_TRAINER),
    ("hr_county", "hr.busia@demo.jengauwezo.go.ke", "demo-hr-county-2026", roles.HR_COUNTY),
    (
        "hr_national",
        "hr.national@demo.jengauwezo.go.ke",
        "demo-hr-national-2026",
        roles.HR_NATIONAL,
    ),
    ("admin", "admin@demo.jengauwezo.go.ke", "demo-admin-2026", roles.ADMINISTRATOR),
]


def test_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="refuses to run with DEBUG off"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()


def test_json_lists_the_documented_accounts(capsys):
    call_command("seed_demo", "--force", "--json")
    rows = json.loads(capsys.readouterr().out)
    assert rows == [{"role": r, "email": e, "password": p} for r, e, p, _ in EXPECTED]


def test_accounts_are_complete_verified_and_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    user = get_user_model().objects.get(email="trainee@demo.jengauwezo.go.ke")
    user.set_password("changed-by-someone")
    user.save()
    call_command("seed_demo")
    User = get_user_model()
    assert User.objects.count() == len(EXPECTED)
    for _role, email, password, group in EXPECTED:
        user = User.objects.get(email=email)
        assert user.check_password(password)
        assert list(user.groups.values_list("name", flat=True)) == [group]
        assert EmailAddress.objects.get(user=user).verified
        assert profile_is_complete(user=user)
    hr_county = User.objects.get(email="hr.busia@demo.jengauwezo.go.ke")
    assert hr_county.staff_profile.county.code == "040"
    admin = User.objects.get(email="admin@demo.jengauwezo.go.ke")
    assert admin.is_staff and admin.is_superuser
    assert not User.objects.filter(is_superuser=True).exclude(pk=admin.pk).exists()


def test_demo_accounts_can_log_in(client, settings):
    settings.DEBUG = True
    call_command("seed_demo")
    response = client.post(
        "/accounts/login/",
        {"login": "trainee@demo.jengauwezo.go.ke", "password": "demo-trainee-2026"},
    )
    assert response.status_code == 302
    assert response["Location"] == "/"
