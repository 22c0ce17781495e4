"""Stable cursors for paging: the sort key of the last item, opaque to the client.

A cursor names a position in a fixed order (e.g. by client number), not an offset,
so rows written between two pages neither repeat nor go missing.
"""

from __future__ import annotations

import base64
import binascii
import json

from lotse.api.problems import bad_parameter

DEFAULT_LIMIT = 50
MAX_LIMIT = 500
CURSOR_PATTERN = r"^[A-Za-z0-9_-]*$"


def encode(*key: object) -> str:
    raw = json.dumps(list(key), separators=(",", ":"), default=str).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def decode(cursor: str | None, size: int) -> list | None:
    """The key list a cursor encodes; ``None`` for the first page; a 400 problem if malformed."""
    if not cursor:
        return None
    try:
        raw = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4))
        key = json.loads(raw)
    except (binascii.Error, ValueError):
        key = None
    if not isinstance(key, list) or len(key) != size or not all(isinstance(k, str | int) for k in key):
        raise bad_parameter("cursor", "This cursor was not issued by this list; start without one.")
    return key
