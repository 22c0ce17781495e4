from django.urls import path

from lotse.reports import views

app_name = "reports"
urlpatterns = [path("<slug:name>/", views.download, name="download")]
