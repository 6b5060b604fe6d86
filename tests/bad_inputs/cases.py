"""The corpus: each case breaks the valid base workbook one way and says what must be reported.

A case is a small function registered with :func:`case`. It receives a fresh copy of the
base workbook (``wb``, openpyxl, for cell-level breakage), or the base bytes (``data``, for
file-level breakage), or a folder (``folder``, for paths that are not files), and returns
what to write (or the path to hand the tool). The registration says the expected issue:
its stable code, a key phrase of the Chinese message, and the location the user is told
(``收支预算!D2``, ``收支预算!第2行``, a sheet name, or None for the whole file).

Nothing binary is checked in: :func:`generate` writes the corpus into a folder on demand
(``python -m bad_inputs OUT`` from ``tests/`` to look at it in Excel).
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from openpyxl import Workbook

from .base import (
    ASSETS,
    BASIC,
    BASIC_ROWS,
    DEPT_NAME,
    ECONOMIC,
    ECONOMIC_ROWS,
    INDICATORS,
    INFO,
    PROJECT_A,
    PROJECT_B,
    PROJECT_ROWS,
    PROJECTS,
    base_bytes,
    field_ref,
    header_row,
    open_base,
    ref,
    replace_member,
    rows_xml,
    save,
    sheet_member,
    sheet_prefix,
    where,
)

ERROR, WARNING = "错误", "警告"

#: The uncompressed size of the zip bomb's sheet member.
BOMB_BYTES = 300 * 1024 * 1024
JUNK_ROWS = 100_000

D2 = ref(BASIC, "current.general", BASIC_ROWS["2010301"])  # 收支预算 当年一般公共预算 of 2010301


@dataclass(frozen=True)
class Case:
    name: str
    kind: str  # "workbook" | "bytes" | "path"
    make: Callable[..., Any]
    code: str | None  # expected Issue code (None: no issue expected)
    phrase: str  # a key phrase of the expected message
    where: str | None  # expected location text (Issue.location.cell), None = whole file
    level: str = ERROR
    suffix: str = ".xlsx"
    slow: bool = False  # large or costly: run through validate only, time it
    note: str = ""

    @property
    def exit_code(self) -> int:
        """What ``gendisclose validate`` must return."""
        return 1 if self.level == ERROR and self.code else 0

    def write(self, folder: Path) -> Path:
        """Generate this case under ``folder``; returns the path to hand the tool."""
        folder.mkdir(parents=True, exist_ok=True)
        if self.kind == "path":
            return self.make(folder / self.name)
        if self.kind == "workbook":
            wb = open_base()
            self.make(wb)
            data = save(wb)
        else:
            data = self.make(base_bytes())
        target = folder / f"{self.name}{self.suffix}"
        target.write_bytes(data)
        return target


CASES: list[Case] = []


def case(
    kind: str,
    code: str | None,
    phrase: str,
    location: str | None,
    level: str = ERROR,
    suffix: str = ".xlsx",
    slow: bool = False,
) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    def register(fn: Callable[..., Any]) -> Callable[..., Any]:
        name = fn.__name__
        CASES.append(
            Case(name, kind, fn, code, phrase, location, level, suffix, slow, (fn.__doc__ or "").strip())
        )
        return fn

    return register


def generate(folder: Path, names: set[str] | None = None) -> dict[str, Path]:
    """Write the corpus (or the ``names`` cases) into ``folder``."""
    return {c.name: c.write(folder) for c in CASES if names is None or c.name in names}


def case_by_name(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


# ================================================================ sheets and columns


@case("workbook", "sheet.missing", "缺少工作表“收支预算”", "收支预算")
def missing_sheet(wb: Workbook) -> None:
    """The 收支预算 sheet was deleted."""
    del wb[BASIC.name]


@case("workbook", "sheet.missing", "缺少工作表“基本信息”", "基本信息")
def missing_info_sheet(wb: Workbook) -> None:
    del wb[INFO.name]


@case("workbook", "sheet.missing", "缺少工作表“项目”", "项目")
def renamed_sheet(wb: Workbook) -> None:
    """项目 renamed to 项目表."""
    wb[PROJECTS.name].title = "项目表"


@case("workbook", "column.missing", "缺少列“当年一般公共预算”", where(BASIC, "D1"))
def renamed_column(wb: Workbook) -> None:
    wb[BASIC.name]["D1"] = "一般公共预算（当年）"


@case("workbook", "column.missing", "缺少列“项目类别”", where(PROJECTS, f"{PROJECTS.letter('category')}1"))
def deleted_column(wb: Workbook) -> None:
    ws = wb[PROJECTS.name]
    ws.delete_cols(ws[f"{PROJECTS.letter('category')}1"].column)


@case("workbook", "column.missing", "缺少列“经济科目编码”", where(ECONOMIC, "B1"))
def blank_header_cell(wb: Workbook) -> None:
    wb[ECONOMIC.name]["B1"] = None


@case("workbook", "field.missing", "缺少“预算年度”这一项", where(INFO, f"A{INFO.row_of('year')}"))
def renamed_field_label(wb: Workbook) -> None:
    wb[INFO.name][f"A{INFO.row_of('year')}"] = "年度"


@case("workbook", "field.duplicate", "“部门名称”填了两次", where(INFO, "A40"))
def duplicate_field_row(wb: Workbook) -> None:
    ws = wb[INFO.name]
    ws["A40"], ws["B40"] = "部门名称", "另一个局"


@case("workbook", None, "", None, level=WARNING)
def blank_rows_in_the_middle(wb: Workbook) -> None:
    """Five empty rows between the two 基本支出 lines, and between projects: not an error."""
    wb[BASIC.name].insert_rows(3, 5)
    wb[PROJECTS.name].insert_rows(3, 5)
    wb[ECONOMIC.name].insert_rows(4, 2)


@case("workbook", None, "", None, level=WARNING)
def moved_columns(wb: Workbook) -> None:
    """Columns found by header text: 功能科目名称 moved to the far right still reads."""
    ws = wb[BASIC.name]
    ws.move_range("C1:C3", rows=0, cols=30)


@case("workbook", "cell.merged", "合并单元格 A2:A3", where(BASIC, "A2"))
def merged_cells(wb: Workbook) -> None:
    wb[BASIC.name].merge_cells("A2:A3")


# ================================================================ cell values


@case("workbook", "cell.money", "不是数字", where(BASIC, D2))
def text_in_number_cell(wb: Workbook) -> None:
    wb[BASIC.name][D2] = "一百七十六万"


@case("workbook", "cell.money", "全角", where(BASIC, D2))
def full_width_digits(wb: Workbook) -> None:
    wb[BASIC.name][D2] = "１７６５１００"


@case("workbook", "cell.money", "千分位", where(BASIC, D2))
def thousands_separator_text(wb: Workbook) -> None:
    wb[BASIC.name][D2] = "1,765,100.00"


@case("workbook", "cell.money", "负数", where(BASIC, D2))
def negative_amount(wb: Workbook) -> None:
    wb[BASIC.name][D2] = -1765100


@case("workbook", "cell.money", "两位小数", where(ECONOMIC, f"D{ECONOMIC_ROWS['30101']}"))
def three_decimals(wb: Workbook) -> None:
    wb[ECONOMIC.name][f"D{ECONOMIC_ROWS['30101']}"] = 1000000.125


@case("workbook", "cell.money", "金额过大", where(BASIC, D2))
def huge_amount(wb: Workbook) -> None:
    wb[BASIC.name][D2] = 1e20


@case("workbook", "cell.money", "逻辑值", where(BASIC, D2))
def boolean_in_number_cell(wb: Workbook) -> None:
    wb[BASIC.name][D2] = True


@case("workbook", "cell.money", "日期", where(BASIC, D2))
def date_in_number_cell(wb: Workbook) -> None:
    wb[BASIC.name][D2] = datetime(2026, 1, 1)


@case("workbook", "cell.formula_no_value", "公式没有计算结果", where(BASIC, D2))
def formula_without_cached_value(wb: Workbook) -> None:
    """openpyxl stores formulas without a cached value, like a file never opened in Excel."""
    wb[BASIC.name][D2] = "=SUM(E2:H2)+1765100"


@case("workbook", "cell.formula_no_value", "公式没有计算结果", where(INFO, field_ref(INFO, "year")))
def formula_in_field_sheet(wb: Workbook) -> None:
    wb[INFO.name][field_ref(INFO, "year")] = "=2025+1"


@case("workbook", "cell.int", "应填整数", where(ASSETS, field_ref(ASSETS, "assets.vehicle_quota")))
def fraction_in_count(wb: Workbook) -> None:
    wb[ASSETS.name][field_ref(ASSETS, "assets.vehicle_quota")] = 2.5


@case("workbook", "cell.int", "不是数字", where(INFO, field_ref(INFO, "year")))
def text_year(wb: Workbook) -> None:
    wb[INFO.name][field_ref(INFO, "year")] = "二〇二六"


@case("workbook", "info.year", "四位年份", where(INFO, field_ref(INFO, "year")))
def year_out_of_range(wb: Workbook) -> None:
    wb[INFO.name][field_ref(INFO, "year")] = 26


@case("workbook", "cell.required", "“部门名称”必须填写", where(INFO, field_ref(INFO, "name")))
def required_field_blank(wb: Workbook) -> None:
    wb[INFO.name][field_ref(INFO, "name")] = None


@case("workbook", "cell.enum", "只能从下拉列表中选择", where(INFO, field_ref(INFO, "unit_kind")))
def value_not_in_dropdown(wb: Workbook) -> None:
    wb[INFO.name][field_ref(INFO, "unit_kind")] = "政府机关"


@case("workbook", "cell.enum", "只能从下拉列表中选择", where(PROJECTS, ref(PROJECTS, "category", 2)))
def project_category_not_in_list(wb: Workbook) -> None:
    wb[PROJECTS.name][ref(PROJECTS, "category", 2)] = "运转类"


@case("workbook", "cell.required", "“单位名称”必须填写", where(BASIC, ref(BASIC, "unit", 2)))
def required_cell_blank(wb: Workbook) -> None:
    wb[BASIC.name][ref(BASIC, "unit", 2)] = None


# ================================================================ codes


@case("workbook", "code.function_unknown", "不在科目表中", where(BASIC, "B3"), level=WARNING)
def unknown_function_code_with_name(wb: Workbook) -> None:
    """A well-formed 7-digit code that is not in the list: a warning; the typed name is used."""
    ws = wb[BASIC.name]
    ws["B3"], ws["C3"] = "2080588", "其他行政事业单位养老支出（自定）"


@case("workbook", "code.function_unknown_no_name", "不在科目表中", where(BASIC, "B3"))
def unknown_function_code_without_name(wb: Workbook) -> None:
    ws = wb[BASIC.name]
    ws["B3"], ws["C3"] = "2010388", None


@case("workbook", "code.function_malformed", "201～234", where(BASIC, "B2"))
def unknown_category(wb: Workbook) -> None:
    """类 299 does not exist."""
    wb[BASIC.name]["B2"] = "2990101"


@case("workbook", "cell.code", "7 位数字", where(BASIC, "B2"))
def six_digit_code(wb: Workbook) -> None:
    wb[BASIC.name]["B2"] = "201030"


@case("workbook", "cell.code", "7 位数字", where(PROJECTS, ref(PROJECTS, "function_code", 2)))
def letter_in_code(wb: Workbook) -> None:
    wb[PROJECTS.name][ref(PROJECTS, "function_code", 2)] = "20103O2"


@case("workbook", "code.economic_unknown", "不在部门预算支出经济分类科目表中", where(ECONOMIC, "B4"))
def unknown_economic_code(wb: Workbook) -> None:
    wb[ECONOMIC.name]["B4"] = "30150"


@case("workbook", "code.economic_not_basic", "不能列入基本支出经济分类", where(ECONOMIC, "B4"))
def economic_code_not_basic(wb: Workbook) -> None:
    wb[ECONOMIC.name]["B4"] = "30902"


# ================================================================ rows and references


@case("workbook", "row.duplicate", "项目名称重复", where(PROJECTS, "A3"))
def duplicate_project_names(wb: Workbook) -> None:
    wb[PROJECTS.name]["A3"] = PROJECT_A


@case("workbook", "row.duplicate", "单位+功能科目重复", where(BASIC, "B3"))
def duplicate_basic_line(wb: Workbook) -> None:
    wb[BASIC.name]["B3"] = "2010301"


@case("workbook", "ref.indicator_project", "不是“项目”表中的项目名称", where(INDICATORS, "A2"))
def indicator_without_project(wb: Workbook) -> None:
    wb[INDICATORS.name]["A2"] = "不存在的项目"


@case(
    "workbook", "project.no_indicators", "没有", where(PROJECTS, f"A{PROJECT_ROWS[PROJECT_B]}"), level=WARNING
)
def project_without_indicators(wb: Workbook) -> None:
    ws = wb[INDICATORS.name]
    for row in ws.iter_rows(min_row=2):
        if row[0].value == PROJECT_B:
            for cell in row:
                cell.value = None


@case("workbook", "indicator.level", "不属于一级指标", where(INDICATORS, "D2"))
def indicator_level_mismatch(wb: Workbook) -> None:
    wb[INDICATORS.name]["D2"] = "社会效益"


@case("workbook", "ref.unit", "不在“单位”表中", where(BASIC, "A3"))
def unit_not_listed(wb: Workbook) -> None:
    wb[BASIC.name]["A3"] = "测试县测试中心"


@case("workbook", "ref.unit", "不在“单位”表中", where(PROJECTS, ref(PROJECTS, "unit", 2)))
def project_unit_not_listed(wb: Workbook) -> None:
    wb[PROJECTS.name][ref(PROJECTS, "unit", 2)] = "测试县测试中心"


@case("workbook", "ref.three_public_project", "不在“项目”表中", "三公经费（项目支出）!A2")
def three_public_for_unknown_project(wb: Workbook) -> None:
    ws = wb["三公经费（项目支出）"]
    ws["A2"], ws["B2"], ws["C2"], ws["D2"] = "不存在的项目", "公务接待费", "一般公共预算", 1000


# ================================================================ totals across sheets


@case("workbook", "X13.basic_vs_economic", "表六合计", f"{BASIC.name}!第{BASIC_ROWS['2010301']}行")
def basic_disagrees_with_economic(wb: Workbook) -> None:
    """基本支出 by 功能科目 (收支预算) ≠ by 经济科目 (基本支出经济分类)."""
    wb[BASIC.name][D2] = 1765000


@case("workbook", "project.annual_funds_mismatch", "年度资金总额", where(PROJECTS, "A2"))
def annual_funds_disagree_with_project(wb: Workbook) -> None:
    wb[PROJECTS.name][ref(PROJECTS, "annual_funds.local", 2)] = 120000


@case(
    "workbook",
    "assets.vehicles_sum",
    "七类车辆之和",
    where(ASSETS, field_ref(ASSETS, "assets.vehicle_actual")),
)
def vehicles_do_not_add_up(wb: Workbook) -> None:
    ws = wb[ASSETS.name]
    ws[field_ref(ASSETS, "assets.vehicle_actual")] = 3
    ws[field_ref(ASSETS, "assets.vehicle_quota")] = 3


# ================================================================ not a workbook


@case("bytes", "file.not_xlsx", "Excel 97-2003", None)
def xls_renamed(data: bytes) -> bytes:
    """An OLE2 compound file (an old .xls) renamed to .xlsx."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HH", 0x3E, 0x3)
    return header + bytes(random.Random(1).randrange(256) for _ in range(4096))


@case("bytes", "file.not_xlsx", "打开密码", None)
def password_protected(data: bytes) -> bytes:
    """An encrypted .xlsx is an OLE2 container (EncryptionInfo + EncryptedPackage) to a sniffer."""
    rng = random.Random(2)
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHH", 0x3E, 0x3, 0xFFFE)
    body = "EncryptionInfo EncryptedPackage".encode("utf-16-le")
    return header + body + bytes(rng.randrange(256) for _ in range(8192))


@case("bytes", "file.not_xlsx", "CSV", None)
def csv_renamed(data: bytes) -> bytes:
    return "单位名称,功能科目编码,当年一般公共预算\n测试县测试局,2010301,1765100\n".encode("gbk")


@case("bytes", "file.not_xlsx", "Word 文档", None)
def docx_renamed(data: bytes) -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    doc = Document()
    doc.add_paragraph("2026年部门预算")
    doc.save(buffer)
    return buffer.getvalue()


@case("bytes", "file.not_xlsx", "PDF", None)
def pdf_renamed(data: bytes) -> bytes:
    return b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


@case("bytes", "file.not_xlsx", "压缩包", None)
def plain_zip(data: bytes) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("说明.txt", "不是工作簿")
    return buffer.getvalue()


@case("bytes", "file.corrupt", "损坏", None)
def truncated_zip(data: bytes) -> bytes:
    return data[: len(data) // 2]


@case("bytes", "file.corrupt", "损坏", None)
def corrupt_zip(data: bytes) -> bytes:
    """Garbage written over the middle of the compressed members (the directory is intact)."""
    middle = len(data) // 3
    return data[:middle] + bytes(random.Random(3).randrange(256) for _ in range(2048)) + data[middle + 2048 :]


@case("bytes", "file.corrupt", "损坏", None)
def forged_member_size(data: bytes) -> bytes:
    """A member whose central-directory size is forged small: reading must stop, not inflate."""
    member = sheet_member(data, BASIC.name)
    prefix = sheet_prefix(data, member)
    bomb = replace_member(data, member, _padding(prefix, 50 * 1024 * 1024), level=9)
    return _forge_sizes(bomb, member, 4096)


def _patched_sheet(data: bytes, sheet: str, doctype: bytes, entity: bytes) -> bytes:
    """``sheet``'s XML with a DOCTYPE and the department name replaced by an entity reference."""
    member = sheet_member(data, sheet)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(member)
    name = "".join(f"&#{ord(c)};" for c in DEPT_NAME).encode()
    xml = xml.replace(b"<worksheet", doctype + b"<worksheet", 1).replace(name, entity, 1)
    return replace_member(data, member, [xml])


@case("bytes", "file.corrupt", "损坏", None)
def external_entity(data: bytes) -> bytes:
    """XXE: an entity that would pull /etc/passwd into 部门名称 must never be resolved."""
    doctype = b'<!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
    return _patched_sheet(data, INFO.name, doctype, b"&xxe;")


@case("bytes", "file.corrupt", "损坏", None)
def billion_laughs(data: bytes) -> bytes:
    """Nested entities that would expand to 10^11 characters."""
    entities = b"".join(b'<!ENTITY a%d "%s">' % (i, b"&a%d;" % (i - 1) * 10) for i in range(1, 12))
    doctype = b'<!DOCTYPE worksheet [<!ENTITY a0 "lol">' + entities + b"]>"
    return _patched_sheet(data, INFO.name, doctype, b"&a11;")


@case("bytes", "file.corrupt", "损坏", None, slow=True)
def unclosed_cells(data: bytes) -> bytes:
    """A formula and then 200,000 cells that are never closed (3 MB of XML, a few KB zipped)."""
    member = sheet_member(data, BASIC.name)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(member)
    end = xml.index(b"</sheetData>")
    junk = b'<row r="2"><c r="D2"><f>SUM(E2:H2)</f></c>' + b'<c r="A3" t="n">1' * 200_000
    return replace_member(data, member, [xml[:end], junk, xml[end:]])


@case("bytes", "file.empty", "空的", None)
def empty_file(data: bytes) -> bytes:
    return b""


@case("path", "file.not_file", "文件夹", None)
def directory_instead_of_file(folder: Path) -> Path:
    target = folder.with_suffix(".xlsx")
    target.mkdir(parents=True, exist_ok=True)
    return target


@case("path", "file.missing", "找不到文件", None)
def nonexistent_path(folder: Path) -> Path:
    return folder.parent / "没有这个文件.xlsx"


# ================================================================ size


@case("bytes", "sheet.too_many_rows", "不再读取", f"{BASIC.name}!第20002行", slow=True)
def junk_rows(data: bytes) -> bytes:
    """100,000 rows of junk pasted under the data of 收支预算."""
    member = sheet_member(data, BASIC.name)
    rng = random.Random(4)

    def rows() -> Iterator[str]:
        for r in range(2, JUNK_ROWS + 2):
            word = "".join(rng.choice("甲乙丙丁戊己庚辛壬癸abcxyz0123") for _ in range(6))
            yield (
                f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{word}</t></is></c>'
                f'<c r="B{r}"><v>{rng.randrange(10**7)}</v></c>'
                f'<c r="D{r}" t="inlineStr"><is><t>x{rng.randrange(10**6)}</t></is></c></row>'
            )

    chunks = [sheet_prefix(data, member).split(b"<sheetData>")[0] + b"<sheetData>", header_row(BASIC)]
    return replace_member(data, member, [*chunks, *rows_xml(rows()), b"</sheetData></worksheet>"])


@case("bytes", "sheet.too_many_rows", "不再读取", f"{BASIC.name}!A54991", slow=True)
def sparse_rows(data: bytes) -> bytes:
    """20,000 junk rows 4,999 rows apart (a 200 KB file): every gap is a run of empty rows."""
    member = sheet_member(data, BASIC.name)

    def rows() -> Iterator[str]:
        for k in range(20_000):
            r = 2 + k * 4_999
            yield f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>零散{k}</t></is></c></row>'

    chunks = [sheet_prefix(data, member).split(b"<sheetData>")[0] + b"<sheetData>", header_row(BASIC)]
    return replace_member(data, member, [*chunks, *rows_xml(rows()), b"</sheetData></worksheet>"])


@case("bytes", None, "", None, level=WARNING)
def junk_rows_in_field_sheet(data: bytes) -> bytes:
    """100,000 rows of unknown labels under 基本信息: ignored (labels are matched), quickly."""
    member = sheet_member(data, INFO.name)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(member)
    end = xml.index(b"</sheetData>")
    rng = random.Random(5)

    def rows() -> Iterator[str]:
        for r in range(100, 100_100):
            label = f"垃圾{rng.randrange(10**6)}"
            yield f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>{label}</t></is></c><c r="B{r}"><v>{r}</v></c></row>'

    return replace_member(data, member, [xml[:end], *rows_xml(rows()), xml[end:]])


@case("bytes", "file.too_big", "表格内容解压后过大", None, slow=True)
def huge_shared_strings(data: bytes) -> bytes:
    """33 MB of shared strings compressing only ~15:1 (no zip bomb), which openpyxl would load whole."""
    count = 800_000
    words = [f"{w}{i}" for i, w in enumerate("甲乙丙丁戊己庚辛壬癸" * 5)]

    def strings() -> Iterator[str]:
        yield (
            '<?xml version="1.0" encoding="UTF-8"?>'
            f'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="{count}" '
            f'uniqueCount="{count}">'
        )
        for i in range(count):
            yield f"<si><t>{words[i % len(words)]}字符串第{i}条</t></si>"
        yield "</sst>"

    with_sst = _add_shared_strings(data)
    return replace_member(with_sst, "xl/sharedStrings.xml", rows_xml(strings()), level=1)


def _add_shared_strings(data: bytes) -> bytes:
    """The base workbook (inline strings only) with an empty shared-strings part registered."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                body = body.replace(
                    b"</Types>",
                    b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
                    b'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
                )
            elif info.filename == "xl/_rels/workbook.xml.rels":
                body = body.replace(
                    b"</Relationships>",
                    b'<Relationship Id="rIdSST" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                    b'relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
                )
            dst.writestr(info, body)
        dst.writestr("xl/sharedStrings.xml", b"")
    return out.getvalue()


@case("bytes", "file.too_big", "解压后过大", None, slow=True)
def zip_bomb(data: bytes) -> bytes:
    """A valid xlsx whose 收支预算 XML is 300 MB of whitespace (about 0.3 MB compressed)."""
    member = sheet_member(data, BASIC.name)
    return replace_member(data, member, _padding(sheet_prefix(data, member), BOMB_BYTES), level=9)


def _padding(prefix: bytes, size: int) -> Iterator[bytes]:
    yield prefix.split(b"<sheetData>")[0] + b"<sheetData>"
    chunk = b" " * (1 << 20)
    for _ in range(size // len(chunk)):
        yield chunk
    yield b"</sheetData></worksheet>"


def _forge_sizes(data: bytes, member: str, size: int) -> bytes:
    """Rewrite ``member``'s uncompressed size (zip64 extra field) in the central directory."""
    buf = bytearray(data)
    name = member.encode()
    at = buf.find(b"PK\x01\x02")
    while at != -1:
        name_len, extra_len = struct.unpack_from("<HH", buf, at + 28)
        if bytes(buf[at + 46 : at + 46 + name_len]) == name:
            extra_at = at + 46 + name_len
            end = extra_at + extra_len
            if struct.unpack_from("<I", buf, at + 24)[0] == 0xFFFFFFFF:  # zip64: first extra value
                while extra_at < end:
                    tag, length = struct.unpack_from("<HH", buf, extra_at)
                    if tag == 0x0001:
                        struct.pack_into("<Q", buf, extra_at + 4, size)
                        break
                    extra_at += 4 + length
            else:
                struct.pack_into("<I", buf, at + 24, size)
            return bytes(buf)
        at = buf.find(b"PK\x01\x02", at + 4)
    raise ValueError(f"{member} not in the central directory")


__all__ = ["CASES", "Case", "DEPT_NAME", "PROJECT_A", "PROJECT_B", "case_by_name", "generate"]
