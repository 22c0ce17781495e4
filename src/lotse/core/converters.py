"""URL converters: a record id in a path is a number that fits the database's integer.

Django's ``<int:…>`` takes any number of digits; a 25-digit id overflows SQLite's INTEGER
(and is no record anyway). ``<id:pk>`` matches 1–18 digits, so a longer one is a plain 404.
"""

from __future__ import annotations

from django.urls import register_converter


class RecordIdConverter:
    regex = "[0-9]{1,18}"

    def to_python(self, value: str) -> int:
        return int(value)

    def to_url(self, value: int) -> str:
        return str(value)


def register() -> None:
    register_converter(RecordIdConverter, "id")
