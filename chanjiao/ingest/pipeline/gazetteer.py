"""Small generic gazetteers (地名、姓氏、职务) for the rule-based extractor.

Nothing here comes from a particular article: these are the provinces and prefecture-level
cities of China, common foreign country names, common surnames and the titles that Chinese
news reports put between an organisation and a person's name. Look-ups over a whole text use
one Aho-Corasick automaton (pyahocorasick), built once per process.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache

import ahocorasick

__all__ = [
    "CITIES",
    "words",
    "COMPOUND_SURNAMES",
    "COUNTRIES",
    "PROVINCES",
    "SURNAMES",
    "TITLES",
    "find_places",
    "dominant_places",
    "strip_admin_suffix",
]


def words(text: str) -> tuple[str, ...]:
    """The whitespace-separated words of a word-list literal."""
    return tuple(text.split())


# 省级行政区 (short forms; the full form adds 省/市/自治区).
PROVINCES = frozenset(
    words(
        """北京 天津 上海 重庆 河北 山西 辽宁 吉林 黑龙江 江苏 浙江 安徽 福建 江西 山东 河南 湖北
        湖南 广东 海南 四川 贵州 云南 陕西 甘肃 青海 台湾 内蒙古 广西 西藏 宁夏 新疆 香港 澳门"""
    )
)

# 自治区: the autonomous regions' full names after their short ones (内蒙古 → 内蒙古自治区)
REGIONS = {"内蒙古": "自治区", "广西": "壮族自治区", "西藏": "自治区", "宁夏": "回族自治区"}
REGIONS["新疆"] = "维吾尔自治区"

# 地级行政区 and the four municipalities (short forms, without 市/州/地区/盟).
CITIES = frozenset(
    words("""北京 天津 上海 重庆
    石家庄 唐山 秦皇岛 邯郸 邢台 保定 张家口 承德 沧州 廊坊 衡水 雄安
    太原 大同 阳泉 长治 晋城 朔州 晋中 运城 忻州 临汾 吕梁
    呼和浩特 包头 乌海 赤峰 通辽 鄂尔多斯 呼伦贝尔 巴彦淖尔 乌兰察布 兴安 锡林郭勒 阿拉善
    沈阳 大连 鞍山 抚顺 本溪 丹东 锦州 营口 阜新 辽阳 盘锦 铁岭 朝阳 葫芦岛
    长春 吉林 四平 辽源 通化 白山 松原 白城 延边
    哈尔滨 齐齐哈尔 鸡西 鹤岗 双鸭山 大庆 伊春 佳木斯 七台河 牡丹江 黑河 绥化
    南京 无锡 徐州 常州 苏州 南通 连云港 淮安 盐城 扬州 镇江 泰州 宿迁
    杭州 宁波 温州 嘉兴 湖州 绍兴 金华 衢州 舟山 台州 丽水
    合肥 芜湖 蚌埠 淮南 马鞍山 淮北 铜陵 安庆 黄山 滁州 阜阳 宿州 六安 亳州 池州 宣城
    福州 厦门 莆田 三明 泉州 漳州 南平 龙岩 宁德
    南昌 景德镇 萍乡 九江 新余 鹰潭 赣州 吉安 宜春 抚州 上饶
    济南 青岛 淄博 枣庄 东营 烟台 潍坊 济宁 泰安 威海 日照 临沂 德州 聊城 滨州 菏泽
    郑州 开封 洛阳 平顶山 安阳 鹤壁 新乡 焦作 濮阳 许昌 漯河 三门峡 南阳 商丘 信阳 周口
    驻马店 济源
    武汉 黄石 十堰 宜昌 襄阳 鄂州 荆门 孝感 荆州 黄冈 咸宁 随州 恩施 仙桃 潜江 天门
    长沙 株洲 湘潭 衡阳 邵阳 岳阳 常德 张家界 益阳 郴州 永州 怀化 娄底 湘西
    广州 韶关 深圳 珠海 汕头 佛山 江门 湛江 茂名 肇庆 惠州 梅州 汕尾 河源 阳江 清远 东莞
    中山 潮州 揭阳 云浮
    南宁 柳州 桂林 梧州 北海 防城港 钦州 贵港 玉林 百色 贺州 河池 来宾 崇左
    海口 三亚 三沙 儋州
    成都 自贡 攀枝花 泸州 德阳 绵阳 广元 遂宁 内江 乐山 南充 眉山 宜宾 广安 达州 雅安 巴中
    资阳 阿坝 甘孜 凉山
    贵阳 六盘水 遵义 安顺 毕节 铜仁 黔东南 黔南 黔西南
    昆明 曲靖 玉溪 保山 昭通 丽江 普洱 临沧 楚雄 红河 文山 西双版纳 大理 德宏 怒江 迪庆
    拉萨 日喀则 昌都 林芝 山南 那曲 阿里
    西安 铜川 宝鸡 咸阳 渭南 延安 汉中 榆林 安康 商洛
    兰州 嘉峪关 金昌 白银 天水 武威 张掖 平凉 酒泉 庆阳 定西 陇南 临夏 甘南
    西宁 海东 海北 黄南 果洛 玉树 海西
    银川 石嘴山 吴忠 固原 中卫
    乌鲁木齐 克拉玛依 吐鲁番 哈密 昌吉 博尔塔拉 巴音郭楞 阿克苏 克孜勒苏 喀什 和田 伊犁
    塔城 阿勒泰 石河子
    香港 澳门""")
)
# Taiwan's municipalities, cities and counties (short forms, without 市/县).
TAIWAN_CITIES = words(
    "台北 新北 桃园 台中 台南 高雄 基隆 新竹 嘉义 苗栗 彰化 南投 云林 屏东 宜兰 花莲 台东 澎湖 金门 连江"
)
CITIES = CITIES | frozenset(TAIWAN_CITIES)

COUNTRIES = frozenset(
    words("""德国 法国 英国 美国 日本 韩国 朝鲜 俄罗斯 意大利 西班牙 葡萄牙 瑞士 瑞典 芬兰 挪威 丹麦
    荷兰 比利时 奥地利 爱尔兰 希腊 波兰 匈牙利 捷克 塞尔维亚 白俄罗斯 乌克兰 土耳其 伊朗
    沙特阿拉伯 阿联酋 以色列 埃及 南非 肯尼亚 埃塞俄比亚 尼日利亚 坦桑尼亚 赞比亚 吉布提
    科特迪瓦 马里 乌干达 卢旺达 摩洛哥 澳大利亚 新西兰 加拿大 墨西哥 巴西 阿根廷 智利 秘鲁
    新加坡 马来西亚 泰国 越南 柬埔寨 老挝 缅甸 印度尼西亚 印度 巴基斯坦 孟加拉国 斯里兰卡
    尼泊尔 蒙古 菲律宾 哈萨克斯坦 乌兹别克斯坦 吉尔吉斯斯坦 塔吉克斯坦 土库曼斯坦""")
)

# 常见姓氏 (single-character), enough for the names news reports print after a title.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶"
    "程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺"
    "顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿"
    "关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华"
    "喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗"
    "瞿桂全佟应臧闵苟邬边卞姬师仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠"
    "惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝郜阚花权强帅屠豆朴盖练廉禹井"
    "祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊乌母裘亓修邰赫杭"
    "况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡"
    "富尧闭饶於洪赖汲钮宓暴郗眭代奇滚弥"
    # rarer, and common among the Hui of the north-west (铁, 咸, 拓, 妥)
    "铁咸拓妥"
    # as Taiwan and Hong Kong write them (萧 for 肖, 锺 for 钟)
    "萧锺吾"
)

COMPOUND_SURNAMES = frozenset(
    words(
        """欧阳 司马 诸葛 上官 东方 皇甫 令狐 慕容 公孙 尉迟 长孙 宇文 夏侯 轩辕 端木 百里 司徒
        西门 南宫 独孤 呼延 闻人 万俟 澹台 申屠 太史 钟离"""
    )
)

# Tibetan and Mongolian names (藏族、蒙古族人名) have no surname: they are read after a title when
# they begin with one of these common name words (才让胜利, 扎西多吉, 斯琴图雅).
MINORITY_NAME_HEADS = frozenset(
    words(
        """才让 次仁 扎西 多吉 格桑 旦增 丹增 尼玛 达瓦 洛桑 索朗 平措 顿珠 拉巴 央金 卓玛 德吉 白玛
        强巴 次旦 贡布 仁青 边巴 普布 米玛 巴桑 嘎玛 加措 曲珍 拉姆 斯琴 其其格 乌云 敖登 宝音
        那仁 阿拉坦 苏和 孟和 朝鲁 图雅 萨仁 巴图 额尔敦 巴特尔 布和 哈斯 吉日嘎拉 满都拉 包勒尔"""
    )
)

# 职务: what stands between an organisation (or its department) and a person's name.
TITLES = tuple(
    sorted(
        set(
            words("""党委书记 党委副书记 党总支书记 党支部书记 党组书记 党组副书记 党组成员 党委委员
            党委常委 纪委书记 书记 副书记 校长 副校长 常务副校长 校长助理 院长 副院长 常务副院长
            院长助理 主任 副主任 常务副主任 主任委员 副主任委员 一级巡视员 二级巡视员 巡视员
            副巡视员 一级调研员 二级调研员 调研员 总经理 副总经理 常务副总经理 总经理助理 董事长
            副董事长 董事 总裁 副总裁 执行总裁 首席执行官 首席技术官 总监 经理 副经理 局长
            副局长 厅长 副厅长 处长 副处长 科长 部长 副部长 司长 副司长 市长 副市长 区长 副区长
            县长 副县长 省长 副省长 主席 副主席 会长 副会长 常务副会长 执行会长 秘书长 副秘书长
            执行秘书长 理事长 副理事长 常务副理事长 监事长 委员 教授 副教授 研究员 副研究员
            高级工程师 总工程师 工程师 院士 首席专家 专家 负责人 厂长 所长 副所长 站长 馆长 社长
            主编 总编辑 台长 行长 副行长 组长 队长 总会计师 创始人 合伙人 大使 公使 参赞 总领事
            领事 督学 总督学 副总督学 政务次长 常务次长 次长 博士 首席财务官 首席运营官 财务官 督导专员 专员 投资人
            总农艺师 农艺师 总经济师 总畜牧师 执行干事 副执行干事 执行董事长 二级教授 三级教授 博士生导师 书记处书记 首席科学家 科学家 特聘教授
            名誉院长 名誉校长 首席顾问 顾问 常委 监事 总工 首席技师 高级技师 技能大师 董事会秘书
            作家 创办人 联合创办人 讲席教授 检察长 副检察长 代检察长 庭长 总统 副总统 资政 神父
            专务 首席专务 参事 教学名师 编辑 副总编 总编 副主编 副总编辑 讲座教授 理事 主持人 常务副部长 常务副厅长 常务副局长 常务副主席 常务副秘书长
            州长 副州长 旗长 副旗长 盟长 副盟长 镇长 副镇长 乡长 副乡长
            常务副市长 常务副区长 常务副县长 党工委书记 党工委副书记 管委会主任 管委会副主任
            总干事 副总干事 主委 副主委 专职副主委 执行主任 CEO CTO 常务理事 主任科员 科员 主管
            署长 分署长 教师 执行董事 总裁助理 校领导 院领导 市领导 省领导 区领导 县领导 州领导
            研发长 教务长 学务长 总务长 国际长 产学长 主任秘书 执行秘书 秘书 议长 副议长 议员 立委
            领队老师 老师 行政长官 特首 人大代表 政协委员 劳动模范
            召集人 执行长 副执行长 委员长 副委员长""")
        ),
        key=len,
        reverse=True,
    )
)


@cache
def _place_automaton() -> ahocorasick.Automaton:
    automaton = ahocorasick.Automaton()
    for name in CITIES:
        automaton.add_word(name, (name, "city"))
    for name in PROVINCES - CITIES:
        automaton.add_word(name, (name, "province"))
    automaton.make_automaton()
    return automaton


@lru_cache(maxsize=1 << 16)
def find_places(text: str) -> tuple[tuple[int, int, str, str], ...]:
    """Every province or city name in ``text``: (start, end, name, "city" | "province").

    Overlapping matches are resolved leftmost-longest, so 呼和浩特 is not also 和田. (Remembered:
    the same heads of names are asked about many times.)
    """
    hits = []
    for end, (name, kind) in _place_automaton().iter(text):
        start = end - len(name) + 1
        hits.append((start, end + 1, name, kind))
    hits.sort(key=lambda h: (h[0], -(h[1] - h[0])))
    out, last_end = [], -1
    for hit in hits:
        if hit[0] >= last_end:
            out.append(hit)
            last_end = hit[1]
    return tuple(out)


def dominant_places(text: str) -> tuple[str | None, str | None]:
    """The city and the province a text is mostly about, each when one clearly leads.

    Counts mentions; one written with its administrative suffix (成都市, 四川省) counts double
    because it is how articles name their own city before shortening to 市教育局.
    """
    cities: Counter[str] = Counter()
    provinces: Counter[str] = Counter()
    for _start, end, name, kind in find_places(text):
        after = text[end : end + 1]
        if kind == "city":
            cities[name] += 2 if after == "市" else 1
        if name in PROVINCES:
            written_in_full = after == "省" or text.startswith(REGIONS.get(name, "省"), end)
            provinces[name] += 2 if written_in_full else 1
    return _leader(cities), _leader(provinces)


def _leader(counts: Counter[str]) -> str | None:
    ranked = counts.most_common(2)
    if not ranked:
        return None
    best, n = ranked[0]
    runner_up = ranked[1][1] if len(ranked) > 1 else 0
    return best if n >= 2 and n > runner_up else None


def strip_admin_suffix(place: str) -> str:
    """南昌市 → 南昌; 四川省 → 四川 (only when the short form is a known place)."""
    for suffix in ("特别行政区", "自治区", "地区", "市", "省", "盟", "州"):
        if place.endswith(suffix) and place[: -len(suffix)] in CITIES | PROVINCES:
            return place[: -len(suffix)]
    return place
