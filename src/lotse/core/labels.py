"""Translated labels for the codes of the exchange format, for display only.

The one place a code's label is written: the choices of the models (team kinds, funding)
take theirs from here, so a page, a form and an export name a code the same way.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

VALUE_LABELS = {
    # labour-market status
    "unemployed": _("unemployed"),
    "job_seeking": _("job-seeking, not unemployed"),
    "employed": _("employed with top-up benefits"),
    "in_measure": _("in a measure"),
    "not_activated": _("not activated"),
    # market distance and profiles (Profillagen)
    "near": _("close to the labour market"),
    "far": _("far from the labour market"),
    "market": _("market profile"),
    "activation": _("activation profile"),
    "support": _("support profile"),
    "development": _("development profile"),
    "stabilisation": _("stabilisation profile"),
    "assistance": _("assistance profile"),
    "true": _("yes"),
    # team kinds (organisation.models.TeamKind takes its labels from here)
    "applicant_service": _("Applicant service (Ü25)"),
    "u25": _("U25"),
    "rehab": _("Rehabilitation / severely disabled"),
    "self_employed": _("Self-employed"),
    "case_management": _("Case management"),
    "outreach": _("Outreach counselling"),
    # team kinds beyond the built-in ones, and funding (organisation.models.Funding)
    "reception": _("Reception"),
    "employer_service": _("Employer service"),
    "benefits": _("Benefits"),
    "permanent": _("Permanent staff budget"),
    "project": _("Project staff"),
    "egt": _("EGT-funded"),
    # household types
    "single": _("single household"),
    "single_parent": _("single parent household"),
    "couple": _("couple"),
    "couple_with_children": _("couple with children"),
    "other": _("other"),
}


def label(code: str | None) -> str:
    if code is None:
        return "–"
    return str(VALUE_LABELS.get(code, code))


# The conditions of the routing rules (lotse.domain.conditions.CONDITIONS), as a person reads them.
CONDITION_LABELS = {
    "single_parent": _("single parent"),
    "expected_single_parent": _("expecting a child, alone in the household (pregnancy proof)"),
    "u25": _("under 25"),
    "self_employed": _("self-employed"),
    "severely_disabled": _("severely disabled"),
    "rehabilitant": _("rehabilitant"),
    "reha": _("rehabilitation or severe disability"),
    "case_management": _("case-management criteria"),
    "long_term": _("long-term recipient"),
    "single_household": _("single-person household"),
    "status": _("labour-market status"),
    "market_distance": _("market distance"),
    "profile": _("Profillage"),
    "district": _("district"),
}


def condition_label(name: str) -> str:
    """A routing condition's name in words (the code itself if it has no label)."""
    return str(CONDITION_LABELS.get(name, name))
