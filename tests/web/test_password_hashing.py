"""Local passwords are stored with Argon2id (lotse.core.passwords); an older PBKDF2 hash
still logs in and is rewritten with Argon2id."""

from __future__ import annotations

import pytest
from django.contrib.auth.hashers import PBKDF2PasswordHasher, identify_hasher
from django.contrib.auth.models import User

HASHERS = ["lotse.core.passwords.Argon2idHasher", "django.contrib.auth.hashers.PBKDF2PasswordHasher"]


@pytest.mark.django_db
def test_passwords_are_argon2id_and_an_old_pbkdf2_hash_is_upgraded_at_log_in(client, settings):
    settings.PASSWORD_HASHERS = HASHERS  # the test settings use a fast hasher; these are production's
    user = User.objects.create_user("old.account")
    pbkdf2 = PBKDF2PasswordHasher()
    user.password = pbkdf2.encode("Ein-langes-Passwort-2026", pbkdf2.salt(), iterations=1000)
    user.save()
    assert (
        client.post(
            "/accounts/login/", {"username": "old.account", "password": "Ein-langes-Passwort-2026"}
        ).status_code
        == 302
    )
    user.refresh_from_db()
    assert user.password.startswith("argon2$argon2id$v=19$m=19456,t=2,p=1$")
    assert identify_hasher(user.password).__class__.__name__ == "Argon2idHasher"
