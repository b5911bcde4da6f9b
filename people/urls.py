from django.urls import path

from people import views

app_name = "people"

urlpatterns = [
    path("correspondents/<str:slug>/", views.correspondent, name="correspondent"),
    path("organisations/<str:slug>/", views.organisation, name="organisation"),
    path("sources/<str:slug>/", views.source, name="source"),
]
