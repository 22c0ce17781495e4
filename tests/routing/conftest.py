from datetime import date
from decimal import Decimal

import pytest

from lotse.organisation.models import District, Staff, Team


@pytest.fixture
def generalist(small_data):
    """A caseworker without a specialisation in the applicant service, serving Nordstadt."""
    s = Staff.objects.create(
        external_id="S5",
        family_name="Lang",
        given_name="Ute",
        team=Team.objects.get(external_id="T1"),
        fte=Decimal(1),
        valid_from=date(2020, 1, 1),
    )
    s.districts.add(District.objects.get(external_id="D1"))
    return s
