from django.urls import path

from lotse.trust import views

app_name = "trust"
urlpatterns = [
    path("audit/", views.audit_log, name="audit_log"),
    path("access-report/", views.access_report, name="access_report"),
    path("deletions/", views.deletion_log, name="deletion_log"),
]
