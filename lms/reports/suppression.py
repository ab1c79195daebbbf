"""Small-cell suppression for programme tables shared outside government.

The rule (also in docs/reports.md):

1. Primary: every count from 1 to threshold-1 (1 to 4) is hidden and shown as '<5'.
   Zeros are shown.
2. Complementary: the table is read as lines that must add up: each course's cells and
   the course total; each group's cells across courses and the group total; the course
   totals and the grand total; the group totals and the grand total. While some line
   has exactly one hidden entry (which the others would reveal by subtraction), one
   more entry of that line is hidden: its smallest non-zero visible cell (ties: first
   in table order), or, when the line has none, its total. Repeat until no line has
   exactly one hidden entry. Complementary cells are shown as '*'.

Enrolled and completed counts are suppressed separately; a completion rate is shown
only when both of its counts are shown.
"""

from collections.abc import Hashable, Sequence

PRIMARY = "primary"
COMPLEMENTARY = "complementary"

Key = Hashable


def suppress(
    values: dict[Key, int],
    lines: Sequence[tuple[Sequence[Key], Key]],
    *,
    threshold: int = 5,
) -> dict[Key, str]:
    """{key: PRIMARY | COMPLEMENTARY} for every hidden entry of ``values``.

    ``lines`` are (members, total) with values[total] == sum(values[members]).
    """
    hidden: dict[Key, str] = {k: PRIMARY for k, v in values.items() if 0 < v < threshold}
    changed = True
    while changed:
        changed = False
        for members, total in lines:
            entries = [*members, total]
            if sum(1 for k in entries if k in hidden) != 1:
                continue
            candidates = [k for k in members if k not in hidden and values[k] > 0]
            if candidates:
                choice = min(candidates, key=lambda k: values[k])
            elif total not in hidden:
                choice = total
            else:  # the total is the hidden one and every member is zero: nothing to add
                continue
            hidden[choice] = COMPLEMENTARY
            changed = True
    return hidden


def table_lines(rows: Sequence[Key], cols: Sequence[Key]) -> list:
    """Keys and lines of a two-way table with margins.

    Cell keys are ("cell", row, col); margins ("row", row), ("col", col); ("grand",).
    """
    lines = []
    for r in rows:
        lines.append(([("cell", r, c) for c in cols], ("row", r)))
    for c in cols:
        lines.append(([("cell", r, c) for r in rows], ("col", c)))
    lines.append(([("row", r) for r in rows], ("grand",)))
    lines.append(([("col", c) for c in cols], ("grand",)))
    return lines


def table_suppress(
    cells: dict[tuple[Key, Key], int],
    rows: Sequence[Key],
    cols: Sequence[Key],
    *,
    threshold: int = 5,
) -> tuple[dict[Key, int], dict[Key, str]]:
    """Suppress a two-way table given its cells {(row, col): n} (missing cells are 0).

    Returns (values, hidden) with the margins computed from the cells.
    """
    values: dict[Key, int] = {}
    for r in rows:
        for c in cols:
            values[("cell", r, c)] = cells.get((r, c), 0)
    for r in rows:
        values[("row", r)] = sum(values[("cell", r, c)] for c in cols)
    for c in cols:
        values[("col", c)] = sum(values[("cell", r, c)] for r in rows)
    values[("grand",)] = sum(values[("row", r)] for r in rows)
    return values, suppress(values, table_lines(rows, cols), threshold=threshold)


def shown(value: int, mark: str | None, *, threshold: int = 5) -> int | str:
    """What a (possibly hidden) count looks like in a suppressed table."""
    if mark == PRIMARY:
        return f"<{threshold}"
    if mark == COMPLEMENTARY:
        return "*"
    return value
