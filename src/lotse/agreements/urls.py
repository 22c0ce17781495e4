from django.urls import path

from lotse.agreements import views

app_name = "agreements"

urlpatterns = [path("", views.quota_page, name="quota")]
