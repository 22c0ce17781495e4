"""German by default, English on request.

Django's LocaleMiddleware follows the browser's Accept-Language header, so a PC set
up in English would show an English Lotse. A Jobcenter's working language is German:
the UI is German unless the user chose another language with the language switch
(stored in the language cookie).
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.utils.deprecation import MiddlewareMixin


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
