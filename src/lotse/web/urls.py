"""The URLs of the pages composed here, each under the namespace its area's templates use.

``clients`` — the clients app's search, purpose step and master data, beside the record
composed in :mod:`lotse.web.client_record`;
``organisation`` — the organisation app's teams and staff, beside the pages that count
clients (:mod:`lotse.web.organisation`); ``agreements`` — the agreement quota against the
target agreement (:mod:`lotse.web.steering`).
"""

from django.urls import path

from lotse.clients import views as clients_views
from lotse.organisation import views as organisation_views
from lotse.web import client_record, corrections, facts, organisation, placements, steering

clients = (
    [
        path("", clients_views.client_list, name="list"),
        path("<str:external_id>/", client_record.client_detail, name="detail"),
        path("<str:external_id>/purpose/", clients_views.client_purpose, name="purpose"),
        path("<str:external_id>/edit/", clients_views.client_edit, name="edit"),
        path("<str:external_id>/facts/", facts.facts_page, name="facts"),
        path("<str:external_id>/facts/<id:pk>/", facts.facts_page, name="fact"),
        path("<str:external_id>/address/", facts.address_page, name="address"),
        path("<str:external_id>/address/<id:pk>/", facts.address_page, name="address_correct"),
        path("<str:external_id>/record/<str:what>/", client_record.record, name="record"),
        path("<str:external_id>/items/<str:kind>/<id:pk>/", corrections.item_page, name="item"),
        path(
            "<str:external_id>/proposals/<id:pk>/return/",
            placements.proposal_return_view,
            name="proposal_return",
        ),
    ],
    "clients",
)

organisation_pages = (
    [
        path("teams/", organisation_views.team_list, name="team_list"),
        path("teams/<str:external_id>/", organisation_views.team_detail, name="team_detail"),
        path("staff/<str:external_id>/", organisation_views.staff_detail, name="staff_detail"),
        path("districts/", organisation.district_ranking_page, name="district_ranking"),
        path("districts/<str:external_id>/", organisation.district_detail, name="district_detail"),
        path("staffing/", organisation.staffing_page, name="staffing"),
        path("deputies/", organisation_views.deputyship_page, name="deputies"),
        path("deputies/<id:pk>/end/", organisation_views.deputyship_end, name="deputy_end"),
    ],
    "organisation",
)

agreements_pages = ([path("", steering.quota_page, name="quota")], "agreements")
