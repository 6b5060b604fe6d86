"""Imported once by the batch's forkserver (``batch.PRELOAD_BUILD``): the renderers' modules and
per-process caches filled before the workers fork, so each worker starts warm and shares these
pages copy-on-write.

Filled here: both HarfBuzz faces and their cmaps, the jinja2 environment with the HTML template
compiled, the Typst templates' source, and the python-docx and typst modules. Nothing is
*compiled* with Typst here: its worker threads must not exist in a process that forks. Then the
collector is run and everything alive is frozen (``gc.freeze``): the collection after each
document (see :func:`.concurrent.collector_paused`) no longer walks these long-lived objects.
"""

from __future__ import annotations

import gc


def warm() -> None:
    import typst  # noqa: F401 - importing is the point (no compile: see above)

    from . import charts, docx, pdf  # noqa: F401
    from .fonts import FACES, cmap, hb_face
    from .html import TEMPLATE, environment
    from .typeset import template_source

    for face in FACES:
        hb_face(face)
        cmap(face)
    environment().get_template(TEMPLATE)
    template_source(charts.CHART_TEMPLATE, pdf.TEMPLATE)
    template_source(charts.CHART_TEMPLATE)

    gc.collect()
    gc.freeze()


warm()
