"""Byte-stable Office Open XML packages (.xlsx, .docx): the one place that fixes zip metadata,
and the one way a text reaches a cell of a workbook we write.

openpyxl and python-docx stamp the current time into zip entries and ``docProps/core.xml``;
for "same input, same output" every package we write goes through :func:`stable_package`.

openpyxl stores any str that starts with ``=`` as a live formula (``=HYPERLINK("file:///…")``
typed as a project name would become a link in the bureau's 汇总.xlsx) and a str such as
``#N/A`` as an error value; every cell the tool fills goes through :func:`put` (or
:func:`append_row`), which stores a str as text, always.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable, Iterable, Mapping
from datetime import datetime

ZIP_TIME = (2000, 1, 1, 0, 0, 0)
FIXED_TIME = datetime(2000, 1, 1)
FIXED_W3CDTF = b"2000-01-01T00:00:00Z"
_CORE_DATES = re.compile(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:(?:created|modified)>)")


#: An entry written piece by piece: its stored content → (its length, its pieces).
Expand = Callable[[bytes], tuple[int, Iterable[bytes]]]


def stable_package(data: bytes, *, core_dates: bool = True, expand: Mapping[str, Expand] | None = None) -> bytes:
    """The same package with fixed entry times/attributes and, with ``core_dates``, fixed core
    created/modified dates (False: the writer set them itself, deterministically).

    ``expand``: entries whose content is written piece by piece (the DOCX body kept out of the
    tree, :mod:`gendisclose.render.docx_stream`); the bytes are those of writing the joined
    pieces at once (deflate's output does not depend on how its input is split)."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            content = src.read(info.filename)
            if core_dates and info.filename == "docProps/core.xml":
                content = _CORE_DATES.sub(rb"\g<1>" + FIXED_W3CDTF + rb"\g<2>", content)
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            entry.create_system = 0
            if expand and info.filename in expand:
                entry.file_size, pieces = expand[info.filename](content)  # as writestr sets it
                with dst.open(entry, "w") as stream:
                    for piece in pieces:
                        stream.write(piece)
            else:
                dst.writestr(entry, content)
    return out.getvalue()


def put(cell, value):  # noqa: ANN001, ANN201 - an openpyxl cell
    """Set ``cell`` to ``value``; a str is stored as a string, never as a formula or error."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def append_row(ws, values) -> None:  # noqa: ANN001 - an openpyxl worksheet, a row of values
    """``ws.append(values)`` with every str stored as text (:func:`put`)."""
    ws.append(list(values))
    row = ws.max_row
    for column, value in enumerate(values, start=1):
        if isinstance(value, str):
            put(ws.cell(row, column), value)


#: The custom document property (docProps/custom.xml) that marks a workbook the tool wrote
#: as a report (汇总表, 对比表, 导出的表格), so it is never read back as a department's workbook.
OUTPUT_MARK = "gendisclose-output"


def workbook_bytes(wb, *, title: str | None = None, output_kind: str | None = None) -> bytes:
    """An openpyxl workbook saved as byte-stable .xlsx (fixed properties, zip and core dates).

    ``output_kind`` (e.g. "汇总") marks a report the tool wrote (:data:`OUTPUT_MARK`); the
    blank template is not marked, since departments fill it in and send it back.
    """
    if output_kind is not None:
        from openpyxl.packaging.custom import StringProperty

        wb.custom_doc_props.append(StringProperty(name=OUTPUT_MARK, value=output_kind))
    props = wb.properties
    props.creator = "gendisclose"
    props.lastModifiedBy = "gendisclose"
    if title is not None:
        props.title = title
    props.created = FIXED_TIME
    props.modified = FIXED_TIME
    buffer = io.BytesIO()
    wb.save(buffer)
    return stable_package(buffer.getvalue())
