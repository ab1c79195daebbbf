from django.apps import AppConfig


def _issue_on_completion(sender, *, enrolment, **kwargs):
    from .services import certificate_issue

    certificate_issue(enrolment=enrolment)


class CertificatesConfig(AppConfig):
    name = "certificates"
    verbose_name = "Certificates"

    def ready(self):
        from courses.signals import course_completed

        course_completed.connect(_issue_on_completion, dispatch_uid="certificates_issue")

        from lms.people import personal_data

        from .selectors import certificates_export
        from .services import certificates_anonymise

        personal_data.register(
            name="certificates", exporter=certificates_export, anonymiser=certificates_anonymise
        )
