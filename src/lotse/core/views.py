"""The pages that belong to no area: keeping the session alive, the 400 page."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from lotse.core.errors import BadInput


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Extends the session (every request saves it); the timeout warning's button calls it."""
    return HttpResponse(status=204)


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """400: the sentence of a :class:`~lotse.core.errors.BadInput` (which parameter, why);
    other bad requests get the general sentence, as they may carry internals."""
    message = (
        str(exception)
        if isinstance(exception, BadInput)
        else gettext("The request cannot be processed. Check the address and the input.")
    )
    return render(request, "core/bad_request.html", {"message": message}, status=400)
