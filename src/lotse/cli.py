"""The `lotse` console command for operators.

Every subcommand is a Django management command, so ``lotse import DIR`` is the
same as ``django-admin import DIR`` with Lotse's settings; this wrapper only sets
the settings module and gives the operator one name to remember.
"""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lotse.conf.settings")
    from django.core.management import execute_from_command_line

    args = list(sys.argv if argv is None else ["lotse", *argv])
    args[0] = "lotse"
    execute_from_command_line(args)


if __name__ == "__main__":
    main()
