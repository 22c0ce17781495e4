"""API writes that go through the exchange-format checks, with errors as JSON pointers."""

from __future__ import annotations

from lotse.api.problems import ApiProblem
from lotse.exchange.services import ImportResult, import_records

# Exchange column -> the API's field name where they differ.
RENAMED = {"person_id": "client_id"}


def import_or_problem(
    request, files: dict[str, list[dict[str, str]]], where: dict[str, str | None]
) -> ImportResult:
    """Import all or nothing; on any error answer 422 with a pointer per error.

    ``where`` maps each exchange file to the list in the request body that its rows
    came from (``None``: the body's top level, one row).
    """
    result = import_records(files=files, user=request.user)
    if result.ok:
        return result
    errors = []
    for e in result.errors:
        field = RENAMED.get(e.column, e.column)
        base = where.get(e.file)
        pointer = f"/{field}" if base is None else f"/{base}/{e.line - 1}/{field}"
        errors.append(
            {"pointer": pointer if field != "-" else pointer.rsplit("/", 1)[0] or "/", "detail": e.reason}
        )
    if all("exists already" in e["detail"] for e in errors):
        raise ApiProblem(409, "exists", "It exists already; nothing was written.", errors=errors)
    raise ApiProblem(
        422,
        "rejected",
        "The data were rejected; nothing was written.",
        f"{len(errors)} error(s); fix them all and send the request again.",
        errors,
    )
