from django.urls import path

from .views import calendar, notifications, overview, status

app_name = "oversight"

urlpatterns = [
    path("oversikt/", overview.overview, name="overview"),
    path("avtaler/", status.agreement_status, name="agreement_status"),
    path("varsler/", notifications.notification_list, name="notifications"),
    path("varsler/<int:pk>/", notifications.notification_open, name="notification_open"),
    path("varsler/les-alle/", notifications.mark_all_read, name="mark_all_read"),
    path("varsler/innstillinger/", notifications.preferences, name="preferences"),
    path("kalender/", calendar.feed_settings, name="calendar"),
    path("kalender/ny-adresse/", calendar.feed_renew, name="calendar_renew"),
    path("kalender/stopp/", calendar.feed_revoke, name="calendar_revoke"),
    path("kalender/<str:token>.ics", calendar.feed, name="calendar_feed"),
]
