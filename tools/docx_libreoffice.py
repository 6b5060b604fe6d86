"""Look at DOCX files through LibreOffice (headless, UNO): its 目录 as shipped and after an
update of every index, and a PDF of the updated document next to each file.

    /usr/bin/python3 tools/docx_libreoffice.py out/*.docx

Needs LibreOffice and the Python its UNO bridge is built for (Debian: ``libreoffice-writer-nogui``
and ``python3-uno``, the system ``/usr/bin/python3``, not the project's venv). Writes
``<name>.toc-before.txt``, ``<name>.toc-after.txt`` and ``<name>.updated.pdf`` beside each file.
For looking only: no test depends on it (LibreOffice macros are not needed; nothing is saved
back into the DOCX).
"""

import os
import subprocess
import sys
import tempfile
import time

import uno  # noqa: I001 - the UNO bridge of the system's LibreOffice
from com.sun.star.beans import PropertyValue


def _prop(name, value):  # noqa: ANN001, ANN202
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def _index_text(indexes) -> str:  # noqa: ANN001
    return "\n".join(indexes.getByIndex(i).getAnchor().getString() for i in range(indexes.getCount()))


def main(paths: list[str]) -> None:
    profile = tempfile.mkdtemp(prefix="gendisclose-lo-")
    pipe = f"gendisclose{os.getpid()}"
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", f"-env:UserInstallation=file://{profile}",
         f"--accept=pipe,name={pipe};urp;"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            remote = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            break
        except Exception:  # noqa: BLE001 - not listening yet
            time.sleep(0.5)
    else:
        raise SystemExit("LibreOffice did not start")
    desktop = remote.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", remote)
    try:
        for path in paths:
            base = os.path.splitext(os.path.abspath(path))[0]
            doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0,
                                               (_prop("Hidden", True),))
            indexes = doc.getDocumentIndexes()
            before = _index_text(indexes)
            for i in range(indexes.getCount()):
                indexes.getByIndex(i).update()
            after = _index_text(indexes)
            with open(base + ".toc-before.txt", "w", encoding="utf-8") as fh:
                fh.write(before)
            with open(base + ".toc-after.txt", "w", encoding="utf-8") as fh:
                fh.write(after)
            doc.storeToURL(uno.systemPathToFileUrl(base + ".updated.pdf"), (_prop("FilterName", "writer_pdf_Export"),))
            doc.close(True)
            print(f"{path}: 目录 {len(before.splitlines())} lines as shipped, {len(after.splitlines())} after an update")
    finally:
        try:
            desktop.terminate()
        except Exception:  # noqa: BLE001 - already gone
            pass
        office.wait(timeout=60)


if __name__ == "__main__":
    main(sys.argv[1:])
