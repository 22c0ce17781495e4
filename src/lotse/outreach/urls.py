from django.urls import path

from lotse.outreach import views

app_name = "outreach"

urlpatterns = [
    path("", views.figures, name="figures"),
    path("candidates/", views.candidate_list, name="candidates"),
    path("rounds/", views.round_list, name="rounds"),
    path("rounds/<id:pk>/", views.round_detail, name="round"),
    path("rounds/<id:pk>/letters/", views.round_letters, name="round_letters"),
    path("rounds/<id:pk>/route.csv", views.round_route, name="round_route"),
    path("cases/<id:pk>/", views.case_detail, name="case"),
    path("cases/<id:pk>/letter/", views.case_letter, name="case_letter"),
    path("cases/<id:pk>/action/", views.case_action, name="case_action"),
]
