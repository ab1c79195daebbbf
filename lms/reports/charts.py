"""Charts as inline SVG, drawn on the server: no JavaScript, no CDN, readable in print.

Each chart is an <svg role="img"> labelled by its own <title> and <desc>; the page puts
the same numbers in a table right under it, which is the accessible fallback. Colours
are the Kenyan-flag-inspired palette of the site with a distinct marker and dash pattern
per series, so no information is carried by colour alone. All text goes through
format_html, so names are escaped.
"""

import datetime
from collections.abc import Sequence

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

PALETTE = ("#006600", "#BB0000", "#1F3A93", "#8A5A00", "#5B2C6F", "#00695C", "#37474F")
DASHES = ("", "6 3", "2 3", "8 3 2 3", "1 4", "10 4", "4 2 1 2")
LABEL_WIDTH = 180
BAR_AREA = 420
ROW = 26
TOP = 10


def _frame(
    chart_id: str, title: str, description: str, width: int, height: int, body
) -> SafeString:
    return format_html(
        '<svg class="report-chart" id="{id}" role="img" aria-labelledby="{id}-title {id}-desc" '
        'viewBox="0 0 {w} {h}" width="100%" preserveAspectRatio="xMinYMin meet" '
        'xmlns="http://www.w3.org/2000/svg" font-family="system-ui, sans-serif" font-size="13">'
        '<title id="{id}-title">{title}</title><desc id="{id}-desc">{desc}</desc>{body}</svg>',
        id=chart_id,
        w=width,
        h=height,
        title=title,
        desc=description,
        body=body,
    )


def _nice_max(value: int) -> int:
    if value <= 5:
        return 5
    magnitude = 10 ** (len(str(value)) - 1)
    for step in (1, 2, 2.5, 5, 10):
        top = int(step * magnitude)
        if top >= value:
            return top
    return value


def integer_ticks(value: int, *, most: int = 5) -> list[int]:
    """Evenly spaced whole-number ticks from 0 to at least ``value`` (and at least 5), at
    most ``most`` intervals, with a step of 1, 2 or 5 times a power of ten: counts of
    people never get a tick like 2.5 or uneven gaps like 0, 1, 2, 4, 5."""
    value = max(value, 5)
    magnitude = 1
    while True:
        for base in (1, 2, 5):
            step = base * magnitude
            if step * most >= value:
                intervals = -(-value // step)  # ceiling division
                return [step * i for i in range(intervals + 1)]
        magnitude *= 10


def describe_items(items: Sequence[tuple[str, int]], unit: str) -> str:
    if not items:
        return f"No {unit} in this period."
    parts = [f"{label}: {value}" for label, value in items]
    return f"{unit.capitalize()} by category. " + "; ".join(parts) + "."


def horizontal_bar_chart(
    *, chart_id: str, title: str, items: Sequence[tuple[str, int]], unit: str = "completions"
) -> SafeString:
    """One bar per item, longest first as given, with the value at the end of each bar."""
    height = TOP * 2 + ROW * max(len(items), 1)
    width = LABEL_WIDTH + BAR_AREA + 60
    top = _nice_max(max((v for _, v in items), default=0))
    bars = []
    for i, (label, value) in enumerate(items):
        y = TOP + i * ROW
        length = round(BAR_AREA * value / top) if top else 0
        bars.append(
            format_html(
                '<text x="{lx}" y="{ty}" text-anchor="end">{label}</text>'
                '<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{fill}"></rect>'
                '<text x="{vx}" y="{ty}">{value}</text>',
                lx=LABEL_WIDTH - 8,
                ty=y + ROW // 2 + 4,
                label=label[:28] + ("…" if len(label) > 28 else ""),
                x=LABEL_WIDTH,
                y=y + 4,
                w=length,
                h=ROW - 8,
                fill=PALETTE[0],
                vx=LABEL_WIDTH + length + 6,
                value=value,
            )
        )
    if not items:
        bars.append(
            format_html(
                '<text x="{x}" y="{y}">No completions in this period.</text>', x=8, y=TOP + 16
            )
        )
    axis = format_html(
        '<line x1="{x}" y1="{y1}" x2="{x}" y2="{y2}" stroke="#555"></line>',
        x=LABEL_WIDTH,
        y1=TOP,
        y2=height - TOP,
    )
    return _frame(
        chart_id,
        title,
        describe_items(items, unit),
        width,
        height,
        mark_safe("".join([axis, *bars])),  # noqa: S308 - every part built by format_html
    )


def line_chart(
    *,
    chart_id: str,
    title: str,
    months: Sequence[datetime.date],
    series: Sequence[tuple[str, Sequence[int]]],
) -> SafeString:
    """Monthly counts, one line per series, with a marker per point and a legend."""
    left, right, top, plot_h = 50, 20, 16, 200
    step = 48
    plot_w = max(step * max(len(months) - 1, 1), 200)
    legend_top = top + plot_h + 40
    height = legend_top + 20 * max(len(series), 1) + 10
    width = left + plot_w + right
    ticks = integer_ticks(max((max(values, default=0) for _, values in series), default=0))
    peak = ticks[-1]

    def x(i):
        return left + (plot_w * i / max(len(months) - 1, 1))

    def y(v):
        return top + plot_h - plot_h * v / peak

    parts = []
    for value in ticks:
        parts.append(
            format_html(
                '<line x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="#ddd"></line>'
                '<text x="{tx}" y="{ty}" text-anchor="end">{v}</text>',
                x1=left,
                x2=left + plot_w,
                y=f"{y(value):.1f}",
                tx=left - 6,
                ty=f"{y(value) + 4:.1f}",
                v=value,
            )
        )
    for i, month in enumerate(months):
        parts.append(
            format_html(
                '<text x="{x}" y="{y}" text-anchor="middle">{label}</text>',
                x=f"{x(i):.1f}",
                y=top + plot_h + 18,
                label=month.strftime("%b %y"),
            )
        )
    for n, (name, values) in enumerate(series):
        colour, dash = PALETTE[n % len(PALETTE)], DASHES[n % len(DASHES)]
        points = " ".join(f"{x(i):.1f},{y(v):.1f}" for i, v in enumerate(values))
        parts.append(
            format_html(
                '<polyline points="{p}" fill="none" stroke="{c}" stroke-width="2" '
                'stroke-dasharray="{d}"></polyline>',
                p=points,
                c=colour,
                d=dash or "none",
            )
        )
        parts.append(
            format_html_join(
                "",
                '<rect x="{}" y="{}" width="7" height="7" fill="{}"><title>{}</title></rect>',
                (
                    (
                        f"{x(i) - 3.5:.1f}",
                        f"{y(v) - 3.5:.1f}",
                        colour,
                        f"{name}, {m:%B %Y}: {v}",
                    )
                    for i, (m, v) in enumerate(zip(months, values, strict=True))
                ),
            )
        )
        ly = legend_top + 20 * n
        parts.append(
            format_html(
                '<line x1="{x1}" x2="{x2}" y1="{y}" y2="{y}" stroke="{c}" stroke-width="2" '
                'stroke-dasharray="{d}"></line><text x="{tx}" y="{ty}">{name}</text>',
                x1=left,
                x2=left + 30,
                y=ly,
                c=colour,
                d=dash or "none",
                tx=left + 38,
                ty=ly + 4,
                name=name,
            )
        )
    if not series:
        parts.append(
            format_html(
                '<text x="{x}" y="{y}">No completions in this period.</text>', x=left, y=top + 40
            )
        )
    description = (
        "Completions per month by course. "
        + "; ".join(f"{name}: {sum(values)} in total" for name, values in series)
        + ". The table below gives every month."
    )
    return _frame(chart_id, title, description, int(width), int(height), mark_safe("".join(parts)))  # noqa: S308 - parts built by format_html
