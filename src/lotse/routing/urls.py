from django.urls import path

from lotse.routing import views

app_name = "routing"
urlpatterns = [
    path("handovers/", views.handover_list, name="handovers"),
    path("simulation/", views.simulation, name="simulation"),
    path("override/<str:external_id>/", views.override_create, name="override"),
    path("transfer/<str:external_id>/", views.transfer, name="transfer"),
]
