from decimal import Decimal

from gendisclose.money import change_rate, percent, perf_yuan, table_amount, text_amount, to_wan


def test_to_wan_rounds_half_up_from_exact_value():
    assert to_wan(Decimal("104450.40")) == Decimal("10.45")
    assert to_wan(Decimal("104449.99")) == Decimal("10.44")
    assert to_wan(Decimal("1082178.54")) == Decimal("108.22")


def test_table_amount_empty_for_zero_and_no_separator():
    assert table_amount(Decimal("0")) == ""
    assert table_amount(None) == ""
    assert table_amount(Decimal("47542300.00")) == "4754.23"


def test_text_amount_zero_is_bare_digit_and_separator_optional():
    assert text_amount(Decimal("0")) == "0"
    assert text_amount(Decimal("17584800")) == "1,758.48"
    assert text_amount(Decimal("17584800"), separator=False) == "1758.48"


def test_percent_from_shown_figures():
    # seed 000 §三: 411.78 / 519.99 = 79.19%
    assert percent(Decimal("4117759.00"), Decimal("5199937.54")) == "79.19%"
    assert percent(Decimal("0"), Decimal("5199937.54")) == "0%"
    assert change_rate(Decimal("5199937.54"), Decimal("4983000")) == Decimal("4.35")


def test_perf_yuan_drops_trailing_zeros():
    assert perf_yuan(Decimal("104450.40")) == "104,450.4"
    assert perf_yuan(Decimal("130000.00")) == "130,000"
    assert perf_yuan(Decimal("0")) == "0"
