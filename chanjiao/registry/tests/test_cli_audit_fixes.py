"""The ``chanjiao`` command refuses what it cannot use, saying what to fix: errors whole in a
log, ports, intervals and hosts checked, the matching engine's errors in Chinese, an empty body
reference, an unknown review status, an export's file name."""

from __future__ import annotations

import re
import socket

import pytest
from rich.console import Console

from chanjiao.cli import ARTICLE_STATUSES, build_parser, main
from chanjiao.cli.base import _print_errors
from chanjiao.core.testing import free_port
from chanjiao.registry import excel
from chanjiao.registry.tests.factories import BodyFactory
from chanjiao.registry.tests.test_excel import GOOD_ROWS, make_xlsx

# --- an import's errors ---------------------------------------------------------------------

BAD_ROLE = [["成都工贸职业技术学院", "高职院校", "不存在的角色", "", "", ""]]


def _bad_role_preview(admin_user, body):
    preview = excel.member_import_preview(actor=admin_user, body=body, file=make_xlsx(BAD_ROLE))
    assert not preview.is_valid
    return preview


def test_import_errors_printed_to_a_log_are_whole_lines(db, tmp_path, capsys, admin_user, body):
    """Into a pipe the table cut the message off at 80 columns: 「… 成员单位 …」."""
    expected = [str(e) for e in _bad_role_preview(admin_user, body).errors]
    path = tmp_path / "members.xlsx"
    path.write_bytes(make_xlsx(BAD_ROLE))
    assert main(["import-members", str(body.pk), str(path)]) == 1
    lines = capsys.readouterr().out.splitlines()
    for line in expected:
        assert line in lines  # 第 2 行 · 角色（C列）：… the whole message, one line
    assert not any("…" in line for line in lines)


def test_an_error_table_on_a_terminal_folds_the_message_instead_of_cutting_it(admin_user, body):
    preview = _bad_role_preview(admin_user, body)
    console = Console(force_terminal=True, width=60, record=True, highlight=False, soft_wrap=True)
    _print_errors(console, preview)
    shown = re.sub(r"[\s│┃┏┓┗┛┡┩└┘━─┳┻╇┴┼┬]", "", console.export_text())
    for e in preview.errors:
        assert re.sub(r"\s", "", e.message) in shown


# --- ports, intervals, hosts ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("argv", "says"),
    [
        (["serve", "--port", "99999"], "端口须为 1 到 65535 之间的整数"),
        (["serve", "--port", "-5"], "端口须为 1 到 65535 之间的整数"),
        (["serve", "--port", "0"], "端口须为 1 到 65535 之间的整数"),
        (["serve", "--job-workers", "-1"], "后台任务进程数须为 0 或正整数"),
        (["worker", "--interval", "-1"], "间隔须为大于 0 的秒数"),
        (["worker", "--interval", "nan"], "间隔须为大于 0 的秒数"),
        (["worker", "--interval", "inf"], "间隔须为大于 0 的秒数"),
    ],
)
def test_an_out_of_range_number_is_refused_with_what_to_give(argv, says, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    assert says in capsys.readouterr().err


def test_a_bad_port_in_the_environment_breaks_neither_help_nor_other_commands(
    db, monkeypatch, capsys
):
    monkeypatch.setenv("PORT", "abc")
    build_parser()  # was int("abc") while the parser was built
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    assert main(["serve", "--no-demo"]) == 2
    assert "环境变量 PORT 的值无效" in capsys.readouterr().out


def test_a_host_that_does_not_resolve_is_not_called_a_busy_port(db, capsys):
    assert main(["serve", "--host", "nosuchhost.invalid", "--port", str(free_port())]) == 2
    out = capsys.readouterr().out
    assert "nosuchhost.invalid" in out and "已被占用" not in out


def test_a_port_in_use_is_called_busy(db, capsys):
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--host", "127.0.0.1", "--port", str(port), "--no-demo"]) == 2
    assert f"端口 {port} 已被占用" in capsys.readouterr().out


# --- chanjiao match -------------------------------------------------------------------------


def test_match_errors_are_chinese_and_name_the_file(db, tmp_path, capsys):
    missing = tmp_path / "nonexist.csv"
    positions = tmp_path / "positions.csv"
    positions.write_text("position,cap\nP-001,1\n", encoding="utf-8")
    argv = ["match", "stable", "--positions", str(positions), "--out", str(tmp_path / "o.csv")]
    assert main([*argv, "--edges", str(missing)]) == 2
    out = " ".join(capsys.readouterr().out.split())
    assert "缺少列 capacity" in out and "missing" not in out
    positions.write_text("position,capacity\nP-001,1\n", encoding="utf-8")
    assert main([*argv, "--edges", str(missing)]) == 2
    out = " ".join(capsys.readouterr().out.split())
    assert f"候选配对文件 {missing} 不存在" in out and "no such file" not in out


def test_a_match_error_is_translated_with_its_words_and_lists():
    from chanjiao.talent.engine import MatchInputError, run_match_files

    with pytest.raises(MatchInputError) as excinfo:
        run_match_files("greedy", "e.csv", "p.csv", "o.csv")
    assert str(excinfo.value) == "模式须为 stable、optimal 之一，不能是“greedy”"
    english = {
        "模式须为 %(modes)s 之一，不能是“%(mode)s”": "mode must be one of %(modes)s, not “%(mode)s”",
        "、": ", ",
    }
    said = excinfo.value.translated(lambda m: english.get(m, m))
    assert said == "mode must be one of stable, optimal, not “greedy”"


# --- smaller slips --------------------------------------------------------------------------


def test_an_empty_body_reference_is_refused(db, tmp_path, capsys, admin_user, body):
    """ "" matched the bodies without a short name."""
    BodyFactory(short_name="")
    path = tmp_path / "members.xlsx"
    path.write_bytes(make_xlsx(GOOD_ROWS))
    assert main(["import-members", "  ", str(path)]) == 2
    assert "请给出产教融合体的编号或全称" in capsys.readouterr().out
    assert not body.memberships.exists()


def test_review_refuses_an_unknown_status(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["review", "--status", "bogus"])
    assert exit_.value.code == 2
    assert "bogus" in capsys.readouterr().err


def test_review_offers_every_status_of_an_article():
    from chanjiao.ingest.models import Article

    assert list(ARTICLE_STATUSES) == list(Article.Status.values)


@pytest.mark.parametrize("name", ["members.csv", "members.xls", "members"])
def test_an_export_refuses_a_file_name_that_is_not_xlsx(
    db, tmp_path, capsys, admin_user, body, name
):
    path = tmp_path / name
    assert main(["export-members", str(body.pk), str(path)]) == 2
    assert ".xlsx" in capsys.readouterr().out
    assert not path.exists()
    assert main(["export-members", str(body.pk), str(tmp_path / "members.XLSX")]) == 0
