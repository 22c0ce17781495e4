"""The `lotse` console command for operators.

Every subcommand is a Django management command, so ``lotse import DIR`` is the
same as ``django-admin import DIR`` with Lotse's settings; this wrapper only chooses
the settings module (:func:`lotse.conf.settings.module_for`: ``LOTSE_ENV``, else
development for ``demo``/``runserver`` and production for everything else) and gives
the operator one name to remember.
"""

from __future__ import annotations

import os
import sys

from lotse.conf.settings import module_for


def metrics_folder() -> None:
    """The gunicorn workers of ``lotse serve`` share their Prometheus figures through files in
    a fresh folder; prometheus_client reads the variable when it is first imported, so it is
    set here, before Django loads anything."""
    if not os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        import tempfile

        os.environ["PROMETHEUS_MULTIPROC_DIR"] = tempfile.mkdtemp(prefix="lotse-metrics-")


def main(argv: list[str] | None = None) -> None:
    args = list(sys.argv if argv is None else ["lotse", *argv])
    args[0] = "lotse"
    command = args[1] if len(args) > 1 else None
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", module_for(command, os.environ.get("LOTSE_ENV")))
    if command == "serve":
        metrics_folder()
    from django.core.exceptions import ImproperlyConfigured
    from django.core.management import execute_from_command_line

    try:
        execute_from_command_line(args)
    except ImproperlyConfigured as exc:  # a setting is missing: say which, without a traceback
        raise SystemExit(f"lotse: {exc}") from None


if __name__ == "__main__":
    main()
