"""K2, K3 and measure effectiveness on small hand-checked data (no database)."""

from __future__ import annotations

from datetime import date, timedelta

import numpy as np
import pytest

from lotse.domain.day_numbers import OPEN_END, add_months_days, dnum, union_days
from lotse.domain.effectiveness import Effect, Participations, Recommendation, effects_by, outcomes, recommend
from lotse.domain.key_figures import (
    Benefits,
    Integrations,
    change_percent,
    continued_employment,
    count_integrations,
    integration_rate,
)

END = date(2026, 6, 30)


def _benefits(periods: list[tuple[int, date, date | None]], persons: int) -> Benefits:
    return Benefits(
        np.array([p for p, _, _ in periods], dtype=np.int64),
        np.array([dnum(s) for _, s, _ in periods], dtype=np.int64),
        np.array([dnum(e) if e else OPEN_END for _, _, e in periods], dtype=np.int64),
        persons,
    )


def _integrations(rows: list[tuple[int, date, date | None, str]]) -> Integrations:
    return Integrations(
        np.array([p for p, *_ in rows], dtype=np.int64),
        np.array([dnum(s) for _, s, _, _ in rows], dtype=np.int64),
        np.array([dnum(e) if e else OPEN_END for _, _, e, _ in rows], dtype=np.int64),
        np.array([k for *_, k in rows]),
    )


# Four clients; the twelve months July 2025 – June 2026 have a stock of 3 at every month end.
BENEFITS = _benefits(
    [
        (0, date(2024, 1, 1), None),  # 12 month ends
        (1, date(2025, 1, 1), date(2025, 12, 31)),  # July–December 2025
        (2, date(2026, 1, 1), None),  # January–June 2026
        (3, date(2020, 1, 1), None),  # 12 month ends
    ],
    persons=4,
)
INTEGRATIONS = _integrations(
    [
        (0, date(2025, 9, 3), date(2025, 9, 19), "employment"),
        (0, date(2025, 9, 20), None, "apprenticeship"),  # same person, same month: counted once
        (1, date(2025, 11, 1), date(2025, 12, 31), "publicly_funded"),  # recorded, never counted
        (1, date(2026, 1, 1), None, "employment"),
        (2, date(2025, 6, 30), None, "self_employment"),  # the day before the twelve months
        (3, date(2026, 6, 30), None, "employment"),  # the last day of the window
        (3, date(2026, 7, 1), None, "employment"),  # after the reference month
    ]
)


def test_k2_counts_one_integration_per_person_and_month_and_not_publicly_funded_jobs():
    k2 = integration_rate(BENEFITS, INTEGRATIONS, END)
    assert k2.count == 3  # P0 September, P1 January, P3 June
    assert k2.average_stock == 3.0
    assert k2.percent == 100.0


def test_k2_of_a_group_uses_its_own_stock_and_its_own_integrations():
    group = np.array([True, False, False, True])  # P0 and P3, 12 month ends each
    select = np.isin(INTEGRATIONS.person, [0, 3])
    rate = integration_rate(BENEFITS, INTEGRATIONS, END, group=lambda _day: group, select=select)
    assert (rate.count, rate.average_stock, rate.percent) == (2, 2.0, 100.0)


def test_count_integrations_in_a_window():
    assert count_integrations(INTEGRATIONS, date(2025, 9, 1), date(2025, 9, 30)) == 1
    assert count_integrations(INTEGRATIONS, date(2025, 6, 1), date(2026, 7, 31)) == 5


def test_long_term_needs_638_of_730_days_and_counts_overlaps_once():
    def start(days: int) -> date:
        return END - timedelta(days=days - 1)  # covered for exactly ``days`` days up to END

    benefits = _benefits(
        [
            (0, start(638), None),  # 638 days: long-term
            (1, start(637), None),  # 637 days: one short
            (2, start(601), None),  # 601 days …
            (2, start(601), END - timedelta(days=300)),  # … plus an overlapping copy: still 601
            (3, start(700), END - timedelta(days=1)),  # 700 days but not in the stock on the day
            (4, start(800), None),  # longer than the window: 730
        ],
        persons=5,
    )
    assert list(benefits.long_term(END)) == [0, 4]
    covered = union_days(benefits.person, benefits.start, benefits.end, dnum(start(730)), dnum(END), 5)
    assert list(covered) == [638, 637, 601, 699, 730]


def test_k3_is_the_change_against_the_year_before_in_percent():
    assert change_percent(17_283, 16_460) == 5.0
    assert change_percent(90, 100) == -10.0
    assert change_percent(5, 0) is None


def test_continued_employment_looks_at_the_integrations_a_year_old():
    rows = _integrations(
        [
            (0, date(2025, 3, 1), None, "employment"),  # still employed: lasting
            (1, date(2025, 3, 1), date(2025, 12, 31), "employment"),  # ended before 1 March 2026
            (2, date(2024, 7, 1), date(2025, 7, 2), "employment"),  # ended a day after a year: lasting
            (3, date(2025, 7, 1), None, "employment"),  # younger than a year: not yet judged
            (4, date(2024, 6, 30), None, "employment"),  # older than the cohort
        ]
    )
    rate = continued_employment(rows, END)
    assert (rate.count, rate.average_stock, rate.percent) == (2, 3.0, 66.7)


def test_add_months_keeps_the_day_or_takes_the_months_last():
    days = np.array([dnum(date(2025, 8, 31)), dnum(date(2025, 3, 15))])
    assert list(add_months_days(days, 6)) == [dnum(date(2026, 2, 28)), dnum(date(2025, 9, 15))]


def test_measure_effectiveness_at_the_end_and_six_months_later():
    as_of = date(2026, 6, 30)
    people = {name: i for i, name in enumerate("XYZWVUT")}
    parts = Participations(
        np.array(list(people.values()), dtype=np.int64),
        np.zeros(7, dtype=np.int64),
        np.array(
            [dnum(d) for d in [date(2025, 1, 1)] * 2 + [date(2025, 2, 1)] * 2 + [date(2026, 3, 1)] * 2]
            + [dnum(date(2025, 1, 1))],
            dtype=np.int64,
        ),
        np.array(
            [dnum(date(2025, 3, 31))] * 4 + [dnum(date(2026, 5, 31)), OPEN_END, dnum(date(2025, 3, 31))],
            dtype=np.int64,
        ),
    )
    integrations = _integrations(
        [
            (people["X"], date(2025, 4, 15), None, "employment"),  # within a month: at the end, and lasts
            (people["Y"], date(2025, 5, 15), None, "employment"),  # later than a month, employed after 6
            (people["Z"], date(2025, 4, 1), date(2025, 6, 30), "employment"),  # at the end, gone after 6
            (people["W"], date(2025, 4, 1), None, "publicly_funded"),  # not counted
            (people["V"], date(2026, 6, 10), None, "employment"),  # at the end; six months not yet reached
            (people["U"], date(2026, 4, 1), None, "employment"),  # still in the measure: no exit
            (people["T"], date(2024, 12, 1), None, "employment"),  # started before the entry
        ]
    )
    result = outcomes(parts, integrations, as_of)
    (effect,) = effects_by(parts.measure, result, 1)
    assert (effect.exits, effect.at_end, effect.judged, effect.after_6m) == (6, 3, 5, 2)
    assert (effect.share_at_end, effect.share_6m) == (50.0, 40.0)


def test_recommendation_against_the_average_of_the_kind():
    assert recommend(Effect(20, 8, 12, 6), 40.0) == Recommendation.CONTINUE  # 50 % ≥ 40 %
    assert recommend(Effect(20, 8, 12, 3), 40.0) == Recommendation.REVIEW  # 25 % < 40 %
    assert recommend(Effect(5, 2, 5, 5), 40.0) == Recommendation.TOO_FEW  # fewer than 10 judged


def test_plan_arithmetic_of_a_target_agreement():
    """Hand-computed: Mettmann 2014's +5 % integrations of U25 over 584 last year is 613.2; a
    yearly K1 forecast of 90,295,768 € is 75,246,473 € to the end of October; K2 is judged
    against its value, K1 (monitoring) never."""
    from lotse.domain.targets import achieved, after_change, count_plan_to_date, pro_rata

    assert after_change(584, 5) == 613.2
    assert count_plan_to_date("change_vs_previous_year_pct", 5, 10, 584) == 613.2
    assert count_plan_to_date("value", 120, 3, 0) == 30.0
    assert pro_rata(90_295_768, 10, 0) == 75_246_473
    assert achieved("at_least", 24.7, 20.6) is True
    assert achieved("at_most", 15_832, 13_244) is False
    assert achieved("monitor", 1.0, 2.0) is None and achieved("at_least", None, 2.0) is None


def test_staffing_control_as_the_mettmann_agreement_defines_it():
    """Target 405.93 FTE; 25 FTE of project staff (Joboffensive 15, Allegro 10, fixed-term)
    count against it; 25 FTE financed from the EGT come on top. The fixed-term share is
    measured against the target: 25 of 405.93 = 6.16 % within 7.5 % (30.44 FTE) — against
    the actual FTE with the EGT staff it would read 50 of 430.93 = 11.6 %."""
    from decimal import Decimal as D

    from lotse.domain.staffing import Position, staffing_figures

    positions = [
        Position(D("380.93"), False, "permanent"),
        Position(D("15"), True, "project", "Joboffensive"),
        Position(D("10"), True, "project", "Einführung Allegro"),
        Position(D("25"), True, "egt"),
    ]
    f = staffing_figures(positions, target_fte=D("405.93"), limit_pct=D("7.5"), egt_cap_fte=D("25"))
    assert (f.counted_fte, f.gap_fte) == (D("405.93"), D("0"))
    assert (f.fixed_term_fte, f.fixed_term_pct, f.fixed_term_cap_fte) == (D("25"), D("6.16"), D("30.44"))
    assert f.fixed_term_within_limit
    assert (f.egt_fte, f.egt_within_cap, f.egt_per_carrier) == (D("25"), True, D("12.50"))
    assert f.projects == (("Einführung Allegro", D("10")), ("Joboffensive", D("15")))
    over = staffing_figures(
        [*positions, Position(D("1"), True, "egt")],
        target_fte=D("405.93"),
        limit_pct=D("7.5"),
        egt_cap_fte=D("25"),
    )
    assert not over.egt_within_cap and over.fixed_term_pct == D("6.16")  # EGT staff stay outside the share


def test_union_days_equals_counting_the_days_one_by_one():
    """The disjoint pieces answer any window as the plain set of covered days does —
    overlapping, nested, touching and open-ended periods, one window for all or one each."""
    rng = np.random.default_rng(11)
    persons = 40
    person = rng.integers(0, persons, 200)
    start = rng.integers(0, 400, 200)
    end = np.where(rng.random(200) < 0.1, OPEN_END, start + rng.integers(0, 120, 200))
    firsts = rng.integers(0, 400, persons)
    lasts = firsts + rng.integers(0, 300, persons)

    def by_hand(p: int, first: int, last: int) -> int:
        days = set()
        for s, e in zip(start[person == p], end[person == p], strict=True):
            days.update(range(max(s, first), min(e, last) + 1))
        return len(days)

    assert union_days(person, start, end, 100, 300, persons).tolist() == [
        by_hand(p, 100, 300) for p in range(persons)
    ]
    assert union_days(person, start, end, firsts, lasts, persons).tolist() == [
        by_hand(p, firsts[p], lasts[p]) for p in range(persons)
    ]


def test_a_stock_is_computed_once_per_day_and_cannot_be_changed_by_a_reader():
    b = Benefits(np.array([0, 1]), np.array([dnum(date(2022, 1, 1))] * 2), np.array([OPEN_END] * 2), 3)
    day = date(2025, 1, 31)
    first = b.stock_mask(day)
    assert b.stock_mask(day) is first
    assert first.tolist() == [True, True, False]
    with pytest.raises(ValueError):
        first[2] = True
    assert b.long_term(day).tolist() == b.long_term(day).tolist() == [0, 1]
