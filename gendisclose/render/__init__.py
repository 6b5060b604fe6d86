"""Presentation only: the :class:`~gendisclose.document.Document` laid out as PDF, DOCX and HTML.

``pdf`` (Typst, through the sandbox of ``typeset``); ``docx`` (python-docx plus small XML
helpers); ``html`` (jinja2, autoescaped); ``charts`` (one Typst drawing: inline in the PDF, SVG
for HTML, PNG for DOCX); ``fonts`` (packaged CJK faces and cmap checks). No module here
computes or rounds a figure.
"""
