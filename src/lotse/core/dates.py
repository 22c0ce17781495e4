"""Reading parameters from a request: the reference date, other dates, months and whole
numbers — each refused with 400 and a sentence naming the parameter when it cannot be read."""

from __future__ import annotations

from datetime import date

from django.http import HttpRequest
from django.utils.translation import gettext

from lotse.core.clock import FIRST_DAY, LAST_DAY, parse_as_of, parse_day
from lotse.core.errors import BadInput


def _refused(name: str, value: str) -> BadInput:
    return BadInput(
        gettext(
            "'%(name)s' must be a date of the form YYYY-MM-DD between %(first)s and %(last)s, "
            "not '%(value)s'."
        )
        % {
            "name": name,
            "first": FIRST_DAY.strftime("%d.%m.%Y"),
            "last": LAST_DAY.strftime("%d.%m.%Y"),
            "value": value[:40],
        }
    )


def request_as_of(request: HttpRequest) -> date:
    """The page's ``?as_of=`` date, today by default; a malformed or out-of-range date is 400."""
    try:
        return parse_as_of(request.GET.get("as_of"))
    except ValueError:
        raise _refused("as_of", request.GET.get("as_of", "")) from None


def request_day(params, name: str, default: date | None = None) -> date | None:
    """A date parameter of a query or form (``request.GET``/``request.POST``): ``default`` when
    empty; a malformed or out-of-range value is 400 naming the parameter."""
    value = params.get(name) or ""
    if not value:
        return default
    try:
        return parse_day(value)
    except ValueError:
        raise _refused(name, value) from None


MAX_ID = 10**18 - 1  # record ids and versions: what a 64-bit integer column holds


def request_int(
    params, name: str, default: int | None = None, *, lo: int = 0, hi: int = MAX_ID
) -> int | None:
    """A whole-number parameter (a year, a record id, a version): ``default`` when empty; not a
    number or outside ``lo``–``hi`` is 400 naming the parameter."""
    value = (params.get(name) or "").strip()
    if not value:
        return default
    if value.isascii() and value.isdigit() and len(value) <= 18 and lo <= int(value) <= hi:
        return int(value)
    raise BadInput(
        gettext("'%(name)s' must be a whole number between %(lo)s and %(hi)s, not '%(value)s'.")
        % {"name": name, "lo": lo, "hi": hi, "value": value[:40]}
    )


def request_month(params, name: str = "month") -> date | None:
    """A month parameter ``YYYY-MM`` (its first day); None when empty; anything else is 400."""
    value = params.get(name) or ""
    if not value:
        return None
    try:
        if len(value) != 7:
            raise ValueError(value)
        return parse_day(f"{value}-01")
    except ValueError:
        raise BadInput(
            gettext(
                "'%(name)s' must be a month of the form YYYY-MM between %(first)s and %(last)s, "
                "not '%(value)s'."
            )
            % {"name": name, "first": f"{FIRST_DAY:%m/%Y}", "last": f"{LAST_DAY:%m/%Y}", "value": value[:40]}
        ) from None
