"""Synthetic (never real) people, institutions and identifiers with valid check digits."""
from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.cn import ric, uscc

SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗梁宋郑谢韩唐冯于董萧程曹袁邓许傅沈曾彭吕苏卢蒋蔡贾丁魏薛叶阎余潘杜戴夏钟汪田任姜范方石姚谭廖邹熊金陆郝孔白崔康毛邱秦江史顾侯邵孟龙万段"  # noqa: E501 - one string of names
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉兰海燕晨阳子涵浩然思远文博雨欣宏亮佳怡德胜立新春梅永福振华"  # noqa: E501 - one string of names
PLACES = [("山东省", "威海市", "环翠区", "371002"), ("山东省", "济南市", "历下区", "370102"),
          ("江苏省", "扬州市", "邗江区", "321003"), ("山西省", "太原市", "小店区", "140105"),
          ("黑龙江省", "哈尔滨市", "南岗区", "230103"), ("山东省", "威海市", "文登区", "371003")]
STREETS = ["文化中路", "新威路", "青岛北路", "经十路", "文昌路", "长治路", "中山路", "红旗大街", "世纪大道", "海滨北路"]
BRANDS = ["康宁", "仁和", "济民", "惠民", "同济", "华康", "益寿", "安泰", "德仁", "瑞康", "百草", "永安"]
SUBJECTS = ["内科", "外科", "妇产科", "儿科", "中医科", "口腔科", "预防保健科", "全科医疗科",
            "医学检验科", "医学影像科", "康复医学科", "皮肤科", "眼科", "耳鼻咽喉科"]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def uscc_number(rng: random.Random) -> str:
    """A USCC whose check digit validates (registration dept 5 = civil affairs etc.)."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    place = rng.choice(PLACES)[3]
    body = rng.choice("1259") + rng.choice("123") + place + "".join(rng.choice(alphabet) for _ in range(9))
    return body + uscc.calc_check_digit(body)


def id_number(rng: random.Random) -> str:
    """An 18-digit resident ID number with a valid check digit and birth date."""
    born = date(1988, 1, 1) + timedelta(days=rng.randrange(0, 365 * 14))
    # Counties that existed at every birth date drawn (stdnum checks the county's years).
    body = rng.choice(("370102", "230103", "371002")) + born.strftime("%Y%m%d") + f"{rng.randrange(0, 1000):03d}"
    return body + ric.calc_check_digit(body + "0")  # stdnum expects the check digit slot present


def address(rng: random.Random) -> str:
    province, city, district, _ = rng.choice(PLACES)
    return f"{province}{city}{district}{rng.choice(STREETS)}{rng.randrange(1, 300)}号"


def institution(rng: random.Random, suffix: str) -> str:
    city = rng.choice(PLACES)[1].removesuffix("市")
    return f"{city}{rng.choice(BRANDS)}{suffix}"


def some_date(rng: random.Random, start: int = 2015, end: int = 2024) -> date:
    first = date(start, 1, 1)
    return first + timedelta(days=rng.randrange(0, (date(end, 12, 31) - first).days))


def digits(rng: random.Random, count: int) -> str:
    return "".join(rng.choice("0123456789") for _ in range(count))


def registration_number(rng: random.Random) -> str:
    """登记号 of a practice license: organisation code, region code, class code, serial."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return ("".join(rng.choice(alphabet) for _ in range(9)) + rng.choice(PLACES)[3]
            + rng.choice(("17", "21", "22")) + rng.choice("ABCD") + digits(rng, 4))


def subjects(rng: random.Random) -> list[str]:
    return rng.sample(SUBJECTS, rng.randrange(2, 5))


def rng_place(rng: random.Random) -> str:
    """A city-and-district authority prefix, e.g. 威海市环翠区."""
    _, city, district, _ = rng.choice(PLACES)
    return city + district
