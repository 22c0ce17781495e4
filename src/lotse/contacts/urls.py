from django.urls import path

from lotse.contacts import views

app_name = "contacts"
urlpatterns = [
    path("worklist/", views.worklist_page, name="worklist"),
    path("deviations/", views.deviation_list, name="deviations"),
    path("record/<str:external_id>/", views.contact_create, name="record"),
    path("<id:pk>/edit/", views.contact_edit, name="edit"),
]
