"""Imported once by the batch's forkserver (``batch.PRELOAD_BUILD``): every per-process cache of
the renderers filled before the workers fork, so each worker starts warm and shares these pages
copy-on-write.

Filled here: both HarfBuzz faces and their cmaps, the compiled user-agent stylesheet and the
HTML class of :mod:`.pdf`, the jinja2 environment with the template compiled, the weasyprint,
python-docx and matplotlib modules (charts' font manager included). Then the collector is run
and everything alive is frozen (``gc.freeze``): the collection after each document (see
:func:`.concurrent.collector_paused`) no longer walks these ~140,000 long-lived objects.
"""

from __future__ import annotations

import gc


def warm() -> None:
    from . import charts, docx, pdf  # noqa: F401 - importing is the point
    from .fonts import FACES, cmap, hb_face
    from .html import TEMPLATE, environment

    for face in FACES:
        hb_face(face)
        cmap(face)
    pdf._ua_stylesheet()
    pdf._html_class()
    environment().get_template(TEMPLATE)
    from weasyprint.text.fonts import FontConfiguration  # noqa: F401

    gc.collect()
    gc.freeze()


warm()
