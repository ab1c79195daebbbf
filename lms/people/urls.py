from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("profile/", views.profile, name="profile"),
    path("my-data/", views.my_data, name="my_data"),
    path("delete-account/", views.delete_account, name="delete_account"),
]
