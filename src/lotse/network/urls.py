from django.urls import path

from lotse.network import views

app_name = "network"

urlpatterns = [
    path("partners/", views.partners, name="partners"),
    path("partners/new/", views.partner_new, name="partner_new"),
    path("partners/<id:pk>/", views.partner_detail, name="partner"),
    path("partners/<id:pk>/edit/", views.partner_new, name="partner_edit"),
    path("cooperations/", views.cooperations, name="cooperations"),
    path("groups/", views.groups, name="groups"),
    path("groups/<id:pk>/", views.group_detail, name="group"),
    path("meetings/<id:pk>/", views.meeting_detail, name="meeting"),
    path("tasks/<id:pk>/done/", views.task_done, name="task_done"),
    path("consultations/", views.consultations, name="consultations"),
    path("vacancies/", views.vacancies, name="vacancies"),
    path("vacancies/<id:pk>/", views.vacancy_detail, name="vacancy"),
    path("referrals/<id:pk>/outcome/", views.referral_outcome, name="referral_outcome"),
    path("report/", views.report, name="report"),
    path("qualifications/", views.qualifications, name="qualifications"),
    path("files/<str:kind>/<id:pk>/", views.document, name="document"),
]
