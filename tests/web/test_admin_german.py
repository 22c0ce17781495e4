"""The Django admin speaks German too, including the strings Django 6.1 added
(see lotse.conf.django_strings)."""

from __future__ import annotations

import pytest

from lotse.core.roles import Role


@pytest.mark.django_db
def test_admin_change_list_has_no_english_controls(client, make_user, small_data):
    user = make_user(Role.ADMINISTRATOR)
    user.is_staff = True
    user.save()
    client.force_login(user)
    html = client.get("/admin/organisation/staff/").content.decode()
    assert ">Ausführen<" in html and ">Run<" not in html
    add = client.get("/admin/organisation/staff/add/").content.decode()
    assert "– Bitte auswählen –" in add and "Select an option" not in add
