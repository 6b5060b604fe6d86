"""gendisclose: one standard workbook in, a compliant 部门预算公开 / 部门决算公开 out (DOCX, PDF)."""

__version__ = "0.1.0"
