"""Outreach candidates on a date: set-based, one query, from the contact log and the rule.

Each active client gets, in SQL, the day of the last counting contact up to the date,
the start of the running benefit period and the number of missed appointments since
that contact; the rule valid on the date decides. No flag is kept: a client enters on
the day the gap is reached and leaves with the first counting contact.
"""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Count, DateField, IntegerField, Max, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from lotse.clients.models import BenefitPeriod, Person
from lotse.clients.scope import persons_owned_by, persons_visible_to, scope_of
from lotse.clients.selectors import active_person_ids
from lotse.contacts.models import Contact
from lotse.contacts.rulesets import contact_rule_set_on
from lotse.core.models import valid_on
from lotse.core.roles import Role, roles_of
from lotse.domain.outreach import OutreachRule as Rule
from lotse.domain.outreach import gap_cutoff
from lotse.outreach.models import OutreachCase, OutreachRule

DEFAULT_RULE = Rule()


def rule_on(as_of: date) -> Rule:
    row = OutreachRule.objects.filter(valid_on(as_of)).order_by("-valid_from").first()
    return Rule(row.gap_months, row.missed_in_row, row.other_ways) if row else DEFAULT_RULE


def rule_json(rule: Rule) -> dict:
    return {"gap_months": rule.gap_months, "other_ways": rule.other_ways, "missed_in_row": rule.missed_in_row}


def counting_channels(as_of: date) -> list[str]:
    rule_set = contact_rule_set_on(as_of)
    return sorted(rule_set.counting_channels) if rule_set else []


def with_contact_state(persons: QuerySet[Person], as_of: date, rule: Rule | None = None) -> QuerySet[Person]:
    """Annotate ``last_contact`` (the last contact that keeps a client off the list under the
    rule: any that took place, or only counting ones), ``entry`` and ``missed_since``."""
    rule = rule or rule_on(as_of)
    counting = Contact.objects.filter(person=OuterRef("pk"), held=True, date__lte=as_of)
    if not rule.other_ways:
        counting = counting.filter(channel__in=counting_channels(as_of))
    last = Subquery(counting.values("person").annotate(m=Max("date")).values("m")[:1])
    entry = Subquery(
        BenefitPeriod.objects.filter(valid_on(as_of), person=OuterRef("pk"))
        .values("person")
        .annotate(m=Max("valid_from"))
        .values("m")[:1]
    )
    persons = persons.annotate(
        last_contact=last,
        entry=entry,
        # The day after which missed appointments count (the last counting contact, or ever).
        missed_after=Coalesce(last, Value(date(1900, 1, 1)), output_field=DateField()),
    )
    missed = Subquery(
        Contact.objects.filter(
            person=OuterRef("pk"), held=False, date__lte=as_of, date__gt=OuterRef("missed_after")
        )
        .values("person")
        .annotate(n=Count("pk"))
        .values("n")[:1],
        output_field=IntegerField(),
    )
    return persons.annotate(missed_since=Coalesce(missed, Value(0)))


def candidates(as_of: date) -> QuerySet[Person]:
    """The active clients who are outreach candidates on ``as_of`` (annotated, see above)."""
    rule = rule_on(as_of)
    cutoff = gap_cutoff(as_of, rule.gap_months)
    active = Person.objects.filter(pk__in=active_person_ids(as_of))
    qs = with_contact_state(active, as_of, rule)
    gap = Q(last_contact__lte=cutoff) | Q(last_contact__isnull=True, entry__lte=cutoff)
    missed = Q(missed_since__gte=rule.missed_in_row) if rule.missed_in_row else Q(pk__in=[])
    return qs.filter(gap | missed)


def candidates_for(user, as_of: date) -> QuerySet[Person]:
    """The candidates a user may list: all of them for the outreach team (its work, with the
    least data a visit needs); a team lead's own team's (and queue's) only."""
    found = candidates(as_of)
    if Role.OUTREACH in roles_of(user):
        return found
    return found.filter(pk__in=persons_owned_by(user).values("pk"))


def candidates_not_in_outreach(as_of: date) -> QuerySet[Person]:
    """The candidates a visit round may take in: those without an open outreach case."""
    return candidates(as_of).exclude(pk__in=OutreachCase.objects.open().values("person_id"))


def outreach_cases_visible_to(user: AbstractBaseUser | AnonymousUser):
    """Outreach cases the user may open: the open cases of their own outreach staff record
    or team (the outreach caseload), and any case of a client they may see anyway."""
    scope = scope_of(user)
    caseload = OutreachCase.objects.open().filter(
        Q(staff_id__in=scope.own_staff) | Q(staff__team_id__in=scope.own_teams)
    )
    return OutreachCase.objects.filter(
        Q(pk__in=caseload.values("pk")) | Q(person__in=persons_visible_to(user))
    )
