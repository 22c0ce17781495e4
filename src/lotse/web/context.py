"""Template context every page shares: which areas the navigation offers to the user's roles."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

from lotse.api.tokens import allowed_scopes
from lotse.core.roles import Role, has_role


def navigation(request: HttpRequest) -> dict[str, object]:
    """Which role-specific links the navigation shows."""
    user = request.user
    alerts = []
    if has_role(user, Role.ADMINISTRATOR, Role.TEAM_LEAD):
        from lotse.core.jobs import nightly_problems

        alerts = nightly_problems(never_run_counts=settings.EXPECT_NIGHTLY_JOBS)
    return {
        "job_alerts": alerts,
        # the session may have been renewed up to a minute before this page (RenewSession)
        "session_seconds": settings.SESSION_COOKIE_AGE - settings.SESSION_RENEW_SECONDS,
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
            "network": has_role(
                user, Role.CASEWORKER, Role.TEAM_LEAD, Role.OUTREACH, Role.CONTROLLING, Role.MANAGEMENT
            ),
            "consultations": has_role(user, Role.CASEWORKER, Role.TEAM_LEAD),
            "qualifications": has_role(user, Role.TEAM_LEAD, Role.MANAGEMENT),
            "steering": has_role(user, Role.TEAM_LEAD, Role.MANAGEMENT, Role.CONTROLLING, Role.ADMINISTRATOR),
        },
    }
