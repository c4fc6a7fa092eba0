from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("<kind>/<int:owner_pk>/<int:pk>/", views.document_detail, name="detail"),
    path("<kind>/<int:owner_pk>/<int:pk>/last-ned/", views.document_download, name="download"),
]
