from django.urls import path

from accounts import views

app_name = "accounts"

urlpatterns = [
    path("second-factor/", views.verify, name="verify"),
    path("second-factor/enrol/", views.enrol, name="enrol"),
    path("sessions/", views.session_list, name="sessions"),
    path("sessions/end-others/", views.revoke_other_sessions, name="revoke-others"),
]
