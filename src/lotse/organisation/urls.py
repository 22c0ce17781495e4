from django.urls import path

from lotse.organisation import views

app_name = "organisation"
urlpatterns = [
    path("teams/", views.team_list, name="team_list"),
    path("teams/<str:external_id>/", views.team_detail, name="team_detail"),
    path("staff/<str:external_id>/", views.staff_detail, name="staff_detail"),
    path("districts/", views.district_ranking, name="district_ranking"),
    path("districts/<str:external_id>/", views.district_detail, name="district_detail"),
    path("staffing/", views.staffing, name="staffing"),
]
