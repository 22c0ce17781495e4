"""Template context shared by every page."""

from __future__ import annotations

from django.http import HttpRequest

from lotse.core.clock import parse_as_of, today


def as_of(request: HttpRequest) -> dict[str, object]:
    """Expose the page's reference date so every page can show and keep it."""
    try:
        value = parse_as_of(request.GET.get("as_of"))
    except ValueError:
        value = today()
    return {"as_of": value}


def navigation(request: HttpRequest) -> dict[str, object]:
    """Which role-specific links the navigation shows."""
    from lotse.api.tokens import allowed_scopes
    from lotse.core.roles import Role, has_role

    user = request.user
    from django.conf import settings

    return {
        "session_seconds": settings.SESSION_COOKIE_AGE,
        "nav": {
            "clients": has_role(user, Role.CASEWORKER, Role.TEAM_LEAD, Role.OUTREACH),
            "data_protection": has_role(user, Role.DATA_PROTECTION),
            "team_lead": has_role(user, Role.TEAM_LEAD),
            "worklist": has_role(user, Role.CASEWORKER, Role.TEAM_LEAD),
            "outreach": has_role(user, Role.OUTREACH, Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT),
            "outreach_work": has_role(user, Role.OUTREACH),
            "evaluation": has_role(user, Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT),
            "contact_rules": has_role(
                user, Role.ADMINISTRATOR, Role.TEAM_LEAD, Role.CONTROLLING, Role.MANAGEMENT
            ),
            "api": bool(allowed_scopes(user)) and not has_role(user, Role.INTEGRATION),
            "steering": has_role(user, Role.TEAM_LEAD, Role.MANAGEMENT, Role.CONTROLLING, Role.ADMINISTRATOR),
        },
    }
