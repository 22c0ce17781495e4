"""Web pages of the API area: personal tokens and the API documentation."""

from django.urls import path

from lotse.api import views

app_name = "api"

urlpatterns = [
    path("tokens/", views.token_list, name="tokens"),
    path("tokens/<id:pk>/revoke/", views.token_revoke, name="token_revoke"),
]
