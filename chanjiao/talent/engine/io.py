"""The engine on files (``chanjiao match``): read edges and positions, solve, write the matches.

EDGES (.csv or .parquet) has the columns ``student, position, student_rank, position_rank,
score``: one row per candidate pair; ``student_rank`` 0 is the student's first choice,
``position_rank`` 0 the position's favourite (only their order matters); ``score`` is a number,
higher is better. POSITIONS has ``position, capacity``. Other columns are ignored. Ids may be
any strings or integers; they are mapped to dense indices (positions in file order, students
in order of first appearance). OUT (.csv or .parquet) gets ``student, position`` for every
matched student, with the ids as they were read.

Every problem with the input raises ``MatchInputError`` naming the file, the column and the
row (row 1 is the first row after the header). Its message is a catalogue msgid (Chinese) with
its values beside it: this module stays free of django, and ``chanjiao match`` shows it in the
reader's language (``MatchInputError.translated(gettext)``), as the ingest pipeline's errors.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pcsv
import pyarrow.parquet as pq

from .check import check_feasible, check_stable
from .instance import Instance, InstanceError
from .optimal import optimal_match
from .stable import stable_match

__all__ = ["EDGE_COLUMNS", "POSITION_COLUMNS", "MatchInputError", "load_files", "run_match_files"]

EDGE_COLUMNS = ("student", "position", "student_rank", "position_rank", "score")
POSITION_COLUMNS = ("position", "capacity")
MODES = ("stable", "optimal")
FORMATS = (".csv", ".parquet")


def gettext_noop(message: str) -> str:
    """Marks ``message`` for the catalogue (makemessages extracts it); translated where the
    error is shown."""
    return message


class Term(str):
    """A word of the catalogue used as a value in a message (岗位文件): translated with it."""


EDGES_FILE = Term(gettext_noop("候选配对文件"))
POSITIONS_FILE = Term(gettext_noop("岗位文件"))
OUTPUT_FILE = Term(gettext_noop("输出文件"))
NONE = Term(gettext_noop("无"))


class MatchInputError(ValueError):
    """A problem with the input files or arguments, phrased for whoever made the files.

    ``message`` is a catalogue msgid (Chinese) with ``%(name)s`` placeholders filled from
    ``params`` (a :class:`Term` is translated too, a tuple is a list of names); str(exc) is the
    Chinese text and ``translated(gettext)`` the text in the active language.
    """

    def __init__(self, message: str, **params: object):
        self.message, self.params = message, params
        super().__init__(_fill(message, params, _untranslated))

    def translated(self, gettext: Callable[[str], str]) -> str:
        return _fill(gettext(self.message), self.params, gettext)


def _untranslated(message: str) -> str:
    return message


def _fill(message: str, params: dict, gettext: Callable[[str], str]) -> str:
    if not params:
        return message
    values = {}
    for name, value in params.items():
        if isinstance(value, Term):
            value = gettext(value)
        elif isinstance(value, tuple):
            value = gettext("、").join(str(item) for item in value)
        values[name] = value
    return message % values


def _format(path: Path, what: Term) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise MatchInputError(
            gettext_noop("%(what)s %(path)s：请使用 .csv 或 .parquet 文件"), what=what, path=path
        )
    return suffix


def _read(path: Path, columns: tuple[str, ...], what: Term) -> pa.Table:
    suffix = _format(path, what)
    if not path.is_file():
        raise MatchInputError(
            gettext_noop("%(what)s %(path)s 不存在：请检查路径"), what=what, path=path
        )
    try:
        table = _read_csv(path, columns) if suffix == ".csv" else pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise MatchInputError(
            gettext_noop("无法读取%(what)s %(path)s：%(error)s"), what=what, path=path, error=exc
        ) from exc
    missing = tuple(c for c in columns if c not in table.column_names)
    if missing:
        raise MatchInputError(
            gettext_noop(
                "%(what)s %(path)s 缺少列 %(missing)s（现有：%(found)s；须有：%(needed)s）"
            ),
            what=what,
            path=path,
            missing=missing,
            found=tuple(table.column_names) or NONE,
            needed=columns,
        )
    return table.select(list(columns)).combine_chunks()


def _read_csv(path: Path, columns: tuple[str, ...]) -> pa.Table:
    """UTF-8 (with or without BOM), or GB18030 as saved by Excel on a Chinese Windows.

    Every required column is read as text: ids keep their leading zeros, and numbers are parsed
    later, where a bad value can be reported with its row.
    """
    convert = pcsv.ConvertOptions(column_types=dict.fromkeys(columns, pa.string()))
    try:
        return pcsv.read_csv(path, convert_options=convert)
    except pa.ArrowInvalid as exc:
        if "UTF8" not in str(exc):
            raise
        return pcsv.read_csv(
            path, read_options=pcsv.ReadOptions(encoding="gb18030"), convert_options=convert
        )


def _first(mask: np.ndarray) -> int:
    return int(np.flatnonzero(mask)[0])


def _cell(message: str, path: Path, column: str, row: int, **params: object) -> MatchInputError:
    """A problem with one cell: ``message`` has ``%(file)s``, ``%(column)s`` and ``%(row)d``
    (row 1 is the first row after the header) besides its own values."""
    return MatchInputError(message, file=path.name, column=column, row=row + 1, **params)


_EMPTY = gettext_noop("%(file)s 第 %(row)d 行 %(column)s 列：值为空，请填写")


def _check_nulls(table: pa.Table, path: Path) -> None:
    for name in table.column_names:
        col = table.column(name)
        if col.null_count:
            row = _first(col.is_null().to_numpy(zero_copy_only=False))
            raise _cell(_EMPTY, path, name, row)
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            empty = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(col)), 0)
            if pc.any(empty).as_py():
                row = _first(empty.to_numpy(zero_copy_only=False))
                raise _cell(_EMPTY, path, name, row)


def _ids(table: pa.Table, name: str, path: Path) -> pa.Array:
    """An id column as text (for joining); integer and string ids are both fine."""
    col = table.column(name).combine_chunks()
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        return pc.utf8_trim_whitespace(col)
    if pa.types.is_integer(col.type) or pa.types.is_dictionary(col.type):
        return pc.cast(col, pa.string())
    raise MatchInputError(
        gettext_noop("%(file)s 的 %(column)s 列：编号须为文字或整数（现为 %(type)s）"),
        file=path.name,
        column=name,
        type=col.type,
    )


def _numbers(table: pa.Table, name: str, path: Path, *, integer: bool) -> np.ndarray:
    col = table.column(name).combine_chunks()
    not_a_number = (
        gettext_noop("%(file)s 第 %(row)d 行 %(column)s 列：“%(value)s”不是整数")
        if integer
        else gettext_noop("%(file)s 第 %(row)d 行 %(column)s 列：“%(value)s”不是数字")
    )
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        text = pc.utf8_trim_whitespace(col)
        try:
            col = pc.cast(text, pa.int64() if integer else pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            for row, value in enumerate(text.to_pylist()):
                try:
                    int(value) if integer else float(value)
                except ValueError:
                    raise _cell(not_a_number, path, name, row, value=value) from None
            raise
    if not (pa.types.is_integer(col.type) or pa.types.is_floating(col.type)):
        raise MatchInputError(
            gettext_noop("%(file)s 的 %(column)s 列须为数字（现为 %(type)s）"),
            file=path.name,
            column=name,
            type=col.type,
        )
    values = col.to_numpy(zero_copy_only=False)
    if values.dtype.kind == "f":
        bad = ~np.isfinite(values)
        if integer:
            bad |= values != np.round(values)
        if bad.any():
            row = _first(bad)
            raise _cell(not_a_number, path, name, row, value=repr(float(values[row])))
    if integer:
        values = values.astype(np.int64)
    return values.astype(np.float64) if not integer else values


def load_files(edges_path, positions_path) -> tuple[Instance, pa.Table]:
    """Read and check both files; returns the instance and the edges' id columns (for output)."""
    edges_path, positions_path = Path(edges_path), Path(positions_path)
    positions = _read(positions_path, POSITION_COLUMNS, POSITIONS_FILE)
    edges = _read(edges_path, EDGE_COLUMNS, EDGES_FILE)
    _check_nulls(positions, positions_path)
    _check_nulls(edges, edges_path)

    position_ids = _ids(positions, "position", positions_path)
    capacity = _numbers(positions, "capacity", positions_path, integer=True)
    if capacity.size and capacity.min() < 0:
        row = _first(capacity < 0)
        raise _cell(
            gettext_noop(
                "%(file)s 第 %(row)d 行 %(column)s 列：岗位“%(position)s”的容量 %(capacity)d "
                "是负数，须为 0 或正整数"
            ),
            positions_path,
            "capacity",
            row,
            position=position_ids[row].as_py(),
            capacity=int(capacity[row]),
        )
    encoded = pc.dictionary_encode(position_ids)
    if len(encoded.dictionary) < len(position_ids):
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        seen = np.zeros(len(encoded.dictionary), dtype=bool)
        for row, code in enumerate(codes):
            if seen[code]:
                raise _cell(
                    gettext_noop(
                        "%(file)s 第 %(row)d 行 %(column)s 列：岗位“%(position)s”出现了两次，"
                        "每个岗位只列一次"
                    ),
                    positions_path,
                    "position",
                    row,
                    position=position_ids[row].as_py(),
                )
            seen[code] = True

    edge_positions = _ids(edges, "position", edges_path)
    position = pc.index_in(edge_positions, value_set=position_ids)
    if position.null_count:
        row = _first(position.is_null().to_numpy(zero_copy_only=False))
        raise _cell(
            gettext_noop(
                "%(file)s 第 %(row)d 行 %(column)s 列：岗位“%(position)s”不在 %(positions)s 中"
            ),
            edges_path,
            "position",
            row,
            position=edge_positions[row].as_py(),
            positions=positions_path.name,
        )
    student_ids = pc.dictionary_encode(_ids(edges, "student", edges_path))
    student = student_ids.indices.to_numpy(zero_copy_only=False)
    student_rank = _numbers(edges, "student_rank", edges_path, integer=True)
    position_rank = _numbers(edges, "position_rank", edges_path, integer=True)
    score = _numbers(edges, "score", edges_path, integer=False)

    try:
        inst = Instance.from_edges(
            n_students=len(student_ids.dictionary),
            n_positions=len(position_ids),
            capacity=capacity,
            student=student,
            position=position.to_numpy(zero_copy_only=False),
            student_rank=student_rank,
            position_rank=position_rank,
            score=score,
        )
    except InstanceError as exc:
        raise _explain(exc, edges, edges_path) from exc
    return inst, edges.select(["student", "position"])


def _explain(exc: InstanceError, edges: pa.Table, path: Path) -> MatchInputError:
    """The instance's complaint about edge indices, retold with rows and ids."""
    if len(exc.edges) != 2:
        # The instance's own words (English): the checks above leave little to reach it.
        return MatchInputError(gettext_noop("%(file)s：%(error)s"), file=path.name, error=exc)
    r1, r2 = exc.edges

    def cell(column: str, row: int):
        return edges.column(column)[row].as_py()

    rows = {"file": path.name, "first": r1 + 1, "second": r2 + 1}
    if exc.kind == "duplicate_edge":
        return MatchInputError(
            gettext_noop(
                "%(file)s 第 %(first)d 行和第 %(second)d 行：学生“%(student)s”与岗位"
                "“%(position)s”出现了两次，每对只列一次"
            ),
            **rows,
            student=cell("student", r1),
            position=cell("position", r1),
        )
    if exc.kind == "student_rank_tie":
        return MatchInputError(
            gettext_noop(
                "%(file)s 第 %(first)d 行和第 %(second)d 行 student_rank 列：学生“%(student)s”"
                "把岗位“%(position)s”和“%(other)s”排在同一位（%(rank)s），"
                "同一学生的排序须各不相同"
            ),
            **rows,
            student=cell("student", r1),
            position=cell("position", r1),
            other=cell("position", r2),
            rank=cell("student_rank", r1),
        )
    if exc.kind == "position_rank_tie":
        return MatchInputError(
            gettext_noop(
                "%(file)s 第 %(first)d 行和第 %(second)d 行 position_rank 列：岗位“%(position)s”"
                "把学生“%(student)s”和“%(other)s”排在同一位（%(rank)s），"
                "同一岗位的排序须各不相同"
            ),
            **rows,
            position=cell("position", r1),
            student=cell("student", r1),
            other=cell("student", r2),
            rank=cell("position_rank", r1),
        )
    return MatchInputError(gettext_noop("%(file)s：%(error)s"), file=path.name, error=exc)


def _write(table: pa.Table, path: Path) -> None:
    suffix = _format(path, OUTPUT_FILE)
    if not path.parent.is_dir():
        raise MatchInputError(
            gettext_noop("%(what)s %(path)s：文件夹 %(folder)s 不存在，请先建立它或换一个位置"),
            what=OUTPUT_FILE,
            path=path,
            folder=path.parent,
        )
    if suffix == ".csv":
        # Plain ids unquoted (what people expect to see); quotes only when an id needs them.
        special = any(
            pc.any(pc.match_substring_regex(pc.cast(col, pa.string()), '[",\r\n]')).as_py()
            for col in table.columns
        )
        options = pcsv.WriteOptions(
            include_header=False, quoting_style="needed" if special else "none"
        )
        with pa.OSFile(str(path), "wb") as sink:
            sink.write(",".join(table.column_names).encode() + b"\n")  # arrow quotes headers
            pcsv.write_csv(table, sink, write_options=options)
    else:
        pq.write_table(table, path)


def run_match_files(
    mode: str,
    edges_path,
    positions_path,
    out_path,
    progress: Callable[[int, int], None] | None = None,
) -> dict:
    """Solve the instance in the two files in ``mode`` ("stable" or "optimal"), write the
    matches to ``out_path`` and verify them (stable: no blocking pair; optimal: feasible).

    Returns ``{"matched", "objective", "seconds", "students", "positions", "edges", "check",
    "total_seconds"}``: ``seconds`` is the solver's time, ``total_seconds`` includes reading,
    checking and writing; ``check`` is "ok" or what is wrong. Raises ``MatchInputError``.
    """
    t0 = time.perf_counter()
    if mode not in MODES:
        raise MatchInputError(
            gettext_noop("模式须为 %(modes)s 之一，不能是“%(mode)s”"), modes=MODES, mode=mode
        )
    out_path = Path(out_path)
    _format(out_path, OUTPUT_FILE)
    inst, ids = load_files(edges_path, positions_path)
    solve = stable_match if mode == "stable" else optimal_match
    result = solve(inst, progress=progress)
    report = (check_stable if mode == "stable" else check_feasible)(inst, result.assignment)
    rows = np.flatnonzero(result.assignment[inst.student] == inst.position)
    _write(ids.take(pa.array(rows)), out_path)
    return {
        "mode": mode,
        "students": inst.n_students,
        "positions": inst.n_positions,
        "edges": inst.n_edges,
        "matched": result.matched,
        "objective": result.objective,
        "seconds": result.seconds,
        "check": report.summary(),
        "total_seconds": time.perf_counter() - t0,
    }
