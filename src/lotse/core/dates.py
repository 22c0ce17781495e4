"""Reading the reference date of a request."""

from __future__ import annotations

from datetime import date

from django.http import Http404, HttpRequest

from lotse.core.clock import parse_as_of


def request_as_of(request: HttpRequest) -> date:
    """The page's ``?as_of=`` date, today by default; a malformed date is a 404 with reason."""
    try:
        return parse_as_of(request.GET.get("as_of"))
    except ValueError:
        raise Http404("as_of must be a date of the form YYYY-MM-DD") from None
