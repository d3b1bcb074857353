"""The extraction rules on short synthetic sentences, one behaviour per test."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from chanjiao.ingest.pipeline.extract import extract, parse_count_number
from chanjiao.ingest.tests.helpers import name_and_kind

_name_and_kind = name_and_kind


def names(record: dict, key: str = "organizations") -> list[str]:
    return [item["name"] for item in record[key]]


def roles(record: dict) -> dict[str, list[str]]:
    return {o["name"]: o["roles"] for o in record["organizations"]}


def person(record: dict, name: str) -> dict:
    return next(p for p in record["people"] if p["name"] == name)


# --- the record's shape -------------------------------------------------------------------------


def test_record_has_every_key_of_the_format_even_for_empty_text():
    record = extract("")
    assert set(record) == {
        "title",
        "published",
        "event",
        "bodies",
        "organizations",
        "people",
        "counts",
        "carriers",
        "agreements",
    }
    assert set(record["event"]) == {"name", "kind", "date", "venue", "city", "theme", "attendance"}
    assert record["organizations"] == [] and record["event"]["name"] is None


# --- events -------------------------------------------------------------------------------------


def test_founding_conference_held_at_a_college_takes_its_year_from_publication():
    record = extract(
        "4月29日，闽江智能装备职业教育集团成立大会在福州软件职业技术学院举行。",
        published="2022-05-06",
    )
    event = record["event"]
    assert event["name"] == "闽江智能装备职业教育集团成立大会"
    assert event["kind"] == "founding_conference"
    assert event["date"] == "2022-04-29"
    assert event["venue"] == "福州软件职业技术学院"
    assert event["city"] == "福州"
    assert names(record, "bodies") == ["闽江智能装备职业教育集团"]
    assert "host" in roles(record)["福州软件职业技术学院"]


def test_a_bare_date_after_publication_belongs_to_the_previous_year():
    record = extract("12月28日，某市职教集团年会在南宁召开。", published="2024-01-03")
    assert record["event"]["date"] == "2023-12-28"
    assert record["event"]["city"] == "南宁"
    assert record["event"]["venue"] is None


def test_a_bare_date_without_publication_date_is_left_unknown():
    assert extract("4月29日，某行业产教融合共同体成立大会在贵阳举行。")["event"]["date"] is None


def test_an_explicit_year_needs_no_publication_date():
    record = extract("2023年10月31日，全国轨道交通行业产教融合共同体成立大会在株洲举行。")
    assert record["event"]["date"] == "2023-10-31"


def test_recently_held_event_has_no_date():
    record = extract(
        "近日，滨海职业技术学院召开2024滨海现代物流职教集团产教融合论坛暨校企合作大会。"
    )
    event = record["event"]
    assert event["name"] == "2024滨海现代物流职教集团产教融合论坛暨校企合作大会"
    assert event["kind"] == "forum"
    assert event["date"] is None
    assert names(record, "bodies") == ["滨海现代物流职教集团"]
    assert roles(record)["滨海职业技术学院"] == ["host"]


def test_body_founded_without_a_named_meeting_gives_a_founding_event():
    record = extract("1月5日，宝鸡市市域产教联合体在宝鸡高新技术产业开发区揭牌成立。")
    assert record["event"]["name"] == "宝鸡市市域产教联合体成立大会"
    assert record["event"]["kind"] == "founding_conference"
    assert names(record, "bodies") == ["宝鸡市市域产教联合体"]


@pytest.mark.parametrize(
    "sentence, theme",
    [
        ("大会以“数智赋能 产教同行”为主题，共商发展。", "数智赋能 产教同行"),
        ("本次论坛主题为“融合·创新·共赢”。", "融合·创新·共赢"),
    ],
)
def test_theme_is_the_quoted_text(sentence, theme):
    assert extract(sentence)["event"]["theme"] == theme


def test_talk_title_is_not_the_theme():
    assert extract("他以《职业教育的未来》为题作主旨报告。")["event"]["theme"] is None


# --- organisations and bodies -------------------------------------------------------------------


def test_organisations_start_after_prepositions_and_verbs():
    record = extract(
        "会上，学院分别与华南智造科技股份有限公司、粤海精密模具有限公司等签订校企合作协议。"
    )
    assert names(record) == ["华南智造科技股份有限公司", "粤海精密模具有限公司"]


def test_parenthesised_place_stays_inside_a_company_name():
    record = extract("学院与星辰数码(上海)有限公司、云帆科技（深圳）有限公司签约。")
    assert names(record) == ["星辰数码(上海)有限公司", "云帆科技（深圳）有限公司"]


def test_department_goes_to_the_title_and_its_organisation_is_kept():
    record = extract("中国物流与采购联合会教育培训部主任赵立平出席会议并致辞。")
    assert names(record) == ["中国物流与采购联合会"]
    assert person(record, "赵立平")["title"] == "教育培训部主任"


def test_ministry_centre_and_party_work_committee_are_one_name_each():
    record = extract("工业和信息化部人才交流中心主任周海、南宁市委教育工委副书记黄凯出席会议。")
    assert names(record) == ["工业和信息化部人才交流中心", "南宁市委教育工委"]
    assert record["organizations"][0]["kind"] == "government"


def test_company_of_a_development_zone_keeps_the_zone_in_its_name():
    record = extract("来自苏州工业园区云智信息技术有限公司的代表作了发言。")
    assert names(record) == ["苏州工业园区云智信息技术有限公司"]


def test_branch_company_keeps_its_parent_in_its_name():
    record = extract("学院与东风汽车股份有限公司襄阳分公司签订协议。")
    assert names(record) == ["东风汽车股份有限公司襄阳分公司"]


def test_a_name_may_start_with_a_function_character_at_a_clause_start():
    record = extract("会上，和利时科技集团有限公司总经理张强、华为和腾讯科技有限公司代表发言。")
    assert names(record) == ["和利时科技集团有限公司", "腾讯科技有限公司"]


def test_institute_inside_a_university_is_a_department():
    record = extract("清华大学教育研究院教授石中英作报告。")
    assert names(record) == ["清华大学"]
    assert person(record, "石中英")["title"] == "教育研究院教授"


def test_commission_written_in_full_and_short_is_one_organisation():
    record = extract(
        "重庆市教育委员会召开2024年全市职业教育工作会议。市教委副主任邓沁、市教科院所长谭明出席。"
    )
    # (市教科院 stays as written: the article names its full name nowhere)
    assert names(record) == ["重庆市教育委员会", "市教科院"]
    assert record["event"]["name"] == "2024年全市职业教育工作会议"
    assert person(record, "邓沁")["organization"] == "重庆市教育委员会"


def test_generic_and_descriptive_names_are_not_organisations():
    record = extract(
        "要对标国家示范性职教集团，各二级学院要与行业协会合作，"
        "打造行业产教融合共同体新样板，构建现代职业教育集团平台。"
    )
    assert record["organizations"] == [] and record["bodies"] == []


def test_second_body_named_right_after_a_description_is_found_alone():
    record = extract("国家示范职教集团河西走廊旅游职教集团致贺词。")
    assert names(record, "bodies") == ["河西走廊旅游职教集团"]


def test_short_form_declared_by_the_article_is_merged_into_the_full_name():
    record = extract("秦岭职业技术学院（以下简称“秦岭职院”）召开大会。秦岭职院党委书记冯涛致辞。")
    assert names(record) == ["秦岭职业技术学院"]
    assert person(record, "冯涛")["organization"] == "秦岭职业技术学院"


def test_abbreviations_of_a_full_name_are_merged():
    record = extract(
        "赣江汽车集团有限公司总经理陈默出席。赣江集团将坚持以产促教。"
        "赣江智能制造职业教育集团成立，赣江智能制造职教集团章程获通过。"
    )
    assert names(record) == ["赣江汽车集团有限公司"]
    assert names(record, "bodies") == ["赣江智能制造职业教育集团"]


def test_a_short_form_of_two_names_as_long_goes_to_the_same_one_on_every_run():
    # 市教育局 shortens both bureaus; which one it joins must not depend on the process's hash
    # seed (it did: the longer forms were kept in a set), so that a batch ingested twice
    # proposes the same records.
    text = (
        "乐山市教育局副局长张某某出席会议。市教育局领导与集团理事长单位举行了揭牌仪式。"
        "海西市教育局副局长李某某出席会议并讲话。"
    )
    code = (
        "import json, sys; from chanjiao.ingest.pipeline.extract import extract; "
        "print(json.dumps(extract(sys.argv[1])['organizations'], sort_keys=True))"
    )
    runs = {
        subprocess.run(
            [sys.executable, "-c", code, text],
            capture_output=True,
            text=True,
            check=True,
            env={**os.environ, "PYTHONHASHSEED": str(seed)},
            cwd=Path(__file__).resolve().parents[3],
        ).stdout
        for seed in range(6)
    }
    assert len(runs) == 1
    first = json.loads(runs.pop())
    assert [o["name"] for o in first] == ["乐山市教育局", "海西市教育局"]
    assert "repeated" in first[0]["evidence"]  # the first written takes the short form


def test_city_relative_names_take_the_articles_city():
    record = extract(
        "昆明市教育局、市人社局、市工信局领导出席。昆明市职业教育集团在昆明市召开年会。"
    )
    assert names(record) == ["昆明市教育局", "昆明市人社局", "昆明市工信局"]


def test_names_listed_before_a_type_and_count_are_organisations():
    record = extract("学院分别与华为、比亚迪、宁德时代等3家企业合作成立产业学院。")
    assert names(record) == ["华为", "比亚迪", "宁德时代"]
    assert {o["kind"] for o in record["organizations"]} == {"enterprise"}


def test_generic_categories_in_a_list_are_not_organisations():
    record = extract("集团汇集了产业功能区、行业协会、企业和兄弟院校等23个副理事长单位。")
    assert record["organizations"] == []


def test_foreign_institutions_are_international():
    record = extract("学院与泰国清迈皇家大学签署合作备忘录。")
    assert record["organizations"][0]["kind"] == "international"
    assert record["agreements"][0]["kind"] == "international"


def test_book_titles_are_not_searched_for_names():
    record = extract("李华以《某某职业技术学院发展报告》为题作报告。")
    assert record["organizations"] == []


# --- roles --------------------------------------------------------------------------------------


def test_listed_initiators_all_get_the_role():
    record = extract("共同体由湘江重工集团有限公司、长沙理工大学、湖南交通职业技术学院牵头发起。")
    assert all(r == ["initiator"] for r in roles(record).values())
    assert len(record["organizations"]) == 3


def test_guide_organizer_host_and_co_organizer():
    record = extract(
        "论坛由贵州省教育厅指导，贵州交通职业技术学院主办，黔南民族职业技术学院承办，"
        "贵州云上科技有限公司协办。"
    )
    assert roles(record) == {
        "贵州省教育厅": ["guide"],
        "贵州交通职业技术学院": ["organizer"],
        "黔南民族职业技术学院": ["host"],
        "贵州云上科技有限公司": ["co_organizer"],
    }


def test_chair_and_vice_chair_units():
    record = extract(
        "集团理事长单位黄河水利职业技术学院校长王平作表态发言。"
        "开封大学、郑州铁路职业技术学院当选为副理事长单位。"
    )
    assert roles(record) == {
        "黄河水利职业技术学院": ["chair"],
        "开封大学": ["vice_chair"],
        "郑州铁路职业技术学院": ["vice_chair"],
    }


def test_co_founders_and_partners():
    record = extract(
        "联合体由襄阳市人民政府、襄阳职业技术学院、湖北航宇精工科技有限公司等单位共同组建。"
        "学院与东风汽车集团有限公司共建智能网联汽车产业学院。"
    )
    assert roles(record) == {
        "襄阳市人民政府": ["initiator"],
        "襄阳职业技术学院": ["initiator"],
        "湖北航宇精工科技有限公司": ["initiator"],
        "东风汽车集团有限公司": ["partner"],
    }


def test_units_added_as_members():
    record = extract("会议增补洛阳理工学院、中信重工机械股份有限公司等5家单位为集团成员单位。")
    assert all(r == ["member"] for r in roles(record).values())


# --- people -------------------------------------------------------------------------------------


def test_title_then_name_then_verb():
    record = extract("沅江职业技术学院党委书记王某致辞，校长李国强主持会议。")
    assert person(record, "王某") == {
        "name": "王某",
        "title": "党委书记",
        "organization": "沅江职业技术学院",
    }
    # 校长 right after in the same sentence belongs to the same college
    assert person(record, "李国强")["organization"] == "沅江职业技术学院"


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("学院党委书记罗文作等出席会议。", "罗文作"),
        ("学院院长刘涛作报告。", "刘涛"),
        ("学院院长周明禧作表态发言。", "周明禧"),
        ("学院院长吴荣宣读了批复文件。", "吴荣"),
        ("厅二级巡视员郑军，", "郑军"),
        ("公司总经理欧阳明华出席。", "欧阳明华"),
        ("教育部副部长素拉蓬·西拉帕差在开幕式上致辞。", "素拉蓬·西拉帕差"),
    ],
)
def test_name_boundaries(sentence, name):
    assert [p["name"] for p in extract(sentence)["people"]] == [name]


def test_titles_chain_drops_the_persons_organisation_and_keeps_posts_held_elsewhere():
    """The person's organisation (the first named) leaves the title; a post in another
    organisation keeps that organisation's name, as the article gives it."""
    record = extract(
        "九江市委教育工委副书记、九江市教育局党组成员吴明宣读了批复文件。"
        "华中科技职业大学党委委员、副校长刘洋，汉江物流集团有限公司总经理助理孙立出席。"
    )
    assert person(record, "吴明")["title"] == "副书记、九江市教育局党组成员"
    assert person(record, "吴明")["organization"] == "九江市委教育工委"
    assert person(record, "刘洋")["title"] == "党委委员、副校长"
    assert person(record, "孙立")["title"] == "总经理助理"


def test_words_after_a_title_are_not_names():
    record = extract("书记强调，校长表示，主任指出，院长高度重视，学院党委书记在致辞中表示欢迎。")
    assert record["people"] == []


def test_a_later_mention_of_a_person_does_not_start_an_organisation():
    record = extract("集团理事长、商丘职业技术学院党委书记赵红军出席。赵红军作集团年度工作报告。")
    assert names(record) == ["商丘职业技术学院"]


# --- counts -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "num, value",
    [("220", 220), ("百", 100), ("二十三", 23), ("一千二百", 1200), ("两", 2), ("1,200", 1200)],
)
def test_count_numbers(num, value):
    assert parse_count_number(num) == value


def test_wan_multiplies():
    assert parse_count_number("1.2", wan=True) == 12000


def test_attendance_with_approximate_number():
    record = extract("学院师生代表等220余人出席会议。")
    assert record["event"]["attendance"] == 220
    assert record["counts"] == [{"subject": "学院师生代表出席会议", "value": 220, "approx": True}]


@pytest.mark.parametrize(
    "sentence, value, approx",
    [
        ("嘉宾和代表百余人共同见证联盟成立。", 100, True),
        ("近千人参加了开幕式。", 1000, True),
        ("逾300名嘉宾出席大会。", 300, True),
        ("来自各地的500多名代表参会。", 500, True),
    ],
)
def test_attendance_forms(sentence, value, approx):
    record = extract(sentence)
    assert record["event"]["attendance"] == value
    assert record["counts"][0]["approx"] is approx


def test_counts_of_units_keep_their_subject():
    record = extract(
        "共邀请6个政府相关部门、11个行业协会、44家企业以及26所院校的代表参加大会。"
        "集团现有23个副理事长单位、79家成员单位。"
    )
    assert [(c["subject"], c["value"]) for c in record["counts"]] == [
        ("政府相关部门", 6),
        ("行业协会", 11),
        ("企业", 44),
        ("院校", 26),
        ("副理事长单位", 23),
        ("成员单位", 79),
    ]
    assert record["event"]["attendance"] is None


def test_units_becoming_members_count_as_members():
    record = extract("66个单位成为全国某某行业产教融合共同体首批成员。")
    assert record["counts"] == [{"subject": "首批成员", "value": 66, "approx": False}]


def test_repeated_count_is_listed_once():
    record = extract("与23个副理事长单位举行揭牌仪式。集团共有23个副理事长单位。")
    assert len(record["counts"]) == 1


def test_people_reached_are_not_attendance():
    record = extract("项目惠及师生1万余人。培训学员300余人。")
    assert record["event"]["attendance"] is None
    assert [c["value"] for c in record["counts"]] == [10000, 300]


@pytest.mark.parametrize(
    "sentence",
    [
        "他提出三点希望，四项举措和两个方面的要求。",  # abstract things
        "这是落实一个重要举措。",  # 一个: an article
        "围绕“两个先行”目标任务。",  # a slogan
        "第十二届大赛和建校60周年，历时3个月。",  # ordinal, time
        "数十家企业参加。",  # not a number
    ],
)
def test_not_counts(sentence):
    assert extract(sentence)["counts"] == []


# --- carriers and agreements --------------------------------------------------------------------


def test_industry_colleges_founded_with_partners():
    record = extract(
        "学院与腾讯、京东等2家企业合作成立腾讯云计算现代产业学院、智慧物流产业学院，"
        "并建成了国家级新能源汽车生产性实训基地，与企业共建了焊接培训中心。"
    )
    assert _name_and_kind(record["carriers"]) == [
        {"name": "腾讯云计算现代产业学院", "kind": "industry_college"},
        {"name": "智慧物流产业学院", "kind": "industry_college"},
        {"name": "国家级新能源汽车生产性实训基地", "kind": "training_base"},
        {"name": "焊接培训中心", "kind": "training_base"},
    ]


def test_quoted_college_founded_with_a_partner_is_a_carrier_not_an_organisation():
    record = extract("学校与市总工会共同建立了“蓉城工匠学院”。")
    assert _name_and_kind(record["carriers"]) == [{"name": "蓉城工匠学院", "kind": "school"}]
    assert "蓉城工匠学院" not in names(record)


def test_generic_and_visited_sites_are_not_carriers():
    record = extract(
        "在人才培养、实训基地、产业学院的建设等方面加强合作。"
        "与会嘉宾实地考察了赣州市高技能人才公共实训基地。"
    )
    assert _name_and_kind(record["carriers"]) == []


def test_luban_workshop_abroad():
    record = extract("双方将为“鲁班工坊（泰国）”揭牌。")
    assert _name_and_kind(record["carriers"]) == [{"name": "鲁班工坊（泰国）", "kind": "workshop"}]


def test_agreement_parties_with_the_omitted_subject():
    record = extract(
        "漓江职业技术学院召开合作大会。会上，学院并与桂林山水科技有限公司、"
        "桂林电器集团有限公司等签订校企合作协议。"
    )
    assert record["agreements"] == [
        {
            "parties": ["漓江职业技术学院", "桂林山水科技有限公司"],
            "kind": "school_enterprise_cooperation",
        },
        {
            "parties": ["漓江职业技术学院", "桂林电器集团有限公司"],
            "kind": "school_enterprise_cooperation",
        },
    ]
    assert roles(record)["桂林山水科技有限公司"] == ["partner"]


def test_signing_ceremony_without_named_parties():
    record = extract("现场举行了校企合作签约仪式。")
    assert record["agreements"] == [{"parties": [], "kind": "school_enterprise_cooperation"}]


# --- robustness ---------------------------------------------------------------------------------

_ALPHABET = (
    "学院大学集团公司有限协会联合会厅局部委中心产业基地实验室职教共同体联盟"
    "王李张陈校长主任书记党委副总经理出席致辞主持举行召开在于与和及、，。；：（）()“”《》"
    "0123456789一二三百千万余多近逾年月日个家所名位人成立大会论坛以为主题签订协议牵头发起"
    "北京天津成都南昌省市区县?（）abcXYZ·\n "
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=400), st.sampled_from([None, "2023-11-21"]))
def test_any_text_gives_a_well_formed_record(text, published):
    record = extract(text, published=published)
    assert isinstance(record["organizations"], list)
    for count in record["counts"]:
        assert isinstance(count["value"], int) and count["value"] > 0
    for item in record["organizations"] + record["bodies"] + record["carriers"]:
        assert item["name"] and item["name"] in text
    for p in record["people"]:
        assert p["name"] in text


def test_a_long_text_is_handled():
    sentence = "4月29日，某某职业教育集团成立大会在江城职业技术学院举行，学院党委书记王某致辞，200余人出席。"
    record = extract(sentence * 2000, published="2024-05-01")
    assert record["event"]["date"] == "2024-04-29"
    assert record["organizations"][0]["name"] == "江城职业技术学院"


def test_a_site_label_before_the_headline_is_not_part_of_the_event_name():
    body = (
        "【某某教育网】榕城物流职业教育集团成立大会在榕城职业技术学院举行\n"
        "5月8日，榕城物流职业教育集团成立大会在榕城职业技术学院举行。"
    )
    record = extract(body, title=None, published="2024-05-10")
    assert record["event"]["name"] == "榕城物流职业教育集团成立大会"
    # the repeated headline has no date: the date comes from the sentence that has one
    assert record["event"]["date"] == "2024-05-08"
