from django.dispatch import Signal

# Sent once, inside the transaction that completes a course, with `enrolment` (the
# completed courses.Enrolment). The certificates part listens to issue a certificate;
# receivers that do slow work must defer it with transaction.on_commit.
course_completed = Signal()
