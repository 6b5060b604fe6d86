"""What a reader of J01–J10 sees, in the shape of seed 003's ``expected.tables_printed_wan``.

:func:`printed` turns the derived tables (their formatted body cells: ``""`` for an empty
cell) into ``{table: {row key: [cells]}}`` keyed as ``solve_003.py`` keys the printed seed;
:func:`expected` reads the seed's printed cells into the same shape (``None`` → ``""``).
J10 rows are keyed by their label: the seed skips 行次 16, the standard (and we) do not.
"""

from __future__ import annotations

from gendisclose.derive.final_tables import FinalTables


def _text(value: str | None) -> str:
    return "" if value is None else value


def printed(t: FinalTables) -> dict[str, dict[object, list[str]]]:
    out: dict[str, dict[object, list[str]]] = {}
    rows = {tb.key: [[c.text for c in r] for r in tb.body] for tb in t.tables}
    out["J01"] = {}
    for r in rows["J01"]:
        out["J01"][int(r[1])] = [r[2]]
        out["J01"][int(r[4])] = [r[5]]
    out["J04"] = {}
    for r in rows["J04"]:
        out["J04"][int(r[1])] = [r[2]]
        out["J04"][int(r[4])] = r[5:9]
    for key in ("J02", "J03", "J05", "J07", "J08"):
        out[key] = {r[0]: r[2:] for r in rows[key]}
    out["J06"] = {}
    *grid, footer = rows["J06"]
    for r in grid:
        for g in range(4):
            code, _name, amount = r[3 * g: 3 * g + 3]
            if code:
                out["J06"][code] = [amount]
    out["J06"]["人员经费合计"] = [footer[1]]
    out["J06"]["公用经费合计"] = [footer[3]]
    out["J09"] = {"row": rows["J09"][0]}
    out["J10"] = {r[0]: [r[2]] for r in rows["J10"] if len(r) == 3}
    return out


def expected(seed: dict) -> dict[str, dict[object, list[str]]]:
    t = seed["expected"]["tables_printed_wan"]

    def cells(values: list) -> list[str]:
        return [_text(v) for v in values]

    out = {
        "J01": {r[0]: cells([r[2]]) for r in t["J01_income_rows"] + t["J01_expenditure_rows"]},
        "J04": {r[0]: cells(r[2:]) for r in t["J04_income_rows"] + t["J04_expenditure_rows"]},
        "J06": {r[0]: cells([r[2]]) for r in t["J06_rows"]},
        "J07": {"合计": cells(t["J07_rows"][0][2:])},
        "J08": {"合计": cells(t["J08_rows"][0][2:])},
        "J09": {"row": cells(t["J09_row"])},
        "J10": {r[1]: cells([r[2]]) for r in t["J10_rows"]},
    }
    for key in ("J02", "J03", "J05"):
        out[key] = {r[0]: cells(r[2:]) for r in t[f"{key}_rows"]}
    out["J06"].update({k: [v] for k, v in t["J06_footer"].items()})
    return out


def compare(t: FinalTables, seed: dict) -> tuple[int, int, list[str]]:
    """(non-empty figures matched, empty cells matched, mismatches) of every printed cell."""
    mine, want = printed(t), expected(seed)
    figures = empty = 0
    bad: list[str] = []
    for table, rows in want.items():
        for key, cells in rows.items():
            got = mine[table].get(key)
            if got is None or len(got) != len(cells):
                bad.append(f"{table} {key}: printed {cells}, derived {got}")
                continue
            for i, (p, g) in enumerate(zip(cells, got, strict=True)):
                if p != g:
                    bad.append(f"{table} {key} col {i + 1}: printed {p!r}, derived {g!r}")
                elif p and p != "────":
                    figures += 1
                else:
                    empty += 1
    return figures, empty, bad
