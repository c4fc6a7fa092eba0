from django.urls import path

from . import views

app_name = "agreements"

urlpatterns = [
    path("<int:pk>/", views.partnership_detail, name="partnership_detail"),
]
