from django.urls import path

from lotse.municipal import views

app_name = "municipal"

urlpatterns = [path("", views.budgets, name="budgets")]
