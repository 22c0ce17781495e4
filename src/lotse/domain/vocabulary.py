"""The closed value lists of the exchange format (docs/exchange-format.md).

Pure data, shared by the importer, the exporter, the demo and the models' choices,
so a value list changes in exactly one place.
"""

from __future__ import annotations

SEXES = ("f", "m", "d", "x")
MEMBER_ROLES = ("adult", "partner", "child")
TEAM_KINDS = ("applicant_service", "u25", "rehab", "self_employed", "case_management", "outreach")
SPECIALISATIONS = (
    "single_parents",
    "u25_single_parents",
    "rehab",
    "self_employed",
    "case_management",
    "outreach",
)
STAFF_ROLES = ("caseworker", "team_lead", "outreach", "other")
FUNDINGS = ("permanent", "project", "egt")
STRATEGIES = ("district", "alphabetical")  # how a team matches clients to caseworkers
QUALIFICATIONS = ("basic_sgb2", "counselling_concept", "peer_consultation", "measure_supervision")
CONTACT_CHANNELS = ("in_person", "phone", "video", "home_visit", "letter", "email", "group")

# attribute -> allowed values; None means "an ISO date" (pregnancy_proof).
ATTRIBUTE_VALUES: dict[str, tuple[str, ...] | None] = {
    "status": ("unemployed", "job_seeking", "employed", "in_measure", "not_activated"),
    "market_distance": ("near", "far"),
    "profile": ("market", "activation", "support", "development", "stabilisation", "assistance"),
    "self_employed": ("true",),
    "severely_disabled": ("true",),
    "rehabilitant": ("true",),
    "pregnancy_proof": None,
    "par10_single_parent": ("true",),
    "case_management_criteria": ("true",),
}
