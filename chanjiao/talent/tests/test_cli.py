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


def test_import_talent_loads_students_then_their_choices_all_rows_or_none(
    world, body, tmp_path, capsys, secretariat_user
):
    from chanjiao.core.testing import make_xlsx
    from chanjiao.talent.models import Application, Student
    from chanjiao.talent.tests.test_excel_students import _choices, _students

    students = tmp_path / "学生.xlsx"
    students.write_bytes(make_xlsx(_students(world, "S101", "S102")))
    args = ["import-talent", str(body.pk), "students", str(students), "--as", "secretariat"]
    assert main([*args, "--dry-run"]) == 0
    assert not Student.objects.filter(display_name="S101").exists()
    assert main(args) == 0
    assert "新增 2" in " ".join(capsys.readouterr().out.split())
    assert Student.objects.filter(display_name__in=["S101", "S102"]).count() == 2

    posting = world["postings"]["soft"]
    choices = tmp_path / "志愿.xlsx"
    good = ["S101", posting.enterprise.name, posting.title, 1]
    bad = ["S999", posting.enterprise.name, posting.title, 1]  # no such student
    choices.write_bytes(make_xlsx(_choices(world, good, bad)))
    args = ["import-talent", str(body.pk), "applications", str(choices), "--as", "secretariat"]
    assert main(args) == 1
    out = " ".join(capsys.readouterr().out.split())
    assert "未写入任何数据" in out and "错误（1）" in out
    assert not Application.objects.filter(student__display_name="S101").exists()
    choices.write_bytes(make_xlsx(_choices(world, good)))
    assert main(args) == 0
    assert Application.objects.filter(student__display_name="S101", posting=posting).exists()
