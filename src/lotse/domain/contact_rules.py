"""Contact density (SPEC S4): which contact rules apply to a client and whether they hold.

Pure functions, no Django. A rule set is data (YAML presets "Darmstadt 2017" and
"Mettmann 2014", editable per Jobcenter) with the channels that count and a list of
rules. Every rule whose segment conditions hold applies, and all applicable rules
must hold (Darmstadt 2017: "Mindeststandards"). Two kinds:

- ``max_interval``: at most N months between counting contacts (optionally only
  contacts of given channels count for this rule). The clock starts at the last
  counting contact, or at the entry into benefits when there is none. A justified
  individual deviation replaces N (Darmstadt 2017, answer 4).
- ``min_per_year``: at least K counting contacts in the calendar year, spread evenly
  over the part of the year with benefits: the k-th contact is due on day
  ⌈k × days / K⌉; on a date the client is compliant when every contact whose due day
  has passed was made *(interpretation, documented in docs/contact-density.md)*.

Missed appointments (``held`` false) never count.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from lotse.domain.conditions import RuleError, failing, freeze_conditions
from lotse.domain.dates import add_months

KINDS = ("max_interval", "min_per_year")


@dataclass(frozen=True)
class ContactRule:
    code: str
    label: str
    kind: str
    months: int | None = None
    count: int | None = None
    channels: tuple[str, ...] = ()  # empty: every counting channel
    conditions: tuple[tuple[str, object], ...] = ()

    @classmethod
    def build(
        cls,
        code: str,
        label: str,
        kind: str,
        *,
        months: int | None = None,
        count: int | None = None,
        channels: Sequence[str] = (),
        conditions: Mapping[str, object] | None = None,
    ) -> ContactRule:
        if kind not in KINDS:
            raise RuleError(f"rule {code}: kind must be one of {', '.join(KINDS)}")
        if kind == "max_interval" and not (isinstance(months, int) and months > 0):
            raise RuleError(f"rule {code}: max_interval needs months (a whole number > 0)")
        if kind == "min_per_year" and not (isinstance(count, int) and count > 0):
            raise RuleError(f"rule {code}: min_per_year needs count (a whole number > 0)")
        return cls(
            code, label, kind, months, count, tuple(channels), freeze_conditions(code, conditions or {})
        )

    def applies(self, values: Mapping[str, object]) -> bool:
        return not failing(self.conditions, values)


GUIDE_WINDOWS = (1, 3, 6)  # months of the monthly evaluation's shares


@dataclass(frozen=True)
class ContactRuleSet:
    name: str
    valid_from: date
    valid_to: date | None
    counting_channels: frozenset[str]
    rules: tuple[ContactRule, ...]
    # The evaluation's guide values, months → % of clients with a contact within them
    # (Darmstadt 2017: 45 / 80 / 95 %); empty when the rule set names none.
    guide_values: tuple[tuple[int, float], ...] = ()

    @property
    def guide(self) -> dict[int, float]:
        return dict(self.guide_values)


@dataclass(frozen=True)
class ContactEvent:
    day: date
    channel: str
    held: bool = True


@dataclass(frozen=True)
class Deviation:
    """A justified deviation for one client ("In begründeten Einzelfällen kann sowohl in die
    eine als auch in die andere Richtung abgewichen werden", Darmstadt 2017, answer 4): it
    replaces the interval of the client's ``max_interval`` rules and/or the yearly count of
    their ``min_per_year`` rules (Mettmann's 2 or 6 a year) while valid."""

    interval_months: int | None
    valid_from: date
    valid_to: date | None
    reason: str = ""
    per_year: int | None = None

    def valid_on(self, day: date) -> bool:
        return self.valid_from <= day and (self.valid_to is None or day <= self.valid_to)


@dataclass(frozen=True)
class RuleStatus:
    rule: ContactRule
    due: date | None  # None: nothing more is due this calendar year
    compliant: bool
    last: date | None  # last qualifying contact up to the date
    months: int | None  # interval actually used (a deviation may replace the rule's)
    count_this_year: int | None = None
    required_by_now: int | None = None


@dataclass(frozen=True)
class DensityStatus:
    as_of: date
    rules: tuple[RuleStatus, ...]
    last_counting_contact: date | None
    deviation: Deviation | None

    @property
    def due(self) -> date | None:
        dates = [r.due for r in self.rules if r.due is not None]
        return min(dates) if dates else None

    @property
    def compliant(self) -> bool:
        return all(r.compliant for r in self.rules)

    @property
    def overdue(self) -> bool:
        return self.due is not None and self.due < self.as_of

    @property
    def never_contacted(self) -> bool:
        return self.last_counting_contact is None


def counting_days(
    contacts: Sequence[ContactEvent],
    rule_set: ContactRuleSet,
    channels: Sequence[str] = (),
    until: date | None = None,
) -> list[date]:
    """Sorted days of held contacts in a counting channel (and in ``channels`` if given)."""
    wanted = rule_set.counting_channels & set(channels) if channels else rule_set.counting_channels
    return sorted(
        c.day for c in contacts if c.held and c.channel in wanted and (until is None or c.day <= until)
    )


def _max_interval(
    rule: ContactRule, days: list[date], entry: date, as_of: date, deviation: Deviation | None
) -> RuleStatus:
    months = deviation.interval_months if deviation and deviation.interval_months else rule.months
    assert months is not None
    last = days[-1] if days else None
    due = add_months(last or entry, months)
    return RuleStatus(rule, due, as_of <= due, last, months)


def _min_per_year(
    rule: ContactRule, days: list[date], entry: date, as_of: date, deviation: Deviation | None = None
) -> RuleStatus:
    """K contacts spread evenly over the part of the year with benefits: the k-th is due
    on day ⌈k × period / K⌉ of that period; contacts whose due day has passed are required.
    A justified deviation with a yearly count replaces K."""
    count = deviation.per_year if deviation and deviation.per_year else rule.count
    assert count is not None
    start = max(date(as_of.year, 1, 1), entry)
    period = (date(as_of.year, 12, 31) - start).days + 1

    def due_of(k: int) -> date:
        return start + timedelta(days=math.ceil(k * period / count) - 1)

    done = sum(1 for d in days if start <= d <= as_of)
    required = sum(1 for k in range(1, count + 1) if due_of(k) < as_of)
    due = due_of(done + 1) if done < count else None
    last = days[-1] if days else None
    return RuleStatus(rule, due, done >= required, last, None, done, required)


def evaluate(
    values: Mapping[str, object],
    contacts: Sequence[ContactEvent],
    entry: date,
    rule_set: ContactRuleSet,
    as_of: date,
    deviations: Sequence[Deviation] = (),
) -> DensityStatus:
    """Every applicable rule's due date and compliance for one client on ``as_of``."""
    deviation = next((d for d in deviations if d.valid_on(as_of)), None)
    statuses = []
    for rule in rule_set.rules:
        if not rule.applies(values):
            continue
        days = counting_days(contacts, rule_set, rule.channels, until=as_of)
        if rule.kind == "max_interval":
            statuses.append(_max_interval(rule, days, entry, as_of, deviation))
        else:
            statuses.append(_min_per_year(rule, days, entry, as_of, deviation))
    all_days = counting_days(contacts, rule_set, until=as_of)
    return DensityStatus(as_of, tuple(statuses), all_days[-1] if all_days else None, deviation)


def status_to_data(status: DensityStatus) -> list:
    """A status as plain JSON data, to be kept for other processes (the worklist's due dates
    are shared between web workers): the rules by their code, dates as ISO text."""

    def day(value: date | None) -> str | None:
        return value.isoformat() if value else None

    d = status.deviation
    return [
        day(status.last_counting_contact),
        [d.interval_months, day(d.valid_from), day(d.valid_to), d.reason, d.per_year] if d else None,
        [
            [
                r.rule.code,
                day(r.due),
                r.compliant,
                day(r.last),
                r.months,
                r.count_this_year,
                r.required_by_now,
            ]
            for r in status.rules
        ],
    ]


def status_from_data(data: list, rule_set: ContactRuleSet, as_of: date) -> DensityStatus | None:
    """The status :func:`status_to_data` wrote, under the rule set it was computed with
    (None when a rule is not in it: compute the status again)."""

    def day(value: str | None) -> date | None:
        return date.fromisoformat(value) if value else None

    last, deviation, rows = data
    rules = {rule.code: rule for rule in rule_set.rules}
    if any(row[0] not in rules for row in rows):
        return None
    return DensityStatus(
        as_of,
        tuple(
            RuleStatus(rules[code], day(due), compliant, day(seen), months, count, required)
            for code, due, compliant, seen, months, count, required in rows
        ),
        day(last),
        Deviation(deviation[0], day(deviation[1]), day(deviation[2]), deviation[3], deviation[4])
        if deviation
        else None,
    )


def parse_contact_rule_set(doc: object) -> ContactRuleSet:
    """Read a `kind: contact_density` YAML document; errors name the rule and field."""
    if not isinstance(doc, dict) or doc.get("kind") != "contact_density":
        raise RuleError("kind: expected 'contact_density'")
    for key in ("name", "valid_from", "counting_channels", "rules"):
        if not doc.get(key):
            raise RuleError(f"{key}: missing")
    try:
        valid_from = date.fromisoformat(str(doc["valid_from"]))
        valid_to = date.fromisoformat(str(doc["valid_to"])) if doc.get("valid_to") else None
    except ValueError as exc:
        raise RuleError(f"validity: {exc}") from None
    rules, codes = [], set()
    for i, item in enumerate(doc["rules"], start=1):
        code = str(item.get("code") or f"rules[{i}]")
        if code in codes:
            raise RuleError(f"rule {code}: appears twice")
        codes.add(code)
        unknown = set(item) - {"code", "label", "when", "kind", "months", "count", "channels"}
        if unknown:
            raise RuleError(f"rule {code}: unknown field(s) {', '.join(sorted(unknown))}")
        rules.append(
            ContactRule.build(
                code,
                str(item.get("label") or code),
                str(item.get("kind")),
                months=item.get("months"),
                count=item.get("count"),
                channels=tuple(item.get("channels") or ()),
                conditions=item.get("when") or {},
            )
        )
    return ContactRuleSet(
        str(doc["name"]),
        valid_from,
        valid_to,
        frozenset(doc["counting_channels"]),
        tuple(rules),
        _guide_values(doc.get("guide_values")),
    )


def _guide_values(raw: object) -> tuple[tuple[int, float], ...]:
    """``{1: 45, 3: 80, 6: 95}``: months of the evaluation's windows → % from 0 to 100."""
    if not raw:
        return ()
    if not isinstance(raw, dict):
        raise RuleError("guide_values: expected months: percent, e.g. {1: 45, 3: 80, 6: 95}")
    values = []
    for months, percent in raw.items():
        try:
            n, value = int(months), float(percent)
        except (TypeError, ValueError):
            raise RuleError(f"guide_values: {months}: {percent} is not months: percent") from None
        if n not in GUIDE_WINDOWS:
            raise RuleError(f"guide_values: {n} months is none of {', '.join(map(str, GUIDE_WINDOWS))}")
        if not 0 <= value <= 100:
            raise RuleError(f"guide_values: {value} % for {n} months is outside 0–100")
        values.append((n, value))
    return tuple(sorted(values))
