"""One way to refuse a change (docs/adr/0002-layers-and-refusals.md).

Every service that refuses a change raises :class:`Refused`: nothing was written, and
``field`` names the input at fault (``"date"``, ``"valid_to"``) or is None when the
change as a whole is refused. It is mapped once per channel:

- a form shows it at the field (:func:`lotse.core.forms.save_or_refuse`);
- a ``lotse`` command ends with ``CommandError`` (:class:`lotse.core.commands.LotseCommand`);
- the API answers 422 ``problem+json`` with a JSON pointer to the field
  (:mod:`lotse.api.problems`).

A stale edit is not a refusal: :class:`lotse.core.locking.StaleEdit` carries what the
other user changed, and each channel shows that conflict on its own.
"""

from __future__ import annotations

from django.core.exceptions import BadRequest


class Refused(Exception):
    """A change the rules refuse, with the sentence for the user; nothing was written."""

    def __init__(self, message: object, *, field: str | None = None):
        super().__init__(str(message))
        self.message = str(message)
        self.field = field

    def __str__(self) -> str:
        return self.message

    def located(self) -> str:
        """``field: message`` for a log or a command line, the message alone without a field."""
        return f"{self.field}: {self.message}" if self.field else self.message


class BadInput(BadRequest):
    """A request parameter that cannot be read (a malformed date, one outside the documented
    range): answered 400 with this sentence (:func:`lotse.core.views.bad_request`)."""
