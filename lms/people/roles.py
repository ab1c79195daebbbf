"""The platform's roles. Each is a Django group created by a data migration.

These names are for migrations, seeding and tests only: access decisions read the
permissions the migrations grant to the groups (lms.people.access), never these names.

Other apps grant their own permissions to these groups in their own data migrations
(``Group.objects.get_or_create(name=...)``); the matrix is in docs/roles.md.
"""

TRAINEE = "Trainee"
TRAINER = "Trainer"
LEAD_TRAINER = "Lead trainer"
HR_COUNTY = "HR officer (county)"
HR_NATIONAL = "HR officer (national)"
ADMINISTRATOR = "Administrator"

ALL_ROLES = (TRAINEE, TRAINER, LEAD_TRAINER, HR_COUNTY, HR_NATIONAL, ADMINISTRATOR)
