"""The engine on files (``chanjiao match``): read edges and positions, solve, write the matches.

EDGES (.csv or .parquet) has the columns ``student, position, student_rank, position_rank,
score``: one row per candidate pair; ``student_rank`` 0 is the student's first choice,
``position_rank`` 0 the position's favourite (only their order matters); ``score`` is a number,
higher is better. POSITIONS has ``position, capacity``. Other columns are ignored. Ids may be
any strings or integers; they are mapped to dense indices (positions in file order, students
in order of first appearance). OUT (.csv or .parquet) gets ``student, position`` for every
matched student, with the ids as they were read.

Every problem with the input raises ``MatchInputError`` naming the file, the column and the
row (row 1 is the first row after the header).
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


class MatchInputError(ValueError):
    """A problem with the input files or arguments, phrased for whoever made the files."""


def _format(path: Path, what: str) -> str:
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise MatchInputError(f"{what} {path}: use a .csv or .parquet file")
    return suffix


def _read(path: Path, columns: tuple[str, ...], what: str) -> pa.Table:
    suffix = _format(path, what)
    if not path.is_file():
        raise MatchInputError(f"{what} {path}: no such file")
    try:
        table = _read_csv(path, columns) if suffix == ".csv" else pq.read_table(path)
    except (pa.ArrowInvalid, OSError) as exc:
        raise MatchInputError(f"{what} {path}: cannot read it: {exc}") from exc
    missing = [c for c in columns if c not in table.column_names]
    if missing:
        raise MatchInputError(
            f"{what} {path}: missing column(s) {', '.join(missing)} "
            f"(found: {', '.join(table.column_names) or 'none'}; needed: {', '.join(columns)})"
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


def _where(path: Path, column: str, row: int) -> str:
    """'edges.csv, column score, row 3' — row 1 is the first row after the header."""
    return f"{path.name}, column {column}, row {row + 1}"


def _check_nulls(table: pa.Table, path: Path) -> None:
    for name in table.column_names:
        col = table.column(name)
        if col.null_count:
            row = _first(col.is_null().to_numpy(zero_copy_only=False))
            raise MatchInputError(f"{_where(path, name, row)}: empty value")
        if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
            empty = pc.equal(pc.utf8_length(pc.utf8_trim_whitespace(col)), 0)
            if pc.any(empty).as_py():
                row = _first(empty.to_numpy(zero_copy_only=False))
                raise MatchInputError(f"{_where(path, name, row)}: empty value")


def _ids(table: pa.Table, name: str, path: Path) -> pa.Array:
    """An id column as text (for joining); integer and string ids are both fine."""
    col = table.column(name).combine_chunks()
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        return pc.utf8_trim_whitespace(col)
    if pa.types.is_integer(col.type) or pa.types.is_dictionary(col.type):
        return pc.cast(col, pa.string())
    raise MatchInputError(
        f"{path.name}, column {name}: ids must be text or whole numbers (found {col.type})"
    )


def _numbers(table: pa.Table, name: str, path: Path, *, integer: bool) -> np.ndarray:
    col = table.column(name).combine_chunks()
    kind = "a whole number" if integer else "a number"
    if pa.types.is_string(col.type) or pa.types.is_large_string(col.type):
        text = pc.utf8_trim_whitespace(col)
        try:
            col = pc.cast(text, pa.int64() if integer else pa.float64())
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            for row, value in enumerate(text.to_pylist()):
                try:
                    int(value) if integer else float(value)
                except ValueError:
                    raise MatchInputError(
                        f"{_where(path, name, row)}: {value!r} is not {kind}"
                    ) from None
            raise
    if not (pa.types.is_integer(col.type) or pa.types.is_floating(col.type)):
        raise MatchInputError(f"{path.name}, column {name}: must hold numbers (found {col.type})")
    values = col.to_numpy(zero_copy_only=False)
    if values.dtype.kind == "f":
        bad = ~np.isfinite(values)
        if integer:
            bad |= values != np.round(values)
        if bad.any():
            row = _first(bad)
            raise MatchInputError(
                f"{_where(path, name, row)}: {float(values[row])!r} is not {kind}"
            )
    if integer:
        values = values.astype(np.int64)
    return values.astype(np.float64) if not integer else values


def load_files(edges_path, positions_path) -> tuple[Instance, pa.Table]:
    """Read and check both files; returns the instance and the edges' id columns (for output)."""
    edges_path, positions_path = Path(edges_path), Path(positions_path)
    positions = _read(positions_path, POSITION_COLUMNS, "positions file")
    edges = _read(edges_path, EDGE_COLUMNS, "edges file")
    _check_nulls(positions, positions_path)
    _check_nulls(edges, edges_path)

    position_ids = _ids(positions, "position", positions_path)
    capacity = _numbers(positions, "capacity", positions_path, integer=True)
    if capacity.size and capacity.min() < 0:
        row = _first(capacity < 0)
        raise MatchInputError(
            f"{_where(positions_path, 'capacity', row)}: capacity {int(capacity[row])} of "
            f"position {position_ids[row].as_py()!r} is negative"
        )
    encoded = pc.dictionary_encode(position_ids)
    if len(encoded.dictionary) < len(position_ids):
        codes = encoded.indices.to_numpy(zero_copy_only=False)
        seen = np.zeros(len(encoded.dictionary), dtype=bool)
        for row, code in enumerate(codes):
            if seen[code]:
                raise MatchInputError(
                    f"{_where(positions_path, 'position', row)}: position "
                    f"{position_ids[row].as_py()!r} is listed twice"
                )
            seen[code] = True

    edge_positions = _ids(edges, "position", edges_path)
    position = pc.index_in(edge_positions, value_set=position_ids)
    if position.null_count:
        row = _first(position.is_null().to_numpy(zero_copy_only=False))
        raise MatchInputError(
            f"{_where(edges_path, 'position', row)}: unknown position "
            f"{edge_positions[row].as_py()!r} (not in {positions_path.name})"
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
        raise MatchInputError(_explain(exc, edges, edges_path)) from exc
    return inst, edges.select(["student", "position"])


def _explain(exc: InstanceError, edges: pa.Table, path: Path) -> str:
    """The instance's complaint about edge indices, retold with rows and ids."""
    if len(exc.edges) != 2:
        return f"{path.name}: {exc}"
    r1, r2 = exc.edges

    def cell(column: str, row: int):
        return edges.column(column)[row].as_py()

    rows = f"{path.name}, rows {r1 + 1} and {r2 + 1}"
    if exc.kind == "duplicate_edge":
        return (
            f"{rows}: student {cell('student', r1)!r} and position {cell('position', r1)!r} "
            "appear twice; list each pair once"
        )
    if exc.kind == "student_rank_tie":
        return (
            f"{rows}, column student_rank: student {cell('student', r1)!r} ranks positions "
            f"{cell('position', r1)!r} and {cell('position', r2)!r} equally "
            f"({cell('student_rank', r1)}); a student's ranks must differ"
        )
    if exc.kind == "position_rank_tie":
        return (
            f"{rows}, column position_rank: position {cell('position', r1)!r} ranks students "
            f"{cell('student', r1)!r} and {cell('student', r2)!r} equally "
            f"({cell('position_rank', r1)}); a position's ranks must differ"
        )
    return f"{path.name}: {exc}"


def _write(table: pa.Table, path: Path) -> None:
    suffix = _format(path, "output file")
    if not path.parent.is_dir():
        raise MatchInputError(f"output file {path}: folder {path.parent} does not exist")
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
        raise MatchInputError(f"mode must be one of {', '.join(MODES)}, not {mode!r}")
    out_path = Path(out_path)
    _format(out_path, "output file")
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
