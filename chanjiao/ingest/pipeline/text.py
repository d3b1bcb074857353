"""The article's main text, title and publication date (正文、标题、发布日期).

HTML goes through trafilatura, which removes navigation, footers and advertising by the page's
structure. A saved plain-text copy has lost that structure, so a line filter stands in for it:
the body runs from the first to the last paragraph that reads like prose, stopping at the
first footer line (上一篇, 责任编辑 …); the title is the last headline-like line above the
body and the publication date the first date in that header.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

__all__ = ["MainText", "from_html", "from_plain", "parse_date", "split_lines"]

_HAN = re.compile(r"[\u3400-\u9fff]")
_DATE = re.compile(
    r"(?<!\d)(?P<y>(?:19|20)\d{2})\s*(?:[-/.]|年)\s*(?P<m>\d{1,2})\s*(?:[-/.]|月)\s*(?P<d>\d{1,2})(?!\d)"
)
_IMAGE = re.compile(r"^(?:\S{0,60}\.(?:jpe?g|png|gif|webp|bmp|svg)|图片\s*\d*|图\s*\d+)$", re.I)
_URL = re.compile(r"^(?:https?://|www\.)\S+$", re.I)
_NAV = re.compile(
    r"(?:您的位置|当前位置|所在位置|您现在的位置|现在的位置)|^首页\s*[>›»/]|\s[>›»]\s.*\s[>›»]\s"
)
_FOOTER = re.compile(
    r"^[\s【\[（(]*(?:上一篇|下一篇|上一条|下一条|相关阅读|相关新闻|相关文章|相关链接|推荐阅读|"
    r"热门关注|热门推荐|热点推荐|最近更新|最新更新|最新文章|分享到|分享\s*[:：]|责任编辑|"
    r"编辑\s*[:：]|审核\s*[:：]|审校\s*[:：]|校对\s*[:：]|来源\s*[:：]|供稿\s*[:：]|撰稿\s*[:：]|"
    r"版权所有|copyright|©|[京沪粤苏浙]ICP|联系我们|扫一扫|返回顶部|(?:打印|关闭)(?:本页|窗口|本文)?\s*[】\]]?\s*$|"
    r"账号密码登录|其他登录方式|网友评论|发表评论|评论\s*[:：]|点击排行|阅读排行|友情链接)",
    re.I,
)
_BOILERPLATE = re.compile(
    r"^(?:欢迎(?:访问|来到|光临)|官方微信|公众号|微信|微博|分享|注册|登录|首页|返回|关注|"
    r"\d+\s*人(?:关注|浏览|阅读)|(?:浏览|阅读|点击)(?:次数|量|数)?\s*[:：]?\s*\d+)"
)
_COMMA = re.compile(r"[，,；;]")
_BYLINE = re.compile(r"来源|作者|发布|时间|编辑|浏览|点击|阅读|日期")
_MENU_SPLIT = re.compile(r"\s*[|｜/·]\s*|\s{2,}|\s(?=\S{1,6}(?:\s|$))")
_REPORTER = re.compile(r"通讯员|记者|本网讯|本报讯|摄影|供图")
_SITE_PREFIX = re.compile(r"^\s*[【\[]([^】\]]{2,20})[】\]]\s*")
_TITLE_SEPARATORS = re.compile(r"\s+[-|｜—]+\s+|[_｜|]|——|--")


@dataclass(slots=True)
class MainText:
    """What the pipeline extracts from: body paragraphs, title, date and publishing site."""

    body: str
    title: str | None = None
    published: str | None = None
    site: str | None = None


def split_lines(text: str) -> list[str]:
    """Non-empty stripped lines (full-width spaces count as spaces)."""
    return [
        line.strip().replace("\u3000", " ").strip() for line in text.splitlines() if line.strip()
    ]


def parse_date(text: str) -> str | None:
    """The first full date (2023-11-21, 2023年11月21日, 2023/11/21, and Hong Kong's and Macau's
    19/06/2020, day first) in ``text``, ISO format."""
    for match in _DATE.finditer(text):
        try:
            return dt.date(int(match["y"]), int(match["m"]), int(match["d"])).isoformat()
        except ValueError:
            continue
    for match in _DAY_MONTH_WORD_YEAR.finditer(text):
        month = _MONTH_WORDS.get(match["m"])
        try:
            return dt.date(int(match["y"]), month or 0, int(match["d"])).isoformat()
        except ValueError:
            continue
    for match in _DAY_FIRST_DATE.finditer(text):
        for day, month in ((match["a"], match["b"]), (match["b"], match["a"])):
            try:
                return dt.date(int(match["y"]), int(month), int(day)).isoformat()
            except ValueError:
                continue
    return None


# 週三, 20 三月 2019: the day, the month in words and the year (a Taiwan site's date stamp)
_DAY_MONTH_WORD_YEAR = re.compile(
    r"(?<!\d)(?P<d>\d{1,2})\s+(?P<m>十[一二]?|[一二三四五六七八九])月\s+(?P<y>(?:19|20)\d{2})(?!\d)"
)
_MONTH_WORDS = {
    w: i
    for i, w in enumerate(
        ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", "十一", "十二"], 1
    )
}
# 19/06/2020: the day first, as Hong Kong's and Macau's pages write it (the month first only
# when the day-first reading is no date)
_DAY_FIRST_DATE = re.compile(r"(?<![\d/])(?P<a>\d{1,2})/(?P<b>\d{1,2})/(?P<y>(?:19|20)\d{2})(?!\d)")
# a page's clock (2024/05/04, then Saturday, 01:06): today's date where the page is read, not
# the article's
_CLOCK_AFTER = re.compile(
    r"^(?:(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day|星期[一二三四五六日天]|周[一二三四五六日]"
    r"|\d{1,2}:\d{2}(?::\d{2})?)\b",
    re.I,
)
# a photo's credit with its date (（图／记者某某摄，2026.2.25）): the day of the report
_CREDIT_DATE = re.compile(
    r"(?:记者|摄影)[^，,()（）\n]{1,12}摄\s*[，,]\s*(?P<date>[\d./年月日-]{8,11})"
)


def _page_dates(header: list[str]) -> list[str]:
    """The header's lines without a page clock's date (a date line with a weekday or a time of
    day after it)."""
    return [
        line
        for i, line in enumerate(header)
        if not (
            i + 1 < len(header)
            and _CLOCK_AFTER.match(header[i + 1])
            and _DATE.fullmatch(line.strip())
        )
    ]


# Dates in a page's address: …/t20231121_123.html, …/2023/1121/c1-2.html, …/2023/11/21/…,
# …/2023-11/21/content_1.htm
_URL_DATES = (
    re.compile(r"(?<![0-9])t(?P<y>20\d{2})(?P<m>\d{2})(?P<d>\d{2})_"),
    re.compile(r"/(?P<y>20\d{2})[-/]?(?P<m>\d{2})/(?P<d>\d{2})/"),
    re.compile(r"/(?P<y>20\d{2})/(?P<m>\d{2})(?P<d>\d{2})/"),
    re.compile(r"/(?P<y>20\d{2})(?P<m>\d{2})(?P<d>\d{2})/"),  # …/20240416/…
    re.compile(r"/(?P<y>20\d{2})/(?P<m>\d{1,2})/(?P<d>\d{1,2})/"),  # …/art/2023/12/4/…
    re.compile(r"/(?P<y>20\d{2})-(?P<m>[01]\d)-(?P<d>[0-3]\d)/"),  # …/jzkzj/2025-11-10/detail…
    re.compile(r"/(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)\d{4}\.aspx"),  # …/202203110178.aspx
    re.compile(r"/(?P<yy>[12]\d)(?P<m>[01]\d)(?P<d>[0-3]\d)/"),  # …/a/zqdzgczyxy/230511/…
    re.compile(r"_(?P<y>20\d{2})_(?P<m>[01]\d)/(?P<d>[0-3]\d)/"),  # …/detail2_2024_07/14/…
    # …/news/2023122122.shtml: the date, then the day's number of the story
    re.compile(r"/(?P<y>20\d{2})(?P<m>[01]\d)(?P<d>[0-3]\d)\d{1,8}\.s?html?"),
)
# a year and month alone (…/hainan/202403/64552.html, …/2024-03/…, …/2023/04/481514)
_URL_MONTH = re.compile(r"/(?P<y>20\d{2})[-/]?(?P<m>[01]\d)/")
# A press release's dateline opening the text (香港, 2024年12月20日 - (某商讯) - …)
_RELEASE_DATELINE = re.compile(
    # (or 香港2023年11月4日 /美通社/ — …)
    r"[^，。,\n]{0,24}?[,，]?\s*(?P<date>(?:19|20)\d{2}年\d{1,2}月\d{1,2}日)\s*(?:/[^/\n]{1,8}/)?\s*[-–—]"
)
# A footer line that states when the page was published (发布时间：2023-11-21)
_PUBLISHED_LINE = re.compile(r"(?:发布|发表|更新|上传)(?:时间|日期)|日期[:：]|时间[:：]")


def date_from_url(url: str | None) -> str | None:
    """The publication date a news page's address carries, if it carries one."""
    if not url:
        return None
    for pattern in _URL_DATES:
        for match in pattern.finditer(url):
            year = int(match["y"]) if match.groupdict().get("y") else 2000 + int(match["yy"])
            try:
                return dt.date(year, int(match["m"]), int(match["d"])).isoformat()
            except ValueError:
                continue
    return None


def month_from_url(url: str | None) -> tuple[int, int] | None:
    """The year and month a page's address names without a day (…/202403/…), if it names them."""
    match = _URL_MONTH.search(url or "")
    if not match or not 1 <= int(match["m"]) <= 12:
        return None
    return int(match["y"]), int(match["m"])


def _han_count(line: str) -> int:
    return len(_HAN.findall(line))


def _is_prose(line: str) -> bool:
    han = _han_count(line)
    if han < 30:
        return False
    # headlines may carry "!" or a comma, rarely a full stop and rarely 40 characters
    return "。" in line or (han >= 40 and bool(_COMMA.search(line)))


def _is_menu(line: str) -> bool:
    """首页 | 学院概况 | 新闻中心: three or more short items in a row."""
    parts = [p for p in _MENU_SPLIT.split(line) if p]
    return len(parts) >= 3 and all(len(p) <= 6 for p in parts)


def _is_noise(line: str) -> bool:
    return bool(_IMAGE.match(line) or _URL.match(line) or _NAV.search(line)) or _is_menu(line)


def _is_title_like(line: str) -> bool:
    if _is_noise(line) or _BOILERPLATE.match(line) or _FOOTER.match(line):
        return False
    han = _han_count(line)
    if han < 6 or len(line) > 100:
        return False
    # a date-and-byline line (jx045 2023-11-21) or a label line (类型:理工类) is not a headline
    if (_DATE.search(line) and _BYLINE.search(line)) or _REPORTER.search(line):
        return False
    stripped = _DATE.sub("", line)
    if _han_count(stripped) < 6:
        return False
    return not re.search(r"[:：]\s*\S+\s+\S+[:：]", line)


def clean_title(title: str | None) -> tuple[str | None, str | None]:
    """Headline without the site's label: (title, site). 【某某职教网】X → (X, 某某职教网)."""
    if not title:
        return None, None
    title = title.strip()
    site = None
    match = _SITE_PREFIX.match(title)
    if match:
        site, title = match.group(1), title[match.end() :]
    # "发布单位——标题": keep the part after the dash when the part before is short
    if "——" in title:
        head, _, tail = title.partition("——")
        if _han_count(tail) >= 6 and len(head) <= 20:
            site = site or head.strip()
            title = tail
    return title.strip() or None, site


def _cut_off_sentence(line: str) -> bool:
    """The last line of a copy cut short: a sentence of the report with no end of its own."""
    return (
        _han_count(line) >= 20
        and bool(re.search(r"[、，,]", line))
        and not re.search(r"[。！？!?]$", line)
        and not _FOOTER.match(line)
        and not _is_noise(line)
    )


def from_plain(text: str) -> MainText:
    """Body, title and date of a saved plain-text copy of a news page."""
    lines = split_lines(text)
    prose = [i for i, line in enumerate(lines) if _is_prose(line) and not _FOOTER.match(line)]
    if not prose:
        body_lines = [line for line in lines if not _is_noise(line)]
        return MainText(body="\n".join(body_lines))
    first = prose[0]
    end = first
    for i in range(first, len(lines)):
        if i > first and _FOOTER.match(lines[i]):
            break
        if i in prose:
            end = i
    # a short closing sentence (本次论坛以“…”为主题。) still belongs to the article
    while (
        end + 1 < len(lines)
        and "。" in lines[end + 1]
        and _han_count(lines[end + 1]) >= 10
        and not _FOOTER.match(lines[end + 1])
        and not _is_noise(lines[end + 1])
    ):
        end += 1
    if end + 2 == len(lines) and _cut_off_sentence(lines[end + 1]):
        end += 1  # a copy that stops mid-sentence (…党组书记仲某、某公司王某部长共同启动了“)
    body = [line for line in lines[first : end + 1] if not _is_noise(line)]
    header = lines[:first]
    title = next((line for line in reversed(header) if _is_title_like(line)), None)
    # (a line that says it is the date — 时间：2022-06-14 — before a banner's 2016年3.15…)
    stated = [line for line in header if _PUBLISHED_LINE.search(line)]
    published = next((d for d in map(parse_date, stated + _page_dates(header)) if d), None)
    if published is None:
        # a page saved as text may print its date below the article (发布时间：…)
        footer = [line for line in lines[end + 1 :] if _PUBLISHED_LINE.search(line)]
        published = next((d for d in map(parse_date, footer) if d), None)
    if published is None:
        # a dateline before the first words of the report (2025-10-15 某社北京10月15日电)
        first_han = _HAN.search(lines[first])
        published = parse_date(lines[first][: first_han.start() if first_han else 0])
    if published is None:
        # a press release's dateline: 香港, 2024年12月20日 - (某商讯) - …
        release = _RELEASE_DATELINE.match(lines[first])
        published = parse_date(release.group("date")) if release else None
    if published is None:
        # the date of the report's photos (（图／记者某某摄，2026.2.25）)
        credit = _CREDIT_DATE.search("\n".join(lines[: end + 1]))
        published = parse_date(credit.group("date")) if credit else None
    title, site = clean_title(title)
    return MainText(body="\n".join(body), title=title, published=published, site=site)


def from_html(html: str, *, url: str | None = None) -> MainText:
    """Body, title and date of an HTML page, boilerplate removed by trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        url=url,
        with_metadata=True,
        include_comments=False,
        include_tables=False,
        include_images=False,
        favor_precision=True,
        # no guessing from bare years in the text (2024京津冀… is not a date of publication)
        date_extraction_params={"extensive_search": False, "original_date": True},
    )
    if doc is None or not (doc.text or "").strip():
        return _from_html_fallback(html)
    body_lines = []
    for line in split_lines(doc.text):
        if body_lines and _FOOTER.match(line):
            break
        if not _is_noise(line) and not _BOILERPLATE.match(line):
            body_lines.append(line)
    title = _headline(doc.title, doc.sitename)
    title, site = clean_title(title)
    published = parse_date(doc.date) if doc.date else _first_full_date(html)
    return MainText(
        body="\n".join(body_lines), title=title, published=published, site=doc.sitename or site
    )


def _first_full_date(html: str) -> str | None:
    """The first full date (year, month and day) in the page's visible text: 发布时间：…"""
    visible = re.sub(r"<(script|style)\b.*?</\1>|<[^>]+>", " ", html, flags=re.S | re.I)
    return parse_date(visible)


def _headline(title: str | None, sitename: str | None) -> str | None:
    """The article's own headline from a <title> like "标题_网站名" or "标题 - 网站名"."""
    if not title:
        return None
    parts = [p.strip() for p in _TITLE_SEPARATORS.split(title) if p and p.strip()]
    if sitename:
        parts = [p for p in parts if p != sitename] or parts
    return max(parts[:2], key=_han_count) if parts else None


def _from_html_fallback(html: str) -> MainText:
    from lxml import html as lxml_html

    try:
        tree = lxml_html.fromstring(html)
    except (ValueError, TypeError):
        return from_plain(re.sub(r"<[^>]+>", "\n", html))
    for bad in tree.xpath("//script|//style|//nav|//footer|//header|//noscript"):
        bad.drop_tree()
    return from_plain("\n".join(tree.itertext()))
