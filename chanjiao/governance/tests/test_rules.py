"""The rule engine at every edge: exactly at the threshold, strictly more or at least,
abstentions counted or not, the quorum missed by one; and, with hypothesis, against a second
reading of the rule in fractions."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from chanjiao.governance.rules import (
    HALF,
    MEMBERS,
    ORDINARY,
    PRESENT,
    TWO_THIRDS,
    WEIGHTY,
    Rule,
    RuleError,
    Tally,
    outcome,
    quorum_reached,
)


def test_two_thirds_of_those_present_is_reached_exactly_at_two_thirds():
    assert outcome(WEIGHTY, Tally(members=30, present=30, yes=20, no=10)).passed
    assert not outcome(WEIGHTY, Tally(members=30, present=30, yes=19, no=11)).passed
    # 2/3 of 29 is 19.33: 20 are needed
    result = outcome(WEIGHTY, Tally(members=29, present=29, yes=19, no=10))
    assert (result.needed, result.passed) == (20, False)


def test_more_than_half_is_strict():
    assert not outcome(ORDINARY, Tally(members=30, present=30, yes=15, no=15)).passed
    assert outcome(ORDINARY, Tally(members=30, present=30, yes=16, no=14)).passed
    at_least_half = Rule(quorum=TWO_THIRDS, threshold=HALF, strict=False)
    assert outcome(at_least_half, Tally(members=30, present=30, yes=15, no=15)).passed


def test_the_quorum_missed_by_one_fails_whatever_the_votes():
    assert quorum_reached(WEIGHTY, 30, 20) and not quorum_reached(WEIGHTY, 30, 19)
    result = outcome(WEIGHTY, Tally(members=30, present=19, yes=19))
    assert (result.quorum_reached, result.quorum_needed, result.passed) == (False, 20, False)


def test_abstentions_weigh_like_a_no_only_when_they_count():
    tally = Tally(members=30, present=30, yes=18, no=8, abstain=4)
    counted = outcome(WEIGHTY, tally)
    assert (counted.base, counted.needed, counted.passed) == (30, 20, False)
    not_counted = outcome(
        Rule(quorum=TWO_THIRDS, threshold=TWO_THIRDS, abstentions_count=False), tally
    )
    assert (not_counted.base, not_counted.needed, not_counted.passed) == (26, 18, True)


def test_a_threshold_of_all_members_counts_the_absent_as_not_yes():
    rule = Rule(quorum=HALF, threshold=HALF, base=MEMBERS, strict=True)
    assert not outcome(rule, Tally(members=30, present=20, yes=15, no=5)).passed
    assert outcome(rule, Tally(members=30, present=20, yes=16, no=4)).passed


def test_nobody_voting_carries_nothing():
    zero = Rule(quorum=Fraction(0), threshold=Fraction(0))
    assert not outcome(zero, Tally(members=5, present=0)).passed
    assert not outcome(WEIGHTY, Tally(members=0, present=0)).passed


def test_impossible_rules_and_tallies_are_refused():
    with pytest.raises(RuleError):
        Rule(quorum=Fraction(4, 3), threshold=HALF)
    with pytest.raises(RuleError):
        Rule(quorum=HALF, threshold=HALF, base="cast")
    with pytest.raises(RuleError):
        Tally(members=3, present=4)
    with pytest.raises(RuleError):
        Tally(members=3, present=2, yes=2, no=1)
    with pytest.raises(RuleError):
        Tally(members=3, present=2, yes=True)


fractions = st.builds(
    Fraction, st.integers(min_value=0, max_value=12), st.integers(min_value=12, max_value=12)
) | st.sampled_from([HALF, TWO_THIRDS, Fraction(3, 4), Fraction(1), Fraction(0)])
rules = st.builds(
    Rule,
    quorum=fractions,
    threshold=fractions,
    base=st.sampled_from([PRESENT, MEMBERS]),
    strict=st.booleans(),
    abstentions_count=st.booleans(),
)


@st.composite
def tallies(draw):
    members = draw(st.integers(min_value=0, max_value=400))
    present = draw(st.integers(min_value=0, max_value=members))
    yes = draw(st.integers(min_value=0, max_value=present))
    no = draw(st.integers(min_value=0, max_value=present - yes))
    abstain = draw(st.integers(min_value=0, max_value=present - yes - no))
    return Tally(members=members, present=present, yes=yes, no=no, abstain=abstain)


@given(rules, tallies())
def test_the_engine_agrees_with_the_rule_read_in_fractions(rule, tally):
    result = outcome(rule, tally)
    quorum = (
        tally.members > 0
        and tally.present >= 1
        and (Fraction(tally.present, tally.members) >= rule.quorum)
    )
    if rule.base == MEMBERS:
        base = tally.members
    elif rule.abstentions_count:
        base = tally.present
    else:
        base = tally.yes + tally.no
    if base == 0:
        carried = False
    elif rule.strict:
        carried = Fraction(tally.yes, base) > rule.threshold
    else:
        carried = Fraction(tally.yes, base) >= rule.threshold and tally.yes >= 1
    assert result.quorum_reached == quorum
    assert result.passed == (quorum and carried)
    # one vote fewer than needed never carries it; the needed number does (with the quorum)
    assert result.needed >= 1
    if quorum and base and result.needed <= base:
        assert (tally.yes >= result.needed) == carried
