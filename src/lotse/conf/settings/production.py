"""A Jobcenter's installation: DEBUG off, a secret key required, HTTPS only.

Refuses to start without ``LOTSE_SECRET_KEY``. Static files are collected
(``lotse collectstatic``) and served by WhiteNoise from the application.
"""

from django.core.exceptions import ImproperlyConfigured

from lotse.conf.settings.base import *  # noqa: F403
from lotse.conf.settings.base import MIDDLEWARE, SECRET_KEY, STORAGES, env_bool

DEBUG = False
if not SECRET_KEY:
    raise ImproperlyConfigured(
        "LOTSE_SECRET_KEY must be set for the production settings "
        "(on a development machine choose them with LOTSE_ENV=development)."
    )

MIDDLEWARE = [*MIDDLEWARE]
MIDDLEWARE.insert(1, "whitenoise.middleware.WhiteNoiseMiddleware")
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SECURE_SSL_REDIRECT = env_bool("LOTSE_SSL_REDIRECT", True)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^readyz$", r"^metrics$"]  # monitoring asks over plain HTTP
EXPECT_NIGHTLY_JOBS = env_bool("LOTSE_EXPECT_NIGHTLY_JOBS", True)  # banner when routing never ran
SECURE_HSTS_SECONDS = 31_536_000
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True

# Behind a reverse proxy that terminates TLS (deploy/nginx-lotse.conf): trust its
# X-Forwarded-Proto header for "is this HTTPS?" — only when the proxy is the sole way in.
if env_bool("LOTSE_BEHIND_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
