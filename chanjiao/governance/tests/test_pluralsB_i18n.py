"""English counts in votes (pluralsB): "须 1 个单位参加" read "1 units must take part", a paper
ballot over one unit present "the 1 units present", the minutes "1 yes votes needed".
The English tests read the catalogue; the Chinese ones prove the text did not change."""

from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation

from chanjiao.governance import services
from chanjiao.governance.minutes import MotionLine
from chanjiao.governance.models import Motion, Resolution
from chanjiao.governance.tests.test_voting import DAY, _admission, _attend
from chanjiao.registry.tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(body, secretariat_user):
    return services.meeting_create(
        actor=secretariat_user, body=body, organ="council", title="一届三次理事会", date=DAY
    )


def _tally(language: str, quorum: int, needed: int) -> str:
    row = {
        "motion": SimpleNamespace(pk=1, status="voting"),
        "figures": SimpleNamespace(members=4, present=3, yes=1, no=0, abstain=0),
        "outcome": SimpleNamespace(quorum_needed=quorum, needed=needed, passed=False),
        "resolution": None,
    }
    with translation.override(language):
        html = render_to_string(
            "governance/_tally.html", {"row": row, "meeting": SimpleNamespace(pk=1)}
        )
    return " ".join(html.split())


def test_the_tally_says_one_unit_and_one_yes_vote_in_english():
    one = _tally("en", 1, 1)
    assert "1 unit taking part" in one and "1 yes vote)" in one
    assert "1 units" not in one and "1 yes votes" not in one
    two = _tally("en", 2, 2)
    assert "2 units taking part" in two and "2 yes votes)" in two


def test_the_tally_reads_as_before_in_chinese():
    assert "（须 3 个单位参加，2 票赞成）" in _tally("zh-hans", 3, 2)


def test_a_paper_ballot_over_one_unit_present_says_unit_in_english(
    body,
    meeting,
    council,
    secretariat_user,
):
    _attend(meeting, secretariat_user, council, present=("chair",))
    motion = _admission(meeting, secretariat_user, OrganizationFactory(name="纸质票申请单位"))
    with pytest.raises(ValidationError) as refused, translation.override("en"):
        services.paper_count(actor=secretariat_user, motion=motion, yes=2, no=0, abstain=0)
    assert "the 1 unit present" in refused.value.messages[0]


def test_the_minutes_say_one_yes_vote_needed_in_english():
    figures = {"members": 1, "present": 1, "yes": 1, "no": 0, "abstain": 0}
    line = MotionLine(
        motion=Motion(title="议案"),
        resolution=Resolution(number=3, passed=True, figures={**figures, "needed": 1}),
    )
    with translation.override("en"):
        assert "(1 yes vote needed)" in line.result
        line.resolution.figures["needed"] = 2
        assert "(2 yes votes needed)" in line.result
    with translation.override("zh-hans"):
        assert line.result.endswith("（须 2 票赞成）。")
