from django.urls import path

from . import views

app_name = "partnerships"

urlpatterns = [
    path("partnerskap/<int:pk>/", views.partnership_detail, name="partnership_detail"),
]
