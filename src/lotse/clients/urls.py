from django.urls import path

from lotse.clients import views

app_name = "clients"
urlpatterns = [
    path("", views.client_list, name="list"),
    path("<str:external_id>/", views.client_detail, name="detail"),
]
