from django.urls import path

from lotse.measures import views

app_name = "measures"

urlpatterns = [
    path("", views.effectiveness_page, name="effectiveness"),
    path("participations/<int:pk>/exit/", views.participation_exit, name="participation_exit"),
    path("needs/<int:pk>/resolve/", views.need_resolve, name="need_resolve"),
]
