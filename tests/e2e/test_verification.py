"""Journey 4: a stranger (an employer, a border post supervisor) types certificate codes on
the public verification form: a valid one, a revoked one and one with a typing error."""

import pytest
from playwright.sync_api import expect

from tests.e2e import seed

pytestmark = pytest.mark.e2e


def _with_one_typo(code: str) -> str:
    """The code with one character swapped for a wrong one, as a person mistypes it."""
    from certificates.codes import ALPHABET, code_format, code_has_valid_check

    position = 5
    for symbol in ALPHABET:
        if symbol != code[position]:
            typo = code[:position] + symbol + code[position + 1 :]
            if not code_has_valid_check(typo):
                return code_format(typo)
    raise AssertionError("Every single-character change should break the check symbol.")


def _check(page, typed: str) -> None:
    page.goto("/")
    page.get_by_role("link", name="Verify a certificate").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Verify a certificate")
    page.get_by_label("Certificate code").fill(typed)
    page.get_by_role("button", name="Check certificate").click()


def test_stranger_checks_a_valid_a_revoked_and_a_mistyped_code(page, shot):
    from certificates.codes import code_format
    from certificates.services import certificate_revoke

    tiny = seed.load_tiny_curriculum()
    valid = seed.complete_course(
        user=seed.person(email="wekesa@immigration.go.ke", full_name="Wekesa Barasa Simiyu"),
        tiny=tiny,
    )
    revoked = seed.complete_course(
        user=seed.person(email="halima@health.go.ke", full_name="Halima Abdi Noor"),
        tiny=tiny,
    )
    certificate_revoke(
        certificate=revoked, by=seed.administrator(), reason="Issued in error: test case."
    )
    valid_code, revoked_code = code_format(valid.code), code_format(revoked.code)

    # A valid code, typed as printed: genuine, in force, with the holder and the course.
    _check(page, valid_code)
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Certificate {valid_code}")
    expect(page.get_by_text("Valid: this certificate is genuine and in force.")).to_be_visible()
    expect(page.get_by_text("Wekesa Barasa Simiyu")).to_be_visible()
    expect(page.get_by_text(seed.COURSE_TITLE)).to_be_visible()
    shot(page, "valid")

    # A revoked code, typed in small letters without hyphens: found, and plainly revoked.
    _check(page, revoked_code.replace("-", "").lower())
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Certificate {revoked_code}")
    expect(page.get_by_text("Revoked: this certificate has been withdrawn")).to_be_visible()
    expect(page.get_by_text("Valid: this certificate is genuine")).to_have_count(0)
    shot(page, "revoked")

    # One character wrong: the check symbol catches it, nothing is looked up, and the
    # form is there to try again with what was typed.
    typo = _with_one_typo(valid.code)
    _check(page, typo)
    expect(page.get_by_role("heading", level=1)).to_have_text("This code has a typing error")
    expect(page.get_by_text("Wekesa Barasa Simiyu")).to_have_count(0)
    expect(page.get_by_label("Certificate code")).to_have_value(typo)
    shot(page, "typo")
