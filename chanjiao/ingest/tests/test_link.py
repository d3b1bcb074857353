"""Name linking (名称匹配): exact, alias, fuzzy on the distinctive core, and people by context."""

from __future__ import annotations

import itertools
import random

import pytest

from chanjiao.ingest.pipeline.link import (
    LINK_THRESHOLD,
    Candidate,
    Index,
    Match,
    fuzzy_confidence,
    normalize,
    parts,
)


def best(index: Index, name: str, **kwargs) -> Match | None:
    found = index.match(name, **kwargs)
    return found[0] if found else None


def confidence(a: str, b: str) -> float:
    return fuzzy_confidence(parts(normalize(a)), parts(normalize(b)))


# --- normalize ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  江西机电 职业技术学院\n", "江西机电职业技术学院"),
        ("“成都工匠学院”", "成都工匠学院"),
        ("‘沙钢’\"集团\"'有限公司'", "沙钢集团有限公司"),
        ("《中国教育报》", "中国教育报"),
        ("〈职教〉论坛", "职教论坛"),
        ("素拉蓬·西拉帕差", "素拉蓬西拉帕差"),
        ("素拉蓬•西拉帕差‧乙・丙", "素拉蓬西拉帕差乙丙"),
        ("ＴÜＶ南德意志集团", "tüv南德意志集团"),  # full-width Latin folded by NFKC, then lower
        ("ＡＢＢ（中国）有限公司", "abb(中国)有限公司"),
        ("", ""),
    ],
)
def test_normalize_folds_width_case_spacing_quotes_titles_and_dots(raw, expected):
    assert normalize(raw) == expected


# --- parts: region, core, type ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "regions", "core", "type_"),
    [
        ("四川省模具行业协会", {"四川"}, "模具", "行业协会"),
        ("成都工贸职业技术学院", {"成都"}, "工贸", "职业技术学院"),
        ("江西省教育厅", {"江西"}, "教育", "厅"),
        ("四川省乐山市第一职业高级中学", {"四川", "乐山"}, "第一", "职业高级中学"),
        ("浙江省义乌市工商职业技术学院", {"浙江", "义乌"}, "工商", "职业技术学院"),
        ("联想(北京)有限公司", {"北京"}, "联想", "有限公司"),
        ("华为技术有限公司", set(), "华为技术", "有限公司"),
        ("成都智能制造职业教育集团", {"成都"}, "智能制造", "职业教育集团"),
        ("广西壮族自治区交通运输厅", {"广西"}, "交通运输", "厅"),
        ("市教育局", set(), "教育", "局"),  # the article's own city: unknown here
        ("四川大学", {"四川"}, "", "大学"),
        ("联想", set(), "联想", ""),
    ],
)
def test_parts_split_a_name_into_region_core_and_type(name, regions, core, type_):
    p = parts(normalize(name))
    assert (set(p.regions), p.core, p.type) == (regions, core, type_)


# --- fuzzy confidence ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("四川省模具行业协会", "四川省汽车行业协会"),
        ("成都工贸职业技术学院", "成都航空职业技术学院"),
        ("江西省教育厅", "江西省科技厅"),
        ("四川省模具行业协会", "江西省模具行业协会"),  # same core, another province
        ("联想(上海)有限公司", "联想(北京)有限公司"),
        ("华为技术有限公司", "华为技术有限公司成都分公司"),  # a branch is another organisation
        ("天津机电职业技术学院", "天津机电技师学院"),
    ],
)
def test_different_organisations_sharing_generic_parts_score_zero(a, b):
    assert confidence(a, b) == 0.0
    assert confidence(b, a) == 0.0


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("成都工贸职业学院", "成都工贸职业技术学院"),  # 技术 dropped
        ("成都智能制造职教集团", "成都智能制造职业教育集团"),
        ("四川模具行业协会", "四川省模具行业协会"),
        ("乐山市第一职业高级中学", "四川省乐山市第一职业高级中学"),
    ],
)
def test_variants_of_one_name_reach_the_link_threshold_but_stay_below_alias(a, b):
    assert LINK_THRESHOLD <= confidence(a, b) < 0.95


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("沙钢集团", "江苏沙钢集团有限公司"),  # region left out
        ("江铃集团", "江铃汽车集团有限公司"),  # shortened core
        ("机电学院", "天津机电职业技术学院"),  # short type, no region
        ("联想", "联想集团"),  # no type
        ("联想有限公司", "联想(北京)有限公司"),
    ],
)
def test_plausible_but_uncertain_variants_are_suggestions_below_the_threshold(a, b):
    assert 0.6 <= confidence(a, b) < LINK_THRESHOLD


# --- the organisation index ---------------------------------------------------------------------


@pytest.fixture
def orgs() -> Index:
    return Index(
        [
            Candidate(1, "江苏沙钢集团有限公司", aliases=("沙钢集团", "沙钢")),
            Candidate(2, "成都工贸职业技术学院"),
            Candidate(3, "成都航空职业技术学院"),
            Candidate(4, "四川省汽车行业协会"),
            Candidate(5, "江西省科技厅"),
            Candidate(6, "华为技术有限公司成都分公司"),
            Candidate(7, "华为技术有限公司", aliases=("华为",)),
            Candidate(8, "江西省教育厅"),
            Candidate(9, "成都工贸职业学院"),  # a stale duplicate record
        ]
    )


def test_exact_normalized_name_links_with_full_confidence(orgs):
    assert best(orgs, " “江西省教育厅” ") == Match(8, "江西省教育厅", "exact", 1.0)


def test_an_alias_finds_the_record_under_its_registry_name(orgs):
    assert best(orgs, "沙钢集团") == Match(1, "江苏沙钢集团有限公司", "alias", 0.95)


def test_a_record_found_several_ways_appears_once_with_its_best_method(orgs):
    found = orgs.match("成都工贸职业技术学院")
    assert [m.id for m in found].count(2) == 1
    assert found[0] == Match(2, "成都工贸职业技术学院", "exact", 1.0)
    # the stale variant is offered too, but below the exact match
    assert [m.id for m in found] == [2, 9]
    assert found[1].method == "fuzzy" and LINK_THRESHOLD <= found[1].confidence < 0.95


def test_a_dropped_word_is_linked_by_fuzzy_match():
    index = Index([Candidate(2, "成都工贸职业技术学院"), Candidate(3, "成都航空职业技术学院")])
    [m] = index.match("成都工贸职业学院")
    assert (m.id, m.method) == (2, "fuzzy") and LINK_THRESHOLD <= m.confidence < 0.95


def test_an_organisation_sharing_only_generic_parts_is_not_offered(orgs):
    assert orgs.match("四川省模具行业协会") == []
    assert 3 not in {m.id for m in orgs.match("成都工贸职业技术学院")}
    assert [m.id for m in orgs.match("江西省教育厅")] == [8]


def test_a_branch_is_not_linked_to_its_company(orgs):
    assert [m.id for m in orgs.match("华为技术有限公司")] == [7]
    assert [m.id for m in orgs.match("华为技术有限公司成都分公司")] == [6]


def test_matches_are_sorted_by_confidence_then_name_and_limited():
    index = Index(
        [
            Candidate(1, "宁波市教育局"),
            Candidate(2, "南昌市教育局"),
            Candidate(3, "成都市教育局"),
            Candidate(4, "南昌市教育局", aliases=("市教育局",)),  # the alias ranks first
        ]
    )
    found = index.match("市教育局", limit=3)
    assert [m.id for m in found] == [4, 2, 1]  # 0.95, then equal confidences by name
    assert found == sorted(found, key=lambda m: (-m.confidence, m.name))
    assert all(m.confidence < LINK_THRESHOLD for m in found[1:])  # which city is unknown
    assert index.match("市教育局", limit=0) == []


def test_fuzzy_confidence_never_reaches_alias_confidence():
    index = Index([Candidate(1, "成都工贸职业技术学院")])
    for variant in ("成都工贸职业学院", "成都市工贸职业技术学院", "成都工贸职业技术大学"):
        assert best(index, variant).confidence < 0.95


def test_empty_names_match_nothing_and_len_counts_candidates(orgs):
    assert orgs.match("") == [] and orgs.match(" 《》 ") == []
    assert len(orgs) == 9
    assert len(Index([])) == 0 and Index([]).match("华为") == []


def test_an_index_over_twenty_thousand_names_finds_exact_variant_and_nothing_wrong():
    rng = random.Random(7)
    syllables = (
        "智能制造汽车装备电子信息工贸航空机电交通建筑化工医药食品纺织物流商贸旅游财经农业水利"
    )
    cores = sorted({"".join(rng.sample(syllables, 2)) for _ in range(400)})
    regions = ["四川省", "江西省", "天津市", "浙江省", "广东省", "北京市", "成都", "南昌", "宁波"]
    types = [
        "职业技术学院",
        "行业协会",
        "有限公司",
        "职业教育集团",
        "研究院",
        "职业中学",
        "技师学院",
    ]
    names = [r + c + t for r, c, t in itertools.product(regions, cores, types)][:20000]
    index = Index(Candidate(i, n) for i, n in enumerate(names))
    assert len(index) == len(names) == 20000

    for i in rng.sample(range(len(names)), 40):
        name = names[i]
        assert best(index, name) == Match(i, name, "exact", 1.0)
        if name.endswith("职业技术学院"):
            variant = name.replace("职业技术学院", "职业学院")
            m = best(index, variant)
            assert m.id == i and m.method == "fuzzy" and LINK_THRESHOLD <= m.confidence < 0.95
        for m in index.match(name, limit=10)[1:]:
            # whatever else is offered is another spelling of the same core, never linked
            other = parts(normalize(m.name))
            assert other.core == parts(normalize(name)).core or m.confidence < LINK_THRESHOLD

    # an absent organisation of a known region and type: offered nothing to link
    absent = "四川省" + "量子" + "行业协会"
    assert all(m.confidence < LINK_THRESHOLD for m in index.match(absent))
    assert index.match("四川省量子计算行业协会") == []


# --- people -------------------------------------------------------------------------------------


@pytest.fixture
def people() -> Index:
    return Index(
        [
            Candidate(10, "王涛", context=frozenset({1, 2})),
            Candidate(11, "王涛", context=frozenset({3})),
            Candidate(12, "王涛涛"),
            Candidate(13, "素拉蓬·西拉帕差", aliases=("素拉蓬",), context=frozenset({5})),
        ],
        fuzzy=False,
    )


def test_a_person_confirmed_by_an_organisation_is_linked_and_comes_first(people):
    found = people.match("王涛", context=3)
    assert found == [Match(11, "王涛", "exact", 1.0), Match(10, "王涛", "name", 0.6)]


def test_namesakes_without_the_organisation_are_only_suggestions(people):
    found = people.match("王涛", context=99)
    assert {m.id for m in found} == {10, 11}
    assert all(m.method == "name" and m.confidence == 0.6 for m in found)


def test_without_context_a_same_name_person_is_never_linked_by_default(people):
    found = people.match("王涛")
    assert [m.id for m in found] == [10, 11]
    assert all(m.method == "name" and m.confidence == 0.7 < LINK_THRESHOLD for m in found)


def test_people_are_matched_by_exact_name_only(people):
    assert people.match("王") == [] and people.match("王涛同志") == []
    assert [m.id for m in people.match("王涛涛")] == [12]


def test_a_person_alias_confirmed_by_organisation_is_an_alias_match(people):
    assert people.match("素拉蓬", context=5) == [Match(13, "素拉蓬·西拉帕差", "alias", 0.95)]
    assert people.match("素拉蓬•西拉帕差", context=5)[0].method == "exact"
