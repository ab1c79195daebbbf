"""Programme summary on 20,000 learners: the reports part's selector against the same
counts written by hand as GROUP BY SQL (three breakdowns and the pre/post-test means)."""

import datetime

from django.db import connection

from .common import median_seconds, national_viewer

DATE_FROM = datetime.date(2024, 1, 1)
DATE_TO = datetime.date(2026, 12, 31)
REPEAT = 5

BREAKDOWN_SQL = """
SELECT e.course_id, c.title, {group}, COUNT(e.id),
       SUM(CASE WHEN e.completed_at IS NOT NULL AND e.completed_at < %s THEN 1 ELSE 0 END)
FROM courses_enrolment e
JOIN wagtailcore_page c ON c.id = e.course_id
JOIN auth_user u ON u.id = e.user_id
LEFT JOIN people_staffprofile p ON p.user_id = u.id
{join}
WHERE e.enrolled_at >= %s AND e.enrolled_at < %s
GROUP BY e.course_id, c.title, {group}
"""
GROUPS = (
    ("co.name", "LEFT JOIN people_county co ON co.id = p.county_id"),
    ("p.sex", ""),
    ("ag.name", "LEFT JOIN people_agency ag ON ag.id = p.agency_id"),
)
# Knowledge gain: first pre-test and best final per learner and course (both quizzes sit
# directly in the course, so the course's path is the quiz's minus one level), averaged
# per course over the enrolments of the cohort.
KNOWLEDGE_SQL = """
WITH scores AS (
  SELECT a.user_id, substr(qp.path, 1, length(qp.path) - 4) AS course_path,
         MIN(CASE WHEN q.kind = 'pretest' AND a.number = 1 THEN a.score_percent END) AS pre,
         MAX(CASE WHEN q.kind = 'final' THEN a.score_percent END) AS post
  FROM quizzes_quizattempt a
  JOIN quizzes_quizpage q ON q.page_ptr_id = a.quiz_id
  JOIN wagtailcore_page qp ON qp.id = a.quiz_id
  WHERE a.submitted_at IS NOT NULL AND q.kind IN ('pretest', 'final')
  GROUP BY a.user_id, substr(qp.path, 1, length(qp.path) - 4)
)
SELECT c.id, AVG(s.pre), AVG(s.post), AVG(s.post - s.pre), COUNT(*)
FROM scores s
JOIN wagtailcore_page c ON c.path = s.course_path
JOIN courses_enrolment e ON e.user_id = s.user_id AND e.course_id = c.id
WHERE e.enrolled_at >= %s AND e.enrolled_at < %s
GROUP BY c.id
"""


def hand_written() -> list:
    from lms.reports.selectors import period_bounds

    start, end = period_bounds(DATE_FROM, DATE_TO)
    results = []
    with connection.cursor() as cursor:
        for group, join in GROUPS:
            cursor.execute(BREAKDOWN_SQL.format(group=group, join=join), [end, start, end])
            results.append(cursor.fetchall())
        cursor.execute(KNOWLEDGE_SQL, [start, end])
        results.append(cursor.fetchall())
    return results


def measure() -> dict:
    from lms.reports.selectors import programme_summary

    viewer = national_viewer()

    def platform():
        return programme_summary(viewer=viewer, date_from=DATE_FROM, date_to=DATE_TO)

    platform()  # warm: imports, first query plans
    hand_written()
    summary = platform()
    value = median_seconds(platform, REPEAT)
    baseline = median_seconds(hand_written, REPEAT)
    return {
        "rows": [
            {
                "scenario": "programme summary, 20k learners",
                "measure": "seconds (median of 5)",
                "value": round(value, 3),
                "baseline": round(baseline, 3),
                "target": 1.2,
                "higher_is_better": False,
                "unit": "s",
                "note": f"{summary.enrolled_total} enrolments in the cohort",
            }
        ]
    }
