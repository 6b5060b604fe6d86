"""The department's own words in a 部门决算公开 (第三部分 reasons and purposes, the 附件 report).

Part of the 决算 model (:mod:`gendisclose.model_final`, which holds it as
``FinalDepartment.narrative``); no I/O here.
"""

from __future__ import annotations

from pydantic import Field

from .issues import Location
from .model import TextBlock, ThreePublicItem, _Frozen

__all__ = ["FinalNarrative"]


class FinalNarrative(_Frozen):
    """The department's own words in 第三部分 and the 附件 (each typed once; None / () = not given).

    Single sentences are reasons and purposes (trimmed of closing punctuation when printed);
    the 附件 sections are paragraphs (:class:`~gendisclose.model.TextBlock`), printed verbatim.
    """

    total_reason: str | None = None  # 一、收入支出 增减 主要原因是…
    fiscal_reason: str | None = None  # 四、财政拨款收支
    general_reason: str | None = None  # 五（一）一般公共预算财政拨款支出
    personnel_includes: str | None = None  # 六 人员经费主要包括…
    public_includes: str | None = None  # 六 公用经费主要包括…
    three_public_reasons: dict[ThreePublicItem, str] = Field(default_factory=dict)  # 九（一）主要原因是：…
    overseas_purpose: str | None = None  # 九（二）1 主要用于…
    vehicle_purchase_purpose: str | None = None  # 九（二）2
    vehicle_operation_purpose: str | None = None  # 九（二）3
    foreign_affairs_purpose: str | None = None  # 九（二）4 外事接待 主要是接待…
    abroad_purpose: str | None = None  # 九（二）4 国（境）外接待 主要是…
    agency_operating_reason: str | None = None  # 十（一）
    performance_measures: str | None = None  # 十（四）1 采取的改进管理措施为：…
    performance_other: tuple[TextBlock, ...] = ()  # 十（四）2 其他需要说明的事项
    report_intro: tuple[TextBlock, ...] = ()  # 附件 引言（…报告如下：）
    report_organisation: tuple[TextBlock, ...] = ()  # 二（一）自评工作的组织实施情况
    report_analysis: tuple[TextBlock, ...] = ()  # 三、绩效自评结果及分析
    report_problems: tuple[TextBlock, ...] = ()  # 四（一）自评发现的问题
    report_measures: tuple[TextBlock, ...] = ()  # 四（二）整改措施
    report_suggestions: tuple[TextBlock, ...] = ()  # 五、绩效自评结果应用建议
    report_other: tuple[TextBlock, ...] = ()  # 六、其他需要说明的问题
    cells: dict[str, Location] = Field(default_factory=dict, exclude=True, repr=False)  # field key → its cell
