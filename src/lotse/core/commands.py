"""The base of Lotse's management commands: a refused change ends the command with its reason."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from lotse.core.errors import Refused


class LotseCommand(BaseCommand):
    """A command whose services may raise :class:`Refused`: it exits with ``field: reason``."""

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except Refused as exc:
            raise CommandError(exc.located()) from None
