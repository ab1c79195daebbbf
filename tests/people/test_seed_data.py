import pytest
from django.contrib.auth.models import Group, Permission

from lms.people import roles
from lms.people.models import Agency, County

pytestmark = pytest.mark.django_db

USER_AND_GROUP_CHANGES = [
    f"{action}_{model}" for action in ("add", "change", "delete") for model in ("user", "group")
]


def test_all_47_counties_with_official_codes():
    counties = dict(County.objects.values_list("code", "name"))
    assert len(counties) == 47
    assert sorted(counties) == [f"{n:03d}" for n in range(1, 48)]
    assert counties["001"] == "Mombasa"
    assert counties["040"] == "Busia"
    assert counties["021"] == "Murang'a"
    assert counties["047"] == "Nairobi City"


def test_agencies_cover_migration_health_and_border_work():
    names = set(Agency.objects.values_list("name", flat=True))
    for expected in [
        "Department of Refugee Services",
        "Port Health Services (Ministry of Health)",
        "Kenya Revenue Authority, Customs and Border Control Department",
        "Administration Police Service (incl. Border Police Unit)",
        "National Employment Authority",
        "State Department for Diaspora Affairs",
        "County Department of Health",
    ]:
        assert expected in names
    assert Agency.objects.filter(kind="county").exists()
    assert Agency.objects.filter(kind="international", short_name="IOM").exists()


def test_exactly_the_six_roles_exist():
    assert set(Group.objects.values_list("name", flat=True)) == set(roles.ALL_ROLES)


@pytest.mark.parametrize("role", [r for r in roles.ALL_ROLES if r != roles.ADMINISTRATOR])
def test_no_group_but_administrator_may_change_users_or_groups(role):
    granted = set(
        Group.objects.get(name=role)
        .permissions.filter(content_type__app_label="auth")
        .values_list("codename", flat=True)
    )
    assert not granted & set(USER_AND_GROUP_CHANGES)


def test_administrator_has_every_permission_without_being_superuser(user_factory):
    admin = user_factory(groups=[roles.ADMINISTRATOR])
    assert not admin.is_superuser
    assert Group.objects.get(name=roles.ADMINISTRATOR).permissions.count() == (
        Permission.objects.count()
    )
    for codename in USER_AND_GROUP_CHANGES:
        assert admin.has_perm(f"auth.{codename}")
    assert admin.has_perm("people.view_learner_records")


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        (roles.TRAINEE, False),
        (roles.TRAINER, False),
        (roles.LEAD_TRAINER, False),
        (roles.HR_COUNTY, True),
        (roles.HR_NATIONAL, True),
        (roles.ADMINISTRATOR, True),
    ],
)
def test_learner_records_permission(user_factory, role, expected):
    assert user_factory(groups=[role]).has_perm("people.view_learner_records") is expected


@pytest.mark.parametrize(
    ("role", "can_add_agency", "can_add_county"),
    [
        (roles.TRAINER, False, False),
        (roles.HR_COUNTY, True, False),
        (roles.HR_NATIONAL, True, False),
        (roles.ADMINISTRATOR, True, True),
    ],
)
def test_who_manages_agencies_and_counties(user_factory, role, can_add_agency, can_add_county):
    user = user_factory(groups=[role])
    assert user.has_perm("people.add_agency") is can_add_agency
    assert user.has_perm("people.change_agency") is can_add_agency
    assert user.has_perm("people.add_county") is can_add_county
    assert not user.has_perm("people.delete_agency") or role == roles.ADMINISTRATOR


@pytest.mark.parametrize("role", [roles.HR_COUNTY, roles.HR_NATIONAL])
def test_hr_officers_write_nothing_but_agencies(role):
    from wagtail.models import GroupCollectionPermission, GroupPagePermission

    group = Group.objects.get(name=role)
    writes = set(
        group.permissions.filter(codename__regex=r"^(add|change|delete|publish)_").values_list(
            "content_type__app_label", "codename"
        )
    )
    assert writes <= {("people", "add_agency"), ("people", "change_agency")}
    assert not GroupPagePermission.objects.filter(group=group).exists()
    assert not GroupCollectionPermission.objects.filter(group=group).exists()


def test_trainees_have_no_admin_access(user_factory):
    assert not user_factory(groups=[roles.TRAINEE]).has_perm("wagtailadmin.access_admin")
