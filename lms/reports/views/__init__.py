"""Admin views of the reports. Each is wrapped in lms.people.access.learner_records_view
in lms/reports/urls.py (login, the view_learner_records permission, two-factor), and
every query is scoped by the selectors, so hiding the menu is never the only guard."""
