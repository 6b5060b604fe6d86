"""Corpus cases: issue 12's classes again, new situations (session 4, files).

Cases a second independent campaign could bring: each found to fail (wrong document with exit 0,
a crash, a hang, an unlocated message) before the fix that made it pass.
"""

from __future__ import annotations

import io
import re
import struct
import zipfile
from collections.abc import Iterator

from .base import BASIC, replace_member, rows_xml, sheet_member
from .cases import ERROR, WARNING, case  # noqa: F401


def _append_rows(data: bytes, sheet_name: str, rows: Iterator[str]) -> bytes:
    """The workbook with ``rows`` (XML of ``<row>`` elements) added after a sheet's own rows."""
    member = sheet_member(data, sheet_name)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        xml = z.read(member)
    end = xml.index(b"</sheetData>")
    return replace_member(data, member, [xml[:end], *rows_xml(rows), xml[end:]])


@case("bytes", "sheet.too_many_rows", "第 1048576 行还有内容", f"{BASIC.name}!A1048576")
def stray_note_in_the_last_row(data: bytes) -> bytes:
    """One note typed in the sheet's very last row (Ctrl+↓ from an empty column lands there):
    before, the error said 第50001行, where nothing is, so the accountant could not find it."""
    r = 1_048_576
    return _append_rows(data, BASIC.name, iter([f'<row r="{r}"><c r="A{r}" t="inlineStr"><is><t>备注</t></is></c></row>']))


@case("bytes", None, "", None)
def whole_sheet_formatted(data: bytes) -> bytes:
    """Rows down to 60,000 of 收支预算 given a fill colour (Excel writes each as an empty ``<row s=…
    customFormat="1"/>``): nothing is in them, so nothing to report. Before, the workbook was
    refused with “表格超过 50000 行” at 第50001行."""
    member = sheet_member(data, BASIC.name)
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        last = max(int(n) for n in re.findall(rb'<row r="(\d+)"', z.read(member)))
    rows = (f'<row r="{r}" s="1" customFormat="1" ht="15"/>' for r in range(last + 1, 60_001))
    return _append_rows(data, BASIC.name, rows)


@case("bytes", "file.not_xlsx", "设置了打开密码（加密）的工作簿", None)
def encrypted_with_a_password(data: bytes) -> bytes:
    """Saved with 用密码进行加密: an OLE2 container whose directory names EncryptionInfo and
    EncryptedPackage. Before, the message said it was an old .xls *or* encrypted, and asked to
    save as .xlsx, which the accountant had already done."""
    header = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HHH", 0x3E, 0x3, 0xFFFE)
    directory = b"".join(name.encode("utf-16-le").ljust(64, b"\0") for name in ("Root Entry", "EncryptionInfo", "EncryptedPackage"))
    return header + b"\x00" * (512 - len(header)) + directory + data[:4096]  # the package, as if encrypted


#: A sheet as another system exports it: a header row and one line of figures.
EXPORTED = "单位名称\t功能科目编码\t当年一般公共预算\r\n测试县测试局\t2010301\t1765100\r\n"


@case("bytes", "file.not_xlsx", "Unicode 文本", None)
def unicode_text_export(data: bytes) -> bytes:
    """Excel's 另存为“Unicode 文本” (UTF-16 with a BOM, what many finance systems export), named
    .xlsx: before, “无法识别的文件格式” (its zero bytes hid that it is text)."""
    return b"\xff\xfe" + EXPORTED.encode("utf-16-le")


@case("bytes", "file.not_xlsx", "XML 电子表格 2003", None)
def xml_spreadsheet_2003(data: bytes) -> bytes:
    """An “XML 电子表格 2003” file (older systems' export), renamed .xlsx: before, called a CSV."""
    return (
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="收支预算"><Table>'
        '<Row><Cell><Data ss:Type="String">单位名称</Data></Cell></Row></Table></Worksheet></Workbook>'
    ).encode()


@case("bytes", "file.not_xlsx", "全是空字节", None)
def zeros_from_a_failed_copy(data: bytes) -> bytes:
    """A copy to a USB stick that never finished: the file's size is right, its bytes all 0."""
    return b"\x00" * len(data)


@case("bytes", "file.not_xlsx", "RAR", None)
def rar_archive_renamed(data: bytes) -> bytes:
    """The department sent its workbook packed in a .rar, renamed .xlsx by someone."""
    return b"Rar!\x1a\x07\x01\x00" + bytes(range(256)) * 8


@case("bytes", "file.too_big", "文字条目过多", None, slow=True)
def a_million_shared_strings(data: bytes) -> bytes:
    """A 3 MB file whose shared-string table holds 1,000,000 short texts (a non-Excel writer that
    never reuses one): under the size limits, but openpyxl took 17 s and 220 MB building them."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "[Content_Types].xml" and b"sharedStrings" not in content:
                content = content.replace(b"</Types>", b'<Override PartName="/xl/sharedStrings.xml" ContentType="'
                                          b'application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>')
            if info.filename == "xl/_rels/workbook.xml.rels" and b"sharedStrings" not in content:
                content = content.replace(b"</Relationships>", b'<Relationship Id="rIdS" Type="http://schemas.openxml'
                                          b'formats.org/officeDocument/2006/relationships/sharedStrings" '
                                          b'Target="sharedStrings.xml"/></Relationships>')
            if info.filename != "xl/sharedStrings.xml":
                dst.writestr(info, content)
        entry = zipfile.ZipInfo("xl/sharedStrings.xml")
        entry.compress_type = zipfile.ZIP_DEFLATED
        with dst.open(entry, "w") as fh:
            fh.write(b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">')
            for chunk in rows_xml(f"<si><t>{k}</t></si>" for k in range(1_000_000)):
                fh.write(chunk)
            fh.write(b"</sst>")
    return out.getvalue()

