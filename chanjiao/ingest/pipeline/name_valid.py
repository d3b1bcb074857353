"""Whether a candidate is one organisation's name (名称判定): the checks every suffix match goes
through once its start is found — a kind, a level, a count, a programme, a department or a
place's many authorities are no name.

Part of :mod:`.extract_orgs`; plain functions over strings, no Django.
"""

from __future__ import annotations

import re

from . import gazetteer as gz
from .common_words import common_phrase, is_place_word, is_verb
from .lexicon import (
    _DEPARTMENT_CORES,
    DESCRIPTOR_NOUNS,
    DISCIPLINES,
    INTERNAL_COMMITTEES,
    MINISTRY_CORES,
    NAMED_WHOLE,
    Suffix,
)
from .name_joins import _DISCIPLINE_HEAD, _TITLE_IN_HEAD
from .name_start import HAN, _ends_with_suffix, _proper_len

# (教师 inside 教师实践基地, 教师发展中心, 教师企业实践流动站)
_TITLE_INSIDE_NAME = re.compile(
    r"[会团组库站处馆]|学院|学会|协会|委员会|工作|实践|发展|培训|企业|进修|公司|有限|股份|事务所|学者"  # 工程顾问公司, 工程师学会
)
_RELATIVE_GOV = re.compile(rf"^(?:[省市区县]|新区)(?:委)?[{HAN}]{{0,6}}$")
_PLACE_NAMES = gz.PROVINCES | gz.CITIES

_LEVEL_HEAD = re.compile(
    rf"(?:[{HAN}]{{2,3}}?)?(?:国家|省|市|区|县|部)级|[{HAN}]{{0,4}}?(?:首个|首家|首间|首所|第一个|唯一)"
)
# 省委省政府, 市委市政府: the party committee and the government, two organisations in one phrase
_TWO_AUTHORITIES = re.compile(r"[省市区县]委[省市区县]政府")
_DATED_REPORT = re.compile(r"\d{1,2}月\d{1,2}日报$")
# 各县区政府, 省市教育部门: the authorities of many places, not one
_MANY_PLACES = frozenset(("县区", "区县", "市县", "县市", "省市", "市区", "乡镇"))
_CORES_LONGEST = tuple(sorted(_DEPARTMENT_CORES, key=len, reverse=True))
# Taiwan's vocational high schools by their short types (新北高工, 中正高工; 高苑工商 before 与)
_TAIWAN_SHORT = frozenset(("高中", "高商", "高工", "农工", "商工", "家商"))
_NOT_A_SCHOOL_NAME = frozenset(("公私立", "公立", "私立", "普通", "全台", "全省", "全市", "重点"))
_COUNT_INSIDE = re.compile(
    r"(?:\d+|(?<!第)[两三四五六七八九十][一两三四五六七八九十]*)(?:余|多)?[所家个名项位处人]"
    r"|\d+(?:\.\d+)?\s*[万亿]?元"
)
_PLACES_COUNTED = re.compile(r"[两三四五多]地")
# 史上第一所产业学院, 全国首家…: a description of one, not its name
_FIRST_INSIDE = re.compile(r"(?:第一|首)[所家个座]")
_COUNT_BEFORE = re.compile(r"(?:\d|[两三四五六七八九十])\s*$")
_COUNTED_BEFORE = re.compile(r"(?:\d|[一两三四五六七八九十])\s*[所家个]$")
_FIRST_BATCH = re.compile(r"(?:首批|第一批|一批)$")
BATCH_HEAD = re.compile(r"(?:首|第[\d一二三四五六七八九十]+)批")
_KIND_OF_LIST = re.compile(r"等(?:\d+|[一二两三四五六七八九十百]+)(?:余|多)?[家所个类]$")
# a county named by one character (魏县, 沛县), not 各县, 该县, 在县
_ONE_CHAR_COUNTY = re.compile(
    rf"(?![各该本这那此其全每两多邻外某是为与和及同到由对向从在市省区乡镇县一二三四五六七八九十])[{HAN}]县"
)
# 某高水平高职学校建设单位, 典范科技大学计划「…」: a programme's kind, not a school (but 某大学计划于
# 明年…: the school plans)
_PROGRAMME_UNIT = re.compile(
    r"(?:立项)?(?:建设|培育)(?:单位|项目|名单)|计划(?![于在将到明今下年用要从把对向与和并])"
    r"|排行榜|排名"  # 某杂志大学排行榜: a ranking's kind
)
_ASPIRATION = re.compile(
    r"(?:(?:打造|建设|发展|建)(?:成为?|为)|(?:努力|力争|致力于?)成为|争创|争当)$"
)
_FIRST_OF_KIND = re.compile(r"(?:第一|首)[家个所]$")
_PARTY_DEPARTMENTS = frozenset(("宣传", "组织", "统战", "党委宣传", "党委组织", "党委统战"))
_BUILDING = re.compile(r"\d+号|[楼馆]$|大楼|校区|大厦|教室")
_REGION_BASE = re.compile(r"(?:工业|制造业)基地$")
_CARRIER_DESCRIPTORS = (DESCRIPTOR_NOUNS - {"建设", "发展", "改革"}) | {"群"}
_OFFICE_OWNER = re.compile(
    rf"[省市区县州委部]|政府|国务院|中共|{'|'.join(sorted(gz.PROVINCES | gz.CITIES, key=len, reverse=True))}"
)
# a university by its short form (台科大, 成大, 云科大) opening the head of one of its colleges
_SHORT_UNIVERSITY_HEAD = re.compile(rf"[{HAN}]{{1,2}}?科?大(?![学厦道会型])(?=[{HAN}]{{2}})")
_SHORT_UNIVERSITY_DEPT = re.compile(
    "[交师农工医财理]大(?:" + "|".join(map(re.escape, DISCIPLINES)) + ")+$"
)
# what follows the last of a school's own units in a list: …学院、…处负责人参加
_DEPARTMENT_LIST_TAIL = re.compile(
    rf"(?:、[{HAN}]{{2,14}}?)*(?:等)?(?:相关|有关)?(?:负责人|负责同志|骨干教师|教师代表|师生代表)"
)


_GOVERNED_PLACE = re.compile(
    "(?:[省市区县州旗盟镇乡]|中央|"
    + "|".join(sorted(gz.COUNTRIES | gz.PROVINCES | gz.CITIES, key=len, reverse=True))
    + ")$"
)


def _valid(name: str, suffix: Suffix, text: str, end: int) -> bool:
    head = name[: len(name) - len(suffix.text)]
    at = end - len(name)  # where the name starts in the text
    if not head or name in NAMED_WHOLE:
        return name in NAMED_WHOLE  # 国科会, 总统府, 卫健委, 工联会: named whole
    for m in _TITLE_IN_HEAD.finditer(head):
        if not _TITLE_INSIDE_NAME.match(name, m.end()):
            return False  # 委员 inside 委员会 is no title
    if suffix.group == "company" and gz.strip_admin_suffix(head) in _PLACE_NAMES:
        return False  # 江苏有限公司 names no company: the place belongs to a longer name
    if suffix.text == "办公室" and not _OFFICE_OWNER.search(head):
        return False  # 绩效考核办公室: an office inside the organisation named before it
    if suffix.text.endswith("委员会") and head in INTERNAL_COMMITTEES:
        return False  # 学术委员会主任: a committee inside the organisation named before
    if suffix.text == "学院" and _DISCIPLINE_HEAD.fullmatch(head):
        return False  # 机械工程学院: a school's department (二级学院), named after a subject
    short = _SHORT_UNIVERSITY_HEAD.match(head) if suffix.text in ("学院", "研究所") else None
    if (
        short
        and not gz.find_places(head[short.end() : short.end() + 4])
        and not is_place_word(head[:3])
    ):
        # 台科大产业创新学院, 成大半导体学院: a college of the university written short (not
        # 南大淮安研究院, in another city, nor 北大荒, a place)
        return False
    if suffix.text == "学院":
        if _SHORT_UNIVERSITY_DEPT.search(head):
            return False  # 某交大土木工程学院: the department of a university written short
        if not gz.find_places(head[:3]) and _DEPARTMENT_LIST_TAIL.match(text, end):
            return False  # 发展规划处、城市轨道交通学院负责人: units of the article's own school
    level = _LEVEL_HEAD.match(head)
    if suffix.category == "body" and level and _ends_with_suffix(head):
        level = None  # 全国县级职教中心联盟: a body named after its members' level and kind
    if suffix.category != "carrier" and (level or text.startswith("之一", end)):
        return False  # 五所省级开放大学之一: a kind of organisation at a level, not one
    if suffix.category == "carrier" and BATCH_HEAD.match(name):
        return False  # 第四批省重点支持建设现代产业学院: a batch of a kind, not one carrier
    if suffix.category == "carrier" and _LEVEL_HEAD.fullmatch(head):
        return False  # 自治区级现代产业学院: a kind of carrier at a level, not one
    if _TWO_AUTHORITIES.search(name) or _DATED_REPORT.search(name):
        return False  # 省委省政府; 某报3月21日报导: a dateline, not a daily
    if (
        suffix.text == "高工"
        and len(head) == 3
        and head[0] in gz.SURNAMES
        and not gz.find_places(head)
    ):
        return False  # 孙某涛高工: a senior engineer (高级工程师), no school
    if suffix.text in _TAIWAN_SHORT:  # 新北高工 (新 alone is generic), not 公私立高中, 全台高工
        return len(head) in (2, 3) and _proper_len(head) >= 1 and head not in _NOT_A_SCHOOL_NAME
    if suffix.text in ("局", "厅"):
        core = next((c for c in _CORES_LONGEST if head.endswith(c)), "")
        rest = head[: len(head) - len(core)]
        if (
            core
            and rest
            and _proper_len(rest) == 0
            and rest not in ("省", "市", "区", "县", "国家")
        ):
            return False  # 十个地市教育局, 各设区市教育局: the bureaus of many places, not one
    if (
        suffix.group in ("school", "research")
        and len(head) > 4
        and is_verb(head[-2:])
        and _ends_with_suffix(head[:-2])
    ):
        return False  # 某大学增设学院: an organisation, a verb and a kind, not one name
    if suffix.text in ("政府", "人民政府") and not _GOVERNED_PLACE.search(head):
        return False  # 集聚政府, 把握好政府: a government is a place's (某县政府, 泰国政府)
    if head.endswith(("相关", "有关", "其他", "各类")):
        return False  # 华东地区相关学校, 省内有关企业: a kind in a place, not a name
    proper = _proper_len(head)
    relative = suffix.group in ("gov", "gov_top", "research", "association") and (
        (_RELATIVE_GOV.match(head) and head not in _MANY_PLACES)
        or (head == "国家" and suffix.group.startswith("gov"))
    )
    relative = relative or bool(_ONE_CHAR_COUNTY.fullmatch(head))  # 魏县政府, 沛县教育局
    if proper < 2 and not relative:  # 市教委, 省农科院: the article's own city or province
        return False
    if suffix.text == "部" and not head.endswith(MINISTRY_CORES):
        return head.startswith(tuple(gz.COUNTRIES)) and head not in gz.COUNTRIES  # 老挝国家农林部
    if suffix.text == "部" and head in _PARTY_DEPARTMENTS:
        return False  # 党委常委、统战部部长: the department of the organisation named before
    if suffix.category == "body":
        if is_verb(head):
            return False  # 将牢记联盟宗旨: a verb before the kind, no body's name
        if suffix.text == "联盟" and len(head) <= 2 and common_phrase(head):
            return False  # 缔结策略联盟, 战略联盟: a kind of alliance, no body's name
        if suffix.text == "共同体" and (
            not re.search("行业|产教|职业教育|职教", name) or name.endswith("命运共同体")
        ):
            return False  # (产教命运共同体: a slogan, no body)
        if suffix.text == "联合体" and not re.search("产教|市域|产学研|创新", name):
            return False
    if _KIND_OF_LIST.search(text[max(0, at - 8) : at]):
        return False  # 新北高工…等16所高工职校: the kind of the names listed, not a name
    before = text[max(0, at - 4) : at]
    if name[:1] in "所家个名项" and _COUNT_BEFORE.search(before):
        return False  # 4 所半导体学院: the count's measure word, not a name's first character
    if _COUNTED_BEFORE.search(before):
        return False  # 唯一的一所私立科技大学, 三所国立科技大学: a kind counted, not a name
    if _COUNT_INSIDE.search(name) or _PLACES_COUNTED.search(name) or _FIRST_INSIDE.search(name):
        return False  # 机构及5所研究院, 江津三地政府, 注入20万元…: a count or a sum, not a name
    if name.count("(") + name.count("（") != name.count(")") + name.count("）"):
        return False  # 政校行企(政府: a bracket opened and never closed is no name
    if suffix.category == "org" and _FIRST_BATCH.search(text[max(0, at - 3) : at]):
        return False  # 是首批全国重点建设示范性大专学校: a kind the school is one of
    if suffix.category == "org" and _PROGRAMME_UNIT.match(text, end):
        return False  # 中国特色高水平高职学校建设单位: a programme's kind, not a school
    if _ASPIRATION.search(text[max(0, at - 6) : at]):
        return False  # 打造成为大湾区…中心: what it hopes to become, not a name
    if (
        name.startswith("型")
        or text[at - 1 : at] == "型"
        or (head.endswith("型") and suffix.category != "carrier")
    ):
        return False  # 定位成企业型科技大学, 产业伙伴型大学: a type of school, not one
    if suffix.category in ("body", "company") or suffix.group == "company":
        before = text[max(0, at - 4) : at]
        if _FIRST_OF_KIND.search(before):
            return False  # 全国第一家轨道交通职教集团: a description of a body, not its name
    if suffix.text == "工作站" and is_verb(head):
        return False  # 保障工作站的运转: a verb before 工作站 (焊接培训中心 is a trade's)
    if suffix.category == "carrier" and _REGION_BASE.search(name):
        return False  # 振兴老工业基地, 先进制造业基地: a region's economy, not a carrier
    if suffix.category == "carrier" and _BUILDING.search(head):
        return False  # 在2号教学楼基地现场举行: a building on a campus, where the event was held
    if suffix.category in ("body", "carrier"):
        after = text[end : end + 2]
        nouns = DESCRIPTOR_NOUNS if suffix.category == "body" else _CARRIER_DESCRIPTORS
        if (after in nouns or after[:1] in nouns) and not (
            after == "建设" and gz.find_places(head[:3])
        ):
            return False  # 职教集团建设, 联合体模式: a kind; 南昌…产教联合体建设 is the body's
    return True
