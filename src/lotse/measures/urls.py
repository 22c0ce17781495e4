from django.urls import path

from lotse.measures import client_views, views

app_name = "measures"

urlpatterns = [
    path("", views.effectiveness_page, name="effectiveness"),
    path("participations/<int:pk>/exit/", client_views.participation_exit, name="participation_exit"),
    path("needs/<int:pk>/resolve/", client_views.need_resolve, name="need_resolve"),
]
