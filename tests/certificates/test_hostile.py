"""Hostile text on a certificate: no fetch outside our own files, no embedded file, the
text prints literally (or the profile form refuses it with a clear message)."""

import datetime
import unicodedata
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import ValidationError

from certificates import rendering
from certificates.models import Certificate, CertificateSettings

from .pdfs import pdf_embedded_files, pdf_text, pdf_text_pdfium

pytestmark = pytest.mark.django_db

LONG_NAME = ("Wanjiru " * 1250).strip()
HOSTILE = {
    "html tags": "<b>Bold</b> <i>Name</i><script>alert(1)</script>",
    "attachment link": "<link rel=attachment href=file:///etc/passwd>",
    "image": '<img src="http://169.254.169.254/latest/meta-data/">',
    "css url": "<style>@import url(http://169.254.169.254/x.css); body{background:url(http://169.254.169.254/)}</style>",
    "inline css": "x{background:url('http://169.254.169.254/')}",
    "10,000 characters": LONG_NAME,
    "right-to-left override": "Amina \u202eahsiK\u202c Said",
    "combining marks": "Zoe\u0308 N\u0303jeri Wanjiru\u0301",
    "apostrophes": "Ng'ang'a O’Brien",
    "emoji": "Amani Juma 😀🇰🇪",
}


def own_file(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme == "data":
        return True
    path = Path(parts.path).resolve()
    return parts.scheme == "file" and any(
        path.is_relative_to(allowed) for allowed in rendering.ALLOWED_DIRS
    )


def flat(text: str) -> str:
    return "".join(unicodedata.normalize("NFC", text).split())


@pytest.fixture
def hostile_certificate(course):
    def make(name):
        return Certificate(
            code="SG385PP6WFTC5F",
            course=course,
            holder_name=name,
            service="County government",
            county_name="Busia",
            agency_name=name[:200],
            course_title="Course " + name[:200],
            course_hours=6,
            completed_on=datetime.date(2026, 3, 31),
        )

    return make


@pytest.mark.parametrize("name", HOSTILE.values(), ids=HOSTILE.keys())
def test_hostile_name_fetches_nothing_embeds_nothing_prints_literally(hostile_certificate, name):
    fetcher = rendering.LockedDownFetcher()
    pdf = rendering.certificate_pdf(
        certificate=hostile_certificate(name), site_settings=CertificateSettings(), fetcher=fetcher
    )
    assert fetcher.requested, "the fetcher must see our fonts and stylesheet"
    assert all(own_file(url) for url in fetcher.requested), fetcher.requested
    assert not any("169.254" in url or "passwd" in url for url in fetcher.requested)
    assert pdf_embedded_files(pdf) == []
    text = flat(pdf_text(pdf))
    if name == LONG_NAME:
        assert flat(name)[:2000] in text
    elif "\u202e" in name:
        # The override is dropped: the letters print in the order typed, not reversed.
        assert "AminaahsiKSaid" in text and "Kisha" not in text
    elif "😀" in name:
        assert flat(name) in flat(pdf_text_pdfium(pdf))
    else:
        assert flat(name) in text


def test_markup_in_a_name_never_reaches_weasyprint_as_markup(hostile_certificate):
    html = rendering.certificate_html(
        certificate=hostile_certificate(HOSTILE["attachment link"]),
        site_settings=CertificateSettings(),
    )
    assert "<link rel=attachment" not in html
    assert "&lt;link rel=attachment href=file:///etc/passwd&gt;" in html


def test_even_raw_hostile_html_cannot_fetch_or_attach():
    # Belt and braces: if markup ever slipped past escaping, the fetcher still refuses.
    fetcher = rendering.LockedDownFetcher()
    html = """<html><head>
      <link rel="attachment" href="file:///etc/passwd">
      <link rel="stylesheet" href="http://169.254.169.254/s.css">
      <style>p { background: url(http://169.254.169.254/img.png) }
             @font-face { font-family: x; src: url(file:///etc/passwd) }</style>
      </head><body><p>Hello</p><img src="file:///etc/hostname">
      <img src="../../../../../../etc/passwd">
      <a rel="attachment" href="file:///etc/passwd">attached</a></body></html>"""
    pdf = rendering.html_to_pdf(html, fetcher=fetcher)
    assert "Hello" in pdf_text(pdf)
    assert pdf_embedded_files(pdf) == []
    assert fetcher.requested  # it was asked ...
    assert b"root:" not in pdf  # ... and served nothing


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "http://169.254.169.254/latest/meta-data/",
        "https://example.org/font.ttf",
        "ftp://example.org/x",
        f"{rendering.FONT_DIR.as_uri()}/../../../../etc/passwd",
        "file://evil.example/static/fonts/NotoSans-Regular.ttf",
    ],
)
def test_fetcher_refuses_everything_but_our_files(url):
    fetcher = rendering.LockedDownFetcher()
    with pytest.raises(ValueError):
        fetcher.fetch(url)


def test_fetcher_serves_our_fonts_and_data_uris():
    fetcher = rendering.LockedDownFetcher()
    font = fetcher.fetch(f"{rendering.FONT_DIR.as_uri()}/NotoSans-Regular.ttf")
    assert font.read(4) == b"\x00\x01\x00\x00"
    assert fetcher.fetch("data:text/plain,hello").read() == b"hello"


@pytest.mark.parametrize(
    "name", [HOSTILE["html tags"], HOSTILE["right-to-left override"], HOSTILE["emoji"]]
)
def test_profile_form_refuses_markup_controls_and_emoji_with_a_message(name, user_factory):
    from lms.people.text import validate_person_name

    with pytest.raises(ValidationError) as error:
        validate_person_name(name)
    assert error.value.messages[0]


def test_real_names_are_accepted_at_profile_entry():
    from lms.people.text import validate_person_name

    for name in ("Ng'ang'a", HOSTILE["combining marks"], "Achieng’ Otieno-Wafula"):
        validate_person_name(name)
