"""绩效目标表 (spec §8): complete skeleton, rectangular grids, figures from the tables."""

from decimal import Decimal

from builders import DepartmentBuilder

from gendisclose.derive.performance import (
    indicator_groups,
    overall_performance_table,
    performance_tables,
    project_performance_table,
)
from gendisclose.derive.tables import derive_tables
from gendisclose.document import Table
from gendisclose.model import (
    Indicator,
    IndicatorPeriod,
    KeyTask,
    OverallPerformance,
    Staffing,
)

SKELETON = [
    ("产出指标", "数量指标"),
    ("产出指标", "质量指标"),
    ("产出指标", "时效指标"),
    ("产出指标", "成本指标"),
    ("效益指标", "经济效益"),
    ("效益指标", "社会效益"),
    ("效益指标", "生态效益"),
    ("效益指标", "可持续影响"),
    ("满意度指标", "服务对象满意度"),
]


def assert_rectangular(table: Table) -> None:
    """Every grid position is covered exactly once (no row too short, none too wide)."""
    rows = table.header + table.body
    width = table.n_columns
    covered = [[0] * width for _ in rows]
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while c < width and covered[r][c]:
                c += 1
            assert c < width, f"{table.key} row {r} too wide"
            for dr in range(cell.rowspan):
                assert r + dr < len(rows), f"{table.key} row {r}: rowspan runs past the table"
                for dc in range(cell.colspan):
                    assert c + dc < width, f"{table.key} row {r}: colspan runs past the table"
                    covered[r + dr][c + dc] += 1
            c += cell.colspan
    for r, line in enumerate(covered):
        assert line == [1] * width, f"{table.key} row {r} covers {line}"


def texts(table: Table) -> list[list[str]]:
    return [[c.text if c else "·" for c in row] for row in table.grid()]


def _dept(**extra):
    b = (
        DepartmentBuilder(name="甲县乙局", region="甲县", code="023")
        .basic("2010301", general="4117759.00")
        .economic("30101", "4117759.00")
        .project("12345热线服务费", "2010306", general="130000", category="特定目标类")
        .project("全日制用工工资", "2010306", general="104450.40", category="其他运转类")
        .project("不公开项目", "2010306", general="6000", publish=False)
        .indicator("12345热线服务费", "数量指标", "热线工作经费", "13万元", period="实施期")
        .indicator("12345热线服务费", "数量指标", "热线工作经费", "13万元", period="年度")
        .indicator("12345热线服务费", "数量指标", "话务员人数", "3人", period="年度")
        .indicator("12345热线服务费", "服务对象满意度", "满意度", "满意", period="年度")
        .indicator(None, "数量指标", "年初预算批复数", "437.80万元")
    )
    for k, v in extra.items():
        b = b.with_(**{k: v})
    return b.build()


def test_indicator_skeleton_is_complete_and_in_fixed_order():
    groups = indicator_groups([])
    assert [(g.level1, g.level2) for g in groups] == SKELETON
    assert all(g.rows == () for g in groups)


def test_indicator_label_variants_map_to_the_canonical_skeleton():
    ind = Indicator(project=None, period=None, level1="效益指标", level2="可持续发展影响", level3="x", value="y")
    groups = indicator_groups([ind])
    assert [(g.level1, g.level2) for g in groups] == SKELETON
    assert groups[7].rows == (ind,)


def test_overall_table_is_rectangular_and_takes_its_money_from_the_tables():
    dept = _dept(
        overall=OverallPerformance(strategic_goal="优化营商环境", key_tasks=(KeyTask(core_function="审批", tasks="提速"),))
    )
    dept = dept.model_copy(
        update={"info": dept.info.model_copy(update={"staffing": Staffing(internal_departments=4, on_payroll=34, others=35)})}
    )
    tables = derive_tables(dept)
    table = overall_performance_table(dept, tables)
    assert_rectangular(table)
    assert table.title == "县(区)级预算部门(单位)整体支出绩效目标申报表"
    assert table.subtitle == "(2026)年度"
    grid = texts(table)
    assert grid[0][:3] == ["部门基本信息", "部门名称", "023-甲县乙局"]
    assert grid[1] == ["·", "内设职能部门数", "4个", "所属预算单位数", ""]
    assert grid[2][3:] == ["实际在职人员总数", "69人"]
    # 年度预算情况: 合计 = T1 收入总计, 基本/项目 = T3; zero sources print 0.00 (D13)
    budget = next(i for i, r in enumerate(grid) if r[0] == "年度预算情况")
    assert grid[budget + 1][1:] == ["合计", "435.82", "合计", "435.82"]
    assert grid[budget + 2][1:] == ["其中:一般公共预算资金", "435.82", "其中:基本支出", "411.78"]
    assert grid[budget + 3][1:] == ["政府性基金预算资金", "0.00", "项目支出", "24.05"]  # 尾差: 411.78 + 24.05 ≠ 435.82, as in the seeds
    assert grid[budget + 7][1:3] == ["单位资金", "0.00"]
    # indicators: all nine 二级 rows, the typed one filled in
    ind = next(i for i, r in enumerate(grid) if r[0] == "年度绩效指标")
    rows = grid[ind + 1 :]
    assert [r[2] for r in rows] == [l2 for _, l2 in SKELETON]
    assert rows[0][3:] == ["年初预算批复数", "437.80万元"]
    assert [r[1] for r in rows] == ["产出指标", "·", "·", "·", "效益指标", "·", "·", "·", "满意度指标"]


def test_project_table_rows_skeleton_and_merged_continuations():
    dept = _dept()
    tables = derive_tables(dept)
    project = dept.projects[0]
    table = project_performance_table(dept, project, tables, 1)
    assert_rectangular(table)
    assert table.title == "甲县县(区)级预算部门(单位)项目支出绩效目标表"
    assert table.subtitle == "(2026年度)"
    grid = texts(table)
    assert [r[0] for r in grid][:4] == ["项目名称", "主管部门及代码", "项目属性", "项目资金(元)"]
    assert grid[0][2] == "12345热线服务费"
    assert grid[1][2] == "023-甲县乙局" and grid[1][5] == "甲县乙局"
    assert grid[3][2:] == ["实施期资金总额:", "·", "130,000", "年度资金总额:", "·", "130,000"]
    assert grid[8][2] == "其他资金" and grid[8][4] == ""  # 其他资金 empty when zero
    head_row = next(i for i, r in enumerate(grid) if r[0] == "绩效指标")
    assert grid[head_row] == ["绩效指标", "一级指标", "二级指标", "三级指标", "指标值", "二级指标", "三级指标", "指标值"]
    rows = grid[head_row + 1 : -1]
    # 数量指标 has two 年度 rows: the label is merged (D15: no repeated label), 实施期 side blank
    assert rows[0][1:] == ["产出指标", "数量指标", "热线工作经费", "13万元", "数量指标", "热线工作经费", "13万元"]
    assert rows[1][1:] == ["·", "·", "", "", "·", "话务员人数", "3人"]
    assert len(rows) == len(SKELETON) + 1
    assert rows[-1][5:] == ["服务对象满意度", "满意度", "满意"]
    assert grid[-1][::2] == ["负责人:", "经办人:", "联系电话:", "填报日期:"]


def test_annual_funds_total_equals_the_project_amount():
    dept = _dept()
    tables = derive_tables(dept)
    for table, project in zip(performance_tables(dept, tables)[1:], dept.projects, strict=False):
        grid = texts(table)
        assert grid[0][2] == project.name
        assert Decimal(grid[3][7].replace(",", "")) == project.total


def test_only_published_projects_in_t12_order():
    dept = _dept()
    tables = derive_tables(dept)
    keys = [t.key for t in performance_tables(dept, tables)]
    assert keys == ["PERF_OVERALL", "PERF_PROJECT_1", "PERF_PROJECT_2"]
    names = [texts(t)[0][2] for t in performance_tables(dept, tables)[1:]]
    assert names == ["12345热线服务费", "全日制用工工资"]


def test_indicator_without_period_counts_for_both_sides():
    dept = _dept()
    ind = Indicator(project="全日制用工工资", period=None, level1="产出指标", level2="数量指标", level3="人数", value="2人")
    dept = dept.model_copy(update={"indicators": (*dept.indicators, ind)})
    tables = derive_tables(dept)
    grid = texts(project_performance_table(dept, dept.projects[1], tables, 2))
    row = next(r for r in grid if r[3] == "人数")
    assert row[3:] == ["人数", "2人", "数量指标", "人数", "2人"]
    assert IndicatorPeriod.ANNUAL.value == "年度"
