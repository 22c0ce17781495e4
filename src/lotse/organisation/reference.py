"""Reference rows every installation has: the specialisation codes of the exchange format."""

from __future__ import annotations

from lotse.organisation.models import Specialisation

SPECIALISATION_LABELS = {
    "single_parents": "Alleinerziehende (AEZ)",
    "u25_single_parents": "U25-Alleinerziehende (U25-AEZ)",
    "rehab": "Reha/SB",
    "self_employed": "Selbstständige",
    "case_management": "Fallmanagement",
    "outreach": "Aufsuchende Beratung",
}


def ensure_specialisations() -> dict[str, int]:
    """Create missing specialisation rows; return code -> primary key."""
    for code, label in SPECIALISATION_LABELS.items():
        Specialisation.objects.get_or_create(code=code, defaults={"label": label})
    return dict(Specialisation.objects.values_list("code", "pk"))
