"""Hardening: log-in throttling, the optional second factor, CSP, session timeout, deploy checks."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys

import pytest
from django.conf import settings
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.core.roles import Role
from tests.conftest import PASSWORD


def log_in(client, username: str, password: str, token: str = ""):
    return client.post(reverse("login"), {"username": username, "password": password, "otp_token": token})


@pytest.mark.django_db
def test_five_failed_log_ins_lock_the_account(client, make_user):
    make_user(Role.CASEWORKER, "anna")
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert log_in(client, "anna", "wrong-password").status_code == 200
    assert log_in(client, "anna", "wrong-password").status_code == 429  # the fifth failure locks
    locked = log_in(client, "anna", PASSWORD)  # even the right password is refused now
    assert locked.status_code == 429
    assert "Anmeldung gesperrt" in locked.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_a_user_with_a_totp_device_needs_the_current_code(client, make_user):
    user = make_user(Role.CASEWORKER, "anna")
    device = TOTPDevice.objects.create(user=user, name="Telefon", confirmed=True)
    refused = log_in(client, "anna", PASSWORD)
    assert "Der Einmalcode fehlt oder ist falsch" in refused.content.decode()
    assert "_auth_user_id" not in client.session
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    assert log_in(client, "anna", PASSWORD, f"{code:06d}").status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)


@pytest.mark.django_db
def test_a_user_without_a_device_logs_in_with_the_password(client, make_user):
    make_user(Role.CASEWORKER, "anna")
    assert log_in(client, "anna", PASSWORD).status_code == 302


@pytest.mark.django_db
def test_pages_carry_csp_with_nonce_and_the_session_warning(caseworker_client):
    response = caseworker_client.get(reverse("home"))
    csp = response["Content-Security-Policy"]
    # No inline script at all: the nonce (Django's csp context processor) is there for any
    # that may come, and appears in the header only on a page that uses it.
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
    assert response["X-Frame-Options"] == "DENY"
    html = response.content.decode()
    warning_after = settings.SESSION_COOKIE_AGE - settings.SESSION_RENEW_SECONDS
    assert 'id="session-warning"' in html and f'data-seconds="{warning_after}"' in html
    assert settings.SESSION_COOKIE_AGE <= 30 * 60
    assert caseworker_client.post(reverse("keep_alive")).status_code == 204


def test_a_request_renews_the_session_at_most_once_a_minute(caseworker_client, monkeypatch):
    """The idle timeout counts from the last request, to the minute: the session row is
    written again only when its last renewal is a minute old, not on every page."""
    from django.contrib.sessions.models import Session

    from lotse.core import middleware

    key = caseworker_client.session.session_key
    clock = [1_000_000.0]
    monkeypatch.setattr(middleware.time, "time", lambda: clock[0])
    caseworker_client.get(reverse("home"))
    first = Session.objects.get(session_key=key).expire_date
    clock[0] += 30
    caseworker_client.get(reverse("home"))
    assert Session.objects.get(session_key=key).expire_date == first  # not written again
    clock[0] += 31
    caseworker_client.get(reverse("home"))
    renewed = Session.objects.get(session_key=key).expire_date
    assert renewed > first
    caseworker_client.post(reverse("keep_alive"))  # "stay logged in" renews at once
    assert Session.objects.get(session_key=key).expire_date > renewed


def test_production_settings_pass_the_deploy_checks(tmp_path):
    env = {
        **os.environ,
        "LOTSE_ENV": "production",
        "LOTSE_SECRET_KEY": secrets.token_urlsafe(64),
        "LOTSE_ALLOWED_HOSTS": "lotse.jobcenter.example",
        "LOTSE_DATA_DIR": str(tmp_path),
    }
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # pytest's test settings: the command chooses
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set by the browser tests' harness only
    result = subprocess.run(
        [sys.executable, "-m", "lotse.cli", "check", "--deploy", "--fail-level", "WARNING"],
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr + result.stdout


def test_production_refuses_to_start_without_a_secret(tmp_path):
    env = {**os.environ, "LOTSE_DATA_DIR": str(tmp_path)}
    env.pop("LOTSE_SECRET_KEY", None)
    env.pop("LOTSE_ENV", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)  # no choice made: every command but the demo is production
    result = subprocess.run(
        [sys.executable, "-m", "lotse.cli", "check"], env=env, capture_output=True, text=True
    )
    assert result.returncode != 0 and "LOTSE_SECRET_KEY must be set" in result.stderr


@pytest.mark.django_db
def test_pages_api_answers_and_downloads_are_never_cached(caseworker_client, small_data):
    for url in ("/", "/clients/P1/", "/clients/?q=M%C3%BCller", "/api/v1/openapi.json", "/accounts/login/"):
        assert "no-store" in caseworker_client.get(url)["Cache-Control"], url
    assert "no-store" in caseworker_client.get("/does-not-exist/")["Cache-Control"]


@pytest.mark.django_db
def test_export_files_are_readable_by_their_owner_only(routed, tmp_path):
    from lotse.exchange.exporter import export

    target = tmp_path / "export"
    export(target)
    assert oct(target.stat().st_mode & 0o777) == "0o700"
    modes = {p.name: oct(p.stat().st_mode & 0o777) for p in target.iterdir()}
    assert modes and set(modes.values()) == {"0o600"}, modes


@pytest.mark.django_db
def test_a_token_over_30_days_needs_the_password_again(caseworker_client):
    from datetime import timedelta

    from lotse.api.models import ApiToken
    from lotse.core.clock import today

    url = reverse("api:tokens")
    long = {"name": "Auswertung", "scopes": ["clients:read"], "expires_on": str(today() + timedelta(days=90))}
    refused = caseworker_client.post(url, long).content.decode()
    assert "braucht Ihr Passwort erneut" in refused and not ApiToken.objects.exists()
    assert (
        "braucht Ihr Passwort erneut"
        in caseworker_client.post(url, {**long, "password": "falsch"}).content.decode()
    )
    made = caseworker_client.post(url, {**long, "password": PASSWORD}).content.decode()
    assert "Ihr neues Token" in made and ApiToken.objects.count() == 1
    short = {**long, "name": "kurz", "expires_on": str(today() + timedelta(days=30))}
    assert "Ihr neues Token" in caseworker_client.post(url, short).content.decode()


@pytest.mark.django_db
def test_a_long_token_with_a_second_factor_needs_the_current_code_too(client, make_user):
    from datetime import timedelta

    from lotse.api.models import ApiToken
    from lotse.core.clock import today

    user = make_user(Role.CASEWORKER, "anna")
    device = TOTPDevice.objects.create(user=user, name="phone", confirmed=True)
    client.force_login(user)
    long = {"name": "x", "scopes": ["clients:read"], "expires_on": str(today() + timedelta(days=60))}
    assert (
        "braucht Ihr Passwort erneut"
        in client.post(reverse("api:tokens"), {**long, "password": PASSWORD}).content.decode()
    )
    code = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift).token()
    client.post(reverse("api:tokens"), {**long, "password": PASSWORD, "otp_token": f"{code:06d}"})
    assert ApiToken.objects.count() == 1


@pytest.mark.django_db
def test_a_tokens_scopes_shrink_when_its_owner_loses_the_role(routed, make_user):
    import json
    from datetime import timedelta

    from django.contrib.auth.models import Group
    from django.test import Client

    from lotse.api.tokens import token_create
    from lotse.core.clock import today
    from tests.conftest import link_staff

    user = make_user(Role.TEAM_LEAD, "lead")
    link_staff(user, "S4")
    secret = token_create(
        user=user,
        name="t",
        scopes=["clients:read", "reports:read"],
        expires_on=today() + timedelta(days=10),
        today=today(),
    ).secret
    api = Client(HTTP_AUTHORIZATION=f"Bearer {secret}")
    assert api.get("/api/v1/clients").status_code == 200
    user.groups.set([Group.objects.get(name=Role.CONTROLLING.value)])  # moved to controlling
    assert api.get("/api/v1/clients").status_code == 403
    assert json.loads(api.get("/api/v1/me").content)["scopes"] == ["reports:read"]
