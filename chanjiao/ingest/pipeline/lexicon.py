"""Word lists the extractor's rules are made of (词表): organisation suffixes, stop words, verbs.

Kept apart from the rules so that a reviewer can extend a list without reading the code. Every
entry is generic Chinese news usage, not taken from a particular article.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .gazetteer import words

__all__ = ["SUFFIXES", "Suffix"]  # and the word lists below


@dataclass(frozen=True, slots=True)
class Suffix:
    """An organisation-type ending (后缀) and what a name ending in it is.

    ``category``: body (产教融合体), org, carrier (载体) or venue (会场). ``group`` drives how a
    name attaches to the organisation written just before it (a park's company, a ministry's
    centre) and ``pattern`` is the regular expression when the bare text would match too much
    (格局 is not a 局).
    """

    text: str
    category: str
    kind: str
    group: str
    pattern: str | None = None


def _many(texts: str, category: str, kind: str, group: str) -> list[Suffix]:
    return [Suffix(t, category, kind, group) for t in texts.split()]


#: What stands before 厅 in a provincial department's name (教育厅, 人力资源和社会保障厅).
_DEPARTMENT_CORES = words(
    """教育 财政 工业和信息化 工信 经济和信息化 经信 经济信息化 人力资源和社会保障 人社 人力资源社会保障
    科学技术 科技 商务 民政 农业农村 农业 交通运输 交通 自然资源 国土资源 生态环境 环境保护 住房和城乡建设
    住房城乡建设 住建 建设 水利 文化和旅游 文旅 文化 旅游 卫生健康 卫生和计划生育 卫生 司法 公安 审计
    退役军人事务 应急管理 办公 发展和改革 发展改革 外事 统计 林业 体育 人事 劳动和社会保障 劳动保障
    广播电视 新闻出版 商业 粮食 海洋与渔业 安全生产监督管理 经济贸易 经贸 对外贸易经济合作 计划 监察
    医疗保障 市场监督管理 地方金融监督管理 国有资产监督管理 信息产业 能源 侨务 民族宗教"""
)
_DEPARTMENT_HALL = "(?:" + "|".join(f"(?<={re.escape(c)})" for c in _DEPARTMENT_CORES) + ")"

#: Names that are whole on their own, with nothing before their type: Taiwan's presidential
#: office, branches of government and councils by their usual short names.
WHOLE_NAMES = frozenset(
    words(
        """总统府 行政院 立法院 监察院 考试院 司法院 国科会 国发会 劳委会 农委会 经建会 陆委会
        金管会 原民会 客委会 侨委会 退辅会"""
    )
)

#: Commissions and offices that a list of a city's units names by their usual short form alone
#: (林芝市政府办公室、经信局、卫健委): each an organisation, the article's own city understood
#: (and Hong Kong's federation of trade unions, 工联会, the Youth League's committees, 团省委, and
#: the central government's liaison offices, 中联办, known by their short names).
SHORT_COMMISSIONS = frozenset(
    words(
        "卫健委 发改委 国资委 经信委 工信委 住建委 文旅委 网信办 工联会 团省委 团市委 团区委 团县委 "
        "中联办"
    )
)
#: Names that may be nothing but their type.
NAMED_WHOLE = WHOLE_NAMES | SHORT_COMMISSIONS

SUFFIXES: tuple[Suffix, ...] = tuple(
    [
        # 产教融合体
        *_many("职业教育集团 职教集团", "body", "vocational_education_group", "body"),
        *_many("产教融合共同体 共同体", "body", "industry_community", "body"),
        *_many("市域产教联合体 产教联合体 联合体", "body", "municipal_consortium", "body"),
        *_many("产教融合联盟 职业教育联盟 联盟", "body", "alliance", "body"),
        *_many(
            "教学指导委员会 行业指导委员会 指导委员会 合作委员会 专业委员会 专家咨询委员会 咨询委员会 专家委员会 工作委员会 "
            "行指委 教指委",
            "body",
            "committee",
            "body",
        ),
        # 载体 (before the schools: 产业学院 is not a university)
        *_many("现代产业学院 特色产业学院 产业学院", "carrier", "industry_college", "carrier"),
        *_many(
            "生产性实训基地 实训基地 实践基地 实习基地 培训基地 教学基地 研发基地 创新基地 "
            "基地 培训中心 实训中心 实践中心 实践教学中心",
            "carrier",
            "training_base",
            "carrier",
        ),
        *_many("重点实验室 联合实验室 实验室", "carrier", "laboratory", "carrier"),
        *_many(
            "研发中心 创新中心 技术技能创新服务平台", "carrier", "research_institute", "carrier"
        ),
        *_many("鲁班工坊 工坊", "carrier", "workshop", "carrier"),
        *_many(
            "技能大师工作室 大师工作室 工作室 院士工作站 专家工作站 教授工作站 博士工作站 博士后工作站 "
            "工作站 订单班 冠名班",
            "carrier",
            "other",
            "carrier",
        ),
        # 会场
        *_many(
            "国际会议中心 会议中心 会展中心 展览中心 博览中心 国际博览中心 大酒店 酒店 宾馆 饭店 "
            "报告厅 会议室 大礼堂 礼堂 演播厅 体育馆 体育中心 大剧院 剧院 音乐厅 展厅 大厅",
            "venue",
            "venue",
            "venue",
        ),
        # 学校
        *_many(
            "职业技术学院 职业学院 职业技术大学 职业大学 高等专科学校 专科学校 技师学院 "
            "高等职业学校 高等职业技术学校",
            "org",
            "vocational_college",
            "school",
        ),
        # short forms: 某某职院, 某某高专 (not 高职院校, 提高专业)
        Suffix("职院", "org", "vocational_college", "school", r"职院(?![校系所])"),
        Suffix(
            "高专",
            "org",
            "vocational_college",
            "school",
            # (高职高专: the two levels of college together, no name)
            r"(?<![提最职])高专(?![业项门家题栏职科院])",
        ),
        *_many(
            "职业高级中学 高级中学 职业中学 中等专业学校 中等职业学校 中等职业技术学校 "
            "职业技术学校 技工学校 职业学校 职业高中 职业中专 职业教育中心 职教中心 学校 职中 中专",
            "org",
            "secondary_school",
            "school",
        ),
        Suffix("职高", "org", "secondary_school", "school", r"职高(?!专)"),
        Suffix("中学", "org", "secondary_school", "school", r"中学(?!生)"),
        # Taiwan's senior high and vocational schools by their short names (彰化高商, 新北高工,
        # 西螺农工, 同德高中); the place or name before them is checked to be a proper one
        *(
            Suffix(t, "org", "secondary_school", "school", rf"{t}(?![职生校阶段党学])")
            for t in ("高中", "高商", "高工", "农工", "商工", "家商")
        ),
        Suffix("职校", "org", "secondary_school", "school", r"职校(?![长园友区内外院])"),
        Suffix(
            "职专",
            "org",
            "secondary_school",
            "school",
            r"(?<![兼专全])职专(?![家业职门项题]|教育|发展)",
        ),
        Suffix("大学", "org", "university", "school", r"(?<!扩)大学(?![生城路园术])"),
        Suffix("学院", "org", "university", "school", r"学院(?![路街派])"),
        # 科研院所
        *_many(
            "设计研究院 研究院 研究所 科学院 研究中心 设计院 教科院 社科院 农科院 工程院",
            "org",
            "research_institute",
            "research",
        ),
        # 企业
        *_many(
            "集团股份有限公司 集团有限公司 股份有限公司 有限责任公司 有限公司 分公司 子公司 公司 "
            "银行 农场 林场 牧场",
            "org",
            "enterprise",
            "company",
        ),
        Suffix("集团", "org", "enterprise", "company", r"集团(?!化)"),
        # 协会、学会
        *_many(
            "联合总会 联合会 协会 商会 促进会 研究会 基金会 总工会 工会 联谊会 同乡会 会馆 总会 分会 支社 联社 "
            # Taiwan's and Hong Kong's trade bodies; the people's organisations by their short names
            "协进会 策进会 公会 商业会 工业会 工商联 侨联 妇联 残联 文联 社科联 "
            "职业教育社 职教社 "
            "市委会 省委会 区委会 县委会 "
            # international organisations (上海合作组织) and cooperatives (城镇集体工业联合社)
            "合作组织 联合社 合作社",
            "org",
            "association",
            "association",
        ),
        Suffix("学会", "org", "association", "association", r"(?<![要会])学会(?!了)"),
        # 香港某工程商联会, 工联会: a federation by its Hong Kong short type (not 关联会)
        Suffix("联会", "org", "association", "association", r"(?<![关合])联会"),
        # 省科协 (科学技术协会), never 学科协同
        Suffix("科协", "org", "association", "association", r"(?<![学])科协(?![作同调议助商办力])"),
        # 政府
        *_many("人民政府 政府 委员会 管委会 人大常委会", "org", "government", "gov_top"),
        # Taiwan's presidential office, its branches of government and its councils by their
        # usual short names (国科会, 国发会)
        *_many(" ".join(sorted(WHOLE_NAMES)), "org", "government", "gov_top"),
        # the courts and the procuratorates (南阳市中级人民法院, 某市人民检察院)
        *_many("中级人民法院 人民法院 法院 人民检察院 检察院", "org", "government", "gov"),
        # a party committee's short form, never the start of its full name (中共某市委员会)
        *(
            Suffix(t, "org", "government", "gov_top", rf"{t}(?!员会)")
            for t in ("市委", "省委", "区委", "县委", "州委")
        ),
        *_many(
            "工委 教委 经信委 发展改革委 发改委 卫健委 工信委 科委 国资委 网信办 推进办 办公室 办事处 政协 "
            "旅游委 商务委 文旅委 住建委 交委 建委 农委 民委 侨委 联络处 中联办",
            "org",
            "government",
            "gov",
        ),
        # a department of a provincial government (教育厅, 工业和信息化厅, 办公厅), never a hall
        # (辽宁大厦华瑞厅, 滨海校区铁人厅): the word before 厅 is a department's own
        Suffix("厅", "org", "government", "gov", _DEPARTMENT_HALL + r"厅(?!长)"),
        # the policy secretariats of Macau's and Hong Kong's governments (社会文化司, 政务司): a
        # government of their own, not a department (a mainland ministry's 司 is in a title)
        Suffix(
            "司",
            "org",
            "government",
            "gov",
            "(?:"
            + "|".join(
                f"(?<={w})"
                for w in words("行政法务 经济财政 社会文化 运输工务 保安 政务 财政 律政")
            )
            + r")司(?!长)",
        ),
        # an administration (劳动力发展署, 国家税务总署), never 部署 or 签署
        Suffix("署", "org", "government", "gov", r"(?<![部签公])署(?![名理长])"),
        Suffix(
            "局",
            "org",
            "government",
            "gov",
            r"(?<![格布大结当开胜全时骗])(?<![^财]政)(?<!开新)局(?![面势限部长])",
        ),
        Suffix(
            "部",
            "org",
            "government",
            "gov_top",
            r"(?<![全内外西东中南北干局总本各头底顶腹俱])部(?![分门署长队位件])",
        ),
        # 媒体
        *_many(
            "广播电视台 电视台 日报社 日报 晚报 报社 出版社 杂志社 通讯社 新闻社 融媒体中心",
            "org",
            "media",
            "media",
        ),
        # 园区
        *_many(
            "经济技术开发区 高新技术产业开发区 开发区 高新区 农高区 经开区 产业园区 工业园区 产业园 工业园 "
            "科技园 科技城 新区 保税区 自贸区 产业集聚区 集聚区 加工出口区 出口加工区",
            "org",
            "industrial_park",
            "park",
        ),
        # 某联合会园区委秘书长: the federation's parks committee, named in the title
        Suffix("园区", "org", "industrial_park", "park", r"园区(?!委)"),
        # 其他
        Suffix("中心", "org", "other", "other", r"(?<![核重])中心(?![城区])"),
        *_many("医院 博物馆 图书馆 科技馆", "org", "other", "other"),
    ]
)

#: Words a stray space may split in a typeset page (开 发区, 有限 公司); the space is removed
#: before extraction. Suffixes of three characters or more: a two-character one (学 院) is too
#: often two words.
#: Organisations' and bodies' types of two characters or more (学院, 有限公司, 职教集团 …).
ORG_TYPE_TEXTS = tuple(
    s.text for s in SUFFIXES if s.category in ("org", "body") and len(s.text) > 1
)

SPLIT_WORDS = frozenset(s.text for s in SUFFIXES if len(s.text) >= 3) | frozenset(
    words("开发区 高新区 管委会 产教融合 职业教育")
)

# 部 is a ministry only after one of these (教育部, 工业和信息化部); otherwise a department.
MINISTRY_CORES = tuple(
    words("""教育 科学技术 科技 工业和信息化 人力资源和社会保障 人力资源社会保障 财政 商务 交通运输
    农业农村 自然资源 生态环境 住房和城乡建设 水利 文化和旅游 民政 司法 公安 外交 国防 应急管理
    退役军人事务 组织 宣传 统战 统一战线工作 卫生健康 审计
    数位发展 经济 劳动 内政 法务 卫生福利 环境
    工信 人社 住建 文旅 农业 交通 铁道 信息产业 劳动和社会保障""")
    # (经济 … 环境: Taiwan's ministries; 工信 …: ministries by their usual short names and
    # earlier ones)
)

# Words that make up a head without naming anything: 国家示范职教集团, 行业协会, 各二级学院.
GENERIC_WORDS = tuple(
    sorted(
        set(
            words("""国家级 省级 市级 区级 县级 国家 全国 全省 全市 全区 国际 示范性 示范 骨干 优质 高水平 一流
            相关 有关 各级 各 该 本 我校 我院 我 兄弟 合作 成员 龙头 重点 知名 现代 新型 地方 当地
            行业 产业 职业 高职 中职 高等 本科 职业教育 产教融合 产教 二级 一批 多家 其他 上述 以上
            下属 所属 旗下 部分 主要 首批 众多 广大 区域 企业 院校 高校 学校 单位 政府 部门 机构
            公办 民办 中外 世界 一所 一家 多所 功能 各类 有名 省 市 区 县 校 院 新 大 小 这 那 此
            应用型 研究型 技能型 综合性 综合型 创新型 开放型
            中职 全国性 全省性 区域性 地方性 专门 专业 相关
            本次 此次 该校 学院 大学 集团 公司 中心 协会 跨国 项目 实习 校企 发展 实体 设区市 地市
            主体 科研 一届 新一届 精品 技术 特色 党委 全资 控股 整个 全体""")
        ),
        key=len,
        reverse=True,
    )
)

# Who runs a school, written before its own name (国立成功大学, 市立某高中: Taiwan's usage).
SCHOOL_OWNERS = ("国立", "市立", "县立", "省立", "私立")

# Removed from the start of a name candidate: quantifiers and determiners, never part of one.
LEADING_NOISE = tuple(
    sorted(
        set(
            words(
                """各 该 其 我校 我院 兄弟 相关 有关 其他 上述 以上 多家 部分 主要 首批 一批 众多 广大
                成员 下属 所属 旗下 据悉 其中 包括 分别 共同 联合 携手 建设 组建 成立 打造 筹建 推动 共建
                推进 支持 加快 促进 深化 加强 提升 培育 依托 立足 围绕 服务 通过 多次 多年 积极
                此次 本次 今年 去年 明年 近年来 近年 当年 于 为 母公司 总公司
                一年来 多年来 参会 与会 新形势下 新时代 新时期 新阶段
                这项 这个 这些 这所 这家 一场 一项 该项 全台 全港 全澳 全省 全市 全区 全县 院校
                上一阶段 下一阶段 利用 更多 重点 两地 三地 企业 一届 新一届 本届 据
                今后 省内 市内 区内 县内 国内 境内 校内 体内 区域内 伙伴 我市 我省 我区 我县 本市 本省 我国
                联同 多位 多名 多家 多所 包含 除 下一步 子公司 透过 率 而 及 厂商 园区厂商 基于 本网讯 本报讯 本站讯 特邀 很多 许多 框架下 随着 随著
                各级 级 当前 目前 昨日 今日 前日 当日 更与 又与 还与 并与 也与 连同 版权归 版权所有"""
            )
        ),
        key=len,
        reverse=True,
    )
)

# Verbs and adverbs that end the text before a name (the name starts after them).
STOP_VERBS = words("""以下简称 简称 邀得 来自 包括 其中 涵盖 汇集 汇聚 覆盖 召开 举行 举办 主办 承办 协办 支持 牵头 发起
携手 依托 会同 参加 参与 出席 列席 与会 邀请 应邀 受邀 莅临 走进 来到 前往 考察 调研 参观 访问 座谈
签订 签署 签约 授牌 揭牌 颁发 授予 获批 获评 荣获 获得 入选 成为 加入 当选 担任 作为 成立 组建 建立
建成 共建 打造 筹建 创建 设立 推动 推进 落实 深化 加强 聚焦 围绕 面向 针对 根据 按照 依据 结合
服务于 助力 实现 开展 探索 构建 形成 提升 提高 宣读 公布 发布 通过 审议 表决 介绍 欢迎 感谢 祝贺
表示 指出 强调 认为 宣布 见证 位于 地处 隶属 分别 共同 积极 正式 隆重 顺利 成功 近日 日前 今天 昨天
上午 下午 晚上 期间 会上 会后 会前 当天 此前 目前 随后 同时 此外 另外 据悉 对标 对接 致辞 讲话 主持
领导 嘉宾 负责人 同志 师生 校友 学者 人员 代表团 实地 先后 以及 及其 或者 我校 我院 该校 本校
完善 发挥 加快 深入 贯彻 健全 提供 培养 培育 引导 鼓励 激发 整合 凝聚 强化 优化 拓展 拓宽 坚持
秉承 秉持 紧扣 紧紧 聚力 致力 努力 主动 全力 持续 不断 进一步 更好 充分 切实 着力 大力 全面 扎实
有效 联手 最大限度 增补 吸纳 接收 吸收 新增 增选 选举 推选 聘请 聘任 任命 表彰 遴选 认定 评选 评为
命名 入驻 落户 走访 慰问 接待 会见 会晤 迎接 陪同 带领 率领 率队 召集 发言 汇报 解读 宣讲 推介 展示
启动 部署 动员 总结 回顾 研讨 探讨 讨论 分享 对话 协商 商讨 洽谈 续签 达成 确定 明确 提出 建议 要求
到访 挂牌 剪彩 颁奖 兼任 出任 资助 捐赠 投入 引进 引入 用于 融入 输送 获 向着 面对 立足 瞄准 紧跟 对照 双方 各方
此次 本次 今年 去年 明年 近年来 离不开 通报 安排 传达 配合 标志着 标志著 重视 批准 认识 相信 赴 帷幕
响应 挹注 吸引 启航 开创 助推 架起 搭起 搭建 充实 壮大 龙头 领军 排头兵 女士 先生 兼 今后 争创 争当 协助 做出 作出 云集 共商 确保 浏览 因此
齐聚 参访 拜访 拜会 造访 媒合 入主 接手 现任 身处 加深 进驻 偕同 联袂 实施 开设 进行 启用
就读 期望 期盼 拥抱 谢谢 缔结 了解 帮助 建置 随着 恰逢 促成 筹划 精心 做优""")

# Committees every organisation has inside it (学术委员会主任): without an owner, no name.
INTERNAL_COMMITTEES = frozenset(words("学术 学位 教学 招生 伦理 督导 工作 专家 教材 考核"))

# Verbs that make a count of people the attendance (出席人数): 220余人出席会议.
ATTENDANCE_CUES = words("出席 参加 参会 与会 见证 到场 齐聚 莅临 参与 观摩 列席 聆听 出席了")

# What a count of is not worth recording: 三个方面, 四项举措, 五点要求.
ABSTRACT_NOUNS = words(
    """方面 措施 任务 希望 要求 举措 方向 环节 维度 意见 建议 问题 原则 目标 特点 亮点 步骤 阶段
    大事 实事
    层面 难点 关键 作用 能力 优势 内容 主题 部分 部份 精神 理念 字 句 点 层次 重点 思路 路径 模式 机制
    领域 板块 份 方式 功能 定位 形式 渠道 途径 举动 环境"""
)

# Subjects a school's departments (二级学院) are named after: 机械工程学院, 畜牧兽医学院. A 学院 whose
# whole head is made of these names no institution of its own.
DISCIPLINES = tuple(
    sorted(
        words("""机械 电气 电子 信息 工程 管理 经济 经管 财经 财务 会计 金融 商学 商贸 工商 艺术 设计 外语
        外国语 马克思主义 建筑 土木 化工 化学 材料 汽车 交通 运输 护理 医学 药学 食品 药品 农业 畜牧 兽医
        园林 园艺 装备 智能 制造 人工智能 计算机 软件 旅游 教育 体育 音乐 美术 传媒 文学 法学 理学 数学
        物理 生命 科学 环境 能源 航空 轨道 物流 电商 通信 自动化 控制 技术 文化 新闻 国际 继续 基础 公共
        健康 康养 烹饪 酒店 服装 纺织 数字 网络 安全 质量 测绘 地质 资源 水利 电力 冶金 矿业 海洋 生物
        动物 植物 科技 创新 创业 应用 工学 人文 社会 思政 师范 学前 轻工 机电 建工 土建 经贸 商务 财会"""),
        key=len,
        reverse=True,
    )
)

# Founding verbs: a 学院 or 研究院 named right after them is a carrier, not a participant.
FOUNDING_VERBS = words("成立 建立 共建 组建 建成 揭牌 打造 筹建 创建 设立 合作成立 共同建立")

# Visiting verbs: what is visited (参观了…实训基地) is a site, not a carrier of the event.
VISIT_VERBS = words("考察 参观 调研 走进 观摩 走访")

# After a body or carrier name, these nouns show it is used as a description (…职教集团平台).
DESCRIPTOR_NOUNS = frozenset(
    words("平台 模式 体系 办学 品牌 样板 标杆 范式 典型 案例 效应 机制 理念 建设 发展 改革 化")
)
