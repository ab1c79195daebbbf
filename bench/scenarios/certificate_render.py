"""Certificate render: the certificates part's certificate_render (template, QR code,
locked-down WeasyPrint PDF/A, stored once) against a bare WeasyPrint render of the
identical HTML, in-process, p50 over several certificates."""

import statistics
import time

from weasyprint import HTML

REPEAT = 7


def _certificates():
    from certificates.models import Certificate

    return list(Certificate.objects.select_related("course").order_by("pk")[: REPEAT + 1])


def measure() -> dict:
    from certificates import rendering
    from certificates.services import _site_settings, certificate_render

    certificates = _certificates()
    if not certificates:
        return {"rows": []}
    site_settings = _site_settings()
    platform_times, bare_times = [], []
    for index, certificate in enumerate(certificates):
        html = rendering.certificate_html(certificate=certificate, site_settings=site_settings)
        started = time.perf_counter()
        HTML(string=html, base_url=rendering.STYLE_DIR.as_uri() + "/").write_pdf()
        bare = time.perf_counter() - started
        started = time.perf_counter()
        certificate_render(certificate=certificate, force=True)
        platform = time.perf_counter() - started
        if index:  # the first of each is a warm-up (fonts, imports)
            bare_times.append(bare)
            platform_times.append(platform)
    value = statistics.median(platform_times) * 1000
    baseline = statistics.median(bare_times) * 1000
    return {
        "rows": [
            {
                "scenario": "certificate render",
                "measure": "p50 per certificate",
                "value": round(value, 1),
                "baseline": round(baseline, 1),
                "target": 1.25,
                "higher_is_better": False,
                "unit": "ms",
                "note": f"{len(platform_times)} certificates",
            }
        ]
    }
