"""Derive stage: the validated model in, the disclosure's figures, tables and text out. No I/O.

* :mod:`.tables` — the thirteen tables of 第二部分 in exact 元 (:func:`derive_tables`);
* :mod:`.table_layout` — their presentation as :class:`~gendisclose.document.Table`;
* :mod:`.codes` — the reference code lists as the tables use them.
"""
