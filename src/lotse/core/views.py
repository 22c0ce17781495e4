"""The one page that belongs to no area: keeping the session alive."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_POST


@require_POST
def keep_alive(request: HttpRequest) -> HttpResponse:
    """Extends the session (every request saves it); the timeout warning's button calls it."""
    return HttpResponse(status=204)
