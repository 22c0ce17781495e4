from django.urls import path

from lotse.measures import views

app_name = "measures"

urlpatterns = [
    path("", views.effectiveness_page, name="effectiveness"),
    path("participations/<id:pk>/exit/", views.participation_exit, name="participation_exit"),
    path("needs/<id:pk>/resolve/", views.need_resolve, name="need_resolve"),
]
