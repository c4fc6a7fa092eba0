from django.urls import path

from . import views

app_name = "archive"

urlpatterns = [
    path("arkiv/<str:kind>/<int:pk>/", views.filing_detail, name="filing"),
    path("arkiv/<str:kind>/<int:pk>/arkivpakke/", views.filing_package, name="package"),
    path(
        "arkiv/<str:kind>/<int:pk>/arkivpakke/lagd/",
        views.filing_package_record,
        name="package_record",
    ),
    path("arkiv/<str:kind>/<int:pk>/send/", views.filing_send, name="send"),
]
