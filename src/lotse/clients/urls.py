from django.urls import path

from lotse.clients import views
from lotse.measures.client_views import record

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("<str:external_id>/", views.client_detail, name="detail"),
    path("<str:external_id>/purpose/", views.client_purpose, name="purpose"),
    path("<str:external_id>/edit/", views.client_edit, name="edit"),
    path("<str:external_id>/record/<str:what>/", record, name="record"),
]
