"""One test module per pipeline stage before extraction: decode, repair, convert, main text."""

from __future__ import annotations

from chanjiao.ingest.pipeline import convert, decode, repair, text

# --- decode -------------------------------------------------------------------------------------


def test_utf8_bytes_decode_as_utf8():
    decoded = decode.decode_bytes("产教融合共同体成立大会".encode())
    assert decoded.text == "产教融合共同体成立大会"
    assert decoded.encoding == "utf-8"
    assert decoded.replaced == 0


def test_gbk_bytes_decode_without_loss():
    raw = "河北省装备制造职业教育集团在石家庄召开年会，两百余人参加。".encode("gbk")
    decoded = decode.decode_bytes(raw)
    assert decoded.text.startswith("河北省装备制造职业教育集团")
    assert decoded.encoding == "gb18030"


def test_big5_bytes_decode_as_traditional():
    raw = "職業教育集團成立大會在臺中舉行，校長致辭。".encode("big5")
    assert decode.decode_bytes(raw).text == "職業教育集團成立大會在臺中舉行，校長致辭。"


def test_declared_html_charset_is_used():
    page = '<html><head><meta charset="gbk"></head><body>学院召开理事会</body></html>'
    assert "学院召开理事会" in decode.decode_bytes(page.encode("gbk")).text


def test_byte_order_mark_is_removed():
    assert decode.decode_bytes("\ufeff标题".encode()).text == "标题"


def test_html_is_recognised_by_its_start_only():
    assert decode.looks_like_html("<!DOCTYPE html><html><body>x</body></html>")
    assert decode.looks_like_html("  <html lang='zh'>")
    assert not decode.looks_like_html("标题\n正文里提到<b>标签</b>。")


def test_read_document_detects_html_by_suffix(tmp_path):
    page = tmp_path / "page.htm"
    page.write_text("<p>正文</p>", encoding="utf-8")
    decoded, is_html = decode.read_document(page)
    assert is_html and decoded.text == "<p>正文</p>"


# --- repair -------------------------------------------------------------------------------------


def test_pinyin_readings_after_characters_are_removed():
    fixed = repair.repair("深入學(xué)習(xí)貫徹,推動協(xié)同發(fā)展。")
    assert fixed.text == "深入學習貫徹,推動協同發展。"
    assert fixed.readings_removed == 4
    assert fixed.lost == 0


def test_a_reading_with_a_space_inside_its_parentheses_is_removed_too():
    fixed = repair.repair("臨江市人力資源和社會(huì )保障局副局長(cháng)、學(xué) 習(xí)")
    assert fixed.text == "臨江市人力資源和社會保障局副局長、學 習"
    # an untoned Latin word in brackets in a clean text stays, spaces or not
    assert repair.repair("与青禾( ai )公司").text == "与青禾( ai )公司"


def test_lost_characters_are_counted_and_their_readings_dropped():
    fixed = repair.repair("彰顯新?lián)?dāng),學(xué)習(xí)與實(shí)踐(jiàn)")
    assert fixed.text == "彰顯新??,學習與實踐"
    assert fixed.lost == 2
    assert fixed.lost_positions == [3, 4]


def test_parenthesised_place_in_a_company_name_is_kept():
    fixed = repair.repair("與聯想(北京)有限公司簽約,學(xué)院(xué)")
    assert "聯想(北京)有限公司" in fixed.text


def test_toneless_latin_word_stays_in_a_clean_text():
    assert repair.repair("人工智能(ai)课程").text == "人工智能(ai)课程"


def test_question_mark_ending_a_question_is_not_a_loss():
    assert repair.repair("你去哪?我在学院。").lost == 0


# --- convert ------------------------------------------------------------------------------------


def test_traditional_text_is_converted_to_simplified():
    simplified, converted = convert.to_simplified("職業教育集團成立大會在臺中舉行，校長致辭。")
    assert converted
    assert simplified == "职业教育集团成立大会在台中举行，校长致辞。"


def test_simplified_text_is_not_converted_so_names_survive():
    # t2s would turn the surname 於 into 于 and the given name 昇 into 升
    original = "副校长於立新、总经理王昇出席会议，学院与企业签订合作协议。"
    simplified, converted = convert.to_simplified(original)
    assert not converted
    assert simplified == original


def test_a_few_traditional_characters_in_simplified_text_do_not_trigger_conversion():
    original = "职业教育集团年会在成都召开，台湾大學的代表与会，学院院长致辞并作报告。" * 3
    assert not convert.is_traditional(original)


# --- main text ----------------------------------------------------------------------------------

PLAIN_PAGE = """您的位置: 首页 > 新闻中心 > 详情
【某某职教网】云南旅游职业教育集团年会在昆明召开
发布时间:2024-01-12 09:30
https://example.org/news/1.html
1月10日，云南旅游职业教育集团年会在昆明召开，集团成员单位代表一百余人参加会议，会议总结了一年来的工作。
图片1.jpg
会议还审议通过了集团章程修订案，新增成员单位十二家，进一步扩大了集团的覆盖面和影响力。
上一篇:某学院举办技能大赛
下一篇:某学院召开教学工作会议
责任编辑：张三
"""


def test_plain_text_keeps_the_prose_between_header_and_footer():
    main = text.from_plain(PLAIN_PAGE)
    assert main.body.startswith("1月10日，云南旅游职业教育集团年会在昆明召开")
    assert main.body.endswith("影响力。")
    for noise in ("图片1.jpg", "上一篇", "责任编辑", "https://", "您的位置"):
        assert noise not in main.body


def test_plain_text_title_date_and_site_come_from_the_header():
    main = text.from_plain(PLAIN_PAGE)
    assert main.title == "云南旅游职业教育集团年会在昆明召开"
    assert main.site == "某某职教网"
    assert main.published == "2024-01-12"


def test_a_byline_with_a_date_is_not_taken_for_the_title():
    page = (
        "某省现代农业职业教育集团召开年会\n2023年12月28日 来源：某某职业学院\n"
        + "12月26日，某省现代农业职业教育集团年会召开，会议审议通过了工作报告和下一年度的工作计划。"
    )
    main = text.from_plain(page)
    assert main.title == "某省现代农业职业教育集团召开年会"
    assert main.published == "2023-12-28"


def test_menus_and_reporter_lines_are_not_titles():
    page = (
        "首页 | 学院概况 | 新闻中心 | 招生就业\n"
        "某某学院召开产教融合推进会\n"
        "本网讯（通讯员 张三）\n"
        + "6月1日，某某学院召开产教融合推进会，学院领导、各二级学院负责人和合作企业代表参加会议。"
    )
    assert text.from_plain(page).title == "某某学院召开产教融合推进会"


def test_text_without_header_has_no_title_or_date():
    main = text.from_plain(
        "近日，某学院召开产教融合论坛，来自各地的代表共一百余人参加了论坛，会议取得圆满成功。"
    )
    assert main.title is None and main.published is None


def test_a_dateline_before_the_first_words_of_the_report_dates_the_page():
    main = text.from_plain(
        "date 2025-10-15 某社北京10月15日电／某训练局与某服务有限公司签署合作备忘录，"
        "携手推动职业专才教育，促进人才培育与行业接轨。"
    )
    assert main.published == "2025-10-15"
    # a date inside the report's words is no dateline
    main = text.from_plain(
        "近日，某学院召开产教融合论坛，2025-10-15前提交材料，来自各地的代表共一百余人参加了论坛。"
    )
    assert main.published is None


def test_a_copy_cut_off_mid_sentence_keeps_its_last_line():
    main = text.from_plain(
        "某市校企联盟大会在我校举行\n"
        "11月15日上午，某市校企联盟大会在某职业技术学院举行，市委副书记吴某、副市长金某出席，"
        "全市高校及中等职业学校、行业企业代表500余人参加了活动。\n"
        "副市长金某、市教育局党组书记仲某某、某铝业(营口)有限公司王某某部长共同启动了“"
    )
    assert main.body.endswith("王某某部长共同启动了“")


HTML_PAGE = """<!DOCTYPE html>
<html lang="zh-CN"><head><meta charset="utf-8">
<title>某市智能制造产教联盟成立_新闻中心_某某职教网</title></head>
<body>
<header><div class="logo">某某职教网</div>
<nav><ul><li><a href="/">首页</a></li><li><a href="/news">新闻中心</a></li>
<li><a href="/about">关于我们 某某科技有限公司</a></li></ul></nav></header>
<div class="breadcrumb">当前位置：<a href="/">首页</a> &gt; 新闻中心</div>
<article>
<h1>某市智能制造产教联盟成立</h1>
<div class="info">发布时间：2024-03-15</div>
<p>3月12日，长三角智能制造产教联盟成立大会在苏州工业职业技术学院举行。联盟由苏州工业职业技术学院、
上海电机学院牵头发起，首批成员单位共86家，来自三省一市的150余名代表参加会议。</p>
<p>江苏省教育厅职业教育处处长王建国出席会议并讲话，苏州工业职业技术学院党委书记陈立新致欢迎辞。</p>
</article>
<aside><h3>热门新闻</h3><ul><li><a href="/n/1">无锡职业技术学院举办技能大赛</a></li></ul></aside>
<footer><p>版权所有 © 某某职教网 苏ICP备12345678号</p><p>主办单位：某某职业教育研究会</p></footer>
</body></html>"""


def test_html_boilerplate_is_removed_by_trafilatura():
    main = text.from_html(HTML_PAGE, url="https://example.org/news/3.html")
    assert "长三角智能制造产教联盟成立大会" in main.body
    for noise in ("关于我们", "热门新闻", "无锡职业技术学院", "版权所有", "研究会"):
        assert noise not in main.body
    assert main.title == "某市智能制造产教联盟成立"
    assert main.published == "2024-03-15"


def test_title_labels_and_site_dashes_are_removed():
    assert text.clean_title("【某某网】标题在这里举行") == ("标题在这里举行", "某某网")
    assert text.clean_title("某某职业技术学院——重磅!某共同体正式成立") == (
        "重磅!某共同体正式成立",
        "某某职业技术学院",
    )


def test_a_bare_year_in_the_text_is_not_taken_for_the_publication_date():
    page = (
        "<html><head><title>2024京津冀论坛举行</title></head><body><article>"
        "<p>近日，2024京津冀现代制造业职教集团产教融合论坛在天津举行，来自各地的代表出席会议。</p>"
        "</article></body></html>"
    )
    assert text.from_html(page).published is None


def test_a_date_printed_on_the_page_is_the_publication_date():
    page = (
        "<html><head><title>论坛举行</title></head><body><div>发布时间：2024年6月3日</div>"
        "<article><p>近日，京津冀现代制造业职教集团产教融合论坛在天津举行，代表出席会议。</p>"
        "</article></body></html>"
    )
    assert text.from_html(page).published == "2024-06-03"
