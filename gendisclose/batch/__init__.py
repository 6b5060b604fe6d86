"""Many workbooks at once: the finance bureau's check-and-build loop (批量检查与生成).

The package follows the loop's stages:

* :mod:`.inputs` — what to read (files, folders; what is skipped and why) and each
  workbook's key;
* :mod:`.workers` — one workbook in, a small picklable :class:`DepartmentResult` out
  (:func:`validate_one`, :func:`build_one`), never raising;
* :mod:`.pool` — :func:`execute` runs them in a process pool, containing crashed workers;
* :mod:`.placement` — :func:`place_outputs` moves the staged outputs into ``OUT`` and writes
  the manifests, replacing only files the tool can prove it wrote;
* :mod:`.results`, :mod:`.summary` — counts and the 汇总.xlsx.
"""

from .inputs import InputError, Inputs, collect_inputs, own_output_kind, scan_inputs, unique_keys
from .placement import place_outputs, remove_stale_staging, staging_run
from .pool import PRELOAD_BUILD, PRELOAD_VALIDATE, RECYCLE_AFTER, default_jobs, execute
from .results import (
    CHANGE_NEW,
    CHANGE_SKIPPED,
    CHANGE_UPDATED,
    STATUS_ERRORS,
    STATUS_OK,
    TOTALS,
    BatchSummary,
    DepartmentResult,
    error_result,
    internal_error_result,
    key_totals,
    sort_results,
)
from .summary import summary_workbook
from .workers import STAGING_PREFIX, Task, build_one, run_task, validate_one

__all__ = [
    "CHANGE_NEW",
    "CHANGE_SKIPPED",
    "CHANGE_UPDATED",
    "PRELOAD_BUILD",
    "PRELOAD_VALIDATE",
    "RECYCLE_AFTER",
    "STAGING_PREFIX",
    "STATUS_ERRORS",
    "STATUS_OK",
    "TOTALS",
    "BatchSummary",
    "DepartmentResult",
    "InputError",
    "Inputs",
    "Task",
    "build_one",
    "collect_inputs",
    "default_jobs",
    "error_result",
    "execute",
    "internal_error_result",
    "key_totals",
    "own_output_kind",
    "place_outputs",
    "remove_stale_staging",
    "run_task",
    "scan_inputs",
    "sort_results",
    "staging_run",
    "summary_workbook",
    "unique_keys",
    "validate_one",
]
