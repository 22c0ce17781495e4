"""Every URL pattern of the project with the users that may open it, read from the resolver:
shared by the access matrix (tests/trust/test_access_matrix.py) and the query-count test
(tests/architecture/test_query_counts.py), so a new page is walked by both automatically."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal

from django.test import Client
from django.urls import URLPattern, URLResolver
from django_otp.plugins.otp_totp.models import TOTPDevice

from lotse.clients.models import Address, Person, PersonAttribute
from lotse.contacts.models import Contact, ContactRuleSet
from lotse.contacts.rulesets import ensure_presets
from lotse.core.roles import Role, ensure_role_groups
from lotse.measures.services import need_record
from lotse.routing.models import RuleSet
from tests.conftest import link_staff

USERS = {
    # name: (role, staff record)
    "anonymous": (None, None),
    "caseworker": (Role.CASEWORKER, "S1"),  # T1, P1 and P3 in the own caseload
    "outsider": (Role.CASEWORKER, "S3"),  # T2: another team
    "team_lead": (Role.TEAM_LEAD, "S4"),  # leads T1
    "outreach": (Role.OUTREACH, None),
    "controlling": (Role.CONTROLLING, None),
    "management": (Role.MANAGEMENT, None),
    "administrator": (Role.ADMINISTRATOR, None),
    "data_protection": (Role.DATA_PROTECTION, None),
    "integration": (Role.INTEGRATION, None),  # a service account: API tokens only
}
EVERYONE_LOGGED_IN = frozenset(USERS) - {"anonymous"}
CLIENT_ROLES = frozenset({"caseworker", "outsider", "team_lead", "outreach"})
STEERING = frozenset({"team_lead", "controlling", "management", "administrator"})
NETWORK = frozenset({"caseworker", "outsider", "team_lead", "outreach", "controlling", "management"})

# URL name -> who may get a 200 for a GET. Names not listed fail the test.
ALLOWED: dict[str, frozenset[str]] = {
    "home": EVERYONE_LOGGED_IN,
    "keep_alive": frozenset(),  # POST only (204)
    "healthz": frozenset(USERS),  # liveness, no data, no login
    "readyz": frozenset(),  # 503 while the nightly routing has never run (tests/web/test_health_and_jobs.py)
    "metrics": frozenset(USERS),  # from this machine only (tests/ops/test_metrics.py); no personal data
    "login": frozenset(USERS),
    "logout": frozenset(),  # POST only
    "set_language": frozenset(),  # POST; a GET redirects
    "clients:list": CLIENT_ROLES,  # each sees only their scope (tests/trust/test_scope.py)
    "clients:detail": frozenset({"caseworker", "team_lead"}),  # P1
    "clients:purpose": frozenset(),  # POST only
    "clients:edit": frozenset({"caseworker", "team_lead"}),
    "clients:facts": frozenset({"caseworker", "team_lead"}),  # P1's facts, to record a change
    "clients:fact": frozenset({"caseworker", "team_lead"}),  # one of P1's entries, to correct it
    "clients:address": frozenset({"caseworker", "team_lead"}),  # P1's addresses, to record a move
    "clients:address_correct": frozenset({"caseworker", "team_lead"}),  # P1's address
    "clients:item": frozenset({"caseworker", "team_lead"}),  # P1's need, to correct or withdraw it
    "clients:proposal_return": frozenset(),  # POST only
    "network:partners": NETWORK,
    "network:partner_new": frozenset({"caseworker", "outsider", "team_lead", "outreach"}),
    "network:partner": NETWORK,
    "network:partner_edit": frozenset({"caseworker", "outsider", "team_lead", "outreach"}),
    "network:cooperations": NETWORK,
    "network:groups": NETWORK,
    "network:group": NETWORK,
    "network:meeting": NETWORK,
    "network:task_done": frozenset(),  # POST only
    "network:consultations": frozenset({"caseworker", "outsider", "team_lead"}),
    "network:vacancies": NETWORK,
    "network:vacancy": NETWORK,
    "network:referral_outcome": frozenset(),  # POST only
    "network:report": NETWORK,
    "network:qualifications": frozenset({"team_lead", "management"}),
    "network:document": frozenset(),  # the sample has no file: 404 for everyone
    "organisation:team_list": EVERYONE_LOGGED_IN,  # organisation data, no client data
    "organisation:team_detail": EVERYONE_LOGGED_IN,
    "organisation:staff_detail": EVERYONE_LOGGED_IN,
    "organisation:district_ranking": EVERYONE_LOGGED_IN,
    "organisation:district_detail": EVERYONE_LOGGED_IN,  # aggregates only
    "organisation:staffing": EVERYONE_LOGGED_IN,
    "organisation:deputies": frozenset({"team_lead"}),  # the own team's deputies
    "organisation:deputy_end": frozenset(),  # POST only
    "routing:handovers": frozenset({"team_lead"}),
    "routing:simulation": STEERING,  # aggregates only
    "routing:override": frozenset(),  # POST only
    "routing:transfer": frozenset({"team_lead"}),  # S1 is in the lead's team
    "routing:rule_sets": frozenset({"administrator", "team_lead", "controlling", "management"}),
    "routing:rule_set": frozenset({"administrator", "team_lead", "controlling", "management"}),
    "routing:rule_set_new_version": frozenset({"administrator"}),
    "contacts:worklist": frozenset({"caseworker", "outsider", "team_lead"}),  # the own worklist
    "contacts:record": frozenset(),  # POST only
    "contacts:deviations": frozenset({"team_lead"}),  # the team's justified deviations
    "clients:record": frozenset(),  # POST only (scope: tests/measures/test_client_recording.py)
    "measures:participation_exit": frozenset(),  # POST only
    "measures:need_resolve": frozenset(),  # POST only
    "contacts:edit": frozenset({"caseworker", "team_lead"}),  # a contact of P1
    "evaluation:contact_density": frozenset({"team_lead", "controlling", "management"}),
    "agreements:quota": frozenset({"team_lead", "controlling", "management"}),
    "contact_rules:list": frozenset({"administrator", "team_lead", "controlling", "management"}),
    "contact_rules:detail": frozenset({"administrator", "team_lead", "controlling", "management"}),
    "contact_rules:new_version": frozenset({"administrator"}),
    "trust:audit_log": frozenset({"data_protection"}),
    "trust:access_report": frozenset({"data_protection"}),
    "trust:deletion_log": frozenset({"data_protection"}),
    "admin:login": frozenset(USERS),  # the admin's log-in form (it holds no data)
    "api:tokens": EVERYONE_LOGGED_IN - {"data_protection", "integration"},  # own tokens only
    "api:token_revoke": frozenset(),  # POST only
    "api-v1:openapi-json": frozenset(USERS),  # the schema holds no data; integrators read it
    "api-v1:openapi-view": EVERYONE_LOGGED_IN,  # the documentation page
    "outreach:figures": frozenset({"outreach", "team_lead", "controlling", "management"}),  # aggregates
    "outreach:candidates": frozenset({"outreach", "team_lead"}),
    "outreach:rounds": frozenset({"outreach", "team_lead"}),
    "outreach:round": frozenset({"outreach", "team_lead"}),  # lists only the cases within reach
    # The sample case is P1's (T1): its team lead reads it; the outreach user has no caseload.
    "outreach:round_letters": frozenset({"team_lead"}),
    "outreach:round_route": frozenset({"outreach", "team_lead"}),  # the stops within reach
    "outreach:case": frozenset({"team_lead"}),
    "outreach:case_letter": frozenset({"team_lead"}),
    "outreach:case_action": frozenset(),  # POST only
    # Steering (SPEC S7–S9): aggregates only, no client is named on these pages.
    "targets:mbz": frozenset({"team_lead", "controlling", "management"}),
    # the report pipeline: the sample is the agreement quota, read by the steering roles
    "reports:download": frozenset({"team_lead", "controlling", "management"}),
    "targets:comment": frozenset(),  # POST only (controlling, management)
    "targets:action": frozenset(),  # POST only (controlling, management)
    "measures:effectiveness": frozenset({"team_lead", "controlling", "management"}),
    "municipal:budgets": frozenset({"team_lead", "controlling", "management"}),
}
ADMIN_ALLOWED = frozenset({"administrator"})  # every admin: pattern
API_ALLOWED = frozenset()  # every other api-v1: pattern answers 401 without a token

# Sample values for the path parameters, by URL name first, then by parameter name.
SAMPLES_BY_NAME = {
    "organisation:team_detail": {"external_id": "T1"},
    "organisation:staff_detail": {"external_id": "S1"},
    "organisation:district_detail": {"external_id": "D1"},
    "routing:transfer": {"external_id": "S1"},
    "reports:download": {"name": "agreement-quota"},
}
SAMPLES = {
    "external_id": "P1",
    "object_id": "1",
    "id": "1",
    "pk": "1",
    "app_label": "organisation",
    "content_type_id": "1",
    "url": "x",
    "client_id": "P1",
    "household_id": "H1",
    "kind": "routing",
    "name": "x",
    "what": "participation",
    "fact_id": "1",
}

GROUP = re.compile(r"\(\?P<(\w+)>[^)]*\)")
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>")


def walk(patterns, prefix: str = "", namespace: str | None = None):
    """(path template, name) for every pattern, descending into includes."""
    for p in patterns:
        route = str(p.pattern).lstrip("^").rstrip("$").replace("\\Z", "")
        if isinstance(p, URLResolver):
            ns = p.namespace or namespace
            yield from walk(p.url_patterns, prefix + route, ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name or f"{namespace}:<unnamed>"
            yield prefix + route, name


def concrete(template: str, name: str) -> str:
    values = {**SAMPLES, **SAMPLES_BY_NAME.get(name, {})}
    path = GROUP.sub(lambda m: values[m.group(1)], template)
    path = CONVERTER.sub(lambda m: values[m.group(1)], path)
    return "/" + path


def allowed(name: str) -> frozenset[str]:
    if name in ALLOWED:
        return ALLOWED[name]
    if name.startswith("admin:"):
        return ADMIN_ALLOWED
    if name.startswith("api-v1:"):
        return API_ALLOWED
    assert name in ALLOWED, f"{name}: a new URL – add it to ALLOWED with the roles that may open it"
    return ALLOWED[name]


def _outreach_round():
    """A visit round of an outreach worker nobody logs in as, with P1 (a candidate) in it."""
    from lotse.organisation.models import District, Staff, Team
    from lotse.outreach.services import round_plan

    team = Team.objects.create(external_id="T9", name="Aufsuchende Beratung", kind="outreach")
    worker = Staff.objects.create(
        external_id="S9",
        family_name="Weiß",
        given_name="Jörg",
        team=team,
        role="outreach",
        valid_from=date(2019, 1, 1),
    )
    day = date(2026, 11, 21)
    return round_plan(
        name="Runde",
        staff=worker,
        districts=list(District.objects.filter(external_id="D1")),
        first_day=day,
        last_day=day,
        as_of=day,
    )


def _network() -> dict[str, dict[str, str]]:
    """A childcare partner with P1 referred to it, an employer with a vacancy proposed to P1, and
    a working group with a meeting and a task: the samples of the network's pages."""
    from lotse.network import services
    from lotse.network.models import Partner
    from lotse.organisation.models import Staff

    p1 = Person.objects.get(external_id="P1")
    s1 = Staff.objects.get(external_id="S1")
    kita = Partner.objects.create(external_id="N1", name="Kita Sonnenschein", kind="childcare")
    employer = Partner.objects.create(external_id="N2", name="Bäckerei Schmidt", kind="employer")
    referral = services.partner_referral_record(
        person=p1,
        partner=kita,
        referred_on=date(2026, 11, 2),
        consent_on=date(2026, 11, 2),
        consent_scope="need",
    )
    vacancy = services.vacancy_record(
        employer=employer, title="Verkäufer:in", hours_per_week=Decimal(20), acquired_on=date(2026, 10, 1)
    )
    proposal = services.proposal_make(vacancy=vacancy, person=p1, proposed_on=date(2026, 11, 3))
    group = services.group_create(
        name="Arbeitskreis Alleinerziehende", cadence="biweekly", first_meeting=date(2026, 1, 7), members=[s1]
    )
    meeting = services.minutes_record(group=group, day=date(2026, 11, 18), minutes="Ergebnisse")
    task = services.task_add(meeting=meeting, text="Kita-Plätze klären", owner=s1, due=date(2026, 12, 2))
    return {
        "network:partner": {"pk": str(kita.pk)},
        "network:partner_edit": {"pk": str(kita.pk)},
        "network:group": {"pk": str(group.pk)},
        "network:meeting": {"pk": str(meeting.pk)},
        "network:task_done": {"pk": str(task.pk)},
        "network:vacancy": {"pk": str(vacancy.pk)},
        "network:referral_outcome": {"pk": str(referral.pk)},
        "clients:proposal_return": {"external_id": "P1", "pk": str(proposal.pk)},
        "network:document": {"kind": "minutes", "pk": str(meeting.pk)},
    }


def logged_in_clients(make_user) -> dict[str, Client]:
    """A test client per entry of :data:`USERS`, logged in (with its staff record), and the
    samples of the path parameters looked up in the small data set (routed)."""
    ensure_role_groups()
    # Primary keys differ between databases (PostgreSQL does not reset its sequences
    # between tests): the samples are looked up, not assumed.
    SAMPLES_BY_NAME["contacts:edit"] = {"pk": str(Contact.objects.get(external_id="K1").pk)}  # P1's
    SAMPLES_BY_NAME["clients:address_correct"] = {
        "external_id": "P1",
        "pk": str(Address.objects.get(person__external_id="P1").pk),
    }
    SAMPLES_BY_NAME["clients:fact"] = {
        "external_id": "P1",
        "pk": str(PersonAttribute.objects.filter(person__external_id="P1").order_by("pk").first().pk),
    }
    need = need_record(
        person=Person.objects.get(external_id="P1"), kind="childcare", recorded_on=date(2026, 11, 2)
    )
    SAMPLES_BY_NAME["clients:item"] = {"external_id": "P1", "kind": "need", "pk": str(need.pk)}
    SAMPLES_BY_NAME.update(_network())
    ensure_presets()
    rule_set = str(ContactRuleSet.objects.get(name="Darmstadt 2017").pk)
    for name in ("contact_rules:detail", "contact_rules:new_version"):
        SAMPLES_BY_NAME[name] = {"pk": rule_set}
    routing_set = str(RuleSet.objects.order_by("valid_from").last().pk)
    for name in ("routing:rule_set", "routing:rule_set_new_version"):
        SAMPLES_BY_NAME[name] = {"pk": routing_set}
    visit_round = _outreach_round()
    for name in ("outreach:round", "outreach:round_letters", "outreach:round_route"):
        SAMPLES_BY_NAME[name] = {"pk": str(visit_round.pk)}
    for name in ("outreach:case", "outreach:case_letter", "outreach:case_action"):
        SAMPLES_BY_NAME[name] = {"pk": str(visit_round.cases.get().pk)}
    result = {}
    for label, (role, staff) in USERS.items():
        c = Client()
        if role:
            user = make_user(role, label)
            if role == Role.ADMINISTRATOR:
                user.is_staff = True
                user.save()
                device = TOTPDevice.objects.create(user=user, name="phone")  # for the TOTP admin pages
                SAMPLES_BY_NAME["admin:otp_totp_totpdevice_config"] = {"pk": str(device.pk)}
                SAMPLES_BY_NAME["admin:otp_totp_totpdevice_qrcode"] = {"pk": str(device.pk)}
            if staff:
                link_staff(user, staff)
            c.force_login(user)
        result[label] = c
    return result
