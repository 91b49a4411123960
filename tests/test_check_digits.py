"""validator/check_digits.py gives python-stdnum's answer for every input: the same value or the
same exception, on valid codes, codes one character off, and every kind of odd character."""
from __future__ import annotations

import random
import subprocess
import sys

import pytest
from stdnum.cn import ric, uscc
from stdnum.exceptions import ValidationError

from validator import check_digits

ODD = ["", " ", "-", "`", "\n", "\t", "x", "I", "O", "Z", "*", "０", "１", "٣", "X", "é", "统", "\u200b", "—"]


def _uscc(rng: random.Random) -> str:
    body = "".join(rng.choice("0123456789") for _ in range(8)) + "".join(rng.choice(check_digits._USCC_ALPHABET)
                                                                        for _ in range(9))
    return body + uscc.calc_check_digit(body)


def _resident_id(rng: random.Random) -> str:
    body = f"{rng.randint(110000, 659004)}{rng.randint(1900, 2030)}{rng.randint(0, 13):02d}{rng.randint(0, 32):02d}" \
           f"{rng.randint(0, 999):03d}"
    return body + ric.calc_check_digit(body + "0")


def _variants(code: str, rng: random.Random) -> list[str]:
    """The code, one character off, cut, lengthened, lower-cased, and with odd characters in it."""
    out = [code, code.lower(), code[:-1], code + "1", code[:17], " " + code + " ", code[:6] + "-" + code[6:]]
    for _ in range(12):
        at = rng.randrange(len(code))
        out.append(code[:at] + rng.choice("0123456789ABXYZIO") + code[at + 1:])
        out.append(code[:at] + rng.choice(ODD) + code[at + 1:])
        out.append(code[:at] + rng.choice(ODD) + code[at:])
    return out


def _same(ours, theirs, value: str) -> None:
    """Both return the same thing, or both raise the same exception type."""
    def outcome(function):
        try:
            return "value", function(value)
        except Exception as error:  # noqa: BLE001 - the exception type is what is compared
            return "raises", type(error)
    assert outcome(ours) == outcome(theirs), repr(value)


def _birth_date(value: str):
    try:
        return ric.get_birth_date(value)
    except ValidationError:
        return None


@pytest.mark.parametrize("seed", range(3))
def test_every_answer_is_stdnums(seed):
    rng = random.Random(seed)
    for _ in range(60):
        for value in _variants(_uscc(rng), rng):
            _same(check_digits.uscc_is_valid, uscc.is_valid, value)
            _same(check_digits.uscc_check_digit, uscc.calc_check_digit, value)
        for value in _variants(_resident_id(rng), rng):
            _same(check_digits.resident_id_check_digit, ric.calc_check_digit, value)
            _same(check_digits.resident_id_birth_date, _birth_date, value)
    for value in ODD:
        _same(check_digits.uscc_is_valid, uscc.is_valid, value)
        _same(check_digits.resident_id_check_digit, ric.calc_check_digit, value)
        _same(check_digits.resident_id_birth_date, _birth_date, value)


def test_the_published_examples():
    assert check_digits.uscc_is_valid("91110000600037341L") and not check_digits.uscc_is_valid("91110000600037341M")
    assert check_digits.uscc_is_valid("9 1 110000 600037341L")  # stdnum's own example of separators
    assert check_digits.resident_id_check_digit("11010519491231002X") == "X"
    assert str(check_digits.resident_id_birth_date("11010519491231002X")) == "1949-12-31"
    assert check_digits.resident_id_birth_date("110105194902300021") is None  # 30 February


def test_a_plain_code_does_not_import_stdnum():
    script = ("import sys; from validator import check_digits as c; "
              "print(c.uscc_is_valid('91110000600037341L'), c.resident_id_check_digit('11010519491231002X'), "
              "c.resident_id_birth_date('11010519491231002X'), 'stdnum' in sys.modules, "
              "c.uscc_is_valid('９1110000600037341L'), 'stdnum' in sys.modules)")
    completed = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert completed.stdout == "True X 1949-12-31 False True True\n"  # a full-width 9 is stdnum's to clean
