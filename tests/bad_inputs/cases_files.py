"""Corpus cases: paths and output folders: what the tool reads and where it writes (issue 12).

A workbook a department really sends under another extension (.xlsm, .xls, .et, .csv) must be
read or named — in a folder too, never silently left out — and a path that is not a regular
file (a named pipe, a link to a device) is refused at once instead of hanging the reader.
"""

from __future__ import annotations

import io
import os
import struct
import zipfile
from pathlib import Path

from .cases import ERROR, WARNING, case  # noqa: F401

OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 16 + struct.pack("<HH", 0x3E, 0x3)


@case("bytes", None, "", None, suffix=".xlsm")
def macro_enabled_xlsm(data: bytes) -> bytes:
    """Saved as 启用宏的工作簿 (.xlsm, with a VBA project): read like .xlsx, macros never run."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if info.filename == "[Content_Types].xml":
                content = content.replace(
                    b"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                    b"application/vnd.ms-excel.sheet.macroEnabled.main+xml",
                ).replace(
                    b"<Default ",
                    b'<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/><Default ',
                    1,
                )
            dst.writestr(info, content)
        dst.writestr("xl/vbaProject.bin", OLE2 + b"Attribute VB_Name = \"Module1\"\nSub AutoOpen()\nEnd Sub\n")
    return out.getvalue()


@case("bytes", "file.not_xlsx", "Excel 97-2003", None, suffix=".xls")
def old_excel_xls(data: bytes) -> bytes:
    """A real old .xls: named, not skipped, when it lies in a folder of .xlsx."""
    return OLE2 + bytes(range(256)) * 16


@case("bytes", "file.not_xlsx", "另存为", None, suffix=".et")
def wps_et(data: bytes) -> bytes:
    """WPS 表格's own format (.et) is an OLE2 file too."""
    return OLE2 + b"WPS" * 1000


@case("bytes", "file.not_xlsx", "CSV", None, suffix=".csv")
def exported_csv(data: bytes) -> bytes:
    return "单位名称,功能科目编码,当年一般公共预算\n测试县测试局,2010301,1765100\n".encode("gbk")


@case("path", "file.not_file", "不是普通文件", None)
def named_pipe_as_workbook(folder: Path) -> Path:
    """A named pipe called .xlsx: opening it for reading would wait for a writer forever."""
    target = folder.with_suffix(".xlsx")
    if not target.exists():
        os.mkfifo(target)
    return target


@case("path", "file.not_file", "不是普通文件", None)
def link_to_a_device(folder: Path) -> Path:
    """A link named .xlsx pointing at /dev/zero: reading it would never end."""
    target = folder.with_suffix(".xlsx")
    if not os.path.lexists(target):
        target.symlink_to("/dev/zero")
    return target
