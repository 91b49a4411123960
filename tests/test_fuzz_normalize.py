"""Hypothesis properties of validator.extract.normalize: dates (年月日, 至, 长期, Chinese numerals),
numbers, lists and code correction never raise and round-trip what they should."""
from __future__ import annotations

from datetime import date

from hypothesis import given
from hypothesis import strategies as st
from stdnum.cn import ric, uscc

from hostile_corpus import FUZZ
from validator.extract.normalize import compact, correct_code, find_dates, half_width, parse_date, parse_int, parse_range, \
    split_list

DIGITS = "〇一二三四五六七八九"
dates = st.dates(min_value=date(1950, 1, 1), max_value=date(2099, 12, 31))
ocr_text = st.text(alphabet=st.sampled_from("0123456789年月日至长期自起止.-/ 　０１２３〇一二十OIl：:，、"), max_size=40)


def chinese_small(number: int) -> str:
    """1..31 the way dates write them: 五, 十, 十二, 二十, 三十一."""
    tens, units = divmod(number, 10)
    return ("" if tens == 0 else "十" if tens == 1 else DIGITS[tens] + "十") + (DIGITS[units] if units else "")


def written(day: date, style: int) -> str:
    y, m, d = day.year, day.month, day.day
    return [f"{y}年{m}月{d}日", f"{y}-{m:02d}-{d:02d}", f"{y}.{m}.{d}", f"{y}{m:02d}{d:02d}", f"{y}/{m}/{d}",
            f"{y} 年 {m:02d} 月 {d:02d} 日",
            half_width(f"{y}年{m}月{d}日").translate(str.maketrans("0123456789", "０１２３４５６７８９")),
            "".join(DIGITS[int(c)] for c in str(y)) + f"年{chinese_small(m)}月{chinese_small(d)}日"][style]


@FUZZ
@given(st.text(max_size=200))
def test_date_and_number_parsers_never_raise(text):
    for value in find_dates(text):
        date.fromisoformat(value)
    parse_range(text)
    parse_int(text)
    assert all(item.strip() == item and item for item in split_list(text))


@FUZZ
@given(ocr_text)
def test_parsers_on_ocr_like_text(text):
    assert all(date.fromisoformat(value).isoformat() == value for value in find_dates(text))
    start, end, open_ended = parse_range(text)
    assert not (open_ended and end)


@FUZZ
@given(dates, st.integers(0, 7), st.sampled_from(["", "发证日期：", "有效期自", "成立日期 "]))
def test_every_written_form_of_a_date_parses_back(day, style, label):
    assert parse_date(label + written(day, style) + "。") == day.isoformat()


@FUZZ
@given(dates, dates, st.integers(0, 7), st.sampled_from(["至", "到", " - ", "～"]))
def test_validity_ranges(first, second, style, separator):
    start, end = sorted((first, second))
    text = f"自{written(start, style)}{separator}{written(end, style)}"
    assert parse_range(text) == (start.isoformat(), end.isoformat(), False)
    assert parse_range(f"{written(start, style)}至长期") == (start.isoformat(), None, True)


@FUZZ
@given(st.integers(0, 99), st.sampled_from(["床位{}张", "{}", "共 {} 人"]), st.booleans())
def test_parse_int(number, template, chinese):
    text = template.format(chinese_small(number) if chinese and number else number)
    assert parse_int(text) == number


@FUZZ
@given(st.lists(st.text(alphabet=st.sampled_from("内外儿妇科口腔中医预防保健"), min_size=1, max_size=6),
                min_size=1, max_size=6), st.sampled_from(["、", "；", "，", " ", ";"]))
def test_split_list_round_trips(items, separator):
    assert split_list(separator.join(items)) == items


@FUZZ
@given(st.text(max_size=30), st.sampled_from(["uscc", "ric"]))
def test_correct_code_never_raises_and_only_returns_valid_corrections(raw, kind):
    code, before = correct_code(raw, kind)
    module = uscc if kind == "uscc" else ric
    if before is not None:
        assert module.is_valid(code) and before == raw
    assert not any(ch.isspace() for ch in compact(raw))


@st.composite
def resident_ids(draw) -> str:
    body = draw(st.sampled_from(["370602", "110105", "371002"])) + draw(dates).strftime("%Y%m%d") + \
        f"{draw(st.integers(0, 999)):03d}"
    body += ric.calc_check_digit(body + "0")
    return body if ric.is_valid(body) else "370602199001011239"  # stdnum knows when areas existed


@FUZZ
@given(resident_ids(), st.data())
def test_ocr_confusions_in_an_id_are_corrected(number, data):
    assert correct_code(number, "ric") == (number, None)
    position = data.draw(st.sampled_from([i for i, ch in enumerate(number[:17]) if ch in "0158"] or [None]))
    if position is not None:
        look_alike = {"0": "O", "1": "I", "5": "S", "8": "B"}[number[position]]
        misread = number[:position] + look_alike + number[position + 1:]
        assert correct_code(misread, "ric") == (number, misread)
