from django.urls import path

from kam.calendars import views

app_name = "calendars"
urlpatterns = [
    path("", views.calendar_settings, name="settings"),
    path("feed/new/", views.calendar_feed_regenerate, name="regenerate"),
    path("feed/revoke/", views.calendar_feed_revoke, name="revoke"),
    path("feed/<str:token>.ics", views.calendar_feed, name="feed"),
    path("meetings/<int:pk>.ics", views.meeting_ics, name="meeting"),
]
