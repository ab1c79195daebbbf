"""The platform's roles. Each is a Django group created by a data migration.

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
HR_ROLES = (HR_COUNTY, HR_NATIONAL)
# Roles that must have two-factor authentication before reaching reports or learner
# records (when settings.MFA_REQUIRED_FOR_STAFF is on).
MFA_REQUIRED_ROLES = (HR_COUNTY, HR_NATIONAL, ADMINISTRATOR)
