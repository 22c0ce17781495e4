"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from lotse.core.clock import parse_as_of, today


def as_of(request: HttpRequest) -> dict[str, object]:
    """Expose the page's reference date so every page can show and keep it."""
    try:
        value = parse_as_of(request.GET.get("as_of"))
    except ValueError:
        value = today()
    return {"as_of": value}
