"""The closed value lists of the exchange format (docs/exchange-format.md).

Pure data, shared by the importer, the exporter, the demo and the models' choices,
so a value list changes in exactly one place.
"""

from __future__ import annotations

from datetime import date

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


def attribute_value_problem(attribute: str, value: str) -> str | None:
    """Why ``value`` is not a value of ``attribute`` (in the operator's words), or None.

    The one check for a fact's value: the import, the client record and the API use it."""
    if attribute not in ATTRIBUTE_VALUES:
        return f"'{attribute}' is not an attribute ({', '.join(ATTRIBUTE_VALUES)})"
    allowed = ATTRIBUTE_VALUES[attribute]
    if allowed is None:
        parts = value.split("-")
        if len(value) != 10 or len(parts) != 3 or not all(p.isdigit() for p in parts):
            return f"'{value}' is not a date of the form YYYY-MM-DD for {attribute}"
        try:
            date.fromisoformat(value)
        except ValueError:
            return f"'{value}' is not a date of the form YYYY-MM-DD for {attribute}"
        return None
    if value not in allowed:
        return f"'{value}' is not allowed for {attribute} ({', '.join(allowed)})"
    return None


# Steering (SPEC S7–S9): measures, integrations, needs, feedback, municipal services.
MEASURE_KINDS = (
    "activation",  # Aktivierung und berufliche Eingliederung (§ 45 SGB III)
    "vocational_training",  # berufliche Weiterbildung (FbW)
    "workplace_trial",  # Maßnahme bei einem Arbeitgeber (MAG)
    "language",  # Sprachförderung
    "employment_opportunity",  # Arbeitsgelegenheit (AGH)
    "coaching",  # ganzheitliches Coaching (§ 16k SGB II)
    "youth",  # U25-Maßnahmen (Jugendberufsagentur)
)
TARGET_GROUPS = ("all", "u25", "single_parents", "long_term", "rehab", "over_50")
EXIT_REASONS = ("completed", "dropped_out", "integrated", "other")
# Integrations counted for K2 and those recorded but not counted (§ 48a SGB II).
COUNTED_INTEGRATION_KINDS = ("employment", "apprenticeship", "self_employment")
INTEGRATION_KINDS = (*COUNTED_INTEGRATION_KINDS, "publicly_funded")
NEED_KINDS = (
    "childcare",
    "care_of_relatives",
    "debt",
    "addiction",
    "psychosocial",
    "health",
    "language",
    "qualification",
    "mobility",
    "housing",
)
FEEDBACK_SOURCES = ("provider", "employer", "network_partner")
# Network (SPEC S10)
PARTNER_KINDS = (
    "childcare",
    "measure_provider",
    "counselling",
    "municipality",
    "employer",
    "equal_opportunity",
    "other",
)
CARRIERS = ("municipal", "church", "independent", "private")
COOPERATION_KINDS = ("agreement", "interface_concept")
COOPERATION_STATUSES = ("draft", "in_force", "ended")
CADENCES = ("biweekly", "monthly")
AGREEMENT_KINDS = ("egv", "cooperation_plan")  # Eingliederungsvereinbarung, Kooperationsplan (§ 15 SGB II)
# Monthly figures imported from the benefit statistics (K1 and housing costs, in euro).
MONTHLY_FIGURES = ("k1_subsistence", "housing_costs")
TARGET_FIGURES = (
    "k2_integration_rate",
    "k3_long_term_stock",
    "k1_subsistence",
    "integrations_u25",
    "integrations_single_parents",
    "measure_entries_single_parents",
    "agreement_quota",
    "contact_density",
    "contact_rules_compliance",
    "housing_costs",
)
TARGET_DIRECTIONS = ("at_least", "at_most", "monitor")
TARGET_OWNERS = ("ba", "municipality", "joint")
TARGET_BASES = ("value", "change_vs_previous_year_pct")
