from django.urls import path

from lotse.targets import views

app_name = "targets"

urlpatterns = [
    path("", views.mbz, name="mbz"),
    path("targets/<id:pk>/comment/", views.comment, name="comment"),
    path("targets/<id:pk>/action/", views.action, name="action"),
]
