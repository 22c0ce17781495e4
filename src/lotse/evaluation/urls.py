from django.urls import path

from lotse.evaluation import views

app_name = "evaluation"
urlpatterns = [path("contact-density/", views.contact_density, name="contact_density")]
