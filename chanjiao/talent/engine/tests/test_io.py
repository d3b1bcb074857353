"""Files in, files out: ``run_match_files`` and ``chanjiao match``."""

from pathlib import Path

import pyarrow as pa
import pyarrow.csv as pcsv
import pyarrow.parquet as pq
import pytest

from chanjiao.cli import main
from chanjiao.talent.engine import MatchInputError, run_match_files

EDGES = """student,position,student_rank,position_rank,score
张三,P-001,0,1,0.9
张三,P-002,1,0,0.4
李四,P-001,0,0,0.8
王五,P-001,0,2,0.7
王五,P-002,1,1,0.6
"""
POSITIONS = """position,capacity
P-001,1
P-002,1
"""


def write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def files(tmp_path):
    return write(tmp_path / "edges.csv", EDGES), write(tmp_path / "positions.csv", POSITIONS)


def read_pairs(path: Path) -> set[tuple]:
    table = pcsv.read_csv(path) if path.suffix == ".csv" else pq.read_table(path)
    return set(zip(table["student"].to_pylist(), table["position"].to_pylist(), strict=True))


def test_csv_round_trip_with_string_ids(files, tmp_path):
    edges, positions = files
    out = tmp_path / "out.csv"
    summary = run_match_files("stable", edges, positions, out)
    # P-001 prefers 李四; 张三 falls back to P-002 (which prefers 张三 to 王五).
    assert read_pairs(out) == {("李四", "P-001"), ("张三", "P-002")}
    assert out.read_text(encoding="utf-8").splitlines()[0] == "student,position"  # unquoted
    assert summary["matched"] == 2
    assert summary["objective"] == pytest.approx(1.2)
    assert summary["check"] == "ok"
    assert summary["students"] == 3 and summary["positions"] == 2 and summary["edges"] == 5
    assert summary["seconds"] >= 0


def test_parquet_round_trip_keeps_integer_ids(tmp_path):
    edges = pa.table(
        {
            "student": [101, 101, 102, 103, 103],
            "position": [7, 8, 7, 7, 8],
            "student_rank": [0, 1, 0, 0, 1],
            "position_rank": [1, 0, 0, 2, 1],
            "score": [0.9, 0.4, 0.8, 0.7, 0.6],
        }
    )
    positions = pa.table({"position": [7, 8], "capacity": [1, 1]})
    pq.write_table(edges, tmp_path / "edges.parquet")
    pq.write_table(positions, tmp_path / "positions.parquet")
    out = tmp_path / "out.parquet"
    summary = run_match_files(
        "optimal", tmp_path / "edges.parquet", tmp_path / "positions.parquet", out
    )
    # Maximum total: 101→7 (0.9) + 103→8 (0.6) = 1.5 beats 102→7 + 101→8 (1.2).
    assert read_pairs(out) == {(101, 7), (103, 8)}
    assert pq.read_table(out).schema.field("student").type == pa.int64()
    assert summary["objective"] == pytest.approx(1.5)


def test_csv_in_parquet_out_and_leading_zeros_survive(tmp_path):
    edges = write(
        tmp_path / "e.csv", "student,position,student_rank,position_rank,score\n007,01,0,0,1\n"
    )
    positions = write(tmp_path / "p.csv", "position,capacity\n01,3\n")
    out = tmp_path / "o.parquet"
    run_match_files("stable", edges, positions, out)
    assert read_pairs(out) == {("007", "01")}


def test_csv_saved_by_excel_in_gb18030_or_with_a_bom_is_read(files, tmp_path):
    edges, _ = files
    positions = tmp_path / "positions.csv"
    positions.write_bytes(POSITIONS.encode("gb18030"))
    (tmp_path / "edges.csv").write_bytes(EDGES.encode("gb18030"))
    run_match_files("stable", edges, positions, tmp_path / "a.csv")
    (tmp_path / "edges.csv").write_bytes(EDGES.encode("utf-8-sig"))
    run_match_files("stable", edges, positions, tmp_path / "b.csv")
    assert (
        read_pairs(tmp_path / "a.csv")
        == read_pairs(tmp_path / "b.csv")
        == {
            ("李四", "P-001"),
            ("张三", "P-002"),
        }
    )


@pytest.mark.parametrize(
    ("edges", "positions", "message"),
    [
        (
            "\n".join(line.rsplit(",", 1)[0] for line in EDGES.splitlines()),
            POSITIONS,
            "缺少列 score（现有：student、position、student_rank、position_rank；",
        ),
        (EDGES, "position,cap\nP-001,1\n", "缺少列 capacity"),
        (
            EDGES,
            "position,capacity\nP-001,1\nP-002,-3\n",
            "positions.csv 第 2 行 capacity 列：岗位“P-002”的容量 -3 是负数",
        ),
        (
            EDGES + "李四,P-001,1,3,0.1\n",
            POSITIONS,
            "edges.csv 第 3 行和第 6 行：学生“李四”与岗位“P-001”出现了两次",
        ),
        (
            EDGES.replace("王五,P-002,1,1,0.6", "王五,P-002,0,1,0.6"),
            POSITIONS,
            "edges.csv 第 4 行和第 5 行 student_rank 列：学生“王五”把岗位“P-001”和“P-002”排在同一位（0）",
        ),
        (
            EDGES.replace("王五,P-001,0,2,0.7", "王五,P-001,0,1,0.7"),
            POSITIONS,
            "edges.csv 第 1 行和第 4 行 position_rank 列：岗位“P-001”把学生“张三”和“王五”排在同一位（1）",
        ),
        (
            EDGES + "赵六,P-404,0,0,0.5\n",
            POSITIONS,
            "edges.csv 第 6 行 position 列：岗位“P-404”不在 positions.csv 中",
        ),
        (
            EDGES,
            POSITIONS + "P-001,2\n",
            "positions.csv 第 3 行 position 列：岗位“P-001”出现了两次",
        ),
        (EDGES.replace("0.4", "abc"), POSITIONS, "edges.csv 第 2 行 score 列：“abc”不是数字"),
        (
            EDGES.replace("张三,P-002,1,0", "张三,P-002,x,0"),
            POSITIONS,
            "edges.csv 第 2 行 student_rank 列：“x”不是整数",
        ),
        (EDGES.replace("李四,P-001", ",P-001"), POSITIONS, "edges.csv 第 3 行 student 列：值为空"),
        (EDGES.replace("0.8", "nan"), POSITIONS, "edges.csv 第 3 行 score 列：“nan”不是数字"),
    ],
)
def test_bad_input_is_named_by_column_and_row(tmp_path, edges, positions, message):
    e = write(tmp_path / "edges.csv", edges)
    p = write(tmp_path / "positions.csv", positions)
    with pytest.raises(MatchInputError) as excinfo:
        run_match_files("stable", e, p, tmp_path / "out.csv")
    assert message in str(excinfo.value)
    assert not (tmp_path / "out.csv").exists()


def test_bad_mode_formats_and_paths(files, tmp_path):
    edges, positions = files
    with pytest.raises(MatchInputError, match="模式须为 stable、optimal 之一"):
        run_match_files("greedy", edges, positions, tmp_path / "o.csv")
    with pytest.raises(MatchInputError, match=r"请使用 \.csv 或 \.parquet 文件"):
        run_match_files("stable", edges, positions, tmp_path / "o.xlsx")
    with pytest.raises(MatchInputError, match="不存在：请检查路径"):
        run_match_files("stable", tmp_path / "missing.csv", positions, tmp_path / "o.csv")
    with pytest.raises(MatchInputError, match="文件夹 .* 不存在"):
        run_match_files("stable", edges, positions, tmp_path / "nowhere" / "o.csv")


def test_cli_match_prints_the_summary_and_writes_the_file(files, tmp_path, capsys):
    edges, positions = files
    out = tmp_path / "out.csv"
    code = main(
        ["match", "stable", "--edges", str(edges), "--positions", str(positions), "--out", str(out)]
    )
    printed = capsys.readouterr().out
    assert code == 0, printed
    assert "已匹配：2 / 3 名学生" in printed
    assert "目标值：1.200000" in printed
    assert "用时：" in printed and "检查：ok" in printed
    assert read_pairs(out) == {("李四", "P-001"), ("张三", "P-002")}


def test_cli_match_reports_bad_input_with_exit_code_2(files, tmp_path, capsys):
    edges, _ = files
    positions = write(tmp_path / "positions.csv", "position,capacity\nP-001,-1\nP-002,1\n")
    code = main(
        [
            "match",
            "optimal",
            "--edges",
            str(edges),
            "--positions",
            str(positions),
            "--out",
            str(tmp_path / "out.csv"),
        ]
    )
    assert code == 2
    printed = " ".join(capsys.readouterr().out.split())  # rich wraps long lines
    assert "positions.csv 第 1 行 capacity 列：岗位“P-001”的容量 -1 是负数" in printed
