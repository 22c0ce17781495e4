"""pytest (``pyproject.toml`` names this module): production-like, with fast password hashing.

The password hasher is the one thing that differs from production for speed: PBKDF2
with Django's iteration count costs ~0.3 s per user created or logged in, and the
suite creates hundreds. The hardening tests that care about production behaviour run
``lotse`` with :mod:`lotse.conf.settings.production` in a subprocess.
"""

from lotse.conf.settings.base import *  # noqa: F403
from lotse.conf.settings.base import SECRET_KEY

DEBUG = False
SECRET_KEY = SECRET_KEY or "insecure-test-key-do-not-use-in-production"
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

import tempfile  # noqa: E402
from pathlib import Path  # noqa: E402

MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="lotse-test-files-"))  # uploads of a test run stay out of the tree
# Test fixtures write rows directly, not through the services that move the data version
# on: kept results would outlive them. The tests of keeping switch it on.
KEEP_RESULTS = False
