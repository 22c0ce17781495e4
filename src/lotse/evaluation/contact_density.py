"""The monthly contact-density evaluation (Darmstadt 2017, answer 3; SPEC S4), set-based.

Share of the clients active on a reference date with a counting contact within the
last 1 / 3 / 6 months, against the guide values of the rule set valid then (Darmstadt
2017: 45 / 80 / 95 %), for the whole
Jobcenter and by office, team, caseworker, district and segment, and as a 24-month
series.

How it is computed, without a loop over clients: the counting contacts are loaded
once as two columnar arrays (client index, day number) sorted by client and day. For
a month end ``m`` the last contact of every client up to ``m`` is one vectorised
binary search (``searchsorted``) for the key (client, m); a client has a contact
within N months when that day is after ``m`` minus N months. Breakdowns are
``bincount`` over a group code per client. Which channels count comes from the contact
rule set valid on each month end, so a rule-set change applies from its valid-from
date and earlier months keep the rules valid then.
"""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass, field
from datetime import date, timedelta

import numpy as np
from django.db import transaction
from django.db.models import F, Value
from django.db.models.functions import Concat

from lotse.clients.columns import load_benefits
from lotse.clients.models import Person
from lotse.clients.population import Population, load_population
from lotse.clients.selectors import responsible_on
from lotse.contacts.models import Contact
from lotse.contacts.rulesets import contact_rule_set_on
from lotse.core import data_version
from lotse.core.columns import DAY, INT, fetch_columns, fetch_typed
from lotse.core.kept import keeping, kept_per_config_version, kept_per_data_version
from lotse.core.models import PersonStamp
from lotse.domain.contact_rules import ContactRuleSet as RuleSetSpec
from lotse.domain.contact_slots import in_parallel, slot_grid
from lotse.domain.dates import add_months, is_month_end
from lotse.domain.day_numbers import BIG, day_numbers, dnum
from lotse.domain.key_figures import Benefits, month_end
from lotse.domain.percent import share_percent
from lotse.domain.vocabulary import CONTACT_CHANNELS
from lotse.evaluation.compliance import Compliance, Deviations, compliance
from lotse.evaluation.models import FrozenMonth
from lotse.routing.rulesets import rule_labels

WINDOWS = (1, 3, 6)
DIMENSIONS = ("office", "team", "caseworker", "district", "segment")
NONE_KEY = "—"


def month_ends(as_of: date, months: int) -> list[date]:
    """The ``months`` month ends up to and including the one of ``as_of``'s month (or as_of)."""
    first = date(as_of.year, as_of.month, 1)
    ends = [month_end(add_months(first, -i)) for i in range(months - 1, 0, -1)]
    return [*ends, as_of]


@dataclass
class Counts:
    clients: int
    within: dict[int, int]
    compliant: int | None = None  # clients meeting every rule that applies to them
    deviations: int | None = None  # clients with a justified deviation valid on the day

    def as_json(self) -> dict:
        out: dict[str, object] = {"clients": self.clients}
        for n in WINDOWS:
            out[f"with_contact_{n}m"] = self.within[n]
            out[f"share_{n}m"] = self.share(n)
        if self.compliant is not None:
            out["compliant_own_rules"] = self.compliant
            out["share_compliant"] = self.share_compliant
            out["with_deviation"] = self.deviations
        return out

    def share(self, n: int) -> float | None:
        return share_percent(self.within[n], self.clients)

    @property
    def share_compliant(self) -> float | None:
        return share_percent(self.compliant, self.clients) if self.compliant is not None else None

    def shares_only(self) -> Counts:
        return Counts(self.clients, self.within)

    @classmethod
    def from_json(cls, data: dict) -> Counts:
        return cls(
            data["clients"],
            {n: data[f"with_contact_{n}m"] for n in WINDOWS},
            data.get("compliant_own_rules"),
            data.get("with_deviation"),
        )


@dataclass
class Group:
    dimension: str
    key: str
    label: str
    counts: Counts


@dataclass
class Evaluation:
    as_of: date
    rule_set: str | None
    total: Counts
    groups: list[Group] = field(default_factory=list)
    series: list[tuple[date, Counts]] = field(default_factory=list)
    # The guide values of the rule set valid on the reference date (months → %); empty when
    # that rule set names none (Mettmann's rule is a yearly count, not a share).
    guide: dict[int, float] = field(default_factory=dict)

    def as_json(self) -> dict:
        return {
            "as_of": self.as_of.isoformat(),
            "rule_set": self.rule_set,
            "guide_values": {f"share_{n}m": self.guide[n] for n in WINDOWS if n in self.guide},
            "jobcenter": self.total.as_json(),
            "groups": [
                {"dimension": g.dimension, "key": g.key, "label": g.label, **g.counts.as_json()}
                for g in self.groups
            ],
            "series": [{"month_end": d.isoformat(), **c.as_json()} for d, c in self.series],
        }


class Arrays:
    """Persons, benefit periods and contacts as NumPy arrays (loaded once per evaluation)."""

    def __init__(self, contacts_of: Arrays | None = None) -> None:
        """Read everything; with ``contacts_of`` (an earlier snapshot) read persons and
        benefits only and carry its contacts over (then :meth:`catch_up` from its data
        version re-reads the contacts of the persons written since)."""
        self.pks, self.benefits = load_benefits()  # a report's own read inside one_read()
        if contacts_of is not None:
            with self._catching_up:  # its columns are replaced together by a catch-up
                c_pks = contacts_of.pks[contacts_of.c_person]
                c_day, c_channel = contacts_of.c_day, contacts_of.c_channel
                names, self.data_version = contacts_of.channel_names, contacts_of.data_version
            index = np.minimum(self._index(c_pks), max(self.pks.size - 1, 0))
            still = (self.pks[index] == c_pks) if self.pks.size else np.zeros(c_pks.size, dtype=bool)
            self._columns(index[still], c_day[still], c_channel[still], names)
            return
        # channels as codes into the sorted vocabulary (a channel outside it: read as text)
        names = np.array(sorted(CONTACT_CHANNELS))
        person, day, codes = fetch_typed(
            Contact, {"person_id": INT, "date": DAY, "channel": names}, where="held"
        )
        if (codes < 0).any():
            contacts = fetch_columns(Contact, "person_id", "date", "channel", where="held")
            person, day = contacts[0].astype(np.int64), day_numbers(contacts[1])
            names, codes = np.unique(contacts[2].astype(str), return_inverse=True)
        self._columns(self._index(person), day, codes, names)

    @classmethod
    def from_columns(
        cls,
        pks: np.ndarray,
        benefits: Benefits,
        c_person: np.ndarray,
        c_day: np.ndarray,
        c_channel: np.ndarray,
        channel_names: np.ndarray,
    ) -> Arrays:
        """Arrays given directly (a benchmark's generated million clients), not read from the
        database; ``c_channel`` holds indexes into ``channel_names``."""
        arrays = cls.__new__(cls)
        arrays.pks, arrays.benefits = pks, benefits
        arrays._columns(c_person, c_day, c_channel, channel_names)
        return arrays

    def _columns(self, c_person: np.ndarray, c_day: np.ndarray, codes: np.ndarray, names: np.ndarray) -> None:
        """Contacts as columns; the channel as a small code into ``names`` (a string column
        of millions of contacts would be slow to compare)."""
        self.c_person, self.c_day = c_person, c_day
        self.c_channel, self.channel_names = codes.astype(np.int16), names
        self._segments: Population | None = None
        self._deviations: Deviations | None = None
        self._keys: dict[frozenset[str], tuple[np.ndarray, np.ndarray]] = {}

    def _index(self, pks: np.ndarray) -> np.ndarray:
        return np.searchsorted(self.pks, pks)

    data_version = 0  # the data version the contact columns are up to date with
    _catching_up = threading.Lock()

    def catch_up(self, data: int) -> None:
        """Bring the contact columns up to data version ``data`` after writes that only
        recorded contacts (the shape version did not move): the contacts of the persons
        written since are dropped and read again (a correction replaces, a new one adds).
        The segments and deviations stay; the sorted keys are sorted again on next use."""
        with self._catching_up:
            if data <= self.data_version:
                return
            since = self.data_version
            written = np.array(
                PersonStamp.objects.filter(stamp__gt=since).values_list("person_pk", flat=True),
                dtype=np.int64,
            )
            written = written[np.isin(written, self.pks)]  # a person new since the load moves the shape
            person, day, channel = fetch_columns(
                Contact, "person_id", "date", "channel", where="held", written_since=since
            )
            person = person.astype(np.int64)
            known = np.isin(person, self.pks)
            names = np.union1d(self.channel_names, channel[known].astype(str))
            kept = ~np.isin(self.c_person, self._index(written))
            codes = np.concatenate(
                [
                    np.searchsorted(names, self.channel_names)[self.c_channel[kept]],
                    np.searchsorted(names, channel[known].astype(str)),
                ]
            )
            segments, deviations = self._segments, self._deviations
            self._columns(
                np.concatenate([self.c_person[kept], self._index(person[known])]),
                np.concatenate([self.c_day[kept], day_numbers(day[known])]),
                codes,
                names,
            )
            self._segments, self._deviations = segments, deviations
            self.data_version = data

    @property
    def segments(self) -> Population:
        """The histories the rules' segment conditions are decided from, loaded on first use."""
        if self._segments is None:
            self._segments = load_population(self.benefits)
        return self._segments

    @property
    def deviations(self) -> Deviations:
        if self._deviations is None:
            self._deviations = Deviations(self._index)
        return self._deviations

    def compliance(self, rule_set: RuleSetSpec, day: date, clients: np.ndarray) -> Compliance:
        """Which of these clients meet every contact rule that applies to them on the day."""
        return compliance(
            rule_set,
            day,
            clients,
            self.segments.conditions_on(day),
            self.benefits.entry(day)[clients],
            self.deviations.on(day, self.pks.size)[clients],
            lambda channels: self.counting_keys(channels)[0],
        )

    def active(self, day: date) -> np.ndarray:
        """Indexes of the persons with a benefit period covering the day (sorted, unique)."""
        return self.benefits.stock(day)

    def _channel_mask(self, channels: frozenset[str]) -> np.ndarray:
        wanted = np.isin(self.channel_names, list(channels))
        return wanted[self.c_channel] if wanted.size else np.zeros(self.c_channel.size, dtype=bool)

    def counting_keys(self, channels: frozenset[str]) -> tuple[np.ndarray, np.ndarray]:
        """Sorted keys (client × BIG + day) of the counting contacts, and the days (cached
        per set of channels: the rules of one rule set share them)."""
        if channels not in self._keys:
            mask = self._channel_mask(channels)
            keys = self.c_person[mask] * BIG + self.c_day[mask]
            order = np.argsort(keys, kind="stable")
            self._keys[channels] = (keys[order], self.c_day[mask][order])
        return self._keys[channels]


def last_contact_days(clients: np.ndarray, keys: np.ndarray, days: np.ndarray, day: date) -> np.ndarray:
    """Day number of each client's last counting contact up to ``day`` (-1: none)."""
    if keys.size == 0:  # no counting contact at all (a new Jobcenter, a test data set)
        return np.full(clients.size, -1, dtype=np.int64)
    query = clients * BIG + dnum(day)
    pos = np.searchsorted(keys, query, side="right") - 1
    found = (pos >= 0) & (keys[np.maximum(pos, 0)] // BIG == clients)
    return np.where(found, days[np.maximum(pos, 0)], -1)


def _counts(last: np.ndarray, day: date, rules: Compliance | None = None) -> Counts:
    within = {n: int(np.count_nonzero(last > dnum(add_months(day, -n)))) for n in WINDOWS}
    if rules is None:
        return Counts(int(last.size), within)
    return Counts(
        int(last.size), within, int(np.count_nonzero(rules.compliant)), int(np.count_nonzero(rules.deviation))
    )


def series_counts(arrays: Arrays, ends: list[date], channels: frozenset[str]) -> list[Counts]:
    """The Jobcenter's 1/3/6 figures on each of the days, fast enough for a million clients.

    A client has a contact within N months of a day exactly when one of their counting
    contacts lies after the day minus N months and not after the day. The windows of all
    days are answered from one grid of (slot between window bounds × person) marked in one
    pass over the contacts (:mod:`lotse.domain.contact_slots`, no sort), and counted with
    the clients active on each day.
    """
    windows = {end: {n: (dnum(add_months(end, -n)), dnum(end)) for n in WINDOWS} for end in ends}
    grid = slot_grid(
        arrays.c_person,
        arrays.c_day,
        arrays.c_channel,
        np.isin(arrays.channel_names, list(channels)),
        arrays.pks.size,
        (window for of_end in windows.values() for window in of_end.values()),
    )

    def counts(end: date) -> Counts:
        active = arrays.benefits.stock_mask(end)
        within = {
            n: int(np.count_nonzero(grid.contacted(*window) & active)) for n, window in windows[end].items()
        }
        return Counts(int(np.count_nonzero(active)), within)

    return in_parallel(counts, ends)


def jobcenter_counts(arrays: Arrays, day: date, channels: frozenset[str]) -> Counts:
    """The Jobcenter's 1/3/6 figures on a day if these channels count (e.g. an edited rule set)."""
    keys, days = arrays.counting_keys(channels)
    return _counts(last_contact_days(arrays.active(day), keys, days, day), day)


def _grouped(
    dimension: str,
    codes: np.ndarray,
    labels: list[tuple[str, str]],
    last: np.ndarray,
    day: date,
    rules: Compliance | None = None,
) -> list[Group]:
    size = len(labels)
    clients = np.bincount(codes, minlength=size)
    within = {n: np.bincount(codes[last > dnum(add_months(day, -n))], minlength=size) for n in WINDOWS}
    compliant = np.bincount(codes[rules.compliant], minlength=size) if rules else None
    deviations = np.bincount(codes[rules.deviation], minlength=size) if rules else None
    return [
        Group(
            dimension,
            key,
            label,
            Counts(
                int(clients[i]),
                {n: int(within[n][i]) for n in WINDOWS},
                int(compliant[i]) if compliant is not None else None,
                int(deviations[i]) if deviations is not None else None,
            ),
        )
        for i, (key, label) in enumerate(labels)
        if clients[i]
    ]


def reading_order(text: str) -> tuple:
    """Sort key as a person reads a list: umlauts with their vowel ("Bärer" before "Briemer"),
    case ignored, numbers by value ("Bewerber-Service 2" before "… 10")."""
    plain = text.casefold().translate(str.maketrans({"ä": "a", "ö": "o", "ü": "u", "ß": "ss"}))
    return tuple((0, int(part), "") if part.isdigit() else (1, 0, part) for part in re.split(r"(\d+)", plain))


def group_codes(
    arrays: Arrays, clients: np.ndarray, dimension: str, day: date
) -> tuple[np.ndarray, list[tuple[str, str]]]:
    """A group code per active client for a dimension, with (key, label) per code (vectorised);
    team, office, caseworker and segment are those responsible on the day, not today."""
    if dimension == "district":
        rows = Person.objects.values_list("pk", "district__external_id", "district__name")
    else:
        field_key, field_label = {
            "team": ("team__external_id", "team__name"),
            "office": ("team__office__external_id", "team__office__name"),
            "caseworker": (
                "staff__external_id",
                Concat(F("staff__family_name"), Value(", "), F("staff__given_name")),
            ),
            "segment": ("rule_code", "rule_code"),
        }[dimension]
        rows = responsible_on(day).values_list("person_id", field_key, field_label)
    # A sentinel row (pk -1, "no group") keeps the table from ever being empty.
    table = [*rows, (-1, None, None)]
    index: dict[tuple[str, str], int] = {}
    row_codes = np.array(
        [
            index.setdefault(
                (NONE_KEY if key is None else str(key), NONE_KEY if label is None else str(label)), len(index)
            )
            for _pk, key, label in table
        ],
        dtype=np.int64,
    )
    row_pks = np.array([pk for pk, _key, _label in table], dtype=np.int64)
    order = np.argsort(row_pks)
    row_pks, row_codes = row_pks[order], row_codes[order]
    pks = arrays.pks[clients]
    pos = np.searchsorted(row_pks, pks).clip(max=row_pks.size - 1)
    codes = np.where(row_pks[pos] == pks, row_codes[pos], index[(NONE_KEY, NONE_KEY)])
    labels = list(index)
    if dimension == "segment":  # the rule's label, not its code
        names = rule_labels(day)
        labels = [(key, names.get(label, label)) for key, label in labels]
    return codes.astype(np.int64), labels


def evaluate_month(
    arrays: Arrays, day: date, by: tuple[str, ...] = DIMENSIONS, own_rules: bool = True
) -> Evaluation:
    """One reference date computed from the data (no frozen figures, no series);
    ``own_rules`` false leaves out the compliance with the own rules (a report that shows
    the 1/3/6 shares only need not load the clients' segment facts)."""
    rule_set = contact_rule_set_on(day)
    channels = rule_set.counting_channels if rule_set else frozenset()
    keys, days = arrays.counting_keys(channels)
    clients = arrays.active(day)
    last = last_contact_days(clients, keys, days, day)
    rules = arrays.compliance(rule_set, day, clients) if rule_set and own_rules else None
    evaluation = Evaluation(
        day,
        rule_set.name if rule_set else None,
        _counts(last, day, rules),
        guide=rule_set.guide if rule_set else {},
    )
    for dimension in by:
        codes, labels = group_codes(arrays, clients, dimension, day)
        evaluation.groups += sorted(
            _grouped(dimension, codes, labels, last, day, rules),
            key=lambda g: (g.dimension, reading_order(g.label)),
        )
    return evaluation


def from_frozen(day: date, figures: dict, by: tuple[str, ...]) -> Evaluation:
    guide = {
        int(k.removeprefix("share_").removesuffix("m")): v for k, v in figures.get("guide_values", {}).items()
    }
    evaluation = Evaluation(day, figures.get("rule_set"), Counts.from_json(figures["jobcenter"]), guide=guide)
    evaluation.groups = [
        Group(g["dimension"], g["key"], g["label"], Counts.from_json(g))
        for g in figures["groups"]
        if g["dimension"] in by
    ]
    return evaluation


def evaluate_contact_density(
    as_of: date,
    *,
    by: tuple[str, ...] = DIMENSIONS,
    series_months: int = 24,
    arrays: Arrays | None = None,
    own_rules: bool = True,
) -> Evaluation:
    """The evaluation on ``as_of`` with its series; months frozen by a retention run are
    read from their frozen figures, so deleting old clients does not change them.

    Without ``arrays`` the result is kept until the next write (:mod:`lotse.core.kept`): it
    is shared, so a caller that narrows it copies it first (:func:`dataclasses.replace`)."""
    if arrays is None:
        return _kept_evaluation(as_of, tuple(by), series_months, own_rules)
    return _evaluate(as_of, by, series_months, arrays, own_rules)


def kept_arrays() -> Arrays:
    """The column snapshot of the current data, kept in this process: loaded again after a
    write that changed more than contacts; after contact writes only the contacts of the
    persons written since are read again (:meth:`Arrays.catch_up`), so the first evaluation
    after a recorded contact does not reload half a million contacts."""
    arrays = _snapshot()
    if keeping():
        arrays.catch_up(data_version.current().data)
    return arrays


@kept_per_data_version(size=1, per="shape")
def _snapshot() -> Arrays:
    """After a write that changed more than contacts, persons and benefits are read again but
    the contacts are carried over from the snapshot before, as long as the configuration
    version stands (every write about persons stamps them; one that does not, an import,
    moves the configuration version): reading half a million contacts was half the cost."""
    version = data_version.current()  # read first: a write during the load is read again
    last = kept_per_config_version("contact-density snapshot", _LastSnapshot, version)
    if last.arrays is not None:
        arrays = Arrays(contacts_of=last.arrays)
    else:
        arrays = Arrays()
        arrays.data_version = version.data
    last.arrays = arrays
    return arrays


class _LastSnapshot:
    """The latest snapshot of this process under one configuration version."""

    arrays: Arrays | None = None


@kept_per_data_version(size=64)
def _kept_evaluation(as_of: date, by: tuple[str, ...], series_months: int, own_rules: bool) -> Evaluation:
    return _evaluate(as_of, by, series_months, kept_arrays(), own_rules)


def _evaluate(
    as_of: date, by: tuple[str, ...], series_months: int, arrays: Arrays, own_rules: bool
) -> Evaluation:
    ends = month_ends(as_of, series_months)
    frozen = dict(
        FrozenMonth.objects.filter(month_end__in=[*ends, as_of]).values_list("month_end", "figures")
    )
    if as_of in frozen:
        evaluation = from_frozen(as_of, frozen[as_of], by)
    else:
        evaluation = evaluate_month(arrays, as_of, by, own_rules)
    # The series holds the 1/3/6 figures only, whether a month is frozen or computed; the
    # months are computed together, grouped by the channels that counted then.
    figures = {end: Counts.from_json(frozen[end]["jobcenter"]).shares_only() for end in ends if end in frozen}
    computed: dict[frozenset[str], list[date]] = {}
    for end in ends:
        if end not in frozen:
            rs = contact_rule_set_on(end)
            computed.setdefault(rs.counting_channels if rs else frozenset(), []).append(end)
    for channels, days in computed.items():
        figures.update(zip(days, series_counts(arrays, days, channels), strict=True))
    evaluation.series = [(end, figures[end]) for end in ends]
    return evaluation


def freeze_months(days: list[date], arrays: Arrays | None = None) -> list[date]:
    """Store the figures of these month ends unless already frozen; returns the ones frozen now."""
    done = set(FrozenMonth.objects.filter(month_end__in=days).values_list("month_end", flat=True))
    todo = sorted(set(days) - done)
    if not todo:
        return []
    arrays = arrays or Arrays()
    with transaction.atomic():
        FrozenMonth.objects.bulk_create(
            FrozenMonth(month_end=day, figures=evaluate_month(arrays, day).as_json()) for day in todo
        )
        data_version.advance()  # a frozen month is read from its row from now on
    return todo


def closed_month_end(as_of: date, closing_days: int) -> date:
    """The last month end whose month is closed on ``as_of``: ``closing_days`` after a month
    end, late entries for that month are over and its figures may be frozen."""
    day = as_of - timedelta(days=closing_days)
    return day if is_month_end(day) else day.replace(day=1) - timedelta(days=1)
