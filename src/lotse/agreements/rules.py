"""The agreement rules valid on a date (:class:`lotse.agreements.models.AgreementRules`), and
the shipped preset: § 15 SGB II, a review at the latest after six months."""

from __future__ import annotations

from datetime import date

from django.utils.translation import gettext as _

from lotse.agreements.models import AgreementRules
from lotse.core import data_version
from lotse.core.errors import Refused
from lotse.core.models import valid_on

PRESET = {
    "name": "§ 15 SGB II",
    "review_months": 6,
    "valid_from": date(2005, 1, 1),
    "source": "§ 15 SGB II: gemeinsam überprüft und fortgeschrieben spätestens nach Ablauf von sechs Monaten",
}


def review_months_on(day: date) -> int:
    """After how many months an agreement concluded on the day is due for review at the latest."""
    rules = AgreementRules.objects.filter(valid_on(day)).order_by("-valid_from").first()
    if rules is None:
        raise Refused(
            _("No agreement rules are valid on %(day)s; the administrator adds them first.")
            % {"day": day.strftime("%d.%m.%Y")},
            field="concluded_on",
        )
    return rules.review_months


def ensure_agreement_rules() -> None:
    """The shipped rules on an installation without any; after ``migrate``, never on a read."""
    if not AgreementRules.objects.exists():
        AgreementRules.objects.create(**PRESET)


def agreement_rules_document(rules: AgreementRules) -> dict:
    """The rules as a ``kind: agreement_rules`` YAML document (``lotse rules export``)."""
    return {
        "kind": "agreement_rules",
        "name": rules.name,
        "valid_from": rules.valid_from.isoformat(),
        "valid_to": rules.valid_to.isoformat() if rules.valid_to else None,
        "review_months": rules.review_months,
        "source": rules.source,
    }


def agreement_rules_import(*, document: dict, replace: bool = False) -> AgreementRules:
    """Store a ``kind: agreement_rules`` document; an existing one of the name only on request."""
    try:
        values = {
            "name": str(document["name"]),
            "valid_from": date.fromisoformat(str(document["valid_from"])),
            "valid_to": date.fromisoformat(str(document["valid_to"])) if document.get("valid_to") else None,
            "review_months": int(document["review_months"]),
            "source": str(document.get("source") or ""),
        }
    except (KeyError, TypeError, ValueError) as exc:
        raise Refused(f"agreement_rules: {exc}") from None
    if not 1 <= values["review_months"] <= 24:
        raise Refused("review_months: between 1 and 24", field="review_months")
    existing = AgreementRules.objects.filter(name=values["name"]).first()
    if existing and not replace:
        raise Refused(f"agreement rules named '{values['name']}' exist; use --replace", field="name")
    if existing:
        existing.delete()
    data_version.advance()  # a rule of the key figures changed
    return AgreementRules.objects.create(**values)
