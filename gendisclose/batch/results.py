"""What a worker reports about one workbook, and the batch's counts (small, picklable data)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from decimal import Decimal
from pathlib import Path

STATUS_OK = "通过"
STATUS_ERRORS = "有错误"
STATUS_EXPLAINED = "已说明"  # no error, and every warning explained in 情况说明
CHANGE_NEW = "新生成"
CHANGE_UPDATED = "已更新"
CHANGE_SKIPPED = "未变化，跳过"

#: key totals of the summary, in order: (key, column header)
TOTALS = (
    ("income_total", "收入总计（万元）"),
    ("basic", "基本支出（万元）"),
    ("project", "项目支出（万元）"),
    ("three_public", "“三公”经费（万元）"),
    ("agency_operating", "机关运行经费（万元）"),
)


# ---------------------------------------------------------------- result


@dataclass
class DepartmentResult:
    """What one worker reports about one workbook (small and picklable)."""

    file: str
    key: str
    department: str | None = None
    kind: str | None = None  # 部门预算公开 / 部门决算公开, told from the workbook's sheets
    ok: bool = False
    errors: int = 0
    warnings: int = 0
    issues: list[dict] = field(default_factory=list)
    totals: dict[str, str] = field(default_factory=dict)
    outputs: list[str] = field(default_factory=list)  # build: paths relative to OUT
    change: str | None = None  # build: 新生成 / 已更新 / 未变化，跳过
    timings: dict[str, float] = field(default_factory=dict)
    internal_error: bool = False
    # build internals, used by place_outputs
    input_sha256: str | None = None
    file_stem: str | None = None
    formats: tuple[str, ...] = ()
    staged: dict[str, str] = field(default_factory=dict)  # staged path (relative to OUT) → sha256
    previous: dict[str, str] = field(default_factory=dict)  # old manifest outputs
    source: str | None = None  # manifest.source_id of the workbook
    staging: str | None = None  # the staging folder of this result (relative to OUT)
    annotated: str | None = None  # --annotate: the annotated copy written (X.检查结果.xlsx)

    @property
    def status(self) -> str:
        if not self.ok:
            return STATUS_ERRORS
        warnings = [i for i in self.issues if i.get("level") == "警告"]
        if warnings and all(i.get("state") == STATUS_EXPLAINED for i in warnings):
            return STATUS_EXPLAINED
        return STATUS_OK

    def public_dict(self) -> dict:
        """The JSON form (no build internals)."""
        d = asdict(self)
        for k in ("staged", "previous", "input_sha256", "file_stem", "formats", "source", "staging"):
            d.pop(k)
        d["status"] = self.status
        return d


def _issue_counts(issues: list[dict]) -> tuple[int, int]:
    errors = sum(1 for i in issues if i.get("level") == "错误")
    return errors, len(issues) - errors


def file_issue(code: str, message: str) -> dict:
    """A workbook-level error (no cell), in the form a worker reports issues."""
    return {
        "level": "错误",
        "code": code,
        "cell": None,
        "sheet": None,
        "row": None,
        "column": None,
        "message": message,
        "related": [],
    }


def error_result(file: str, key: str, code: str, message: str, *, internal: bool = False) -> DepartmentResult:
    """A result with one workbook-level error and nothing else."""
    return DepartmentResult(file=file, key=key, errors=1, issues=[file_issue(code, message)], internal_error=internal)


def internal_error_result(file: str, key: str, exc: BaseException | str) -> DepartmentResult:
    """The result for a workbook the tool itself failed on: an error, never a traceback."""
    what = exc if isinstance(exc, str) else f"{type(exc).__name__}: {exc}"
    message = f"内部错误：{what}，请将该工作簿发给维护人员"
    return error_result(file, key, "internal", message, internal=True)


# ---------------------------------------------------------------- key totals


def _wan(amount: Decimal | None) -> str:
    from ..money import wan_amount

    return wan_amount(amount)


def key_totals(department) -> dict[str, str]:
    """收入总计, 基本支出, 项目支出, 三公, 机关运行经费 in 万元 (two decimals), from the tables' figures."""
    from ..derive.tables import derive_numbers
    from ..model import DocumentKind

    if department.kind is DocumentKind.FINAL_ACCOUNTS:
        return _final_key_totals(department)
    numbers = derive_numbers(department)
    t3 = numbers.t3_total
    values = {
        "income_total": numbers.income_total,
        "basic": t3.get("basic"),
        "project": t3.get("project"),
        "three_public": numbers.t10_total,
        "agency_operating": numbers.t11_total,
    }
    return {k: _wan(v) for k, v in values.items()}


def _final_key_totals(department) -> dict[str, str]:
    """The same key totals of a 决算: J01 总计, J03 基本/项目支出, J09 决算数 合计, J10 机关运行经费."""
    from ..derive.final_tables import derive_final_numbers

    t = derive_final_numbers(department)
    values = {
        "income_total": t.income_grand_total,
        "basic": t.j03[0].get("basic"),
        "project": t.j03[0].get("project"),
        "three_public": t.three_public_cells(t.three_public_final)[0],
        "agency_operating": department.agency_operating.total,
    }
    return {k: _wan(v) for k, v in values.items()}


# ---------------------------------------------------------------- summary


@dataclass
class BatchSummary:
    results: list[DepartmentResult]

    @property
    def passed(self) -> int:
        return sum(1 for r in self.results if r.ok)

    @property
    def failed(self) -> int:
        return len(self.results) - self.passed

    @property
    def skipped(self) -> int:
        return sum(1 for r in self.results if r.change == CHANGE_SKIPPED)

    @property
    def ok(self) -> bool:
        return self.failed == 0

    def as_dict(self) -> dict:
        return {
            "ok": self.ok,
            "total": len(self.results),
            "passed": self.passed,
            "failed": self.failed,
            "skipped": self.skipped,
            "files": [r.public_dict() for r in self.results],
        }


def sort_results(results: list[DepartmentResult]) -> list[DepartmentResult]:
    return sorted(results, key=lambda r: (Path(r.file).name, r.file))


