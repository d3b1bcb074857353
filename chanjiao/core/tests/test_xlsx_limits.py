"""The .xlsx and export limits are settings an operator sets from the environment, and the
parsers follow them (chanjiao.core.xlsx, chanjiao.core.listing; docs/deployment.md)."""

import pytest

from chanjiao.core.testing import make_xlsx
from chanjiao.core.tests.test_production import _env, _settings_in_a_fresh_process
from chanjiao.core.xlsx import UnsafeSpreadsheet, check_xlsx
from chanjiao.talent import excel as talent_excel

LIMITS = {
    "CHANJIAO_XLSX_MAX_BYTES": "2048",
    "CHANJIAO_XLSX_MAX_UNCOMPRESSED": "4096",
    "CHANJIAO_XLSX_MAX_RATIO": "7",
    "CHANJIAO_XLSX_MAX_ROWS": "12",
    "CHANJIAO_EXPORT_MAX_ROWS": "34",
}


def test_the_limits_are_read_from_the_environment(tmp_path):
    values = _settings_in_a_fresh_process(_env(tmp_path, **LIMITS), *LIMITS)
    assert values == LIMITS


def test_the_limits_have_their_documented_defaults(tmp_path):
    values = _settings_in_a_fresh_process(_env(tmp_path), *LIMITS)
    assert values == {
        "CHANJIAO_XLSX_MAX_BYTES": str(10 * 1024 * 1024),
        "CHANJIAO_XLSX_MAX_UNCOMPRESSED": str(64 * 1024 * 1024),
        "CHANJIAO_XLSX_MAX_RATIO": "200",
        "CHANJIAO_XLSX_MAX_ROWS": "20000",
        "CHANJIAO_EXPORT_MAX_ROWS": "100000",
    }


def test_the_row_limit_setting_is_the_one_the_importers_parse_with(settings):
    rows = [["用人单位", "岗位名称"], *[["甲公司", f"岗位{i}"] for i in range(20)]]
    data = make_xlsx(rows)
    settings.CHANJIAO_XLSX_MAX_ROWS = 3  # (the door allows ten title rows above the header)
    with pytest.raises(UnsafeSpreadsheet):
        check_xlsx(data)
    with pytest.raises(talent_excel.ImportFileError):
        talent_excel._table_rows(data, "x.xlsx")
    settings.CHANJIAO_XLSX_MAX_ROWS = 100
    check_xlsx(data)
    assert len(talent_excel._table_rows(data, "x.xlsx")) == 21
