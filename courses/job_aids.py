"""The job-aid PDF: a module's one-page job aid rendered by WeasyPrint.

The same locked-down rendering as certificates (certificates.rendering.html_to_pdf: only
our own fonts and data: URIs are fetched, nothing from the network). The text is the
module's rich text as Wagtail renders it; links inside the site become absolute so they
work from a printed or downloaded page.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from certificates.rendering import FONT_DIR, html_to_pdf

TEMPLATE = "courses/pdf/job_aid.html"
_SITE_RELATIVE_HREF = re.compile(r'href="/(?!/)')


def job_aid_html(*, module, course, revision_date) -> str:
    body = expand_db_html(module.job_aid)
    base = settings.WAGTAILADMIN_BASE_URL.rstrip("/")
    body = _SITE_RELATIVE_HREF.sub(f'href="{base}/', body)
    return render_to_string(
        TEMPLATE,
        {
            "module": module,
            "course": course,
            # Rich text as Wagtail stores and renders it for pages (the editor's features).
            "body": mark_safe(body),  # noqa: S308
            "revision_date": revision_date,
            "site_url": base,
            "font_base": FONT_DIR.resolve().as_uri(),
        },
    )


def job_aid_pdf(*, module, course, revision_date) -> bytes:
    """The PDF bytes of ``module``'s job aid (no storage, no database writes)."""
    return html_to_pdf(job_aid_html(module=module, course=course, revision_date=revision_date))
