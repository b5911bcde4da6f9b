from django.urls import path

from articles import views

app_name = "articles"

urlpatterns = [
    path("", views.home, name="home"),
    path("regions/<str:slug>/", views.region, name="region"),
    path("countries/<str:slug>/", views.country, name="country"),
    path("programmes/<str:slug>/", views.programme, name="programme"),
    path("<str:slug>/", views.detail, name="detail"),
]
