"""Django in this process with the production settings, against the database of
``bench/load.py``: what ``profile_requests.py`` and ``pages.py`` share before they time
requests through Django's test client."""

from __future__ import annotations

import os
import tempfile


def setup(name: str) -> None:
    """Production settings without HTTPS redirect or request log lines, static files
    collected into a scratch folder (the templates ask the manifest for them)."""
    os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/lotse_load")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.conf.settings.production")
    os.environ.setdefault("LOTSE_SECRET_KEY", f"{name}-" + "k" * 50)
    os.environ.setdefault("LOTSE_SSL_REDIRECT", "false")
    os.environ.setdefault("LOTSE_REQUEST_LOG", "WARNING")
    os.environ.setdefault("LOTSE_DATA_DIR", tempfile.mkdtemp(prefix=f"lotse-{name}-"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("collectstatic", interactive=False, verbosity=0)
