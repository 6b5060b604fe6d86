"""Presentation only: the :class:`~gendisclose.document.Document` laid out as HTML, PDF and DOCX.

``html`` (jinja2 templates) → ``pdf`` (weasyprint, fonts served by our own fetcher);
``docx`` (python-docx plus small XML helpers); ``charts`` (matplotlib SVG/PNG); ``fonts``
(packaged CJK faces and cmap checks). No module here computes or rounds a figure.
"""
