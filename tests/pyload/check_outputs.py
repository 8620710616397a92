#!/usr/bin/env python3
"""Check that a newsmill export folder loads into pandas and DuckDB with the column
names, order and types documented in SCHEMA.md.

    python tests/pyload/check_outputs.py output/<run-id> [--schema SCHEMA.md]
        [--formats csv,parquet,xlsx,jsonl]

Needs pandas, pyarrow and duckdb (openpyxl for xlsx). Exits 0 when everything
matches, 1 with one line per mismatch otherwise, 2 on bad usage or a missing file.
Things that are expected but worth knowing (a CSV text column DuckDB sniffed as DATE,
an all-empty column) are printed as notes and do not fail the check.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
DEFAULT_SCHEMA = HERE.parent.parent / "SCHEMA.md"

# DuckDB types per kind (SCHEMA.md, "Column kinds").
DUCKDB_PARQUET = {
    "text": "VARCHAR",
    "url": "VARCHAR",
    "int": "BIGINT",
    "float": "DOUBLE",
    "bool": "BOOLEAN",
    "timestamp": "TIMESTAMP WITH TIME ZONE",
    "list": "VARCHAR[]",
}
DUCKDB_CSV = dict(DUCKDB_PARQUET, list="VARCHAR")


def parse_schema(path: Path) -> dict[str, list[tuple[str, str]]]:
    """{table: [(column, kind), ...]} from the '### <table>' sections of SCHEMA.md."""
    text = path.read_text(encoding="utf-8")
    tables: dict[str, list[tuple[str, str]]] = {}
    start = text.find("\n## Tables")
    if start < 0:
        raise SystemExit(f"{path}: no '## Tables' section")
    section = text[start:]
    end = section.find("\n## ", 1)
    section = section if end < 0 else section[:end]
    for block in re.split(r"\n### ", section)[1:]:
        name = block.split("\n", 1)[0].strip()
        rows = re.findall(r"^\| `([^`]+)` \| (\w+) \|", block, flags=re.M)
        if not rows:
            raise SystemExit(f"{path}: table {name} lists no columns")
        tables[name] = rows
    if not tables:
        raise SystemExit(f"{path}: no tables found")
    return tables


class Report:
    def __init__(self) -> None:
        self.errors: list[str] = []
        self.notes: list[str] = []
        self.checked = 0

    def error(self, where: str, message: str) -> None:
        self.errors.append(f"{where}: {message}")

    def note(self, where: str, message: str) -> None:
        self.notes.append(f"{where}: {message}")


def is_text_dtype(dtype) -> bool:
    import pandas as pd

    return dtype == object or pd.api.types.is_string_dtype(dtype)


def check_names(report: Report, where: str, got: list[str], want: list[str]) -> bool:
    if got != want:
        report.error(where, f"columns {got} != documented {want}")
        return False
    return True


def check_parquet(report: Report, path: Path, columns: list[tuple[str, str]]) -> None:
    import duckdb
    import pandas as pd

    names = [c for c, _ in columns]
    frame = pd.read_parquet(path)
    where = f"{path.name} (pandas)"
    if check_names(report, where, list(frame.columns), names):
        for name, kind in columns:
            series = frame[name]
            dtype = series.dtype
            has_nulls = bool(series.isna().any())
            ok = {
                "text": is_text_dtype(dtype),
                "url": is_text_dtype(dtype),
                "int": str(dtype) == "int64" or (str(dtype) == "float64" and has_nulls),
                "float": str(dtype) == "float64",
                "bool": str(dtype) == "bool" or (dtype == object and has_nulls),
                "timestamp": isinstance(dtype, pd.DatetimeTZDtype) and str(dtype.tz) == "UTC",
                "list": dtype == object
                and all(hasattr(v, "__len__") and not isinstance(v, str) for v in series.dropna()),
            }[kind]
            report.checked += 1
            if not ok:
                report.error(where, f"column {name} ({kind}) has dtype {dtype}")
    where = f"{path.name} (duckdb)"
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_parquet('{path}')").fetchall()
    if check_names(report, where, [r[0] for r in described], names):
        for (name, kind), row in zip(columns, described):
            report.checked += 1
            if row[1] != DUCKDB_PARQUET[kind]:
                report.error(where, f"column {name} ({kind}) is {row[1]}, want {DUCKDB_PARQUET[kind]}")


def csv_delimiter(path: Path, ncols: int) -> str:
    header = path.open(encoding="utf-8-sig").readline()
    for sep in (",", ";"):
        if header.count(sep) == ncols - 1:
            return sep
    return ","


def check_csv(report: Report, path: Path, columns: list[tuple[str, str]]) -> None:
    import duckdb
    import pandas as pd

    names = [c for c, _ in columns]
    if "body" in names:
        with path.open(encoding="utf-8-sig") as f:
            if "body" not in f.readline():
                # `[export.csv] body = "omit"` leaves the body column out.
                columns = [(c, k) for c, k in columns if c != "body"]
                names = [c for c, _ in columns]
                report.note(path.name, "body column omitted (body = \"omit\")")
    sep = csv_delimiter(path, len(names))
    frame = pd.read_csv(path, sep=sep, encoding="utf-8-sig")
    where = f"{path.name} (pandas)"
    if check_names(report, where, list(frame.columns), names):
        for name, kind in columns:
            series = frame[name]
            dtype = str(series.dtype)
            report.checked += 1
            if series.isna().all():
                if len(series):
                    report.note(where, f"column {name} ({kind}) is empty in every row")
                continue
            if kind in ("text", "url", "list"):
                if not is_text_dtype(series.dtype):
                    report.note(where, f"text column {name} was inferred as {dtype} (all values look numeric)")
            elif kind == "int":
                if not (dtype == "int64" or (dtype == "float64" and series.isna().any())):
                    report.error(where, f"column {name} (int) has dtype {dtype}")
            elif kind == "float":
                # Floats are written with a decimal place (`1.0`), so a column of
                # whole numbers still reads as float64.
                if dtype != "float64":
                    report.error(where, f"column {name} (float) has dtype {dtype}")
            elif kind == "bool":
                if dtype != "bool":
                    report.error(where, f"column {name} (bool) has dtype {dtype}")
            elif kind == "timestamp":
                try:
                    pd.to_datetime(series.dropna(), utc=True, format="ISO8601")
                except (ValueError, TypeError) as e:
                    report.error(where, f"column {name} (timestamp) does not parse as ISO 8601: {e}")
    where = f"{path.name} (duckdb)"
    described = duckdb.sql(f"DESCRIBE SELECT * FROM read_csv('{path}', delim = '{sep}', header = true)").fetchall()
    if check_names(report, where, [r[0] for r in described], names):
        rows = duckdb.sql(f"SELECT count(*) FROM read_csv('{path}', delim = '{sep}', header = true)").fetchall()[0][0]
        for (name, kind), row in zip(columns, described):
            got, want = row[1], DUCKDB_CSV[kind]
            report.checked += 1
            if got == want:
                continue
            non_null = duckdb.sql(
                f'SELECT count("{name}") FROM read_csv(\'{path}\', delim = \'{sep}\', header = true, all_varchar = true) '
                f"WHERE \"{name}\" <> ''"
            ).fetchall()[0][0]
            if rows == 0 or non_null == 0:
                report.note(where, f"column {name} ({kind}) has no values, sniffed as {got}")
            elif kind in ("text", "url", "list"):
                report.note(where, f"text column {name} sniffed as {got} (its values all look like {got})")
            else:
                report.error(where, f"column {name} ({kind}) is {got}, want {want}")


def check_xlsx(report: Report, path: Path, tables: dict[str, list[tuple[str, str]]]) -> None:
    import openpyxl

    workbook = openpyxl.load_workbook(path, read_only=True)
    sheets = [s for s in workbook.sheetnames if " (" not in s]
    if sheets != list(tables):
        report.error(path.name, f"sheets {workbook.sheetnames} != tables {list(tables)}")
        return
    for name, columns in tables.items():
        header = [c.value for c in next(workbook[name].iter_rows(max_row=1))]
        wanted = [c for c, _ in columns]
        if "body" in wanted and "body" not in header:
            wanted.remove("body")
        report.checked += 1
        check_names(report, f"{path.name}[{name}]", header, wanted)


def check_jsonl(report: Report, path: Path, columns: list[tuple[str, str]]) -> None:
    wanted = [c for c, _ in columns] + ["provenance", "entities", "mentions", "quotes"]
    with path.open(encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            try:
                record = json.loads(line)
            except json.JSONDecodeError as e:
                report.error(f"{path.name}:{number}", f"not JSON: {e}")
                continue
            report.checked += 1
            if list(record) != wanted:
                report.error(f"{path.name}:{number}", f"keys {list(record)} != {wanted}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("dir", type=Path, help="an export folder, e.g. output/<run-id>")
    parser.add_argument("--schema", type=Path, default=DEFAULT_SCHEMA, help="SCHEMA.md to check against")
    parser.add_argument("--formats", default="csv,parquet", help="comma-separated: csv, parquet, xlsx, jsonl")
    args = parser.parse_args()
    formats = {f.strip() for f in args.formats.split(",") if f.strip()}
    unknown = formats - {"csv", "parquet", "xlsx", "jsonl"}
    if unknown:
        parser.error(f"unknown formats: {', '.join(sorted(unknown))}")
    if not args.dir.is_dir():
        print(f"error: {args.dir}: not a folder", file=sys.stderr)
        return 2
    tables = parse_schema(args.schema)
    report = Report()
    missing = []
    for table, columns in tables.items():
        for fmt, check in (("parquet", check_parquet), ("csv", check_csv)):
            if fmt not in formats:
                continue
            path = args.dir / f"{table}.{fmt}"
            if not path.is_file():
                missing.append(str(path))
                continue
            check(report, path, columns)
    if "xlsx" in formats:
        path = args.dir / "newsmill.xlsx"
        if path.is_file():
            check_xlsx(report, path, tables)
        else:
            missing.append(str(path))
    if "jsonl" in formats:
        path = args.dir / "articles.jsonl"
        if path.is_file():
            check_jsonl(report, path, tables["articles"])
        else:
            missing.append(str(path))
    for note in report.notes:
        print(f"note: {note}")
    if missing:
        for path in missing:
            print(f"error: missing {path}", file=sys.stderr)
        return 2
    if report.errors:
        for error in report.errors:
            print(f"MISMATCH {error}", file=sys.stderr)
        print(f"{len(report.errors)} mismatches against {args.schema}", file=sys.stderr)
        return 1
    print(f"ok: {report.checked} column checks in {args.dir} match {args.schema}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
