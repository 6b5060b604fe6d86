"""The standard input workbook: schema (the one definition), template writer, reader.

    from gendisclose.workbook.template import template_bytes   # Department | None → .xlsx bytes
    from gendisclose.workbook.reader import read_workbook      # path → (Department | None, issues)
"""
