from django.urls import path

from lotse.measures import views

app_name = "measures"

urlpatterns = [path("", views.effectiveness_page, name="effectiveness")]
