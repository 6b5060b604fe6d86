"""Read a filled standard workbook: file → checked cells → :class:`~gendisclose.model.Department`.

``read_workbook`` never raises for a user mistake. Every problem (wrong file type, missing
sheet or column, bad cell, duplicate row, dangling reference) becomes an
:class:`~gendisclose.issues.Issue` naming the sheet, row and column, and all are returned at
once. The department is None when it cannot be built at all (no readable 基本信息, a required
sheet missing, not a workbook); otherwise it is built from the rows that could be read, and
the caller must not render it while the issues hold an error.

Bounded work: the file's size, the zip directory and the count of shared strings are checked
before openpyxl parses anything (zip bombs, a million tiny texts), a Strict Open XML package is
refused as a whole, and sheets are streamed (openpyxl read-only mode) by :mod:`.sheets`, which
bounds the rows it reads.
"""

from __future__ import annotations

import io
import os
import re
import zipfile
from pathlib import Path

from openpyxl import load_workbook

from ..issues import Issue, error
from ..manifest import NotRegularFile, open_regular
from ..model import Department, DocumentKind
from ..model_final import FinalDepartment
from .assemble import assemble
from .assemble_final import assemble_final
from .kinds import detect_kind, sheets_for
from .raw import MAX_CELL_ISSUES, RawFields, RawRow, SheetData, too_many
from .sheets import read_sheets
from .structure import strict_issue

MAX_FILE_BYTES = 100 * 1024 * 1024
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_RATIO = 100
RATIO_CHECK_FROM = 10 * 1024 * 1024  # members smaller than this may compress as well as they like
#: XML that openpyxl parses (sheets, shared strings …), however well or badly it compresses:
#: ~4 s and ~150 MB of memory per 10 MB; the shipped samples hold under 0.5 MB of XML.
MAX_XML_BYTES = 24 * 1024 * 1024


def read_workbook(
    path: Path, expected: DocumentKind | None = None
) -> tuple[Department | FinalDepartment | None, list[Issue]]:
    """Read and check ``path``; returns the department (None if it cannot be built) and all issues.

    The kind (预算 / 决算) is told from the sheets the workbook has (:mod:`.kinds`); a mixture of
    both kinds, or another kind than ``expected``, is refused with one clear error.
    """
    issues: list[Issue] = []
    data = _read_file(Path(path), issues)
    if data is None:
        return None, issues
    archive = _open_archive(data, issues, Path(path).name)
    if archive is None:
        return None, issues
    strict = strict_issue(archive)
    if strict is not None:
        archive.close()
        return None, [strict]
    try:
        data = _with_dimensions(data, archive)
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types on damaged files
        issues.append(
            error(
                "file.corrupt",
                f"工作簿已损坏，无法打开（{type(exc).__name__}）。请在 Excel 中打开后另存为 .xlsx 再试",
            )
        )
        archive.close()
        return None, issues
    try:
        kind, kind_issues = detect_kind(wb.sheetnames, expected)
        issues.extend(kind_issues)
        if kind is None:
            return None, issues
        sheets = read_sheets(wb, archive, issues, sheets_for(kind))
    except Exception as exc:
        issues.append(
            error(
                "file.corrupt",
                f"工作簿内容已损坏，读取中断（{type(exc).__name__}）。请在 Excel 中打开后另存为 .xlsx 再试",
            )
        )
        return None, issues
    finally:
        wb.close()
        archive.close()
    department = (assemble_final if kind is DocumentKind.FINAL_ACCOUNTS else assemble)(sheets, issues)
    return department, _cap_per_sheet(issues)


def _cap_per_sheet(issues: list[Issue]) -> list[Issue]:
    """At most :data:`MAX_CELL_ISSUES` issues per sheet, then one line saying there are more."""
    kept: list[Issue] = []
    counts: dict[str, int] = {}
    for issue in issues:
        sheet = issue.location.sheet if issue.location else ""
        counts[sheet] = counts.get(sheet, 0) + 1
        if not sheet or counts[sheet] <= MAX_CELL_ISSUES or issue.code.startswith("sheet.too_many"):
            kept.append(issue)
        elif counts[sheet] == MAX_CELL_ISSUES + 1 and not any(
            i.code == "sheet.too_many_errors" and i.location and i.location.sheet == sheet for i in issues
        ):
            kept.append(too_many(sheet))
    return kept


# ---------------------------------------------------------------- the file


def _read_file(path: Path, issues: list[Issue]) -> bytes | None:
    try:
        if not path.exists():
            issues.append(error("file.missing", f"找不到文件：{path}"))
            return None
        if path.is_dir():
            issues.append(error("file.not_file", f"这是一个文件夹，不是工作簿文件：{path}"))
            return None
        with os.fdopen(open_regular(path), "rb") as fh:  # a pipe or device would block or never end
            size = os.fstat(fh.fileno()).st_size
            if size > MAX_FILE_BYTES:
                issues.append(
                    error("file.too_big", f"文件太大（{size // 1024 // 1024} MB），标准工作簿不应超过 100 MB")
                )
                return None
            data = fh.read(MAX_FILE_BYTES + 1)
    except NotRegularFile:
        issues.append(error("file.not_file", f"不是普通文件（管道、设备或套接字），不能作为工作簿读取：{path}"))
        return None
    except OSError as exc:
        issues.append(error("file.unreadable", f"无法读取文件：{path}（{exc.strerror or exc}）"))
        return None
    if not data:
        issues.append(error("file.empty", "文件是空的（0 字节），请选择填好的 .xlsx 工作簿"))
        return None
    return data


#: The stream an encrypted .xlsx keeps its package in (OLE2 directory names are UTF-16).
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")


def _owner_file(name: str) -> str | None:
    """Excel / WPS's lock file beside an open workbook (``~$部门.xlsx``, a few bytes of user name)."""
    if name.startswith("~$"):
        return (f"这是 Excel / WPS 打开“{name[2:]}”时生成的临时文件（~$ 开头），不是工作簿；"
                f"请选择“{name[2:]}”本身（如果它还开着，先保存并关闭）")
    return None


def _sniff_not_zip(data: bytes) -> str:
    head = data[:8]
    if head.startswith(b"\xd0\xcf\x11\xe0") and _ENCRYPTED in data:
        return (
            "这是设置了打开密码（加密）的工作簿，无法读取。"
            "请在 Excel / WPS 中用密码打开它，取消打开密码后保存为 .xlsx，再试"
        )
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return (
            "这是旧版 Excel 97-2003 工作簿（.xls），或是设置了打开密码的工作簿。"
            "请在 Excel / WPS 中取消打开密码，并“另存为”Excel 工作簿（.xlsx）后再试"
        )
    if head.startswith(b"%PDF"):
        return "这是 PDF 文件，不是 Excel 工作簿（.xlsx）"
    sample = data[:4096]
    lowered = sample.lower()
    if b"<html" in lowered or b"<!doctype" in lowered:
        return "这是网页（HTML）文件，不是 Excel 工作簿（.xlsx）；请在 Excel 中打开后另存为 .xlsx"
    if lowered.lstrip().startswith(b"{\\rtf"):
        return "这是 RTF 文档，不是 Excel 工作簿（.xlsx）"
    if b"urn:schemas-microsoft-com:office:spreadsheet" in lowered:
        return "这是“XML 电子表格 2003”格式的文件，不是 Excel 工作簿（.xlsx）；请在 Excel 中打开后“另存为” .xlsx"
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's 另存为“Unicode 文本”, many systems' export
        return "这是文本文件（Unicode 文本，如导出的表格），不是 Excel 工作簿（.xlsx）；请在 Excel 中打开后“另存为” .xlsx"
    if head.startswith((b"7z\xbc\xaf\x27\x1c", b"Rar!\x1a\x07")):
        return "这是 7z / RAR 压缩包，不是 Excel 工作簿（.xlsx）；请先解压，再选择其中的 .xlsx"
    if not data.strip(b"\x00"):
        return "文件内容全是空字节，已损坏（复制或下载没有完成？）；请重新复制或重新保存后再试"
    if b"\x00" not in sample:
        return "这是文本文件（如 CSV），不是 Excel 工作簿（.xlsx）；请在 Excel 中打开后“另存为” .xlsx"
    return "不是 Excel 工作簿（.xlsx）：无法识别的文件格式"


def _open_archive(data: bytes, issues: list[Issue], name: str = "") -> zipfile.ZipFile | None:
    if not data.startswith(b"PK"):
        issues.append(error("file.not_xlsx", _owner_file(name) or _sniff_not_zip(data)))
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError):
        issues.append(
            error("file.corrupt", "文件已损坏（不是完整的 .xlsx 压缩包），请重新保存或重新复制后再试")
        )
        return None
    names = {i.filename for i in infos}
    if "xl/workbook.xml" not in names:
        if "xl/workbook.bin" in names:
            message = "这是 Excel 二进制工作簿（.xlsb），请“另存为”Excel 工作簿（.xlsx）后再试"
        elif "word/document.xml" in names:
            message = "这是 Word 文档（.docx），不是 Excel 工作簿（.xlsx）"
        elif any(n.startswith("ppt/") for n in names):
            message = "这是 PowerPoint 演示文稿，不是 Excel 工作簿（.xlsx）"
        elif "content.xml" in names:
            message = "这是 OpenDocument（.ods 等）文件，请“另存为”Excel 工作簿（.xlsx）后再试"
        else:
            message = "这是一个压缩包，不是 Excel 工作簿（.xlsx）"
        issues.append(error("file.not_xlsx", message))
        archive.close()
        return None
    total = sum(i.file_size for i in infos)
    suspicious = [
        i
        for i in infos
        if i.file_size > RATIO_CHECK_FROM and i.file_size > MAX_RATIO * max(i.compress_size, 1)
    ]
    if total > MAX_UNCOMPRESSED_BYTES or suspicious:
        issues.append(
            error(
                "file.too_big",
                f"工作簿解压后过大（{total // 1024 // 1024} MB，压缩比异常），不像正常的填报表，拒绝读取。"
                "请删除多余的行列或内容后重新保存",
            )
        )
        archive.close()
        return None
    xml = sum(i.file_size for i in infos if i.filename.endswith((".xml", ".rels")))
    if xml > MAX_XML_BYTES:
        issues.append(
            error(
                "file.too_big",
                f"工作簿的表格内容解压后过大（{xml // 1024 // 1024} MB），远超标准工作簿的正常大小，拒绝读取。"
                "请删除多余的行、列或内容后重新保存",
            )
        )
        archive.close()
        return None
    crowded = _shared_strings_issue(archive, infos)
    if crowded is not None:
        issues.append(crowded)
        archive.close()
        return None
    return archive


#: Shared strings and rich-text runs openpyxl builds one object each for (~17 µs a string, ~70 µs
#: a rich one): a million in a 3 MB file took 17 s. A 300-project department holds ~30,000.
MAX_SHARED_STRINGS = 100_000
MAX_TEXT_RUNS = 100_000
_STRING = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?si[\s>/]")
_RUN = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?r[\s>]")


def _shared_strings_issue(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo]) -> Issue | None:
    """Too many shared strings (or rich-text runs) to read in bounded time: refused at once."""
    for info in infos:
        if not info.filename.lower().endswith("sharedstrings.xml"):
            continue
        try:
            xml = archive.read(info.filename)  # ≤ MAX_XML_BYTES, checked above
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
            return None  # the reader will say it is damaged
        strings = sum(1 for _ in _STRING.finditer(xml))
        runs = sum(1 for _ in _RUN.finditer(xml))
        if strings > MAX_SHARED_STRINGS or runs > MAX_TEXT_RUNS:
            return error(
                "file.too_big",
                f"工作簿中的文字条目过多（{max(strings, runs)} 条），远超标准工作簿的正常数量（最多 "
                f"{MAX_SHARED_STRINGS} 条），不像正常的填报表，拒绝读取。请删除多余的内容后重新保存",
            )
    return None


_SHEET_PART = re.compile(r"xl/worksheets/[^/]+\.xml")
# any prefix: ``<x:sheetData>`` as the Open XML SDK writes it
_DIMENSION = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?dimension[\s>/]")
_DIMENSION_BEFORE = re.compile(rb"<([A-Za-z_][\w.-]*:)?(?:sheetViews|sheetFormatPr|cols|sheetData)[\s>/]")


def _with_dimensions(data: bytes, archive: zipfile.ZipFile) -> bytes:
    """Give every worksheet a ``<dimension>`` element, in memory.

    openpyxl's read-only loader scans a whole sheet to size it when the element is missing
    (files from some non-Excel writers), which makes a huge sheet slow before reading even
    starts. The reader never relies on the dimension (it resets it and streams rows), so a
    placeholder ``A1`` keeps loading proportional to what is actually read.
    """
    missing = []
    for info in archive.infolist():
        if _SHEET_PART.fullmatch(info.filename):
            with archive.open(info) as member:
                head = member.read(8192)
            if not _DIMENSION.search(head):
                missing.append(info.filename)
    if not missing:
        return data
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as patched:
        for info in archive.infolist():
            content = archive.read(info.filename)
            if info.filename in missing:
                found = _DIMENSION_BEFORE.search(content)
                if found:
                    at, prefix = found.start(), found.group(1) or b""
                    content = content[:at] + b"<" + prefix + b'dimension ref="A1"/>' + content[at:]
            entry = zipfile.ZipInfo(info.filename, date_time=info.date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            patched.writestr(entry, content)
    return out.getvalue()


__all__ = ["MAX_CELL_ISSUES", "RawFields", "RawRow", "SheetData", "read_workbook"]
