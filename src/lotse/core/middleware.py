"""Request middleware of Lotse: German by default; bad input refused at the edge.

German by default, English on request.

Django's LocaleMiddleware follows the browser's Accept-Language header, so a PC set
up in English would show an English Lotse. A Jobcenter's working language is German:
the UI is German unless the user chose another language with the language switch
(stored in the language cookie).
"""

from __future__ import annotations

import json
import time

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin
from django.utils.translation import gettext


class GermanByDefaultLocaleMiddleware(MiddlewareMixin):
    def process_request(self, request: HttpRequest) -> None:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        supported = {code for code, _name in settings.LANGUAGES}
        language = chosen if chosen in supported else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language

    def process_response(self, request: HttpRequest, response: HttpResponse) -> HttpResponse:
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


def _nul_in(value: object, where: str) -> str | None:
    """The first place (a field name or a JSON pointer) in ``value`` holding a NUL character."""
    if isinstance(value, str):
        return where if "\x00" in value else None
    if isinstance(value, dict):
        for key, item in value.items():
            found = _nul_in(str(key), where) or _nul_in(item, f"{where}/{key}")
            if found:
                return found
    if isinstance(value, list):
        for index, item in enumerate(value):
            found = _nul_in(item, f"{where}/{index}")
            if found:
                return found
    return None


def nul_field(request: HttpRequest) -> str | None:
    """Where the request carries a NUL character: the path, a query parameter, a form field, a
    header or a place in a JSON body; None if nowhere. No person types one, PostgreSQL refuses
    to store one, and a text that holds one is not what the sender meant."""
    if "\x00" in request.path:
        return "path"
    for key, values in request.GET.lists():
        if "\x00" in key or any("\x00" in v for v in values):
            return key.replace("\x00", "")
    for name, value in request.META.items():
        if name.startswith("HTTP_") and isinstance(value, str) and "\x00" in value:
            return name[5:].replace("_", "-").title()
    if request.method in ("POST", "PUT", "PATCH"):
        if request.content_type == "application/json":
            if b"\x00" in request.body or b"\\u0000" in request.body.lower():
                try:
                    return _nul_in(json.loads(request.body), "") or None
                except ValueError:
                    return None  # not JSON: the API answers that itself
        elif request.content_type in ("application/x-www-form-urlencoded", "multipart/form-data"):
            for key, values in request.POST.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    return key.replace("\x00", "")
    return None


class RefuseBadInput:
    """Refuse a request with a NUL character at the edge, before any view or query sees it:
    400 with the field it was found in (a problem document for the API, a page otherwise).
    Nothing is written. Dates outside the documented range are refused where they are read
    (:func:`lotse.core.clock.parse_day`, the forms' :class:`lotse.core.forms.DayField`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = nul_field(request)
        if field is None:
            return self.get_response(request)
        message = gettext(
            "The input '%(field)s' contains a null character (NUL), which no field accepts. "
            "Nothing was saved."
        ) % {"field": field or "body"}
        if request.path.startswith("/api/"):
            body = {
                "type": "/api/problems#bad-request",
                "title": "The request is not valid.",
                "status": 400,
                "detail": message,
                "instance": request.path.replace("\x00", ""),
                "errors": [
                    {"pointer": field, "detail": "contains a null character (NUL)"}
                    if field.startswith("/")
                    else {"parameter": field, "detail": "contains a null character (NUL)"}
                ],
            }
            return HttpResponse(
                json.dumps(body, ensure_ascii=False), status=400, content_type="application/problem+json"
            )
        return render(request, "core/bad_request.html", {"message": message}, status=400)


class NoStore:
    """Nothing Lotse answers is kept in a browser's or a proxy's cache: pages, API answers and
    downloads hold social data, and a shared PC's back button or disk cache must not show
    them to the next person (``Cache-Control: no-store``). Static files are served before
    this middleware (WhiteNoise) and stay cacheable."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if "no-store" not in response.get("Cache-Control", ""):
            response["Cache-Control"] = "no-store"
        return response


RENEWED = "_renewed"  # the session key holding the time of the last renewal


class RenewSession:
    """Renew a session's expiry at most every ``SESSION_RENEW_SECONDS`` instead of writing the
    session row on every request (``SESSION_SAVE_EVERY_REQUEST``): under load that write and
    its transaction were three of a page's queries, for an idle timeout of 30 minutes whose
    minute nobody needs. The browser's warning before the timeout counts from the shorter
    time (:mod:`lotse.web.context`), so it never promises more than the server keeps.

    Listed right after Django's session middleware, so that it marks the session changed
    before that middleware decides whether to save it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        session = getattr(request, "session", None)
        if session is not None and not session.is_empty():
            now = int(time.time())
            if now - session.get(RENEWED, 0) >= settings.SESSION_RENEW_SECONDS:
                session[RENEWED] = now
        return response
