"""The rule engine of a body's decisions (表决规则): whether a meeting has its quorum and whether
a motion passes, from the charter's rule for the decision type and the figures of the vote.

Plain Python (no Django), so the edges can be tested exhaustively. All arithmetic is on whole
numbers: a fraction ``p/q`` of ``n`` is compared as ``x * q`` against ``p * n``, never as a
float, so "exactly two thirds" is exact.

A rule says:

- **quorum**: the fraction of the organ's voting members that must take part — present in
  person or by proxy at a meeting, or having returned a ballot in a vote by correspondence
  (通讯表决) — *at least* that fraction (2/3 means 20 of 30, and 20 is enough);
- **threshold** and its **base**: the fraction of those taking part (``present``) or of all
  the organ's voting members (``members``) whose yes votes carry the motion, ``strict`` (more
  than: 过半数 is more than 1/2) or not (at least: 三分之二以上 is at least 2/3);
- whether **abstentions count** in a ``present`` base: when they do, the base is everyone taking
  part, so an abstention (or a ballot left blank) weighs like a no; when they do not, only the
  yes and no votes are weighed;
- whether the decision may be taken **by correspondence**.

Suspended members (暂停权利) are not voting members: the caller leaves them out of ``members``.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

PRESENT = "present"
MEMBERS = "members"


class RuleError(ValueError):
    """A rule or a tally that cannot be (a fraction outside 0–1, more votes than voters)."""


@dataclass(frozen=True)
class Rule:
    quorum: Fraction
    threshold: Fraction
    base: str = PRESENT
    strict: bool = False
    abstentions_count: bool = True
    correspondence: bool = False

    def __post_init__(self) -> None:
        for name in ("quorum", "threshold"):
            value = getattr(self, name)
            if not isinstance(value, Fraction) or not 0 <= value <= 1:
                raise RuleError(f"{name} must be a fraction from 0 to 1, not {value!r}")
        if self.base not in (PRESENT, MEMBERS):
            raise RuleError(f"base must be {PRESENT!r} or {MEMBERS!r}, not {self.base!r}")


@dataclass(frozen=True)
class Tally:
    """The figures of one vote: the organ's voting members, how many take part (present or
    by proxy; the ballots returned by correspondence), and the votes."""

    members: int
    present: int
    yes: int = 0
    no: int = 0
    abstain: int = 0

    def __post_init__(self) -> None:
        counts = (self.members, self.present, self.yes, self.no, self.abstain)
        if any(not isinstance(n, int) or isinstance(n, bool) or n < 0 for n in counts):
            raise RuleError("every figure is a whole number, 0 or more")
        if self.present > self.members:
            raise RuleError("more taking part than there are voting members")
        if self.yes + self.no + self.abstain > self.present:
            raise RuleError("more votes than members taking part")


@dataclass(frozen=True)
class Outcome:
    """What the rule says of a tally: the quorum, the base the threshold is taken of, the yes
    votes needed, and whether the motion passed."""

    quorum_reached: bool
    quorum_needed: int
    base: int
    needed: int
    passed: bool

    def as_dict(self) -> dict:
        return {
            "quorum_reached": self.quorum_reached,
            "quorum_needed": self.quorum_needed,
            "base": self.base,
            "needed": self.needed,
            "passed": self.passed,
        }


def _at_least(fraction: Fraction, of: int) -> int:
    """The smallest whole number x with x ≥ fraction × of."""
    return -((-fraction.numerator * of) // fraction.denominator)


def _more_than(fraction: Fraction, of: int) -> int:
    """The smallest whole number x with x > fraction × of."""
    return fraction.numerator * of // fraction.denominator + 1


def quorum_needed(rule: Rule, members: int) -> int:
    """How many voting members must take part (at least the quorum's fraction, and one)."""
    return max(_at_least(rule.quorum, members), 1)


def quorum_reached(rule: Rule, members: int, present: int) -> bool:
    return members > 0 and present >= quorum_needed(rule, members)


def outcome(rule: Rule, tally: Tally) -> Outcome:
    """Whether the motion passes under ``rule``: the quorum is reached and the yes votes reach
    the threshold of the base (and the base is not empty)."""
    quorum = quorum_reached(rule, tally.members, tally.present)
    if rule.base == MEMBERS:
        base = tally.members
    else:
        base = tally.present if rule.abstentions_count else tally.yes + tally.no
    if rule.strict:
        needed = _more_than(rule.threshold, base)
    else:
        needed = max(_at_least(rule.threshold, base), 1)
    passed = quorum and base > 0 and tally.yes >= needed
    return Outcome(
        quorum_reached=quorum,
        quorum_needed=quorum_needed(rule, tally.members),
        base=base,
        needed=needed,
        passed=passed,
    )


TWO_THIRDS = Fraction(2, 3)
HALF = Fraction(1, 2)

#: The common 社会团体 rules: 2/3 present and 2/3 of those present for the charter, elections
#: and removals; more than half of those present (with 2/3 present) for everything else.
WEIGHTY = Rule(quorum=TWO_THIRDS, threshold=TWO_THIRDS, base=PRESENT, strict=False)
ORDINARY = Rule(quorum=TWO_THIRDS, threshold=HALF, base=PRESENT, strict=True)
