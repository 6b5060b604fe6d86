from decimal import Decimal

from builders import DepartmentBuilder


def test_builder_makes_a_department_with_current_and_carried_money():
    dept = (
        DepartmentBuilder(name="甲局")
        .basic("2010301", general="100.00", carried_general="5.00")
        .economic("30101", "100.00")
        .project("物业费", "2010301", general="50", unit_funds="1.5")
        .prior_year(income_total="120.00")
        .build()
    )
    assert dept.units[0].name == "甲局"
    assert dept.basic_lines[0].carried.general == Decimal("5.00")
    assert dept.projects[0].total == Decimal("51.50")
    assert dept.projects[0].annual_funds.total == Decimal("51.50")
    assert dept.prior.income_total == Decimal("120.00")
