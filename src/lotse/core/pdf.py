"""PDF documents rendered from Django templates (WeasyPrint).

WeasyPrint lays out HTML and CSS with the system's Pango and fonts (DejaVu on these
machines), so German text, umlauts and ß come out as real text and SVG charts stay
vector graphics. PDF templates carry their stylesheet inline (``pdf/base.html``) and
the fetcher allows ``data:`` URLs only: rendering never touches the network.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def render_pdf(template: str, context: dict, request: HttpRequest | None = None) -> bytes:
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    html = render_to_string(template, context, request=request)
    fetcher = URLFetcher(allowed_protocols={"data"})
    return HTML(string=html, base_url="data:,", url_fetcher=fetcher).write_pdf()


def pdf_response(template: str, context: dict, request: HttpRequest, filename: str) -> HttpResponse:
    response = HttpResponse(render_pdf(template, context, request), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
