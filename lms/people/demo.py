"""Demo accounts for every role (`manage.py seed_demo`). Development and demos only."""

from dataclasses import dataclass

from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction

from . import roles
from .models import Agency, County
from .services import administrator_group_sync, staff_profile_save


@dataclass(frozen=True)
class DemoAccount:
    role: str
    email: str
    password: str
    group: str
    full_name: str
    sex: str
    service: str
    county_code: str
    agency_short_name: str
    job_title: str
    duty_station: str


# Documented in README.md ("Demo accounts"); scripts log in with them (seed_demo --json).
DEMO_ACCOUNTS = (
    DemoAccount(
        "trainee",
        "trainee@demo.jengauwezo.go.ke",
        "demo-trainee-2026",
        roles.TRAINEE,
        "Achieng' Wanjiru Otieno",
        "female",
        "national",
        "040",
        "DIS",
        "Immigration Officer II",
        "Busia One Stop Border Post",
    ),
    DemoAccount(
        "trainer",
        "trainer@demo.jengauwezo.go.ke",
        "demo-trainer-2026",
        roles.TRAINER,
        "Kamau Ng'ang'a",
        "male",
        "national",
        "047",
        "BMS",
        "Training Officer",
        "Border Management Secretariat, Nairobi",
    ),
    DemoAccount(
        "lead_trainer",
        "lead@demo.jengauwezo.go.ke",
        "demo-lead-2026",
        roles.LEAD_TRAINER,
        "Fatuma Abdi Hassan",
        "female",
        "national",
        "047",
        "PHS",
        "Senior Port Health Officer",
        "Jomo Kenyatta International Airport",
    ),
    DemoAccount(
        "hr_county",
        "hr.busia@demo.jengauwezo.go.ke",
        "demo-hr-county-2026",
        roles.HR_COUNTY,
        "Wafula Barasa",
        "male",
        "county",
        "040",
        "County (other)",
        "Human Resource Officer",
        "County Government of Busia headquarters",
    ),
    DemoAccount(
        "hr_national",
        "hr.national@demo.jengauwezo.go.ke",
        "demo-hr-national-2026",
        roles.HR_NATIONAL,
        "Njeri Mwangi",
        "female",
        "national",
        "047",
        "DIS",
        "Principal Human Resource Officer",
        "Nyayo House, Nairobi",
    ),
    DemoAccount(
        "admin",
        "admin@demo.jengauwezo.go.ke",
        "demo-admin-2026",
        roles.ADMINISTRATOR,
        "Platform Administrator",
        "prefer_not_to_say",
        "national",
        "047",
        "DIS",
        "Systems Administrator",
        "Nairobi",
    ),
)


@transaction.atomic
def demo_accounts_ensure() -> list[DemoAccount]:
    """Create or reset the demo accounts: documented password, verified email, exactly
    their one role, a complete profile. Safe to run again and again."""
    User = get_user_model()
    administrator_group_sync()
    counties = {county.code: county for county in County.objects.all()}
    agencies = {agency.short_name: agency for agency in Agency.objects.all()}
    for account in DEMO_ACCOUNTS:
        user = User.objects.filter(email__iexact=account.email).first() or User(
            username=account.email, email=account.email
        )
        user.is_active = True
        is_admin = account.group == roles.ADMINISTRATOR
        # The admin is also a superuser so the Wagtail admin shows every menu.
        user.is_staff = is_admin
        user.is_superuser = is_admin
        user.set_password(account.password)
        user.save()
        user.groups.set([Group.objects.get(name=account.group)])
        EmailAddress.objects.filter(user=user).exclude(email__iexact=account.email).delete()
        EmailAddress.objects.update_or_create(
            user=user, email=account.email, defaults={"verified": True, "primary": True}
        )
        staff_profile_save(
            user=user,
            full_name=account.full_name,
            sex=account.sex,
            service=account.service,
            county=counties[account.county_code],
            agency=agencies[account.agency_short_name],
            job_title=account.job_title,
            duty_station=account.duty_station,
        )
    return list(DEMO_ACCOUNTS)
