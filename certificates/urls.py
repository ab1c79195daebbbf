from django.urls import path

from . import views

app_name = "certificates"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<uuid:uuid>/download/", views.download, name="download"),
    path("zip/", views.CertificateZipView.as_view(), name="zip"),
    path("verify/", views.verify, name="verify"),
    path("verify/<str:code>/", views.verify_code, name="verify_code"),
]
