from django.urls import path

from lotse.routing import rule_set_views, views

app_name = "routing"
urlpatterns = [
    path("handovers/", views.handover_list, name="handovers"),
    path("simulation/", views.simulation, name="simulation"),
    path("rules/", rule_set_views.rule_set_list, name="rule_sets"),
    path("rules/<id:pk>/", rule_set_views.rule_set_detail, name="rule_set"),
    path("rules/<id:pk>/new-version/", rule_set_views.rule_set_new_version, name="rule_set_new_version"),
    path("override/<str:external_id>/", views.override_create, name="override"),
    path("transfer/<str:external_id>/", views.transfer, name="transfer"),
]
