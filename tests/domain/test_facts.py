"""Table-driven tests for SPEC S2 / seed 002 §2: every clause of the single-parent
definition and the date edges (child turns 18, partner moves in, child moves out,
25th birthday, long-term window)."""

from datetime import date, timedelta

import pytest

from lotse.domain.facts import (
    AttributeValue,
    HouseholdType,
    Member,
    PersonHistory,
    Role,
    SingleParentBasis,
    SingleParentPolicy,
    derive_facts,
)

MOTHER_BORN = date(1990, 6, 15)
CHILD_BORN = date(2010, 3, 10)  # turns 18 on 2028-03-10
PARTNER_IN = date(2026, 4, 1)
CHILD_OUT = date(2026, 9, 1)


def history(*members: Member, attributes=(), birth=MOTHER_BORN, benefits=()) -> PersonHistory:
    me = Member("P", Role.ADULT, birth, date(2015, 1, 1))
    return PersonHistory(
        person_id="P",
        birth_date=birth,
        attributes=tuple(attributes),
        benefit_periods=tuple(benefits),
        household_members=tuple(("H", m) for m in (me, *members)),
    )


def child(born=CHILD_BORN, *, moved_out=None, married=False, pid="C") -> Member:
    return Member(pid, Role.CHILD, born, date(2015, 1, 1), moved_out=moved_out, married=married)


def partner(moved_in=PARTNER_IN) -> Member:
    return Member("Q", Role.PARTNER, date(1988, 1, 1), moved_in)


def attr(name, value="true", valid_from=date(2020, 1, 1), valid_to=None):
    return AttributeValue(name, value, valid_from, valid_to)


SINGLE_PARENT_CASES = [
    # id, history, as_of, expected is_single_parent, expected basis
    ("only adult with minor child", history(child()), date(2026, 1, 1), True, SingleParentBasis.HOUSEHOLD),
    ("no household, no flag", PersonHistory("P", MOTHER_BORN), date(2026, 1, 1), False, None),
    ("living alone", history(), date(2026, 1, 1), False, None),
    (
        "day before partner moves in",
        history(child(), partner()),
        PARTNER_IN - timedelta(days=1),
        True,
        SingleParentBasis.HOUSEHOLD,
    ),
    ("day partner moves in", history(child(), partner()), PARTNER_IN, False, None),
    ("day before child turns 18", history(child()), date(2028, 3, 9), True, SingleParentBasis.HOUSEHOLD),
    ("day child turns 18", history(child()), date(2028, 3, 10), False, None),
    (
        "youngest of two still minor",
        history(child(), child(date(2015, 5, 5), pid="C2")),
        date(2028, 3, 10),
        False,
        None,
    ),  # C2 is minor but C (now 18) counts as an adult (seed)
    (
        "day before child moves out",
        history(child(moved_out=CHILD_OUT)),
        CHILD_OUT - timedelta(days=1),
        True,
        SingleParentBasis.HOUSEHOLD,
    ),
    ("day child moves out", history(child(moved_out=CHILD_OUT)), CHILD_OUT, False, None),
    ("married child does not count", history(child(married=True)), date(2026, 1, 1), False, None),
    (
        "§10 marker without children",
        history(attributes=[attr("par10_single_parent")]),
        date(2026, 1, 1),
        True,
        SingleParentBasis.PAR10,
    ),
    (
        "§10 marker ended",
        history(attributes=[attr("par10_single_parent", valid_to=date(2025, 12, 31))]),
        date(2026, 1, 1),
        False,
        None,
    ),
    (
        "pregnant with proof, alone",
        history(attributes=[attr("pregnancy_proof", "2026-02-01", date(2026, 2, 1))]),
        date(2026, 2, 1),
        True,
        SingleParentBasis.EXPECTED,
    ),
    (
        "pregnant, day before proof shown",
        history(attributes=[attr("pregnancy_proof", "2026-02-01", date(2026, 2, 1))]),
        date(2026, 1, 31),
        False,
        None,
    ),
    (
        "pregnant with proof, partner present",
        history(
            partner(date(2020, 1, 1)), attributes=[attr("pregnancy_proof", "2026-02-01", date(2026, 2, 1))]
        ),
        date(2026, 3, 1),
        False,
        None,
    ),
    (
        "the parent is a minor herself",
        history(child(date(2025, 1, 1)), birth=date(2009, 1, 1)),
        date(2026, 1, 1),
        False,
        None,
    ),
]


@pytest.mark.parametrize(
    ("hist", "as_of", "expected", "basis"),
    [c[1:] for c in SINGLE_PARENT_CASES],
    ids=[c[0] for c in SINGLE_PARENT_CASES],
)
def test_single_parent_definition(hist, as_of, expected, basis):
    facts = derive_facts(hist, as_of)
    assert facts.is_single_parent is expected
    assert facts.single_parent_basis == basis


def test_verbis_marker_is_no_criterion():
    """Seed 002 §2: the VerBIS marker is not looked at; an unknown attribute changes nothing."""
    facts = derive_facts(history(attributes=[attr("verbis_single_parent")]), date(2026, 1, 1))
    assert facts.is_single_parent is False


def test_ba_policy_ignores_adult_children():
    """The configurable interpretation: BA statistics only ask for 'without partner'."""
    hist = history(child(), child(date(2015, 5, 5), pid="C2"))
    policy = SingleParentPolicy(adult_children_count_as_adults=False)
    assert derive_facts(hist, date(2028, 3, 10), policy).is_single_parent is True


def test_expected_single_parent_is_its_own_fact():
    hist = history(attributes=[attr("pregnancy_proof", "2026-02-01", date(2026, 2, 1))])
    facts = derive_facts(hist, date(2026, 2, 1))
    assert facts.is_expected_single_parent is True
    with_child = derive_facts(history(child(), attributes=hist.attributes), date(2026, 2, 1))
    assert with_child.is_expected_single_parent is False  # already one by household
    assert with_child.single_parent_basis == SingleParentBasis.HOUSEHOLD


@pytest.mark.parametrize(
    ("as_of", "u25"),
    [(date(2026, 11, 20), True), (date(2026, 11, 21), False)],
    ids=["day before 25th birthday", "25th birthday"],
)
def test_u25_edge(as_of, u25):
    facts = derive_facts(PersonHistory("P", date(2001, 11, 21)), as_of)
    assert facts.is_u25 is u25


@pytest.mark.parametrize(
    ("benefit_start", "long_term"),
    [
        (date(2026, 10, 31) - timedelta(days=637), True),  # exactly 638 days in the window
        (date(2026, 10, 31) - timedelta(days=636), False),  # 637 days
    ],
)
def test_long_term_recipient_edge(benefit_start, long_term):
    hist = PersonHistory("P", MOTHER_BORN, benefit_periods=((benefit_start, None),))
    facts = derive_facts(hist, date(2026, 10, 31))
    assert facts.is_long_term is long_term


def test_long_term_counts_gaps():
    as_of = date(2026, 10, 31)
    start = as_of - timedelta(days=729)
    periods = ((start, start + timedelta(days=399)), (start + timedelta(days=492), None))
    facts = derive_facts(PersonHistory("P", MOTHER_BORN, benefit_periods=periods), as_of)
    assert facts.benefit_days_in_window == 400 + 238
    assert facts.is_long_term is True


@pytest.mark.parametrize(
    ("hist", "household_type", "single"),
    [
        (history(), HouseholdType.SINGLE, True),
        (PersonHistory("P", MOTHER_BORN), HouseholdType.SINGLE, True),
        (history(partner(date(2020, 1, 1))), HouseholdType.COUPLE, False),
        (history(partner(date(2020, 1, 1)), child()), HouseholdType.COUPLE_WITH_CHILDREN, False),
        (history(child()), HouseholdType.SINGLE_PARENT, False),
    ],
    ids=["alone", "no household", "couple", "couple with child", "single parent"],
)
def test_household_types(hist, household_type, single):
    facts = derive_facts(hist, date(2026, 1, 1))
    assert facts.household_type == household_type
    assert facts.is_single_household is single


def test_attribute_history_is_read_on_the_date():
    attrs = [
        attr("status", "unemployed", date(2024, 1, 1), date(2025, 6, 30)),
        attr("status", "employed", date(2025, 7, 1)),
        attr("profile", "stabilisation", date(2024, 1, 1)),
        attr("self_employed", "true", date(2025, 1, 1), date(2025, 12, 31)),
    ]
    hist = history(attributes=attrs, benefits=[(date(2024, 1, 1), None)])
    before = derive_facts(hist, date(2025, 6, 30))
    after = derive_facts(hist, date(2026, 1, 1))
    assert (before.status, after.status) == ("unemployed", "employed")
    assert before.market_distance == "far"  # derived from the Profillage
    assert (before.is_self_employed, after.is_self_employed) == (True, False)
    assert before.is_active and after.is_active


def test_explicit_market_distance_wins_over_profile():
    attrs = [attr("profile", "market"), attr("market_distance", "far")]
    assert derive_facts(history(attributes=attrs), date(2026, 1, 1)).market_distance == "far"


def test_inactive_without_benefit_period():
    hist = PersonHistory("P", MOTHER_BORN, benefit_periods=((date(2020, 1, 1), date(2025, 12, 31)),))
    assert derive_facts(hist, date(2025, 12, 31)).is_active is True
    assert derive_facts(hist, date(2026, 1, 1)).is_active is False


def test_a_long_term_recipient_has_completed_the_17th_year():
    """The BA counts eLB aged 17 or older: 16 years and 364 days with benefits for over two
    years is not long-term; on the 17th birthday it is (the facts and the key-figure columns)."""
    import numpy as np

    from lotse.domain.day_numbers import dnum
    from lotse.domain.key_figures import Benefits

    birth = date(2009, 6, 15)
    history = PersonHistory("Y", birth, benefit_periods=((date(2023, 1, 1), None),))
    day_before, birthday = date(2026, 6, 14), date(2026, 6, 15)
    assert derive_facts(history, day_before).age == 16
    assert not derive_facts(history, day_before).is_long_term
    assert derive_facts(history, birthday).is_long_term
    columns = Benefits(
        np.array([0]), np.array([dnum(date(2023, 1, 1))]), np.array([dnum(date(9999, 12, 31))]), 1,
        np.array([dnum(birth)]),
    )  # fmt: skip
    assert columns.long_term(day_before).size == 0 and columns.long_term(birthday).tolist() == [0]
