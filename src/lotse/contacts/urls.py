from django.urls import path

from lotse.contacts import ruleset_views, views

app_name = "contacts"
urlpatterns = [
    path("worklist/", views.worklist, name="worklist"),
    path("record/<str:external_id>/", views.contact_create, name="record"),
    path("<int:pk>/edit/", views.contact_edit, name="edit"),
    path("rules/", ruleset_views.rule_set_list, name="rule_sets"),
    path("rules/<int:pk>/", ruleset_views.rule_set_detail, name="rule_set"),
    path("rules/<int:pk>/new-version/", ruleset_views.rule_set_new_version, name="rule_set_new_version"),
]
