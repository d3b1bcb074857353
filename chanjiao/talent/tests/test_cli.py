"""``chanjiao import-majors FILE``: the catalogue from .csv/.xlsx, all rows or none."""

from chanjiao.cli import main
from chanjiao.talent.models import Major
from chanjiao.talent.tests.test_excel import CATALOGUE


def test_import_majors_loads_a_csv(db, tmp_path, capsys, admin_user):
    path = tmp_path / "目录.csv"
    path.write_text(CATALOGUE, encoding="utf-8")
    assert main(["import-majors", str(path)]) == 0
    out = " ".join(capsys.readouterr().out.split())  # rich wraps long lines
    assert "新专业 4" in out
    assert Major.objects.filter(code="460301", name="测试机电专业").exists()


def test_import_majors_with_a_bad_row_exits_non_zero_and_writes_nothing(
    db, tmp_path, capsys, admin_user
):
    path = tmp_path / "目录.csv"
    path.write_text(CATALOGUE + "高职专科,12,坏代码,46,4603,\n", encoding="utf-8")
    assert main(["import-majors", str(path)]) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "未写入任何数据" in out and "错误（1）" in out
    assert not Major.objects.exists()


def test_import_majors_of_a_missing_file_is_a_clear_error(db, tmp_path, admin_user):
    assert main(["import-majors", str(tmp_path / "none.csv")]) == 2
