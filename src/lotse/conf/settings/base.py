"""What every environment shares, read from environment variables.

The embedded default database is a SQLite file in ``LOTSE_DATA_DIR`` (the current
folder) so that ``lotse demo`` runs on a fresh machine with nothing configured;
PostgreSQL, the production database, is used as soon as ``DATABASE_URL`` is set.
DEBUG is off here; only :mod:`lotse.conf.settings.development` turns it on.
"""

from __future__ import annotations

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _

DEBUG = False
SECRET_KEY = os.environ.get("LOTSE_SECRET_KEY", "")

PACKAGE_DIR = Path(__file__).resolve().parent.parent.parent
DATA_DIR = Path(os.environ.get("LOTSE_DATA_DIR", Path.cwd())).resolve()


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


ALLOWED_HOSTS = [h for h in os.environ.get("LOTSE_ALLOWED_HOSTS", "localhost,127.0.0.1").split(",") if h]

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django_filters",
    "django_tables2",
    "lotse.core",
    "lotse.organisation",
    "lotse.clients",
    "lotse.routing",
    "lotse.contacts",
    "lotse.network",
    "lotse.evaluation",
    "lotse.exchange",
    "lotse.trust",
    "lotse.outreach",
    "lotse.measures",
    "lotse.municipal",
    "lotse.targets",
    "lotse.agreements",
    "lotse.events",
    "lotse.reports",
    "lotse.api",
    "lotse.demo",
    "lotse.web",
    "lotse.ops",
    "django_tasks_db",  # the queue of scheduled jobs (lotse worker, lotse scheduler)
    "ninja",  # serves the vendored Swagger UI (no CDN)
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
]

MIDDLEWARE = [
    "lotse.core.logs.RequestLog",  # first: times the whole request, one JSON line each
    "django.middleware.security.SecurityMiddleware",
    "lotse.core.middleware.NoStore",  # pages, API answers and downloads: never cached
    "django.contrib.sessions.middleware.SessionMiddleware",
    "lotse.core.middleware.RenewSession",  # after the session middleware: runs first on the way out
    "lotse.core.middleware.GermanByDefaultLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # A NUL character anywhere in the request is refused before a view or query sees it.
    "lotse.core.middleware.RefuseBadInput",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    # Last, as django-axes asks: it turns a locked-out login into its lockout response.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # counts failed log-ins, locks after AXES_FAILURE_LIMIT
    "django.contrib.auth.backends.ModelBackend",
]
# Directory log-in (LDAP / Active Directory, lotse.conf.settings.directory): on when
# LOTSE_LDAP_URI is set; local accounts (the administrator's) keep working beside it.
LOTSE_LDAP_ROLE_GROUPS: dict[str, str] = {}
LOTSE_LDAP_STAFF_ATTRIBUTE = ""
if os.environ.get("LOTSE_LDAP_URI"):
    from lotse.conf.settings.directory import directory_settings

    globals().update(directory_settings(os.environ))
    AUTHENTICATION_BACKENDS.insert(1, "lotse.organisation.directory.DirectoryBackend")
# PostgreSQL: the role the application connects as in production; every `migrate` (run as
# the owner) grants it read/write on the tables but not UPDATE/DELETE of the audit trail.
DB_APP_ROLE = os.environ.get("LOTSE_DB_APP_ROLE", "")
# Who sees contact figures per individual caseworker (performance data: a works-council
# agreement decides). A team lead sees only the own team's caseworkers; roles not listed see
# teams and offices only. Comma-separated role codes, e.g. "team_lead,management".
# Show administrators and team leads a banner when the nightly routing has never run (a new
# installation whose scheduler is not set up yet); a failed or late run always shows one.
EXPECT_NIGHTLY_JOBS = env_bool("LOTSE_EXPECT_NIGHTLY_JOBS", False)

# Scheduled jobs (lotse.ops.schedule): `lotse scheduler` enqueues them at these local times,
# `lotse worker` runs them. job=HH:MM daily, job=*/N every N minutes.
LOTSE_SCHEDULE = os.environ.get(
    "LOTSE_SCHEDULE",
    "route=02:00,events_overdue=02:30,retention=03:00,freeze_month=03:30,events_deliver=*/1",
)
# A run still "running" after this many hours is taken as dead (failed, tried once more).
LOTSE_JOB_TIMEOUT_HOURS = int(os.environ.get("LOTSE_JOB_TIMEOUT_HOURS", "4"))
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}

# Who may read /metrics (Prometheus): networks, comma-separated; never through the proxy.
METRICS_ALLOWED = [
    n.strip() for n in os.environ.get("LOTSE_METRICS_ALLOWED", "127.0.0.1/32,::1/128").split(",") if n.strip()
]

# Days after a month end until its figures are frozen by the nightly month freezing (late
# entries for the month are accepted until then).
MONTH_CLOSING_DAYS = int(os.environ.get("LOTSE_MONTH_CLOSING_DAYS", "10"))

INDIVIDUAL_FIGURES_ROLES = [
    r for r in os.environ.get("LOTSE_INDIVIDUAL_FIGURES_ROLES", "team_lead").split(",") if r.strip()
]
# Webhooks (lotse.events.destinations): plain http only to these hosts; internal addresses
# (loopback, private, link-local) only for these hosts. Comma-separated host names.
WEBHOOK_HTTP_HOSTS = [h for h in os.environ.get("LOTSE_WEBHOOK_HTTP_HOSTS", "").split(",") if h]
WEBHOOK_INTERNAL_HOSTS = [h for h in os.environ.get("LOTSE_WEBHOOK_INTERNAL_HOSTS", "").split(",") if h]
# Brute-force protection (SPEC S11): 5 failures lock the user name from that address for
# 30 minutes; a successful log-in resets the count.
AXES_FAILURE_LIMIT = int(os.environ.get("LOTSE_LOGIN_FAILURES", "5"))
AXES_COOLOFF_TIME = 0.5  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

ROOT_URLCONF = "lotse.conf.urls"
WSGI_APPLICATION = "lotse.conf.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "lotse.core.context.as_of",
                "lotse.web.context.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": dj_database_url.parse(
        os.environ.get("DATABASE_URL", f"sqlite:///{DATA_DIR / 'lotse.sqlite3'}"),
        conn_max_age=int(os.environ.get("LOTSE_DB_CONN_MAX_AGE", "60")),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the demo server read while an import writes; the timeout avoids
    # "database is locked" on short write bursts. A page cache of up to 64 MiB and sorts in
    # memory for the long runs (routing, imports): with SQLite's 2 MiB the first routing of a
    # million clients read and wrote the same pages again and again (system time 27 -> 13 s).
    # A request's connection is new each time and only fills what it reads.
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "init_command": (
            "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
            "PRAGMA cache_size=-65536; PRAGMA temp_store=MEMORY;"
        ),
        "transaction_mode": "IMMEDIATE",
    }
    DATABASES["default"]["CONN_MAX_AGE"] = 0
elif os.environ.get("LOTSE_DB_SERVER_BINDING", "true") == "true":
    # Parameters bound by PostgreSQL, not pasted into the SQL text: psycopg then prepares a
    # statement the fifth time a connection runs it, and PostgreSQL plans it no more (the
    # reach check planned 2.7 ms and ran 1.1 ms). The load mix served 7 % more requests over
    # four alternating pairs, 15 % in the first two (bench/README.md). Off ("false") behind a
    # pooler in transaction mode (PgBouncer), which cannot keep a connection's prepared
    # statements.
    DATABASES["default"].setdefault("OPTIONS", {})["server_side_binding"] = True

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Argon2id first (lotse.core.passwords: why); the others only verify older hashes, which
# are rewritten with Argon2id at the next log-in.
PASSWORD_HASHERS = [
    "lotse.core.passwords.Argon2idHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2SHA1PasswordHasher",
    "django.contrib.auth.hashers.ScryptPasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

LANGUAGE_CODE = "de"
LANGUAGES = [("de", _("German")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "conf" / "locale"]
TIME_ZONE = "Europe/Berlin"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = DATA_DIR / "staticfiles"
# Uploaded documents (cooperation agreements, minutes): beside the data, never served as
# static files — a view checks the role before it sends one (lotse.network.views).
MEDIA_ROOT = DATA_DIR / "files"
FILE_UPLOAD_PERMISSIONS = 0o600
FILE_UPLOAD_DIRECTORY_PERMISSIONS = 0o700
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
# WhiteNoise serves the static files in production too (no separate web server needed
# for a small installation); in development runserver serves them from the source.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

SESSION_COOKIE_AGE = int(os.environ.get("LOTSE_SESSION_SECONDS", str(30 * 60)))
# The idle timeout: a request renews the session, at most once a minute (one write instead
# of one per request; lotse.core.middleware.RenewSession).
SESSION_SAVE_EVERY_REQUEST = False
SESSION_RENEW_SECONDS = 60
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

from django.utils.csp import CSP  # noqa: E402

SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

DJANGO_TABLES2_TEMPLATE = "tables/table.html"
# Form widgets rendered with Django's shipped Jinja2 widget templates (lotse.core.form_renderer): a fifth
# less time on the client record, whose eight record forms hold selects of hundreds of
# partners (bench/profile_requests.py).
FORM_RENDERER = "lotse.core.form_renderer.JinjaFirstRenderer"

# One JSON line per request and per job run on standard error (lotse.core.logs), for the
# operator's log collection; LOTSE_REQUEST_LOG=WARNING silences them.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lotse.core.logs.JsonFormatter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler"},
        "json": {"class": "logging.StreamHandler", "formatter": "json"},
    },
    "root": {"handlers": ["console"], "level": os.environ.get("LOTSE_LOG_LEVEL", "WARNING")},
    "loggers": {
        name: {"handlers": ["json"], "level": os.environ.get("LOTSE_REQUEST_LOG", "INFO"), "propagate": False}
        for name in ("lotse.requests", "lotse.jobs")
    },
}

# Results computed from the data (evaluations, due dates) are kept in each process until the
# next write (lotse.core.kept); the test settings switch this off.
KEEP_RESULTS = os.environ.get("LOTSE_KEEP_RESULTS", "true").lower() != "false"
