"""Agenda items (会议议程) proposed from a main text: synthetic sentences, then real articles."""

from __future__ import annotations

from pathlib import Path

import pytest

from chanjiao.ingest.pipeline import ingest_file
from chanjiao.ingest.pipeline.agenda import KINDS, AgendaEntry, agenda

CORPUS = Path(__file__).resolve().parents[3].parent / "shared" / "corpus"


def items(text: str, people: list[str]) -> list[tuple[str, str]]:
    return [(e.name, e.kind) for e in agenda(text, people)]


# --- one verb, one person -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("会议由学院副校长林海峰主持。", "presiding"),
        ("学院校长林海峰主持会议。", "presiding"),
        ("学院校长林海峰主持开幕式。", "presiding"),
        ("在副校长林海峰的主持下，大会依次进行了各项议程。", "presiding"),
        ("大会主持人为学院副校长林海峰。", "presiding"),
        ("学院党委书记林海峰致欢迎辞。", "welcome"),
        ("学院党委书记林海峰代表学校致欢迎词。", "welcome"),
        ("林海峰代表学校对莅临会议的各位领导和嘉宾表示热烈欢迎。", "welcome"),
        ("市教育局局长林海峰致辞。", "speech"),
        ("市教育局局长林海峰出席会议并讲话。", "speech"),
        ("省长林海峰出席会议并发表重要讲话。", "speech"),
        ("企业代表林海峰作表态发言。", "speech"),
        ("秘书长林海峰作年度工作总结。", "speech"),
        ("协会会长林海峰作视频致辞。", "video_speech"),
        ("协会会长林海峰通过视频连线方式致辞。", "video_speech"),
        ("研究员林海峰作主旨报告。", "keynote"),
        ("研究员林海峰以《数字经济与职业教育》为题作主旨报告。", "keynote"),
        ("总工程师林海峰发表主题演讲。", "keynote"),
        ("秘书长林海峰作集团年度工作报告。", "report"),
        ("教授林海峰作了题为《现代学徒制的实践与思考》的专题报告。", "report"),
        ("副校长林海峰宣读了共同体成员单位名单。", "report"),
        ("处长林海峰对《实施方案》进行了解读。", "report"),
        ("院长林海峰介绍了共同体筹建情况。", "report"),
        ("林海峰、郑雨桐、贺志远围绕产教融合进行圆桌对话。", "panel"),
        ("理事长林海峰宣布共同体正式成立。", "other"),
    ],
)
def test_each_agenda_verb_gives_its_kind(sentence, kind):
    names = [n for n in ("林海峰", "郑雨桐", "贺志远") if n in sentence]
    assert {k for _, k in items(sentence, names)} == {kind}


def test_entries_carry_order_and_the_offsets_of_their_clause():
    text = "近日，论坛在福州举行。会议由副校长林海峰主持，党委书记郑雨桐致欢迎辞。"
    entries = agenda(text, ["郑雨桐", "林海峰"])
    assert entries == [
        AgendaEntry("林海峰", "presiding", 1, text.index("会议由"), text.index("主持") + 2),
        AgendaEntry("郑雨桐", "welcome", 2, text.index("党委书记"), text.index("致欢迎辞") + 4),
    ]
    assert all(e.kind in KINDS for e in entries)


# --- lists and binding --------------------------------------------------------------------------


def test_a_list_joined_by_the_enumeration_comma_shares_its_verb():
    text = "林海峰、郑雨桐、贺志远分别致辞。"
    assert items(text, ["林海峰", "郑雨桐", "贺志远"]) == [
        ("林海峰", "speech"),
        ("郑雨桐", "speech"),
        ("贺志远", "speech"),
    ]


def test_each_verb_binds_to_the_name_just_before_it_in_its_clause():
    text = "学院院长林海峰主持会议，党委书记郑雨桐致辞，企业代表贺志远作主旨报告。"
    assert items(text, ["林海峰", "郑雨桐", "贺志远"]) == [
        ("林海峰", "presiding"),
        ("郑雨桐", "speech"),
        ("贺志远", "keynote"),
    ]


def test_titled_names_separated_by_commas_share_a_verb_said_of_them_all():
    text = (
        "市教育局局长林海峰，省职教学会会长郑雨桐，合作企业领导分别致辞。集团理事长贺志远主持会议。"
    )
    assert items(text, ["林海峰", "郑雨桐", "贺志远"]) == [
        ("林海峰", "speech"),
        ("郑雨桐", "speech"),
        ("贺志远", "presiding"),
    ]


def test_without_a_word_of_sharing_a_comma_ends_the_subject():
    assert items("副市长林海峰，教育局局长郑雨桐致辞。", ["林海峰", "郑雨桐"]) == [
        ("郑雨桐", "speech")
    ]


def test_names_each_with_their_own_adverbial_still_form_one_list():
    text = "会上，林海峰以《产教融合新路径》为题、企业总经理郑雨桐以《行业趋势》为题作主旨报告。"
    assert items(text, ["林海峰", "郑雨桐"]) == [("林海峰", "keynote"), ("郑雨桐", "keynote")]


def test_subjects_named_after_the_verb_are_found():
    assert items("致辞的嘉宾有林海峰、郑雨桐。", ["林海峰", "郑雨桐"]) == [
        ("林海峰", "speech"),
        ("郑雨桐", "speech"),
    ]


def test_the_object_of_a_preposition_is_not_the_one_who_acts():
    text = "校长林海峰为优秀学生郑雨桐颁发证书，贺志远对郑雨桐的报告进行了点评。"
    assert items(text, ["林海峰", "郑雨桐", "贺志远"]) == [
        ("林海峰", "other"),
        ("贺志远", "other"),
    ]
    assert items("学院向林海峰汇报了工作。", ["林海峰"]) == []


def test_the_one_whose_report_was_heard_reported():
    assert items("与会人员听取了林海峰所作的工作报告。", ["林海峰"]) == [("林海峰", "report")]
    assert items("林海峰听取了郑雨桐的工作汇报。", ["林海峰", "郑雨桐"]) == [("郑雨桐", "report")]


# --- what is not an agenda item -----------------------------------------------------------------


def test_attending_alone_gives_no_entry():
    text = "省教育厅副厅长林海峰、市政府副市长郑雨桐等出席会议。贺志远莅临指导。"
    assert items(text, ["林海峰", "郑雨桐", "贺志远"]) == []


def test_attending_a_ceremony_is_not_performing_it():
    assert items("林海峰出席揭牌仪式。", ["林海峰"]) == []
    assert items("林海峰出席揭牌仪式并致辞。", ["林海峰"]) == [("林海峰", "speech")]


def test_a_title_or_a_name_without_a_verb_gives_no_entry():
    text = "学院副校长（主持工作）林海峰陪同考察。林海峰表示，学院将深化校企合作。"
    assert items(text, ["林海峰"]) == []


def test_verbs_inside_what_someone_said_are_not_their_agenda():
    text = "林海峰希望各成员单位认真学习习近平总书记重要讲话精神，林海峰强调要主持好项目。"
    assert items(text, ["林海峰"]) == []


def test_work_and_cooperation_are_not_the_verb_to_give_a_report():
    text = "林海峰与企业合作编写行业报告，郑雨桐所在学院的工作总结获评优秀。"
    assert items(text, ["林海峰", "郑雨桐"]) == []


def test_hearsay_is_not_a_report():
    assert items("据学院院长林海峰介绍，学院共建成三个产业学院。", ["林海峰"]) == []


def test_research_leadership_is_not_presiding():
    assert items("林海峰长期主持国家级课题研究。", ["林海峰"]) == []


def test_a_name_inside_another_word_is_not_a_mention():
    # 高峰 is a name here, and part of 高峰论坛
    assert items("林海峰出席高峰论坛并致辞。", ["高峰", "林海峰"]) == [("林海峰", "speech")]


def test_text_in_quotes_and_titles_is_not_read_for_verbs():
    text = "林海峰以“主持人如何致辞”为题作专题报告。"
    assert items(text, ["林海峰"]) == [("林海峰", "report")]


# --- several items per person -------------------------------------------------------------------


def test_one_person_can_preside_and_speak():
    assert items("学院院长林海峰主持会议并致辞。", ["林海峰"]) == [
        ("林海峰", "presiding"),
        ("林海峰", "speech"),
    ]


def test_never_two_entries_of_the_same_kind_for_one_person():
    text = "林海峰致辞。会上林海峰再次发言。林海峰在讲话中指出，要深化合作。"
    assert items(text, ["林海峰"]) == [("林海峰", "speech")]


def test_a_reference_back_does_not_add_a_second_address():
    text = "党委书记林海峰致欢迎辞。林海峰在致辞中表示，欢迎各位嘉宾。"
    assert items(text, ["林海峰"]) == [("林海峰", "welcome")]


def test_a_reference_back_alone_still_says_the_person_spoke():
    assert items("林海峰在致辞中表示，感谢各方支持。", ["林海峰"]) == [("林海峰", "speech")]


def test_within_one_clause_the_specific_address_wins():
    text = "林海峰致辞并向莅临会议的各位嘉宾表示热烈欢迎。"
    assert items(text, ["林海峰"]) == [("林海峰", "welcome")]


def test_presiding_over_a_panel_is_not_sitting_on_it():
    text = "林海峰主持圆桌对话，郑雨桐、贺志远进行对话交流。"
    assert items(text, ["林海峰", "郑雨桐", "贺志远"]) == [
        ("林海峰", "presiding"),
        ("郑雨桐", "panel"),
        ("贺志远", "panel"),
    ]


def test_entries_follow_the_order_of_the_text():
    text = "郑雨桐致辞。会议由林海峰主持。郑雨桐作主旨报告。"
    entries = agenda(text, ["林海峰", "郑雨桐"])
    assert [(e.order, e.name, e.kind) for e in entries] == [
        (1, "郑雨桐", "speech"),
        (2, "林海峰", "presiding"),
        (3, "郑雨桐", "keynote"),
    ]


def test_nothing_without_text_or_people():
    assert agenda("", ["林海峰"]) == []
    assert agenda("林海峰致辞。", []) == []
    assert agenda("林海峰致辞。", ["", " "]) == []


# --- the shared articles ------------------------------------------------------------------------


def _article(prefix: str):
    paths = sorted(CORPUS.glob(f"{prefix}_*.txt")) if CORPUS.is_dir() else []
    if not paths:
        pytest.skip("shared/corpus is not present")
    result = ingest_file(paths[0])
    people = [p["name"] for p in result.record["people"]]
    return result.body, agenda(result.body, people)


def test_article_000_speech_presiding_and_speeches_shared_across_titled_names():
    body, entries = _article("000")
    assert [(e.name, e.kind) for e in entries] == [
        ("王新", "speech"),
        ("王维园", "presiding"),
        ("陈晓明", "speech"),
        ("仇小娟", "speech"),
    ]
    assert body[entries[1].start : entries[1].end] == "校长王维园主持会议"
    assert body[entries[3].start : entries[3].end].endswith("分别致辞")


def test_article_001_reading_out_welcome_and_statement():
    body, entries = _article("001")
    assert [(e.name, e.kind) for e in entries] == [
        ("何荣", "report"),
        ("王涛", "welcome"),
        ("杨春禧", "speech"),
        ("王士星", "report"),
    ]
    assert "王涛致欢迎词" in body[entries[1].start : entries[1].end]


def test_article_002_video_speech_presiding_and_two_keynotes_while_attendees_get_nothing():
    _, entries = _article("002")
    assert [(e.order, e.name, e.kind) for e in entries] == [
        (1, "陈晓明", "speech"),
        (2, "郝志强", "video_speech"),
        (3, "花严红", "presiding"),
        (4, "蔡天作", "welcome"),
        (5, "陈晓明", "keynote"),
        (6, "李毅帅", "keynote"),
    ]
    named = {e.name for e in entries}
    assert not named & {"杨春年", "陈军", "肖隆建", "黄志超"}  # only attended, then 表示
