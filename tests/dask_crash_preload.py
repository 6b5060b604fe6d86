"""Dask worker preload for tests/test_dask.py: a workbook whose name starts with 崩溃 kills its
worker process outright, as a crash in a native library (or the OOM killer) would.

The code under test is not changed: the preload replaces the name
``gendisclose.batch.workers.build_one`` (and its re-export ``gendisclose.batch.build_one``) in the
worker process only (the driver pickles the function by that name, so the worker runs this
wrapper); every other workbook is built by the real function.
"""

from __future__ import annotations

import os
from pathlib import Path

import gendisclose.batch as batch
import gendisclose.batch.workers as workers

_real_build_one = batch.build_one


def _crashing_build_one(path, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003
    if Path(path).name.startswith("崩溃"):
        os._exit(70)
    return _real_build_one(path, *args, **kwargs)


def dask_setup(worker) -> None:  # noqa: ANN001 - Dask's preload hook
    batch.build_one = workers.build_one = _crashing_build_one
