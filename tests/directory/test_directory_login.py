"""Directory log-in (issue 23) against a real OpenLDAP server: roles follow the directory's
groups at every log-in, the staff record is found by the personnel number, a user in no
mapped group cannot log in, and the administrator's local account keeps working."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from lotse.core.models import AuditAction, AuditEvent
from lotse.core.roles import Role, roles_of
from lotse.organisation.models import Staff
from tests.directory.conftest import GROUPS, PASSWORD, SUFFIX


@pytest.fixture
def ldap_settings(settings, directory):
    from lotse.conf.settings.directory import directory_settings

    env = {
        "LOTSE_LDAP_URI": directory.uri,
        "LOTSE_LDAP_USER_BASE": f"ou=people,{SUFFIX}",
        "LOTSE_LDAP_GROUP_BASE": f"ou=groups,{SUFFIX}",
        "LOTSE_LDAP_ROLE_GROUPS": ";".join(f"{role}={dn}" for role, dn in GROUPS.items()),
        "LOTSE_LDAP_STAFF_ATTRIBUTE": "employeeNumber",
    }
    for name, value in directory_settings(env).items():
        setattr(settings, name, value)
    settings.AUTHENTICATION_BACKENDS = [
        "axes.backends.AxesStandaloneBackend",
        "lotse.organisation.directory.DirectoryBackend",
        "django.contrib.auth.backends.ModelBackend",
    ]
    return directory


def log_in(client, username: str, password: str = PASSWORD) -> bool:
    client.logout()
    response = client.post("/accounts/login/", {"username": username, "password": password})
    return response.status_code == 302


@pytest.mark.django_db
def test_a_directory_user_logs_in_with_the_roles_of_the_groups_and_loses_a_role_the_group_no_longer_gives(
    client, ldap_settings, small_data
):
    directory = ldap_settings
    dn = directory.person("amira.yilmaz", "Amira", "Yilmaz", employee_number="S1")
    directory.set_member("caseworker", dn, True)

    assert log_in(client, "amira.yilmaz")
    user = User.objects.get(username="amira.yilmaz")
    assert roles_of(user) == {Role.CASEWORKER.value}
    assert (user.first_name, user.last_name, user.has_usable_password()) == ("Amira", "Yilmaz", False)
    assert Staff.objects.get(external_id="S1").user == user  # found by the personnel number
    assert client.get(reverse("contacts:worklist")).status_code == 200

    directory.set_member("caseworker", dn, False)  # moved to team leadership in the directory
    directory.set_member("team_lead", dn, True)
    assert log_in(client, "amira.yilmaz")
    assert roles_of(User.objects.get(pk=user.pk)) == {Role.TEAM_LEAD.value}
    changes = AuditEvent.objects.filter(action=AuditAction.ACCESS, what="directory_roles").order_by("pk")
    assert [e.detail for e in changes] == [
        "amira.yilmaz: - → caseworker",
        "amira.yilmaz: caseworker → team_lead",
    ]

    directory.set_member("team_lead", dn, False)  # left the Jobcenter's groups altogether
    assert not log_in(client, "amira.yilmaz")


@pytest.mark.django_db
def test_a_wrong_password_is_refused_and_the_local_administrator_still_logs_in(
    client, ldap_settings, make_user
):
    directory = ldap_settings
    dn = directory.person("ben.krause", "Ben", "Krause")
    directory.set_member("outreach", dn, True)
    assert not log_in(client, "ben.krause", "falsch")
    assert not User.objects.filter(username="ben.krause").exists()

    from tests.conftest import PASSWORD as LOCAL_PASSWORD

    make_user(Role.ADMINISTRATOR, "admin")  # a local account, not in the directory
    assert log_in(client, "admin", LOCAL_PASSWORD)
    assert log_in(client, "ben.krause")
    assert roles_of(User.objects.get(username="ben.krause")) == {Role.OUTREACH.value}


def test_the_role_mapping_names_a_wrong_entry():
    from lotse.organisation.directory import parse_role_groups

    assert parse_role_groups("caseworker=cn=IFK,ou=groups,dc=x; team_lead=cn=TL,dc=x") == {
        "caseworker": "cn=ifk,ou=groups,dc=x",
        "team_lead": "cn=tl,dc=x",
    }
    with pytest.raises(ValueError, match="'boss=cn=x'"):
        parse_role_groups("boss=cn=x")
