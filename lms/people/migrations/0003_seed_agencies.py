"""The organisations whose staff the programme trains: national agencies working on
migration, health at borders and border management; county departments; the UN
partners of the joint programme. Names checked against the agencies' own sites and
government announcements (see docs/people.md). HR officers add more in the admin."""

from django.db import migrations

NATIONAL = "national"
COUNTY = "county"
INTERNATIONAL = "international"
OTHER = "other"

AGENCIES = [
    # (name, short name, kind)
    ("Department of Immigration Services (State Department for Immigration and Citizen Services)", "DIS", NATIONAL),
    ("Department of Refugee Services", "DRS", NATIONAL),
    ("Border Management Secretariat (Ministry of Interior and National Administration)", "BMS", NATIONAL),
    ("Port Health Services (Ministry of Health)", "PHS", NATIONAL),
    ("Kenya Revenue Authority, Customs and Border Control Department", "KRA C&BC", NATIONAL),
    ("Administration Police Service (incl. Border Police Unit)", "APS / BPU", NATIONAL),
    ("Kenya Police Service", "KPS", NATIONAL),
    ("Directorate of Criminal Investigations", "DCI", NATIONAL),
    ("Kenya Coast Guard Service", "KCGS", NATIONAL),
    ("National Employment Authority", "NEA", NATIONAL),
    ("State Department for Labour and Skills Development", "SDLSD", NATIONAL),
    ("State Department for Diaspora Affairs", "SDDA", NATIONAL),
    ("Counter Trafficking in Persons Secretariat (State Department for Children Services)", "CTiP", NATIONAL),
    ("Kenya Plant Health Inspectorate Service", "KEPHIS", NATIONAL),
    ("Kenya Bureau of Standards", "KEBS", NATIONAL),
    ("County Department of Health", "County Health", COUNTY),
    ("County Department of Gender and Social Services", "County Social Services", COUNTY),
    ("County government: other department", "County (other)", COUNTY),
    ("International Organization for Migration (IOM)", "IOM", INTERNATIONAL),
    ("United Nations High Commissioner for Refugees (UNHCR)", "UNHCR", INTERNATIONAL),
    ("International Labour Organization (ILO)", "ILO", INTERNATIONAL),
    ("Food and Agriculture Organization of the United Nations (FAO)", "FAO", INTERNATIONAL),
    ("UN Women", "UN Women", INTERNATIONAL),
    ("Other organisation", "Other", OTHER),
]


def seed_agencies(apps, schema_editor):
    Agency = apps.get_model("people", "Agency")
    for name, short_name, kind in AGENCIES:
        Agency.objects.get_or_create(name=name, defaults={"short_name": short_name, "kind": kind})


class Migration(migrations.Migration):
    dependencies = [("people", "0002_seed_counties")]

    operations = [migrations.RunPython(seed_agencies, migrations.RunPython.noop)]
