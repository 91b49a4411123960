from __future__ import annotations

import random

import pytest
from stdnum.cn import ric, uscc

from samples.synth.values import id_number, uscc_number
from validator.extract.normalize import (compact, correct_code, find_dates, half_width, parse_date, parse_int, parse_range,
                                        split_list)


@pytest.mark.parametrize("text, expected", [
    ("2023年5月1日", "2023-05-01"),
    ("2023年05月01日", "2023-05-01"),
    ("2023.05.01", "2023-05-01"),
    ("2023-5-1", "2023-05-01"),
    ("2023/5/1", "2023-05-01"),
    ("２０２３年５月１日", "2023-05-01"),
    ("二〇二三年五月一日", "2023-05-01"),
    ("二〇二三年十二月三十一日", "2023-12-31"),
    ("二○一九年十月二十日", "2019-10-20"),
    ("发证日期：20230501", "2023-05-01"),
    ("2023 年 5 月 1 日", "2023-05-01"),
    ("2023年2月30日", None),
    ("无", None),
])
def test_parse_date(text, expected):
    assert parse_date(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("自2021年05月01日至2026年04月30日", ("2021-05-01", "2026-04-30", False)),
    ("2015年8月8日至长期", ("2015-08-08", None, True)),
    ("自2015年8月8日至长期", ("2015-08-08", None, True)),
    ("2020-01-01 至 2025-12-31", ("2020-01-01", "2025-12-31", False)),
    ("2020.01.01-2025.12.31", ("2020-01-01", "2025-12-31", False)),
    ("2020年1月1日到2025年12月31日", ("2020-01-01", "2025-12-31", False)),
    ("自二〇二〇年一月一日至二〇二五年十二月三十一日", ("2020-01-01", "2025-12-31", False)),
    ("永久", (None, None, True)),
])
def test_parse_range(text, expected):
    assert parse_range(text) == expected


def test_find_dates_in_order():
    assert find_dates("成立 2019-03-02，核准 2021年4月5日") == ["2019-03-02", "2021-04-05"]


@pytest.mark.parametrize("text, expected", [("20张", 20), ("床位：120", 120), ("二十", 20), ("无", 0), ("—", 0),
                                            ("１５张", 15), ("", None)])
def test_parse_int(text, expected):
    assert parse_int(text) == expected


@pytest.mark.parametrize("text, expected", [
    ("内科；外科；儿科", ["内科", "外科", "儿科"]),
    ("内科、外科、妇产科（含计划生育专业）。", ["内科", "外科", "妇产科（含计划生育专业）"]),
    ("预防保健科/全科医疗科 中医科", ["预防保健科", "全科医疗科", "中医科"]),
    ("内科;外科,口腔科", ["内科", "外科", "口腔科"]),
])
def test_split_list(text, expected):
    assert split_list(text) == expected


def test_half_width_and_compact():
    assert half_width("９１３７０１０２ＭＡ３Ｃ") == "91370102MA3C"
    assert compact(" 9137 0102-ma3c ") == "91370102MA3C"


def test_valid_codes_are_kept():
    rng = random.Random(1)
    for _ in range(20):
        code, number = uscc_number(rng), id_number(rng)
        assert correct_code(code, "uscc") == (code, None)
        assert correct_code(number, "ric") == (number, None)


@pytest.mark.parametrize("swap", [("0", "O"), ("1", "I"), ("2", "Z"), ("5", "S"), ("8", "B")])
def test_ocr_confusions_corrected_only_where_check_digit_validates(swap):
    rng = random.Random(swap[0])
    corrected = 0
    for _ in range(30):
        number = id_number(rng)
        index = number[:17].find(swap[0])
        if index < 0:
            continue
        misread = number[:index] + swap[1] + number[index + 1:]
        value, original = correct_code(misread, "ric")
        assert (value, original) == (number, misread)
        assert ric.is_valid(value)
        corrected += 1
    assert corrected > 0


def test_uscc_single_confusion_corrected_and_recorded():
    code = "91370102MA3C8XK205"
    code = code[:17] + uscc.calc_check_digit(code)
    misread = code.replace("0", "O", 1)
    assert correct_code(misread, "uscc") == (code, misread)


def test_uncorrectable_code_is_left_as_read():
    value, original = correct_code("91370102MA3C8XK2X0", "uscc")
    assert original is None and value == "91370102MA3C8XK2X0"


def test_robust_over_junk():
    for junk in ["", "年月日", "自至", "9999年99月99日", "\x00\x01", "长期长期", "-" * 50]:
        parse_date(junk)
        parse_range(junk)
        parse_int(junk)
        split_list(junk)
        correct_code(junk, "uscc")
        correct_code(junk, "ric")
