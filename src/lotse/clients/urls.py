from django.urls import path

from lotse.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("<str:external_id>/", views.client_detail, name="detail"),
    path("<str:external_id>/purpose/", views.client_purpose, name="purpose"),
    path("<str:external_id>/edit/", views.client_edit, name="edit"),
]
