from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("catalogue/", views.catalogue, name="catalogue"),
    path("my-learning/", views.my_learning, name="my_learning"),
    path("learn/courses/<int:course_id>/enrol/", views.enrol, name="enrol"),
    path("learn/courses/<int:course_id>/continue/", views.continue_course, name="continue"),
    path("learn/lessons/<int:lesson_id>/complete/", views.lesson_complete, name="lesson_complete"),
    path("learn/modules/<int:module_id>/job-aid.pdf", views.job_aid, name="job_aid"),
]
