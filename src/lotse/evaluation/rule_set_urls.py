"""The contact rule sets with their effect on the contact density, under /contacts/rules/."""

from django.urls import path

from lotse.evaluation import rule_set_views

app_name = "contact_rules"
urlpatterns = [
    path("", rule_set_views.rule_set_list, name="list"),
    path("<id:pk>/", rule_set_views.rule_set_detail, name="detail"),
    path("<id:pk>/new-version/", rule_set_views.rule_set_new_version, name="new_version"),
]
