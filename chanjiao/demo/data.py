"""Demo and test data for chanjiao: facts taken from four public news reports.

Everything here is stated by one of the three articles below: names, roles, titles, dates,
counts. Nothing is invented. When an article leaves something out (a date, a venue, which
enterprise co-founded which industry college, the names of the 23 vice-chair units …) the value
here is None, "" or an empty list, and a ``note`` says what the article does say. All text is in
Simplified Chinese, and so are the notes the loader puts on a page (those of memberships,
committees and agreements); the notes of organisations, bodies, terms and events are English
notes for maintainers, which no page shows. Article 000 is in Traditional Chinese with pinyin annotations such as
學(xué)習(xí); its names were converted by hand, e.g. 天津機電職業技術學院 -> 天津机电职业技术学院.

Sources
-------
* ``chengdu_2021``: 【高职高专网】成都智能制造职业教育集团成立大会在成都工贸职业技术学院顺利举行.
  高职高专网, published 2021-05-08, https://www.tech.net.cn/news/show-93756.html
  (corpus file 001_c638204c5be43fa2.txt). The conference date 4月29日 has no year in the article;
  the year 2021 comes from the publication date.
* ``automotive_2023``: 江西机电职业技术学院——重磅!全国汽车装备制造行业产教融合共同体正式成立.
  福建高考网 (中国海峡高考门户网站), published 2023-11-21, no URL in the text
  (corpus file 002_6796ec5760948463.txt).
* ``tianjin_2024``: report of 天津机电职业技术学院's 2024京津冀现代制造业职教集团产教融合论坛暨建校60周年
  高质量发展大会. The text has no title, site, URL or date ("近日"); the year 2024 is in the event
  name (corpus file 000_b81edfecbfea434e.txt).
* ``steel_2024``: 莱芜职业技术学院顺利承办首届精品钢行业产教融合发展大会. 莱芜职业技术学院党委宣传部,
  published 2024-05-22, https://xcb.lwvc.edu.cn/info/1045/7836.htm; the initiators of 全国精品钢行业产教
  融合共同体 and the 150余人 come from 北京科技大学冶金与生态工程学院's report of the same conference
  (https://metall.ustb.edu.cn/xyxw/5c7dedd4826a41ccb5852ca8d7577f5c.htm). Its five golds
  programme's committees and results are synthetic (chanjiao/demo/golds.py, labelled 合成数据).

Shape
-----
Module-level constants of plain Python data (no Django imports):
SOURCES, ORGANIZATIONS, BODIES, MEMBERSHIPS, TERMS, COMMITTEES, PEOPLE, EVENTS, AGREEMENTS,
CARRIERS. Organisations, bodies and people are referenced by their ``name``; events, agreements
and sources by their ``key``; carriers by their ``name``. Dates are ISO strings "YYYY-MM-DD" or
None. Every record carries ``source`` (a SOURCES key). Organisations and people that appear in more
than one article also list all of them in ``sources``.

Run ``python chanjiao/demo/data.py`` to check that every reference resolves and every date parses.
"""

# ---------------------------------------------------------------------------------------------
# Sources
# ---------------------------------------------------------------------------------------------

SOURCES = [
    {
        "key": "chengdu_2021",
        "title": "成都智能制造职业教育集团成立大会在成都工贸职业技术学院顺利举行",
        "published": "2021-05-08",
        "site": "高职高专网",
        "url": "https://www.tech.net.cn/news/show-93756.html",
        "corpus_file": "001_c638204c5be43fa2.txt",
        "language": "zh-Hans",
    },
    {
        "key": "automotive_2023",
        "title": "重磅!全国汽车装备制造行业产教融合共同体正式成立",
        "published": "2023-11-21",
        "site": "福建高考网",
        "url": None,
        "corpus_file": "002_6796ec5760948463.txt",
        "language": "zh-Hans",
    },
    {
        "key": "tianjin_2024",
        "title": None,
        "published": None,
        "site": None,
        "url": None,
        "corpus_file": "000_b81edfecbfea434e.txt",
        "language": "zh-Hant",
    },
    {
        "key": "steel_2024",
        "title": "莱芜职业技术学院顺利承办首届精品钢行业产教融合发展大会",
        "published": "2024-05-22",
        "site": "莱芜职业技术学院党委宣传部",
        "url": "https://xcb.lwvc.edu.cn/info/1045/7836.htm",
        "corpus_file": None,
        "language": "zh-Hans",
        "also": "北京科技大学冶金与生态工程学院 news of the same conference: "
        "https://metall.ustb.edu.cn/xyxw/5c7dedd4826a41ccb5852ca8d7577f5c.htm",
    },
]

# ---------------------------------------------------------------------------------------------
# Organisations (actors named by the articles; bodies such as 职教集团 are in BODIES)
# ---------------------------------------------------------------------------------------------

ORGANIZATIONS = [
    # --- chengdu_2021 ---
    {
        "name": "成都工贸职业技术学院",
        "short_name": "",
        "kind": "vocational_college",
        "region": "四川省成都市",
        "aliases": [],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "成都市教育局",
        "short_name": "市教育局",
        "kind": "government",
        "region": "四川省成都市",
        "aliases": ["市教育局"],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "中共成都市委教育工作委员会",
        "short_name": "成都市委教育工委",
        "kind": "government",
        "region": "四川省成都市",
        "aliases": ["成都市委教育工委", "市委教育工委"],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "成都市经济和信息化局",
        "short_name": "市经信局",
        "kind": "government",
        "region": "四川省成都市",
        "aliases": ["市经信局", "成都市经信局"],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "成都市科学技术局",
        "short_name": "市科技局",
        "kind": "government",
        "region": "四川省成都市",
        "aliases": ["市科技局", "成都市科技局"],
        "note": "the keynote was given by its 合作处 (市科技局合作处)",
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "成都高新区电子信息产业发展局",
        "short_name": "高新区电子信息产业发展局",
        "kind": "government",
        "region": "四川省成都市",
        "aliases": ["高新区电子信息产业发展局"],
        "note": "the article writes 高新区电子信息产业发展局 (a Chengdu event); the keynote was "
        "given by its 创新处",
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "四川省模具行业协会",
        "short_name": "",
        "kind": "association",
        "region": "四川省",
        "aliases": [],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "西门子工厂自动化工程有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "",
        "aliases": [],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "四川省乐山市第一职业高级中学",
        "short_name": "",
        "kind": "secondary_school",
        "region": "四川省乐山市",
        "aliases": ["乐山市第一职业高级中学"],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "成都市总工会",
        "short_name": "市总工会",
        "kind": "other",
        "region": "四川省成都市",
        "aliases": ["市总工会"],
        "note": "co-founded 成都工匠学院 with 成都工贸职业技术学院 (the article writes 市总工会)",
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    # --- automotive_2023 (中国机械工业联合会 and 机械工业教育发展中心 also in tianjin_2024) ---
    {
        "name": "中国机械工业联合会",
        "short_name": "",
        "kind": "association",
        "region": "",
        "aliases": [],
        "note": "陈晓明 is 主任 of its 教育培训部",
        "source": "automotive_2023",
        "sources": ["automotive_2023", "tianjin_2024"],
    },
    {
        "name": "机械工业教育发展中心",
        "short_name": "",
        "kind": "other",
        "region": "",
        "aliases": [],
        "source": "automotive_2023",
        "sources": ["automotive_2023", "tianjin_2024"],
    },
    {
        "name": "工业和信息化部教育与考试中心",
        "short_name": "",
        "kind": "government",
        "region": "",
        "aliases": [],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "江西省教育厅",
        "short_name": "",
        "kind": "government",
        "region": "江西省",
        "aliases": [],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "江西省工业和信息化厅",
        "short_name": "",
        "kind": "government",
        "region": "江西省",
        "aliases": [],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "江铃汽车集团有限公司",
        "short_name": "江铃集团",
        "kind": "enterprise",
        "region": "",
        "aliases": ["江铃集团"],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "华东交通大学",
        "short_name": "",
        "kind": "university",
        "region": "",
        "aliases": [],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "江西机电职业技术学院",
        "short_name": "",
        "kind": "vocational_college",
        "region": "江西省",
        "aliases": [],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "江西同铃汽车科技有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "江西省",
        "aliases": [],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    # --- tianjin_2024 ---
    {
        "name": "天津机电职业技术学院",
        "short_name": "机电学院",
        "kind": "vocational_college",
        "region": "天津市",
        "aliases": ["机电学院"],
        "note": "the article says the college was founded 60 years before the 2024 meeting "
        "(建校60周年) and develops under the leadership of 百利装备集团 (在百利装备集团的正确领导下)",
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "百利装备集团",
        "short_name": "",
        "kind": "enterprise",
        "region": "",
        "aliases": [],
        "note": "full registered name not given by the article",
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "天津市教育委员会",
        "short_name": "市教委",
        "kind": "government",
        "region": "天津市",
        "aliases": ["市教委", "天津市教委"],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "中共天津市委教育工作委员会",
        "short_name": "天津市委教育工委",
        "kind": "government",
        "region": "天津市",
        "aliases": ["天津市委教育工委"],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "联想(北京)有限公司",
        "short_name": "联想",
        "kind": "enterprise",
        "region": "北京市",
        "aliases": ["联想", "联想集团"],
        "note": "the article writes 联想 (industry colleges), 联想(北京)有限公司 (agreement) and "
        "联想集团 (afternoon council); treated as one organisation here",
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "京东",
        "short_name": "京东",
        "kind": "enterprise",
        "region": "",
        "aliases": [],
        "note": "the article gives only 京东",
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "亮捷航空",
        "short_name": "亮捷航空",
        "kind": "enterprise",
        "region": "",
        "aliases": [],
        "note": "the article gives only 亮捷航空",
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "中电科蓝天科技股份有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "",
        "aliases": [],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "天地伟业技术有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "",
        "aliases": [],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "天津海特飞机工程有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "天津市",
        "aliases": [],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "长城汽车股份有限公司天津哈弗分公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "天津市",
        "aliases": [],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "天津汽车模具有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "天津市",
        "aliases": [],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "华为技术有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "",
        "aliases": [],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "北京京邦达贸易有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "北京市",
        "aliases": [],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "天津市电子商务协会",
        "short_name": "",
        "kind": "association",
        "region": "天津市",
        "aliases": [],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "亮捷教育科技(天津)有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "天津市",
        "aliases": [],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "天津开发区中软卓越信息技术有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "天津市",
        "aliases": [],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    # --- steel_2024 ---
    {
        "name": "莱芜职业技术学院",
        "short_name": "",
        "kind": "vocational_college",
        "region": "山东省济南市",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "北京科技大学",
        "short_name": "",
        "kind": "university",
        "region": "北京市",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "江苏沙钢集团有限公司",
        "short_name": "沙钢",
        "kind": "enterprise",
        "region": "江苏省苏州市",
        "aliases": ["沙钢"],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "中国职业技术教育学会",
        "short_name": "",
        "kind": "association",
        "region": "",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "中国钢铁工业协会",
        "short_name": "",
        "kind": "association",
        "region": "",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "中国小康建设研究会",
        "short_name": "",
        "kind": "association",
        "region": "",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "山东省教育厅",
        "short_name": "",
        "kind": "government",
        "region": "山东省",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "教育部",
        "short_name": "",
        "kind": "government",
        "region": "",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "山东省工业和信息化厅",
        "short_name": "",
        "kind": "government",
        "region": "山东省",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "莫斯科钢铁合金学院",
        "short_name": "",
        "kind": "international",
        "region": "",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "吉尔吉斯斯坦国立技术大学",
        "short_name": "",
        "kind": "international",
        "region": "",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "山东泰山钢铁集团有限公司",
        "short_name": "",
        "kind": "enterprise",
        "region": "山东省",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "俄罗斯巴尔金中央黑色金属冶金科学研究所",
        "short_name": "",
        "kind": "international",
        "region": "",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "星火乡村振兴研究院",
        "short_name": "",
        "kind": "research_institute",
        "region": "",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "人民日报社",
        "short_name": "",
        "kind": "media",
        "region": "",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "中国冶金报社",
        "short_name": "",
        "kind": "media",
        "region": "",
        "aliases": [],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
]

# ---------------------------------------------------------------------------------------------
# Bodies (职教集团, 产教融合共同体 …)
# ---------------------------------------------------------------------------------------------

BODIES = [
    {
        "name": "成都智能制造职业教育集团",
        "short_name": "成都智能制造职教集团",
        "aliases": ["成都智能制造职教集团", "智能制造职业教育集团"],
        "kind": "vocational_education_group",
        "level": "municipal",
        "industry": "智能制造",
        "region": "四川省成都市",
        "founded_on": "2021-04-29",
        "approval_document": "成都市教育局批复",
        "approved_by": "成都市教育局",
        "status": "active",
        "declared_counts": [
            {"role": "chair", "label": "理事长单位", "value": 1},
            {"role": "vice_chair", "label": "副理事长单位", "value": 23},
            {"role": "member", "label": "成员单位", "value": 79},
        ],
        "note": "founded_on is the date of its 成立大会. Formed with 成都市教育局's approval "
        "(经成都市教育局批准), led by 成都工贸职业技术学院 together with colleges, enterprises and "
        "industry associations. The article names only the chair unit; the 23 vice-chair units "
        "come from 产业功能区、行业协会、企业和兄弟院校 and are not named. It serves the 成渝地区双城经济圈.",
        "source": "chengdu_2021",
    },
    {
        "name": "成都旅游职教集团",
        "short_name": "",
        "aliases": ["国家示范职教集团成都旅游职教集团"],
        "kind": "vocational_education_group",
        "level": "municipal",
        "industry": "旅游",
        "region": "四川省成都市",
        "founded_on": None,
        "approval_document": "",
        "approved_by": None,
        "status": "active",
        "designations": ["国家示范职教集团"],
        "declared_counts": [],
        "note": "only mentioned as 国家示范职教集团成都旅游职教集团 giving a congratulatory speech "
        "(致贺词) at the Chengdu founding conference; level and region are read from its name",
        "source": "chengdu_2021",
    },
    {
        "name": "全国汽车装备制造行业产教融合共同体",
        "short_name": "",
        "aliases": [],
        "kind": "industry_community",
        "level": "national",
        "industry": "汽车装备制造",
        "region": "",
        "founded_on": "2023-10-31",
        "approval_document": "",
        "approved_by": None,
        "status": "active",
        "declared_counts": [
            {"role": None, "label": "首批成员单位", "value": 66},
        ],
        "note": "founded at its 成立大会 in 南昌 on 2023-10-31; the meeting adopted by vote its "
        "organisational structure (组织机构), charter (章程) and first council list (第一届理事会组成名单); "
        "66 units became its first members (首批成员)",
        "source": "automotive_2023",
    },
    {
        "name": "京津冀现代制造业职教集团",
        "short_name": "",
        "aliases": [],
        "kind": "vocational_education_group",
        "level": "regional",
        "industry": "现代制造业",
        "region": "京津冀",
        "founded_on": None,
        "approval_document": "",
        "approved_by": None,
        "status": "active",
        "declared_counts": [],
        "note": "only mentioned as the group whose 2024 产教融合论坛 天津机电职业技术学院 held; the article "
        "states no members, founding date or approval",
        "source": "tianjin_2024",
    },
    {
        "name": "全国智能制造与工业数字化行业产教融合共同体",
        "short_name": "",
        "aliases": [],
        "kind": "industry_community",
        "level": "national",
        "industry": "智能制造与工业数字化",
        "region": "",
        "founded_on": None,
        "approval_document": "",
        "approved_by": None,
        "status": "preparing",
        "declared_counts": [],
        "note": "筹建: only an invitation to found it (筹建邀请函) was released at the 2024 Tianjin forum; "
        "the article does not say who issued it",
        "source": "tianjin_2024",
    },
    {
        "name": "全国精品钢行业产教融合共同体",
        "short_name": "",
        "aliases": [],
        "kind": "industry_community",
        "level": "national",
        "industry": "精品钢",
        "region": "",
        "founded_on": None,
        "approval_document": "",
        "approved_by": None,
        "status": "active",
        "declared_counts": [],
        "note": "共同体由沙钢、北京科技大学和莱芜职业技术学院牵头发起 (北京科技大学's report); it held "
        "its first 精品钢行业产教融合发展大会 on 2024-05-22. The reports give no founding date and no "
        "member count. Its five golds (五金) programme with a working committee per gold is described "
        "in PRODUCT.md; the committees' names and the programme's results in the demo are synthetic "
        "(合成数据, chanjiao/demo/golds.py).",
        "source": "steel_2024",
    },
]

# ---------------------------------------------------------------------------------------------
# Memberships (only those the articles state)
# ---------------------------------------------------------------------------------------------

MEMBERSHIPS = [
    {
        "body": "成都智能制造职业教育集团",
        "organization": "成都工贸职业技术学院",
        "role": "initiator",
        "since": None,
        "note": "成都工贸职业技术学院牵头联合相关院校、企业、行业协会等单位,组建了成都智能制造职业教育集团",
        "source": "chengdu_2021",
    },
    {
        "body": "成都智能制造职业教育集团",
        "organization": "成都工贸职业技术学院",
        "role": "chair",
        "since": None,
        "note": "集团理事长单位；由预备会推荐，2021年4月29日成立大会上揭牌授牌",
        "source": "chengdu_2021",
    },
    {
        "body": "全国汽车装备制造行业产教融合共同体",
        "organization": "江铃汽车集团有限公司",
        "role": "initiator",
        "since": None,
        "note": "牵头发起",
        "source": "automotive_2023",
    },
    {
        "body": "全国汽车装备制造行业产教融合共同体",
        "organization": "华东交通大学",
        "role": "initiator",
        "since": None,
        "note": "牵头发起",
        "source": "automotive_2023",
    },
    {
        "body": "全国汽车装备制造行业产教融合共同体",
        "organization": "江西机电职业技术学院",
        "role": "initiator",
        "since": None,
        "note": "牵头发起",
        "source": "automotive_2023",
    },
    {
        "body": "全国精品钢行业产教融合共同体",
        "organization": "江苏沙钢集团有限公司",
        "role": "initiator",
        "since": None,
        "note": "牵头发起",
        "source": "steel_2024",
    },
    {
        "body": "全国精品钢行业产教融合共同体",
        "organization": "北京科技大学",
        "role": "initiator",
        "since": None,
        "note": "牵头发起",
        "source": "steel_2024",
    },
    {
        "body": "全国精品钢行业产教融合共同体",
        "organization": "莱芜职业技术学院",
        "role": "initiator",
        "since": None,
        "note": "牵头发起",
        "source": "steel_2024",
    },
]

# ---------------------------------------------------------------------------------------------
# Council terms (届)
# ---------------------------------------------------------------------------------------------

TERMS = [
    {
        "body": "全国汽车装备制造行业产教融合共同体",
        "number": 1,
        "name": "第一届理事会",
        "starts_on": "2023-10-31",
        "event": "automotive_founding_2023",
        "note": "its member list (第一届理事会组成名单) was adopted by vote at the founding conference; "
        "the article names no council members and gives no term length",
        "source": "automotive_2023",
    },
]

# ---------------------------------------------------------------------------------------------
# Committees and other organs of a body
# ---------------------------------------------------------------------------------------------

COMMITTEES = [
    {
        "body": "成都智能制造职业教育集团",
        "name": "顾问团",
        "kind": "advisory_group",
        "note": "名单在成立大会上公布，报道未列出成员",
        "source": "chengdu_2021",
    },
    {
        "body": "成都智能制造职业教育集团",
        "name": "秘书处",
        "kind": "secretariat",
        "positions": ["秘书长", "副秘书长", "执行秘书长"],
        "note": "预备会推荐了秘书处及秘书长、副秘书长、执行秘书长人选，报道未给出姓名",
        "source": "chengdu_2021",
    },
    {
        "body": "成都智能制造职业教育集团",
        "name": "专业群建设工作委员会",
        "kind": "working_committee",
        "declared_count_of_kind": 4,
        "note": "报道称设有专业群建设等4个工作委员会，只点名了这一个，其余3个未登记",
        "source": "chengdu_2021",
    },
    {
        "body": "全国精品钢行业产教融合共同体",
        "name": "高端专家智库委员会",
        "kind": "expert_think_tank",
        "note": "成员名单已公布，本演示所用报道未列出成员",
        "source": "steel_2024",
    },
]

# ---------------------------------------------------------------------------------------------
# People and their positions at the time of the article
# ---------------------------------------------------------------------------------------------

PEOPLE = [
    # --- chengdu_2021 ---
    {
        "name": "何荣",
        "positions": [
            {"organization": "中共成都市委教育工作委员会", "title": "副书记"},
            {"organization": "成都市教育局", "title": "党组成员"},
        ],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "王涛",
        "positions": [
            {"organization": "成都工贸职业技术学院", "title": "党委书记"},
        ],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "杨春禧",
        "positions": [
            {"organization": "成都工贸职业技术学院", "title": "校长"},
        ],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    {
        "name": "王士星",
        "positions": [
            {"organization": "成都工贸职业技术学院", "title": "党委委员"},
            {"organization": "成都工贸职业技术学院", "title": "副校长"},
        ],
        "source": "chengdu_2021",
        "sources": ["chengdu_2021"],
    },
    # --- automotive_2023 (陈晓明 also in tianjin_2024, with the same two titles) ---
    {
        "name": "陈晓明",
        "positions": [
            {"organization": "中国机械工业联合会", "title": "教育培训部主任"},
            {"organization": "机械工业教育发展中心", "title": "主任"},
        ],
        "source": "automotive_2023",
        "sources": ["automotive_2023", "tianjin_2024"],
    },
    {
        "name": "郝志强",
        "positions": [
            {"organization": "工业和信息化部教育与考试中心", "title": "主任"},
        ],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "杨春年",
        "positions": [
            {"organization": "江西省教育厅", "title": "二级巡视员"},
        ],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "陈军",
        "positions": [
            {"organization": "江西省工业和信息化厅", "title": "二级巡视员"},
        ],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "肖隆建",
        "positions": [
            {"organization": "江铃汽车集团有限公司", "title": "总经理助理"},
        ],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "黄志超",
        "positions": [
            {"organization": "华东交通大学", "title": "党委委员"},
            {"organization": "华东交通大学", "title": "副校长"},
        ],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "蔡天作",
        "positions": [
            {"organization": "江西机电职业技术学院", "title": "党委书记"},
        ],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "花严红",
        "positions": [
            {"organization": "江西机电职业技术学院", "title": "党委副书记"},
            {"organization": "江西机电职业技术学院", "title": "校长"},
        ],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    {
        "name": "李毅帅",
        "positions": [
            {"organization": "江西同铃汽车科技有限公司", "title": "总经理"},
        ],
        "source": "automotive_2023",
        "sources": ["automotive_2023"],
    },
    # --- tianjin_2024 ---
    {
        "name": "王新",
        "positions": [
            {"organization": "天津机电职业技术学院", "title": "党委书记"},
        ],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "王维园",
        "positions": [
            {"organization": "天津机电职业技术学院", "title": "校长"},
        ],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    {
        "name": "仇小娟",
        "positions": [
            {"organization": "中共天津市委教育工作委员会", "title": "委员"},
            {"organization": "天津市教育委员会", "title": "副主任"},
        ],
        "source": "tianjin_2024",
        "sources": ["tianjin_2024"],
    },
    # --- steel_2024 ---
    {
        "name": "李平",
        "positions": [
            {"organization": "中国职业技术教育学会", "title": "副会长"},
        ],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "张建良",
        "positions": [
            {"organization": "北京科技大学", "title": "冶金与生态工程学院院长、教授"},
        ],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
    {
        "name": "贺东风",
        "positions": [
            {"organization": "北京科技大学", "title": "冶金与生态工程学院副院长、教授"},
        ],
        "source": "steel_2024",
        "sources": ["steel_2024"],
    },
]

# ---------------------------------------------------------------------------------------------
# Events (agenda items are in the order the article reports them)
# ---------------------------------------------------------------------------------------------

_TJ_AGREEMENT_PARTNERS = [
    "联想(北京)有限公司",
    "中电科蓝天科技股份有限公司",
    "天地伟业技术有限公司",
    "天津海特飞机工程有限公司",
    "长城汽车股份有限公司天津哈弗分公司",
    "天津汽车模具有限公司",
    "华为技术有限公司",
    "北京京邦达贸易有限公司",
    "天津市电子商务协会",
]

# agreement keys, one per partner, in the article's order
_TJ_AGREEMENT_KEYS = [
    "tj_sec_lenovo_beijing",
    "tj_sec_cetc_lantian",
    "tj_sec_tiandy",
    "tj_sec_haite_aircraft",
    "tj_sec_great_wall_haval_tianjin",
    "tj_sec_tianjin_auto_mould",
    "tj_sec_huawei",
    "tj_sec_jingbangda",
    "tj_sec_tianjin_ecommerce_association",
]

_TJ_INDUSTRY_COLLEGES = [
    "联想智能控制现代产业学院",
    "智能供应链产业学院",
    "新智汽车产业学院",
    "航空产业学院",
    "智能制造产业学院",
]

EVENTS = [
    # ---------------- chengdu_2021 ----------------
    {
        "key": "chengdu_preparatory_2021",
        "name": "成都智能制造职业教育集团预备会",
        "kind": "council_meeting",
        "theme": "",
        "starts_on": None,
        "venue": "成都工贸职业技术学院",
        "city": "成都",
        "attendance": None,
        "attendance_approx": False,
        "bodies": ["成都智能制造职业教育集团"],
        "organizations": [],
        "agenda": [
            {
                "order": 1,
                "kind": "other",
                "title": "推荐理事长单位、副理事长单位、秘书处、秘书长、副秘书长、执行秘书长、各委员会",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": None,
            },
        ],
        "ceremonies": [
            {
                "kind": "vote",
                "name": "通过成都智能制造职教集团章程",
                "description": "会议通过了成都智能制造职教集团章程等",
                "recipients": [],
                "produced_agreements": [],
                "produced_carriers": [],
            },
        ],
        "before_event": "chengdu_founding_2021",
        "note": "held before the founding conference (会前); date not given. The article does not "
        "name the meeting beyond 预备会.",
        "source": "chengdu_2021",
    },
    {
        "key": "chengdu_founding_2021",
        "name": "成都智能制造职业教育集团成立大会",
        "kind": "founding_conference",
        "theme": "资源共享,智造未来",
        "starts_on": "2021-04-29",
        "venue": "成都工贸职业技术学院",
        "city": "成都",
        "attendance": None,
        "attendance_approx": False,
        "invited_counts": [
            {"label": "政府相关部门", "value": 6},
            {"label": "产业功能区", "value": 8},
            {"label": "行业协会", "value": 11},
            {"label": "企业", "value": 44},
            {"label": "院校", "value": 26},
        ],
        "bodies": ["成都智能制造职业教育集团"],
        "attending_bodies": ["成都旅游职教集团"],
        "organizations": [
            {"organization": "成都工贸职业技术学院", "role": "host"},
            {"organization": "成都市教育局", "role": "attendee"},
            {"organization": "中共成都市委教育工作委员会", "role": "attendee"},
            {"organization": "成都市经济和信息化局", "role": "attendee"},
            {"organization": "成都市科学技术局", "role": "attendee"},
            {"organization": "成都高新区电子信息产业发展局", "role": "attendee"},
            {"organization": "四川省模具行业协会", "role": "attendee"},
            {"organization": "西门子工厂自动化工程有限公司", "role": "attendee"},
            {"organization": "四川省乐山市第一职业高级中学", "role": "attendee"},
        ],
        "agenda": [
            {
                "order": 1,
                "kind": "other",
                "title": "宣读成都市教育局的批复文件",
                "speaker": "何荣",
                "speaker_title": "成都市委教育工委副书记、成都市教育局党组成员",
                "speaker_organization": "中共成都市委教育工作委员会",
            },
            {
                "order": 2,
                "kind": "speech",
                "title": "代表市委教育工委、市教育局致贺,对集团发展提三点希望",
                "speaker": "何荣",
                "speaker_title": "成都市委教育工委副书记、成都市教育局党组成员",
                "speaker_organization": "中共成都市委教育工作委员会",
            },
            {
                "order": 3,
                "kind": "welcome",
                "title": "致欢迎词",
                "speaker": "王涛",
                "speaker_title": "党委书记",
                "speaker_organization": "成都工贸职业技术学院",
            },
            {
                "order": 4,
                "kind": "speech",
                "title": "代表集团理事长单位作表态发言",
                "speaker": "杨春禧",
                "speaker_title": "校长",
                "speaker_organization": "成都工贸职业技术学院",
            },
            {
                "order": 5,
                "kind": "other",
                "title": "宣读集团机构设定,公布集团顾问团、理事长副理事长单位、成员单位、工作委员会名单",
                "speaker": "王士星",
                "speaker_title": "党委委员、副校长",
                "speaker_organization": "成都工贸职业技术学院",
            },
            {
                "order": 6,
                "kind": "speech",
                "title": "致贺词",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": None,
                "speaker_body": "成都旅游职教集团",
            },
            {
                "order": 7,
                "kind": "keynote",
                "title": "主旨演讲",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": "成都市科学技术局",
                "speaker_department": "合作处",
            },
            {
                "order": 8,
                "kind": "keynote",
                "title": "主旨演讲",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": "成都高新区电子信息产业发展局",
                "speaker_department": "创新处",
            },
            {
                "order": 9,
                "kind": "keynote",
                "title": "主旨演讲",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": "四川省模具行业协会",
            },
            {
                "order": 10,
                "kind": "keynote",
                "title": "主旨演讲",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": "西门子工厂自动化工程有限公司",
            },
            {
                "order": 11,
                "kind": "keynote",
                "title": "主旨演讲",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": "四川省乐山市第一职业高级中学",
            },
        ],
        "ceremonies": [
            {
                "kind": "unveiling",
                "name": "揭牌仪式",
                "description": "市教育局领导、市经信局领导分别与集团理事长单位、23个副理事长单位举行了揭牌和授牌仪式",
                "presenters": ["成都市教育局", "成都市经济和信息化局"],
                "recipients": ["成都工贸职业技术学院"],
                "unnamed_recipients": "23个副理事长单位",
                "produced_agreements": [],
                "produced_carriers": [],
            },
            {
                "kind": "plaque_awarding",
                "name": "授牌仪式",
                "description": "市教育局领导、市经信局领导分别与集团理事长单位、23个副理事长单位举行了揭牌和授牌仪式",
                "presenters": ["成都市教育局", "成都市经济和信息化局"],
                "recipients": ["成都工贸职业技术学院"],
                "unnamed_recipients": "23个副理事长单位",
                "produced_agreements": [],
                "produced_carriers": [],
            },
            {
                "kind": "signing",
                "name": "校园企合作签约仪式",
                "description": "现场举行了校园企合作签约仪式，报道未列出签约各方",
                "recipients": [],
                "produced_agreements": [],
                "produced_carriers": [],
            },
        ],
        "note": "the year of 4月29日 is taken from the publication date (2021-05-08). Agenda order "
        "follows the article, which may not be the order of the day.",
        "source": "chengdu_2021",
    },
    # ---------------- automotive_2023 ----------------
    {
        "key": "automotive_founding_2023",
        "name": "全国汽车装备制造行业产教融合共同体成立大会",
        "kind": "founding_conference",
        "theme": "",
        "starts_on": "2023-10-31",
        "venue": "",
        "city": "南昌",
        "attendance": 100,
        "attendance_approx": True,
        "bodies": ["全国汽车装备制造行业产教融合共同体"],
        "organizations": [
            {"organization": "江铃汽车集团有限公司", "role": "organizer"},
            {"organization": "华东交通大学", "role": "organizer"},
            {"organization": "江西机电职业技术学院", "role": "organizer"},
            {"organization": "江西机电职业技术学院", "role": "host"},
            {"organization": "中国机械工业联合会", "role": "attendee"},
            {"organization": "机械工业教育发展中心", "role": "attendee"},
            {"organization": "工业和信息化部教育与考试中心", "role": "attendee"},
            {"organization": "江西省教育厅", "role": "attendee"},
            {"organization": "江西省工业和信息化厅", "role": "attendee"},
            {"organization": "江西同铃汽车科技有限公司", "role": "attendee"},
        ],
        "agenda": [
            {
                "order": 1,
                "kind": "presiding",
                "title": "主持大会",
                "speaker": "花严红",
                "speaker_title": "党委副书记、校长",
                "speaker_organization": "江西机电职业技术学院",
            },
            {
                "order": 2,
                "kind": "speech",
                "title": "致辞",
                "speaker": "陈晓明",
                "speaker_title": "中国机械工业联合会教育培训部主任、机械工业教育发展中心主任",
                "speaker_organization": "中国机械工业联合会",
            },
            {
                "order": 3,
                "kind": "video_speech",
                "title": "视频致辞",
                "speaker": "郝志强",
                "speaker_title": "主任",
                "speaker_organization": "工业和信息化部教育与考试中心",
            },
            {
                "order": 4,
                "kind": "speech",
                "title": "讲话",
                "speaker": "杨春年",
                "speaker_title": "二级巡视员",
                "speaker_organization": "江西省教育厅",
            },
            {
                "order": 5,
                "kind": "speech",
                "title": "讲话",
                "speaker": "肖隆建",
                "speaker_title": "总经理助理",
                "speaker_organization": "江铃汽车集团有限公司",
            },
            {
                "order": 6,
                "kind": "speech",
                "title": "讲话",
                "speaker": "黄志超",
                "speaker_title": "党委委员、副校长",
                "speaker_organization": "华东交通大学",
            },
            {
                "order": 7,
                "kind": "welcome",
                "title": "代表江西机电职业技术学院欢迎与会领导和嘉宾",
                "speaker": "蔡天作",
                "speaker_title": "党委书记",
                "speaker_organization": "江西机电职业技术学院",
            },
            {
                "order": 8,
                "kind": "keynote",
                "title": "《装备制造业高质量发展与产教科融合育人的思考》",
                "speaker": "陈晓明",
                "speaker_title": "中国机械工业联合会教育培训部主任、机械工业教育发展中心主任",
                "speaker_organization": "中国机械工业联合会",
            },
            {
                "order": 9,
                "kind": "keynote",
                "title": "《中国汽车产业发展趋势》",
                "speaker": "李毅帅",
                "speaker_title": "总经理",
                "speaker_organization": "江西同铃汽车科技有限公司",
            },
        ],
        "ceremonies": [
            {
                "kind": "vote",
                "name": "审议表决通过组织机构、章程和第一届理事会组成名单",
                "description": "大会审议表决通过了全国汽车装备制造行业产教融合共同体组织机构、章程和第一届理事会组成名单,"
                "66个单位成为全国汽车装备制造行业产教融合共同体首批成员",
                "recipients": [],
                "produced_agreements": [],
                "produced_carriers": [],
            },
        ],
        "note": "attendance: 来自政府、院校、行业企业、科研院所的嘉宾和代表百余人. 陈军 (江西省工业和信息化厅) "
        "attended without a reported speech. The conference was 牵头发起 by the three organizer units. "
        "Venue not given beyond 南昌.",
        "source": "automotive_2023",
    },
    {
        "key": "automotive_site_visit_2023",
        "name": "实地考察江铃小蓝工厂和江西省高技能人才公共实训基地",
        "kind": "site_visit",
        "theme": "",
        "starts_on": "2023-10-31",
        "venue": "",
        "city": "",
        "attendance": None,
        "attendance_approx": False,
        "bodies": ["全国汽车装备制造行业产教融合共同体"],
        "organizations": [],
        "destinations": ["江铃小蓝工厂", "江西省高技能人才公共实训基地"],
        "agenda": [],
        "ceremonies": [],
        "parent_event": "automotive_founding_2023",
        "note": "当天下午,与会嘉宾实地考察了江铃小蓝工厂和江西省高技能人才公共实训基地",
        "source": "automotive_2023",
    },
    # ---------------- tianjin_2024 ----------------
    {
        "key": "tianjin_forum_2024",
        "name": "2024京津冀现代制造业职教集团产教融合论坛暨建校60周年高质量发展大会",
        "kind": "forum",
        "theme": "",
        "starts_on": None,
        "venue": "",
        "city": "",
        "attendance": 220,
        "attendance_approx": True,
        "bodies": ["京津冀现代制造业职教集团"],
        "organizations": [
            {"organization": "天津机电职业技术学院", "role": "host"},
            {"organization": "百利装备集团", "role": "attendee"},
            {"organization": "天津市教育委员会", "role": "attendee"},
            {"organization": "中共天津市委教育工作委员会", "role": "attendee"},
            {"organization": "机械工业教育发展中心", "role": "attendee"},
            {"organization": "中国机械工业联合会", "role": "attendee"},
        ]
        + [{"organization": name, "role": "partner"} for name in _TJ_AGREEMENT_PARTNERS]
        + [
            {"organization": "京东", "role": "partner"},
            {"organization": "亮捷航空", "role": "partner"},
        ],
        "agenda": [
            {
                "order": 1,
                "kind": "presiding",
                "title": "主持会议",
                "speaker": "王维园",
                "speaker_title": "校长",
                "speaker_organization": "天津机电职业技术学院",
            },
            {
                "order": 2,
                "kind": "speech",
                "title": "致辞",
                "speaker": "王新",
                "speaker_title": "党委书记",
                "speaker_organization": "天津机电职业技术学院",
            },
            {
                "order": 3,
                "kind": "speech",
                "title": "致辞",
                "speaker": "陈晓明",
                "speaker_title": "机械工业教育发展中心主任、中国机械工业联合会教育培训部主任",
                "speaker_organization": "机械工业教育发展中心",
            },
            {
                "order": 4,
                "kind": "speech",
                "title": "致辞",
                "speaker": "仇小娟",
                "speaker_title": "天津市委教育工委委员、市教委副主任",
                "speaker_organization": "天津市教育委员会",
            },
            {
                "order": 5,
                "kind": "speech",
                "title": "百利装备集团领导致辞",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": "百利装备集团",
            },
            {
                "order": 6,
                "kind": "speech",
                "title": "合作企业领导致辞",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": None,
            },
            {
                "order": 7,
                "kind": "keynote",
                "title": "专家学者围绕产教融合背景下的教学资源开发、人才培养路径等经验做法作主旨报告",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": None,
            },
        ],
        "ceremonies": [
            {
                "kind": "launch",
                "name": "合作成立5个产业学院",
                "description": "机电学院聚焦天津重点发展的12条产业链,分别与联想、京东、亮捷航空等5家企业合作成立"
                "联想智能控制现代产业学院、智能供应链产业学院、新智汽车产业学院、航空产业学院、智能制造产业学院",
                "recipients": ["天津机电职业技术学院", "联想(北京)有限公司", "京东", "亮捷航空"],
                "produced_agreements": ["tj_industry_colleges_cofounding"],
                "produced_carriers": list(_TJ_INDUSTRY_COLLEGES),
            },
            {
                "kind": "signing",
                "name": "校企合作协议签约",
                "description": "与联想(北京)有限公司、中电科蓝天科技股份有限公司、天地伟业技术有限公司、天津海特飞机工程有限公司、"
                "长城汽车股份有限公司天津哈弗分公司、天津汽车模具有限公司、华为技术有限公司、北京京邦达贸易有限公司、"
                "天津市电子商务协会等签订校企合作协议",
                "recipients": list(_TJ_AGREEMENT_PARTNERS),
                "produced_agreements": list(_TJ_AGREEMENT_KEYS),
                "produced_carriers": [],
            },
            {
                "kind": "release",
                "name": "全国智能制造与工业数字化行业产教融合共同体筹建邀请函发布仪式",
                "description": "会议还举行了全国智能制造与工业数字化行业产教融合共同体筹建邀请函发布仪式",
                "recipients": [],
                "produced_agreements": [],
                "produced_carriers": [],
                "about_body": "全国智能制造与工业数字化行业产教融合共同体",
            },
        ],
        "note": "held 近日 (no date in the article); 百利装备集团、市教委、京津冀地区兄弟院校、合作企业等有关领导,"
        "学院历届校友和师生代表等220余人出席会议. The article does not say where.",
        "source": "tianjin_2024",
    },
    {
        "key": "tianjin_council_2024",
        "name": "“产教深度融合 校企双元育人”产教结合理事会",
        "kind": "council_meeting",
        "theme": "产教深度融合 校企双元育人",
        "starts_on": None,
        "venue": "",
        "city": "",
        "attendance": None,
        "attendance_approx": False,
        "bodies": [],
        "organizations": [
            {"organization": "天津机电职业技术学院", "role": "host"},
            {"organization": "亮捷教育科技(天津)有限公司", "role": "attendee"},
            {"organization": "联想(北京)有限公司", "role": "attendee"},
            {"organization": "天津开发区中软卓越信息技术有限公司", "role": "attendee"},
        ],
        "agenda": [
            {
                "order": 1,
                "kind": "report",
                "title": "企业代表作报告",
                "speaker": None,
                "speaker_title": "企业代表",
                "speaker_organization": "亮捷教育科技(天津)有限公司",
            },
            {
                "order": 2,
                "kind": "report",
                "title": "企业代表作报告",
                "speaker": None,
                "speaker_title": "企业代表",
                "speaker_organization": "联想(北京)有限公司",
            },
            {
                "order": 3,
                "kind": "report",
                "title": "企业代表作报告",
                "speaker": None,
                "speaker_title": "企业代表",
                "speaker_organization": "天津开发区中软卓越信息技术有限公司",
            },
            {
                "order": 4,
                "kind": "report",
                "title": "各二级学院专业群负责人作报告",
                "speaker": None,
                "speaker_title": "二级学院专业群负责人",
                "speaker_organization": "天津机电职业技术学院",
            },
            {
                "order": 5,
                "kind": "panel",
                "title": "围绕产业学院的建设进行交流发言",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": None,
            },
            {
                "order": 6,
                "kind": "other",
                "title": "校企双方共同参观教育教学成果展和思政主题教室展",
                "speaker": None,
                "speaker_title": "",
                "speaker_organization": None,
            },
        ],
        "ceremonies": [],
        "parent_event": "tianjin_forum_2024",
        "note": "当天下午 (same day as the forum), convened by 机电学院 (机电学院召开). The article does not "
        "say which body this 产教结合理事会 belongs to, so no body is linked. It writes 联想集团 here.",
        "source": "tianjin_2024",
    },
    {
        "key": "tianjin_alumni_2024",
        "name": "“畅叙情谊 共谋发展”校友座谈会",
        "kind": "round_table",
        "theme": "畅叙情谊 共谋发展",
        "starts_on": None,
        "venue": "",
        "city": "",
        "attendance": None,
        "attendance_approx": False,
        "bodies": [],
        "organizations": [
            {"organization": "天津机电职业技术学院", "role": "host"},
        ],
        "agenda": [],
        "ceremonies": [],
        "parent_event": "tianjin_forum_2024",
        "note": "学院还同期举办“畅叙情谊 共谋发展”校友座谈会、综合素质展演等活动",
        "source": "tianjin_2024",
    },
    # ---------------- steel_2024 ----------------
    {
        "key": "steel_conference_2024",
        "name": "首届精品钢行业产教融合发展大会",
        "kind": "conference",
        "theme": "深化产教融合 培育新质生产力",
        "starts_on": "2024-05-22",
        "venue": "雪野湖国际会议中心",
        "city": "济南",
        "attendance": 150,
        "attendance_approx": True,
        "invited_counts": [
            {"label": "国内外本专科高校", "value": 90},
            {"label": "钢铁企业", "value": 60},
        ],
        "bodies": ["全国精品钢行业产教融合共同体"],
        "organizations": [
            {"organization": "莱芜职业技术学院", "role": "host"},
            {"organization": "中国职业技术教育学会", "role": "guide"},
            {"organization": "中国钢铁工业协会", "role": "guide"},
            {"organization": "中国小康建设研究会", "role": "guide"},
            {"organization": "山东省教育厅", "role": "guide"},
            {"organization": "教育部", "role": "attendee"},
            {"organization": "山东省教育厅", "role": "attendee"},
            {"organization": "山东省工业和信息化厅", "role": "attendee"},
            {"organization": "北京科技大学", "role": "attendee"},
            {"organization": "莫斯科钢铁合金学院", "role": "attendee"},
            {"organization": "吉尔吉斯斯坦国立技术大学", "role": "attendee"},
            {"organization": "江苏沙钢集团有限公司", "role": "attendee"},
            {"organization": "山东泰山钢铁集团有限公司", "role": "attendee"},
            {"organization": "俄罗斯巴尔金中央黑色金属冶金科学研究所", "role": "attendee"},
            {"organization": "星火乡村振兴研究院", "role": "attendee"},
            {"organization": "人民日报社", "role": "attendee"},
            {"organization": "中国冶金报社", "role": "attendee"},
        ],
        "agenda": [
            {
                "order": 1,
                "kind": "speech",
                "title": "嘉宾致辞",
                "speaker": "李平",
                "speaker_title": "中国职业技术教育学会副会长",
                "speaker_organization": "中国职业技术教育学会",
            },
            {
                "order": 2,
                "kind": "speech",
                "title": "大会致辞",
                "speaker": "张建良",
                "speaker_title": "北京科技大学冶金与生态工程学院院长、教授",
                "speaker_organization": "北京科技大学",
            },
            {
                "order": 3,
                "kind": "panel",
                "title": "圆桌座谈会",
                "speaker": "贺东风",
                "speaker_title": "北京科技大学冶金与生态工程学院副院长、教授",
                "speaker_organization": "北京科技大学",
            },
        ],
        "ceremonies": [],
        "note": "约150人 (莱芜职业技术学院's report; 北京科技大学's says 150余人). The host's report gives "
        "the theme as 深化产教融合 培育新质生产力 (北京科技大学's: 深化产教科融合,培育新质生产力) and "
        "the guiding units as 中国职业技术教育学会、中国钢铁工业协会、中国小康建设研究会、山东省教育厅; the "
        "body itself organised it (主办). Invited: 90余家国内外本专科高校, 60余家钢铁企业.",
        "source": "steel_2024",
    },
]

# ---------------------------------------------------------------------------------------------
# Agreements
# ---------------------------------------------------------------------------------------------

AGREEMENTS = [
    {
        "key": key,
        "title": "天津机电职业技术学院与" + partner + "校企合作协议",
        "kind": "school_enterprise_cooperation",
        "parties": ["天津机电职业技术学院", partner],
        "body": None,
        "event": "tianjin_forum_2024",
        "signed_on": None,
        "status": "signed",
        "note": "在2024年论坛上签订（报道未给出日期）；报道列出九家合作单位，其后为“等”",
        "source": "tianjin_2024",
    }
    for key, partner in zip(_TJ_AGREEMENT_KEYS, _TJ_AGREEMENT_PARTNERS, strict=True)
] + [
    {
        "key": "tj_industry_colleges_cofounding",
        "title": "天津机电职业技术学院与联想、京东、亮捷航空等5家企业合作成立5个产业学院",
        "kind": "co_founding",
        "parties": ["天津机电职业技术学院", "联想(北京)有限公司", "京东", "亮捷航空"],
        "declared_enterprise_count": 5,
        "body": None,
        "event": "tianjin_forum_2024",
        "signed_on": None,
        "status": "signed",
        "note": "分别与联想、京东、亮捷航空等5家企业合作成立5个产业学院：5家企业中报道只点名了3家，"
        "也未说明学院与企业的对应关系。产业学院对接天津重点发展的12条产业链。",
        "source": "tianjin_2024",
    },
]

# ---------------------------------------------------------------------------------------------
# Carriers (产业学院, 实训基地 …)
# ---------------------------------------------------------------------------------------------

CARRIERS = [
    {
        "name": name,
        "kind": "industry_college",
        "owners": ["天津机电职业技术学院"],
        "body": None,
        "agreement": "tj_industry_colleges_cofounding",
        "founded_on": None,
        "description": "天津机电职业技术学院聚焦天津重点发展的12条产业链,与联想、京东、亮捷航空等5家企业合作成立的"
        "产业学院之一（报道未说明与哪家企业合作成立）",
        "source": "tianjin_2024",
    }
    for name in _TJ_INDUSTRY_COLLEGES
] + [
    {
        "name": "国家级智能制造生产性实训基地",
        "kind": "training_base",
        "owners": ["成都工贸职业技术学院"],
        "body": None,
        "agreement": None,
        "founded_on": None,
        "description": "成都工贸职业技术学院建成的国家级智能制造生产性实训基地",
        "source": "chengdu_2021",
    },
    {
        "name": "智能焊接培训中心",
        "kind": "training_base",
        "owners": ["成都工贸职业技术学院"],
        "body": None,
        "agreement": None,
        "founded_on": None,
        "description": "成都工贸职业技术学院与企业共建的智能焊接培训中心（报道未列出合作企业）",
        "source": "chengdu_2021",
    },
    {
        "name": "成都工匠学院",
        "kind": "school",
        "owners": ["成都工贸职业技术学院", "成都市总工会"],
        "body": None,
        "agreement": None,
        "founded_on": None,
        "description": "成都工贸职业技术学院与市总工会共同建立的“成都工匠学院”",
        "source": "chengdu_2021",
    },
]


if __name__ == "__main__":
    import datetime

    ORG_KINDS = {
        "government",
        "industrial_park",
        "association",
        "enterprise",
        "university",
        "vocational_college",
        "secondary_school",
        "research_institute",
        "media",
        "international",
        "other",
    }
    BODY_KINDS = {
        "vocational_education_group",
        "industry_community",
        "municipal_consortium",
        "council",
        "committee",
        "alliance",
        "other",
    }
    LEVELS = {"national", "provincial", "municipal", "regional", "other"}
    MEMBER_ROLES = {
        "initiator",
        "chair",
        "vice_chair",
        "executive_member",
        "member",
        "secretariat",
        "guide",
        "advisor",
    }
    COMMITTEE_KINDS = {
        "working_committee",
        "expert_think_tank",
        "advisory_group",
        "teaching_steering",
        "five_golds",
        "secretariat",
        "other",
    }
    EVENT_KINDS = {
        "founding_conference",
        "conference",
        "forum",
        "annual_meeting",
        "council_meeting",
        "seminar",
        "round_table",
        "site_visit",
        "other",
    }
    EVENT_ORG_ROLES = {"guide", "organizer", "host", "co_organizer", "attendee", "partner"}
    AGENDA_KINDS = {
        "speech",
        "video_speech",
        "keynote",
        "report",
        "panel",
        "welcome",
        "presiding",
        "other",
    }
    CEREMONY_KINDS = {
        "signing",
        "unveiling",
        "plaque_awarding",
        "appointment_letters",
        "award",
        "release",
        "launch",
        "vote",
    }
    AGREEMENT_KINDS = {
        "school_enterprise_cooperation",
        "co_founding",
        "training_base",
        "joint_lab",
        "standard_drafting",
        "order_class",
        "apprenticeship",
        "international",
        "other",
    }
    CARRIER_KINDS = {
        "industry_college",
        "training_base",
        "laboratory",
        "research_institute",
        "workshop",
        "school",
        "other",
    }

    source_keys = [s["key"] for s in SOURCES]
    org_names = [o["name"] for o in ORGANIZATIONS]
    body_names = [b["name"] for b in BODIES]
    person_names = [p["name"] for p in PEOPLE]
    event_keys = [e["key"] for e in EVENTS]
    agreement_keys = [a["key"] for a in AGREEMENTS]
    carrier_names = [c["name"] for c in CARRIERS]
    for label, values in [
        ("source", source_keys),
        ("organization", org_names),
        ("body", body_names),
        ("person", person_names),
        ("event", event_keys),
        ("agreement", agreement_keys),
        ("carrier", carrier_names),
    ]:
        dupes = {v for v in values if values.count(v) > 1}
        assert not dupes, f"duplicate {label}: {dupes}"
    # an alias must not be another organisation's name
    all_aliases = [a for o in ORGANIZATIONS for a in o["aliases"]]
    assert not set(all_aliases) & set(org_names), set(all_aliases) & set(org_names)
    assert not set(org_names) & set(body_names), set(org_names) & set(body_names)

    dates = []
    for s in SOURCES:
        dates.append(s["published"])
    for o in ORGANIZATIONS:
        assert o["kind"] in ORG_KINDS, o
        assert o["source"] in source_keys and o["source"] in o["sources"], o
        assert all(k in source_keys for k in o["sources"]), o
    for b in BODIES:
        assert b["kind"] in BODY_KINDS and b["level"] in LEVELS, b
        assert b["status"] in {"active", "preparing"}, b
        assert b["approved_by"] is None or b["approved_by"] in org_names, b
        assert b["source"] in source_keys, b
        for c in b["declared_counts"]:
            assert c["role"] is None or c["role"] in MEMBER_ROLES, c
            assert isinstance(c["value"], int) and c["value"] > 0, c
        dates.append(b["founded_on"])
    for m in MEMBERSHIPS:
        assert m["body"] in body_names and m["organization"] in org_names, m
        assert m["role"] in MEMBER_ROLES and m["source"] in source_keys, m
        dates.append(m["since"])
    for t in TERMS:
        assert t["body"] in body_names and t["event"] in event_keys, t
        assert t["source"] in source_keys, t
        dates.append(t["starts_on"])
    for c in COMMITTEES:
        assert c["body"] in body_names and c["kind"] in COMMITTEE_KINDS, c
        assert c["source"] in source_keys, c
    for p in PEOPLE:
        assert p["positions"], p
        assert p["source"] in source_keys and p["source"] in p["sources"], p
        for pos in p["positions"]:
            assert pos["organization"] in org_names and pos["title"], (p["name"], pos)
    for e in EVENTS:
        assert e["kind"] in EVENT_KINDS and e["source"] in source_keys, e["key"]
        assert all(b in body_names for b in e["bodies"]), e["key"]
        assert all(b in body_names for b in e.get("attending_bodies", [])), e["key"]
        for ref in ("parent_event", "before_event"):
            assert e.get(ref) is None or e[ref] in event_keys, (e["key"], ref)
        assert e["attendance"] is None or isinstance(e["attendance"], int), e["key"]
        for o in e["organizations"]:
            assert o["organization"] in org_names and o["role"] in EVENT_ORG_ROLES, (e["key"], o)
        orders = [a["order"] for a in e["agenda"]]
        assert orders == list(range(1, len(orders) + 1)), e["key"]
        for a in e["agenda"]:
            assert a["kind"] in AGENDA_KINDS and a["title"], (e["key"], a)
            assert a["speaker"] is None or a["speaker"] in person_names, (e["key"], a)
            assert a["speaker_organization"] is None or a["speaker_organization"] in org_names, a
            assert a.get("speaker_body") is None or a["speaker_body"] in body_names, a
            if a["speaker"] and a["speaker_organization"]:
                person = next(p for p in PEOPLE if p["name"] == a["speaker"])
                assert a["speaker_organization"] in [
                    x["organization"] for x in person["positions"]
                ], a
        for c in e["ceremonies"]:
            assert c["kind"] in CEREMONY_KINDS, (e["key"], c)
            assert all(r in org_names for r in c["recipients"]), (e["key"], c)
            assert all(r in org_names for r in c.get("presenters", [])), (e["key"], c)
            assert all(k in agreement_keys for k in c["produced_agreements"]), (e["key"], c)
            assert all(n in carrier_names for n in c["produced_carriers"]), (e["key"], c)
            assert c.get("about_body") is None or c["about_body"] in body_names, c
        dates.append(e["starts_on"])
    for a in AGREEMENTS:
        assert a["kind"] in AGREEMENT_KINDS and a["status"] == "signed", a
        assert len(a["parties"]) >= 2 and all(p in org_names for p in a["parties"]), a
        assert a["body"] is None or a["body"] in body_names, a
        assert a["event"] in event_keys and a["source"] in source_keys, a
        dates.append(a["signed_on"])
    for c in CARRIERS:
        assert c["kind"] in CARRIER_KINDS and c["owners"], c
        assert all(o in org_names for o in c["owners"]), c
        assert c["body"] is None or c["body"] in body_names, c
        assert c["agreement"] is None or c["agreement"] in agreement_keys, c
        assert c["source"] in source_keys, c
        dates.append(c["founded_on"])
    for d in dates:
        if d is not None:
            assert datetime.date.fromisoformat(d).isoformat() == d, d

    # spot checks of the facts
    assert len([a for a in AGREEMENTS if a["kind"] == "school_enterprise_cooperation"]) == 9
    assert len([c for c in CARRIERS if c["kind"] == "industry_college"]) == 5
    # no Traditional characters left over from article 000
    blob = repr(
        (
            SOURCES,
            ORGANIZATIONS,
            BODIES,
            MEMBERSHIPS,
            TERMS,
            COMMITTEES,
            PEOPLE,
            EVENTS,
            AGREEMENTS,
            CARRIERS,
        )
    )
    for ch in "機職業術學協會與聯華為電陳曉園區長東":
        assert ch not in blob, ch

    print(
        "ok:",
        ", ".join(
            f"{n}={len(v)}"
            for n, v in [
                ("SOURCES", SOURCES),
                ("ORGANIZATIONS", ORGANIZATIONS),
                ("BODIES", BODIES),
                ("MEMBERSHIPS", MEMBERSHIPS),
                ("TERMS", TERMS),
                ("COMMITTEES", COMMITTEES),
                ("PEOPLE", PEOPLE),
                ("EVENTS", EVENTS),
                ("AGREEMENTS", AGREEMENTS),
                ("CARRIERS", CARRIERS),
            ]
        ),
    )
