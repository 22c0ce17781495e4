from django.urls import path

from lotse.contacts import views

app_name = "contacts"
urlpatterns = [
    path("worklist/", views.worklist_page, name="worklist"),
    path("record/<str:external_id>/", views.contact_create, name="record"),
    path("<int:pk>/edit/", views.contact_edit, name="edit"),
]
