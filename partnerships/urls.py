from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("partnerskap/<int:pk>/", views.partnership_detail, name="partnership_detail"),
    path(
        "partnerskap/<int:pk>/dokumentspraak/",
        views.document_language,
        name="document_language",
    ),
]
