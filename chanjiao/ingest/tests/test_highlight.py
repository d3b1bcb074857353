"""Cutting the article into highlighted pieces for the review page."""

from chanjiao.ingest.highlight import segments
from chanjiao.ingest.models import Proposal


def proposal(pk, kind, *spans):
    return Proposal(pk=pk, kind=kind, spans=[list(s) for s in spans])


def test_pieces_put_back_together_are_the_text():
    text = "校长陈志远主持会议。"
    pieces = segments(text, [proposal(1, "person", (2, 5)), proposal(2, "agenda", (0, 9))])
    assert "".join(s.text for s in pieces) == text


def test_a_name_inside_an_agenda_clause_keeps_its_own_mark():
    text = "校长陈志远主持会议。"
    pieces = segments(text, [proposal(1, "person", (2, 5)), proposal(2, "agenda", (0, 9))])
    assert [(s.text, s.proposal) for s in pieces] == [
        ("校长", 2),
        ("陈志远", 1),
        ("主持会议", 2),
        ("。", None),
    ]


def test_overlapping_names_keep_the_earlier_and_spans_outside_the_text_are_ignored():
    text = "福州软件职业技术学院"
    pieces = segments(
        text, [proposal(1, "organization", (0, 10)), proposal(2, "person", (2, 4), (40, 45))]
    )
    assert [(s.text, s.proposal) for s in pieces] == [("福州软件职业技术学院", 1)]
