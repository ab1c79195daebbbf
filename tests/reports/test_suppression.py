"""The small-cell suppression rule (docs/reports.md), on tables worked out by hand."""

import csv
import io

from django.urls import reverse

from lms.reports.suppression import COMPLEMENTARY, PRIMARY, suppress, table_suppress

from .conftest import PERIOD


def test_counts_from_one_to_four_are_hidden_zeros_and_fives_are_not():
    values = {"a": 0, "b": 1, "c": 4, "d": 5, "t": 10}
    hidden = suppress(values, [(["a", "b", "c", "d"], "t")])
    assert hidden == {"b": PRIMARY, "c": PRIMARY}


def test_a_lone_hidden_cell_gets_a_complementary_partner():
    # Row: 3, 10, 12, total 25. Hiding only the 3 would let 25 - 10 - 12 reveal it, so
    # the smallest other non-zero cell (10) is hidden too.
    values = {"x": 3, "y": 10, "z": 12, "t": 25}
    assert suppress(values, [(["x", "y", "z"], "t")]) == {"x": PRIMARY, "y": COMPLEMENTARY}


def test_with_no_other_non_zero_cell_the_total_is_hidden():
    # Line 1 (a, b | t1) hides b as the partner of a. In line 2 (b, z | t2), b is then
    # alone and z is zero, so t2 (which equals b) is hidden.
    values = {"a": 2, "b": 7, "t1": 9, "z": 0, "t2": 7}
    lines = [(["a", "b"], "t1"), (["b", "z"], "t2")]
    assert suppress(values, lines) == {"a": PRIMARY, "b": COMPLEMENTARY, "t2": COMPLEMENTARY}


def test_two_way_table_is_protected_across_rows_and_columns():
    # Courses A, B x counties K, M:
    #          K    M  | total
    #   A      2   20  |  22
    #   B     30   40  |  70
    #   total 32   60  |  92
    # Primary: A-K (2). Row A would reveal it: hide A-M (20). Column K would reveal it:
    # hide B-K (30). Column M now has one hidden (A-M): hide B-M (40). Rows and the
    # margins then each have 0 or 2+ hidden.
    values, hidden = table_suppress(
        {("A", "K"): 2, ("A", "M"): 20, ("B", "K"): 30, ("B", "M"): 40}, ["A", "B"], ["K", "M"]
    )
    assert values[("grand",)] == 92
    assert hidden == {
        ("cell", "A", "K"): PRIMARY,
        ("cell", "A", "M"): COMPLEMENTARY,
        ("cell", "B", "K"): COMPLEMENTARY,
        ("cell", "B", "M"): COMPLEMENTARY,
    }


def test_no_line_is_left_with_exactly_one_hidden_entry():
    import itertools
    import random

    rng = random.Random(7)
    rows, cols = ["A", "B", "C"], ["K", "L", "M", "N"]
    for _ in range(200):
        cells = {
            (r, c): rng.choice([0, 1, 2, 3, 4, 5, 6, 9, 15])
            for r, c in itertools.product(rows, cols)
        }
        values, hidden = table_suppress(cells, rows, cols)
        from lms.reports.suppression import table_lines

        for members, total in table_lines(rows, cols):
            assert sum(1 for key in [*members, total] if key in hidden) != 1
        for key, value in values.items():
            if 0 < value < 5:
                assert hidden.get(key) == PRIMARY


def _csv(response):
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_suppressed_summary_export_on_the_fixed_data_set(dataset, staff, login):
    # County x course, enrolled (see conftest): A: Busia 4, Mombasa 1, Nairobi 2 (7);
    # B: 1, 1, 1 (3); county totals 5, 2, 3; grand total 10. Every cell is 1-4, and so
    # are B's total and the Mombasa and Nairobi totals. The course totals line (7, 3 |
    # 10) then has one hidden entry, so A's total 7 is hidden as a complement. Busia's
    # 5 and the grand total 10 stay.
    client = login(staff["hr_national"])
    response = client.get(
        reverse("hr_reports:summary"), {**PERIOD, "suppress": "1", "export": "csv"}
    )
    assert response.status_code == 200
    assert "suppressed-yes" in response["Content-Disposition"]
    rows = {(r[0], r[1], r[2]): r[3:6] for r in _csv(response)[1:] if r[0] != "Knowledge gain"}
    assert rows[("County", "Migration basics", "Busia")] == ["<5", "<5", "*"]
    assert rows[("County", "Migration basics", "All")] == ["*", "<5", "*"]
    assert rows[("County", "Border management", "All")] == ["<5", "<5", "*"]
    assert rows[("County", "All courses", "Busia")] == ["5", "<5", "*"]
    assert rows[("County", "All courses", "All")] == ["10", "6", "60.0"]
    for (_, _, _), (enrolled, completed, _) in rows.items():
        for value in (enrolled, completed):
            assert value in {"<5", "*", "0"} or int(value) >= 5


def test_unsuppressed_summary_shows_every_number(dataset, staff, login):
    client = login(staff["hr_national"])
    response = client.get(reverse("hr_reports:summary"), {**PERIOD, "export": "csv"})
    table = _csv(response)
    rows = {(r[0], r[1], r[2]): r[3:6] for r in table[1:] if r[0] != "Knowledge gain"}
    assert rows[("County", "Migration basics", "Busia")] == ["4", "3", "75.0"]
    assert rows[("Sex", "All courses", "Male")] == ["5", "2", "40.0"]
    assert rows[("Agency", "All courses", "All")] == ["10", "6", "60.0"]
    knowledge = [r[:2] + r[6:] for r in table if r[0] == "Knowledge gain"]
    assert [
        "Knowledge gain",
        "Migration basics",
        "5",
        "40.0",
        "4",
        "76.5",
        "4",
        "34.0",
    ] in knowledge
