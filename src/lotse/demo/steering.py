"""Three years of steering data for the demo Jobcenter, as exchange-format rows.

Measures with an effect of their own (so the effectiveness page has measures to continue
and to review), participations, integrations calibrated to a K2 of about 22 % (national
range 20–25 %), municipal service budgets (the services of Mettmann 2014, scaled to the demo's
size) with referrals, the monthly K1 and housing-cost sums, and this year's target
agreement from the Mettmann 2014 template. Everything goes through the importer's checks.
"""

from __future__ import annotations

import random
from collections import defaultdict
from datetime import date, timedelta
from decimal import Decimal

import numpy as np

from lotse.demo.households import HISTORY_DAYS, Generated
from lotse.domain.dates import add_months, age_on
from lotse.domain.day_numbers import OPEN_END, dnum
from lotse.domain.key_figures import Benefits, month_end
from lotse.targets.presets import load_preset

K2_TARGET = 0.2
PROFILES = (
    "market",
    "activation",
    "support",
    "development",
    "stabilisation",
    "assistance",
)  # integrations per year per eLB in the stock

MEASURES = (
    # (name, kind, provider, target group, places, effect: chance of a job after it)
    ("Aktivierungscenter Nord", "activation", "Bildungswerk Nord gGmbH", "all", 60, 0.22),
    ("Bewerbungscoaching kompakt", "activation", "Perspektive Arbeit e. V.", "all", 40, 0.30),
    ("Job-Start 50plus", "activation", "Bildungswerk Nord gGmbH", "over_50", 30, 0.14),
    (
        "Teilzeitqualifizierung für Alleinerziehende",
        "vocational_training",
        "Frauen & Beruf e. V.",
        "single_parents",
        24,
        0.33,
    ),
    ("Umschulung Pflegefachassistenz", "vocational_training", "Pflegeschule am Stadtpark", "all", 20, 0.45),
    ("Fahrerlaubnis Berufskraftfahrer", "vocational_training", "Verkehrsakademie Mitte", "all", 16, 0.50),
    ("Lager und Logistik mit Staplerschein", "vocational_training", "Logistikzentrum Süd", "all", 24, 0.38),
    ("MAG Handel und Verkauf", "workplace_trial", "Arbeitgeberservice", "all", 50, 0.41),
    ("MAG Handwerk", "workplace_trial", "Kreishandwerkerschaft", "all", 30, 0.36),
    ("Berufssprachkurs B2", "language", "Volkshochschule", "all", 80, 0.18),
    ("Integrationskurs mit Kinderbetreuung", "language", "Volkshochschule", "single_parents", 30, 0.10),
    (
        "Arbeitsgelegenheit Stadtgrün",
        "employment_opportunity",
        "Stadtwerke Service GmbH",
        "long_term",
        40,
        0.06,
    ),
    ("Arbeitsgelegenheit Sozialkaufhaus", "employment_opportunity", "Diakonie", "long_term", 30, 0.08),
    ("Ganzheitliches Coaching § 16k", "coaching", "Lotsenhaus e. V.", "long_term", 40, 0.15),
    ("Gesundheitsorientiertes Coaching", "coaching", "Reha-Netzwerk", "rehab", 20, 0.12),
    ("Jugendwerkstatt", "youth", "Jugendberufshilfe", "u25", 36, 0.27),
    ("Ausbildungsvorbereitung", "youth", "Jugendberufsagentur", "u25", 40, 0.35),
    ("Assistierte Ausbildung flex", "youth", "Bildungswerk Nord gGmbH", "u25", 30, 0.40),
)

# Mettmann 2014, V: the municipal services and their 2014 budgets (€), scaled by clients / 25,000.
SERVICES = (
    ("childcare_fund", "Kurzfristige Kinderbetreuung (Fonds)", Decimal(5_000), 180),
    ("debt_counselling", "Schuldnerberatung", Decimal(500_000), 900),
    ("psychosocial_care", "Psychosoziale Betreuung", Decimal(72_000), 700),
    ("methadone_trips", "Fahrten zur Methadonsubstitution", Decimal(26_000), 420),
    ("addiction_counselling", "Suchtberatung", Decimal(45_000), 350),
)


class SteeringFactory:
    def __init__(self, rng: random.Random, out: Generated, as_of: date, clients: int):
        self.rng = rng
        self.out = out
        self.as_of = as_of
        self.start = as_of - timedelta(days=HISTORY_DAYS)
        self.scale = Decimal(clients) / Decimal(25_000)
        self.birth = {p.person_id: p.birth_date for p in out.persons}
        self.periods: dict[str, list[tuple[date, date | None]]] = defaultdict(list)
        for b in out.benefits:
            self.periods[b["person_id"]].append((b["valid_from"], b["valid_to"]))
        self.people = sorted(self.periods)
        self.integrations: list[dict] = []
        self.months: set[tuple[str, date]] = set()
        self.profiles: dict[str, list[dict]] = defaultdict(list)
        for row in out.attributes:
            if row["attribute"] == "profile":
                self.profiles[row["person_id"]].append(row)

    # -- helpers -------------------------------------------------------------------------
    def _receiving(self, pid: str, day: date) -> bool:
        return any(f <= day and (t is None or day <= t) for f, t in self.periods[pid])

    def _random_day(self, first: date, last: date) -> date:
        return first + timedelta(days=self.rng.randint(0, max(0, (last - first).days)))

    def _integration(self, pid: str, day: date, kind: str | None = None) -> dict | None:
        """Add an integration unless one of the person's starts in that month already."""
        if day > self.as_of or (pid, date(day.year, day.month, 1)) in self.months:
            return None
        rng = self.rng
        if kind is None:
            young = age_on(self.birth[pid], day) < 25
            kind = rng.choices(
                ["employment", "apprenticeship", "self_employment", "publicly_funded"],
                weights=[78, 12 if young else 1, 4, 6],
            )[0]
        ended = None
        if rng.random() < 0.3:
            ended = day + timedelta(days=rng.randint(40, 500))
            ended = ended if ended < self.as_of else None
        self.months.add((pid, date(day.year, day.month, 1)))
        row = {
            "integration_id": f"I{len(self.integrations) + 1:07d}",
            "person_id": pid,
            "started": day,
            "kind": kind,
            "ended": ended,
            "employer": rng.choice(EMPLOYERS),
        }
        self.integrations.append(row)
        return row

    # -- the files -------------------------------------------------------------------------
    def measures(self) -> list[dict]:
        return [
            {
                "measure_id": f"M{i + 1:03d}",
                "name": name,
                "kind": kind,
                "provider": provider,
                "target_group": group,
                "places": max(4, int(places * self.scale)),
            }
            for i, (name, kind, provider, group, places, _effect) in enumerate(MEASURES)
        ]

    def _fits(self, pid: str, group: str, day: date) -> bool:
        age = age_on(self.birth[pid], day)
        return {"u25": age < 25, "over_50": age >= 50}.get(group, age >= 25 or group == "all")

    def participations(self) -> list[dict]:
        rng, rows = self.rng, []
        per_year = int(0.24 * len(self.people) * 0.8)
        for _ in range(per_year * 3):
            pid = rng.choice(self.people)
            entered = self._random_day(self.start, self.as_of - timedelta(days=7))
            if not self._receiving(pid, entered):
                continue
            candidates = [i for i, m in enumerate(MEASURES) if self._fits(pid, m[3], entered)]
            index = rng.choice(candidates)
            exited = entered + timedelta(days=rng.randint(30, 270))
            reason = ""
            if exited >= self.as_of:
                exited = None
            else:
                job = None
                if rng.random() < MEASURES[index][5]:
                    job = self._integration(pid, exited + timedelta(days=rng.randint(-20, 150)))
                if job:
                    reason = "integrated" if job["started"] <= exited else "completed"
                else:
                    reason = rng.choices(["completed", "dropped_out", "other"], weights=[70, 22, 8])[0]
            rows.append(
                {
                    "participation_id": f"A{len(rows) + 1:07d}",
                    "person_id": pid,
                    "measure_id": f"M{index + 1:03d}",
                    "entered": entered,
                    "exited": exited,
                    "exit_reason": reason or None,
                }
            )
        return rows

    def fill_integrations(self, stock: int) -> None:
        """People who leave benefits often leave for a job; the rest of the integrations
        are jobs next to benefits (top-up), up to a K2 of about :data:`K2_TARGET`."""
        rng = self.rng
        for pid, periods in self.periods.items():
            for _frm, to in periods:
                if to is not None and self.start <= to < self.as_of and rng.random() < 0.4:
                    self._integration(pid, to + timedelta(days=1))
        wanted = int(K2_TARGET * stock * HISTORY_DAYS / 365)
        while len(self.integrations) < wanted:
            pid = rng.choice(self.people)
            day = self._random_day(self.start, self.as_of)
            if self._receiving(pid, day):
                self._integration(pid, day)

    def services_and_referrals(self) -> tuple[list[dict], list[dict]]:
        rng, budgets, referrals = self.rng, [], []
        years = range(self.start.year + 1, self.as_of.year + 1)
        for year in years:
            for code, name, budget, mean in SERVICES:
                amount = (budget * self.scale * Decimal(str(1 + 0.03 * (year - self.as_of.year)))).quantize(
                    Decimal("1")
                )
                budgets.append({"service_code": code, "year": year, "name": name, "budget": amount})
                first = date(year, 1, 1)
                last = min(date(year, 12, 31), self.as_of)
                share = Decimal((last - first).days + 1) / Decimal(365)
                spend = amount * share * Decimal(str(rng.uniform(0.82, 1.06)))
                used = Decimal(0)
                while used < spend:
                    pid = rng.choice(self.people)
                    day = self._random_day(first, last)
                    if not self._receiving(pid, day):
                        continue
                    value = Decimal(str(round(rng.uniform(0.4, 1.6) * mean, -1) or 10))
                    used += value
                    if rng.random() < 0.3:
                        self._improve_profile(pid, day)
                    referrals.append(
                        {
                            "referral_id": f"R{len(referrals) + 1:07d}",
                            "person_id": pid,
                            "service_code": code,
                            "referred_on": day,
                            "amount": value,
                            "ended_on": None,
                        }
                    )
        return budgets, referrals

    def _improve_profile(self, pid: str, day: date) -> None:
        """Some referred clients move to a Profillage nearer the labour market afterwards."""
        change = day + timedelta(days=self.rng.randint(60, 240))
        if change > self.as_of:
            return
        for row in self.profiles[pid]:
            end = row["valid_to"]
            if row["valid_from"] < day and (end is None or end >= change):
                rank = PROFILES.index(row["value"])
                if rank == 0:
                    return
                row["valid_to"] = change - timedelta(days=1)
                better = {**row, "value": PROFILES[max(0, rank - self.rng.choice([1, 1, 2]))]}
                better.update(valid_from=change, valid_to=end)
                self.out.attributes.append(better)
                self.profiles[pid].append(better)
                return

    def monthly_figures(self, benefits: Benefits) -> list[dict]:
        rows = []
        first = date(self.start.year, self.start.month, 1)
        month = add_months(first, 1)
        while month_end(month) <= month_end(self.as_of) and month <= self.as_of:
            stock = benefits.stock(min(month_end(month), self.as_of)).size
            season = 1 + 0.02 * np.sin(month.month / 12 * 2 * np.pi)
            inflation = 1 + 0.035 * (month.year - self.as_of.year)
            for kind, per_head in (("k1_subsistence", 612), ("housing_costs", 498)):
                value = Decimal(
                    str(round(stock * per_head * season * inflation * self.rng.uniform(0.99, 1.01)))
                )
                rows.append({"month": month, "figure": kind, "value": value})
            month = add_months(month, 1)
        return rows

    def targets(self, benefits: Benefits, figures: list[dict]) -> list[dict]:
        """This year's agreement from the Mettmann 2014 template; K3 and K1 planned from the data
        (the template's 17,283 and 90 million are Mettmann's), the rest as agreed there."""
        preset = load_preset()
        year = self.as_of.year
        long_term = benefits.long_term(date(year - 1, 12, 31)).size
        k1 = sum(
            r["value"] for r in figures if r["figure"] == "k1_subsistence" and r["month"].year == year - 1
        )
        rows = []
        for i, t in enumerate(preset["targets"], start=1):
            plan = Decimal(t["plan"])
            if t["figure"] == "k3_long_term_stock":
                plan = Decimal(round(long_term * 0.98))
            elif t["figure"] == "k1_subsistence":
                plan = (k1 * Decimal("1.02")).quantize(Decimal("1"))
            rows.append(
                {
                    "agreement": f"Zielvereinbarung {year}",
                    "year": year,
                    "position": i,
                    "label": t["label"],
                    "figure": t["figure"],
                    "plan": plan,
                    "basis": t.get("basis", "value"),
                    "direction": t["direction"],
                    "owner": t["owner"],
                }
            )
        rows.append(
            {
                "agreement": f"Zielvereinbarung {year}",
                "year": year,
                "position": len(rows) + 1,
                "label": "Maßnahmeeintritte Alleinerziehender (Fachkonzept Alleinerziehende Hagen, Ziff. 8)",
                "figure": "measure_entries_single_parents",
                "plan": Decimal(5),
                "basis": "change_vs_previous_year_pct",
                "direction": "at_least",
                "owner": "ba",
            }
        )
        return rows


EMPLOYERS = (
    "Logistik Müller GmbH",
    "Pflegedienst Sonnenschein",
    "Stadtwerke",
    "Bäckerei Korn",
    "Autohaus Weber",
    "Supermarkt am Markt",
    "Gebäudereinigung Blitz",
    "Hotel zur Post",
    "Metallbau Schmidt",
    "Kita Regenbogen",
)


def generate_steering(rng: random.Random, out: Generated, as_of: date, clients: int) -> dict[str, list[dict]]:
    factory = SteeringFactory(rng, out, as_of, clients)
    index = {pid: i for i, pid in enumerate(factory.people)}
    benefits = Benefits(
        np.array([index[b["person_id"]] for b in out.benefits], dtype=np.int64),
        np.array([dnum(b["valid_from"]) for b in out.benefits], dtype=np.int64),
        np.array([dnum(b["valid_to"]) if b["valid_to"] else OPEN_END for b in out.benefits], dtype=np.int64),
        len(factory.people),
        np.array([dnum(factory.birth[pid]) for pid in factory.people], dtype=np.int64),
    )
    measures = factory.measures()
    participations = factory.participations()
    factory.fill_integrations(int(benefits.stock(as_of).size))
    budgets, referrals = factory.services_and_referrals()
    figures = factory.monthly_figures(benefits)
    return {
        "measures.csv": measures,
        "participations.csv": participations,
        "integrations.csv": factory.integrations,
        "municipal_services.csv": budgets,
        "referrals.csv": referrals,
        "targets.csv": factory.targets(benefits, figures),
        "monthly_figures.csv": figures,
    }


def record_needs(as_of: date, seed: int) -> int:
    """Caseworkers' recorded needs for the demo (recorded after the import, as on the record;
    exported in needs.csv): about one client in ten has one or two, a third of them resolved since."""
    from lotse.clients.models import BenefitPeriod
    from lotse.clients.target_groups import target_groups
    from lotse.measures.models import Need, NeedKind

    rng = random.Random(seed + 7)
    people = sorted(
        set(BenefitPeriod.objects.filter(valid_to__isnull=True).values_list("person_id", flat=True))
    )
    kinds = [k.value for k in NeedKind]
    weights = [14, 4, 18, 6, 9, 12, 15, 14, 5, 3]
    rows = []
    for pk in rng.sample(people, len(people) // 10):
        for kind in set(rng.choices(kinds, weights=weights, k=rng.choice([1, 1, 2]))):
            recorded = as_of - timedelta(days=rng.randint(0, 700))
            resolved = recorded + timedelta(days=rng.randint(30, 400)) if rng.random() < 0.33 else None
            rows.append((pk, kind, recorded, resolved if resolved and resolved < as_of else None))
    groups = target_groups([(pk, recorded) for pk, _k, recorded, _r in rows])
    Need.objects.bulk_create(
        Need(person_id=pk, kind=kind, recorded_on=recorded, resolved_on=resolved, **g)
        for (pk, kind, recorded, resolved), g in zip(rows, groups, strict=True)
    )
    return len(rows)


def record_agreements(as_of: date, seed: int) -> int:
    """Integration agreements for the demo (SPEC S6; recorded after the import, exported in agreements.csv).

    About three clients in four concluded one at the first contact of their benefit
    period (dated that day, so the flag holds by construction); most have a current one
    from the last six months, some a lapsed one whose review is overdue, a few none.
    """
    from lotse.agreements.models import Agreement
    from lotse.agreements.rules import review_months_on
    from lotse.clients.models import BenefitPeriod
    from lotse.contacts.models import Contact
    from lotse.contacts.rulesets import contact_rule_set_on
    from lotse.core.models import valid_on
    from lotse.domain.dates import add_months

    rng = random.Random(seed + 11)
    entries = dict(BenefitPeriod.objects.filter(valid_on(as_of)).values_list("person_id", "valid_from"))
    rule_set = contact_rule_set_on(as_of)
    channels = rule_set.counting_channels if rule_set else frozenset()
    first: dict[int, date] = {}
    contacts = Contact.objects.filter(held=True, channel__in=channels, date__lte=as_of).order_by("date")
    for pid, day in contacts.values_list("person_id", "date").iterator(chunk_size=20_000):
        if pid not in first and pid in entries and day >= entries[pid]:
            first[pid] = day
    rows: list[tuple[int, str, date, bool]] = []
    for pid in sorted(entries):
        kind = "cooperation_plan" if rng.random() < 0.6 else "egv"
        start = first.get(pid)
        if start is not None and rng.random() < 0.75:
            rows.append((pid, kind, start, True))
        if rng.random() < 0.06:
            continue  # no current agreement at all
        lapsed = rng.random() < 0.12
        concluded = as_of - timedelta(days=rng.randint(190, 420) if lapsed else rng.randint(0, 175))
        if concluded >= entries[pid] and (start is None or concluded > start):
            # never contacted before it: then it is the first contact's agreement too
            rows.append((pid, "cooperation_plan", concluded, start is None))
    review_months = review_months_on(as_of)  # the shipped rules hold for every demo day
    Agreement.objects.bulk_create(
        (
            Agreement(
                external_id=f"EV{i:07d}",
                person_id=pid,
                kind=kind,
                concluded_on=day,
                review_due=add_months(day, review_months),
                at_first_contact=at_first,
                potential_analysis_on=day - timedelta(days=14) if at_first else None,
            )
            for i, (pid, kind, day, at_first) in enumerate(rows, start=1)
        ),
        batch_size=5000,
    )
    return len(rows)
