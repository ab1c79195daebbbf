"""Certificate status is one rule: the model (Python) and the QuerySet (SQL, used by the
admin filter and the reports) agree on every case, including the expiry day itself."""

import datetime

import pytest
from django.utils import timezone

from certificates.models import Certificate, CertificateQuerySet, CertificateStatus

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
CASES = {
    "no expiry": (None, None, CertificateStatus.VALID),
    "expires today": (None, TODAY, CertificateStatus.VALID),
    "expired yesterday": (None, TODAY - datetime.timedelta(days=1), CertificateStatus.EXPIRED),
    "revoked": (timezone.now(), None, CertificateStatus.REVOKED),
    "revoked and expired": (
        timezone.now(),
        TODAY - datetime.timedelta(days=1),
        CertificateStatus.REVOKED,
    ),
}


def test_model_queryset_and_annotation_agree(user_factory, profile_factory, certificate_factory):
    ids = {}
    for case, (revoked_at, expires_on, _status) in CASES.items():
        user = user_factory()
        profile_factory(user)
        certificate = certificate_factory(user)
        Certificate.objects.filter(pk=certificate.pk).update(
            revoked_at=revoked_at, expires_on=expires_on
        )
        ids[case] = certificate.pk
    annotated = dict(
        Certificate.objects.annotate(
            s=CertificateQuerySet.status_expression(today=TODAY)
        ).values_list("pk", "s")
    )
    for case, (_revoked, _expires, status) in CASES.items():
        certificate = Certificate.objects.get(pk=ids[case])
        assert certificate.status_on(TODAY) == status, case
        assert annotated[ids[case]] == status, case
        assert Certificate.objects.with_status(status, today=TODAY).filter(pk=ids[case]).exists()
        others = [s for s in CertificateStatus if s != status]
        for other in others:
            assert (
                not Certificate.objects.with_status(other, today=TODAY)
                .filter(pk=ids[case])
                .exists()
            ), (case, other)
