"""A generated corpus of broken workbooks (issue 6), each paired with the issue it must produce.

``CASES`` lists them; ``generate(folder)`` writes them. See :mod:`.cases`.
"""

# topic modules register further cases into CASES when imported
from . import cases_files, cases_layout, cases_plausible, cases_sheets  # noqa: E402,F401,I001
from . import cases_final  # noqa: E402,F401,I001  (issue 13: the 决算 sheets)
from . import cases_catalogue  # noqa: E402,F401,I001  (issue 17: the checks published documents fail)
from . import cases_round2_data, cases_round2_files  # noqa: E402,F401,I001  (issue 12, second campaign)
from .base import base_bytes, base_department
from .cases import CASES, Case, case_by_name, generate

__all__ = ["CASES", "Case", "base_bytes", "base_department", "case_by_name", "generate"]
