"""Wording rules of 第三部分, one by one (spec §1.3, §1.4, §7)."""

from decimal import Decimal

from gendisclose.derive.wording import (
    UNCHANGED,
    Change,
    amount,
    amount_verb,
    clause,
    compared_with_prior,
    listing,
    rate_verb,
    share,
)
from gendisclose.money import whole_percent

D = Decimal


def test_amount_verb_and_rate_verb_follow_the_sign():
    assert amount_verb(D("1")) == "增加"
    assert amount_verb(D("-1")) == "减少"
    assert rate_verb(D("1")) == "增长"
    assert rate_verb(D("-1")) == "下降"


def test_increase_seed_000_section_one():
    # 519.99 vs 498.30: 比上年增加21.69万元，增长4.35%
    assert compared_with_prior(D("5199937.54"), D("4983000")) == "比上年增加21.69万元，增长4.35%"


def test_decrease_seed_002_section_one():
    # 1758.48 vs 1854.05: 减少95.57万元，下降5.15%
    assert compared_with_prior(D("17584800"), D("18540500")) == "比上年减少95.57万元，下降5.15%"


def test_change_amount_has_no_separator_but_total_does():
    # seed 004: 4,754.23万元 … 比上年增加2034.24万元，增长74.79%
    assert amount(D("47542300")) == "4,754.23万元"
    assert compared_with_prior(D("47542300"), D("27199900")) == "比上年增加2034.24万元，增长74.79%"
    assert compared_with_prior(D("47542300"), D("27199900"), separator=True) == "比上年增加2,034.24万元，增长74.79%"


def test_unchanged_reads_与上年持平():
    assert compared_with_prior(D("100000"), D("100000")) == UNCHANGED == "与上年持平"


def test_unchanged_is_judged_on_the_shown_figures():
    # 10.00 vs 10.00 after rounding: no 增加0.00万元
    assert compared_with_prior(D("100000.40"), D("99999.60")) == "与上年持平"


def test_prior_missing_drops_the_clause():
    assert compared_with_prior(D("100000"), None) is None


def test_prior_zero_gives_amount_without_rate():
    assert compared_with_prior(D("30000"), D("0")) == "比上年增加3.00万元"


def test_subject_and_no_rate_for_三公_style_comparisons():
    assert compared_with_prior(D("7404000"), D("7558000"), subject="2025年", with_rate=False) == "比2025年减少15.40万元"


def test_change_on_shown_figures():
    c = Change(D("348500"), D("326000"))
    assert c.amount_text() == "增加2.25万元"
    assert c.rate_text() == "增长6.90%"


def test_zero_amount_and_share():
    assert amount(D("0")) == "0万元"
    assert amount(None) == "0万元"
    assert share(D("0"), D("5199937.54")) == "占0%"
    assert share(D("5199937.54"), D("5199937.54")) == "占100.00%"


def test_share_two_decimals_from_shown_figures():
    # seed 002 §三: 1167.73 / 1758.48 = 66.41%
    assert share(D("11677300"), D("17584800")) == "占66.41%"


def test_whole_percent_for_published_share():
    assert whole_percent(D("26794800"), D("26794800")) == "100%"
    assert whole_percent(D("0"), D("26794800")) == "0%"
    assert whole_percent(D("26794800"), D("47542300")) == "56%"


def test_listing_closes_with_等():
    assert listing(["办公费", "印刷费"]) == "办公费、印刷费等"


def test_clause_strips_closing_punctuation_of_free_text():
    # seed 001 printed 「…尾款。；本年…」: never again
    assert clause("主要用于偿还智慧政务建设尾款。") == "主要用于偿还智慧政务建设尾款"
    assert clause(None) == ""
