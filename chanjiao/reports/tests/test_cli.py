"""``chanjiao collect open|status|lock BODY YEAR``."""

from __future__ import annotations

from chanjiao.cli import main
from chanjiao.registry.tests.factories import MembershipFactory, OrganizationFactory
from chanjiao.reports.models import CollectionRound


def test_collect_opens_shows_and_locks_a_round(db, admin_user, body, member_org, capsys):
    MembershipFactory(body=body, organization=member_org)
    MembershipFactory(body=body, organization=OrganizationFactory(kind="enterprise"))
    assert main(["collect", "open", body.name, "2024", "--deadline", "2025-03-31"]) == 0
    assert "2 张填报表" in capsys.readouterr().out
    round_ = CollectionRound.objects.get(body=body, year=2024)
    assert str(round_.deadline) == "2025-03-31"
    assert main(["collect", "status", str(body.pk), "2024"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert member_org.name in out and "已提交 0 / 2" in out
    assert main(["collect", "lock", body.name, "2024"]) == 0
    round_.refresh_from_db()
    assert round_.status == "locked"


def test_collect_says_what_is_wrong(db, admin_user, body, capsys):
    assert main(["collect", "status", body.name, "2023"]) == 2
    assert "没有 2023 年度的填报" in capsys.readouterr().out
    assert main(["collect", "open", body.name, "2024", "--deadline", "3月底"]) == 2
    assert "YYYY-MM-DD" in capsys.readouterr().out
    assert main(["collect", "open", body.name, "1900"]) == 2
    assert "1990" in capsys.readouterr().out


def test_report_writes_each_format(db, admin_user, world, tmp_path, capsys):
    import json

    for fmt, magic in (("docx", b"PK"), ("pdf", b"%PDF"), ("html", b"<!DOCTYPE html>")):
        out = tmp_path / f"report.{fmt}"
        assert main(["report", str(world.pk), "2024", "--format", fmt, "--out", str(out)]) == 0
        assert out.read_bytes().startswith(magic), fmt
    out = tmp_path / "report.json"
    assert main(["report", str(world.pk), "2024", "--format", "json", "--out", str(out)]) == 0
    assert json.loads(out.read_text())["indicators"]["members_total"]["value"] == "4"
    assert main(["report", str(world.pk), "1800", "--format", "json"]) == 2
    assert "1990" in capsys.readouterr().out
