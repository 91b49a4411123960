"""Random values for the accuracy corpus, drawn independently of samples/synth (own word lists,
own number formats): names, long addresses and scopes, codes with valid check digits, and dates
printed in digits or in Chinese numerals (二〇二四年三月五日)."""
from __future__ import annotations

import random
from datetime import date, timedelta

from stdnum.cn import uscc as stdnum_uscc

SURNAMES = "欧阳 司马 上官 诸葛 郝 钟 谭 覃 阎 蔺 邝 裴 岑 蒋 戴 柏 曲 秦 鲍 包".split()
GIVEN = "子涵 宇轩 若曦 浩然 静怡 一鸣 嘉懿 思远 春燕 国栋 秀英 建华 梓萱 明哲 晓岚 德胜".split()
PROVINCES = (("江西省", "赣州市", "章贡区", "赣"), ("甘肃省", "天水市", "秦州区", "甘"), ("贵州省", "遵义市", "汇川区", "黔"),
             ("内蒙古自治区", "包头市", "昆都仑区", "蒙"),
             ("福建省", "泉州市", "丰泽区", "闽"), ("湖南省", "岳阳市", "岳阳楼区", "湘"))
STREETS = "迎宾大道 解放西路 滨江东路 长征路 人民南路 文昌北街 建设中路 新华巷".split()
TOWNS = "东津 白沙 桃源 青石 凤凰 金湾 石门 云岭".split()
KINDS = {"clinic": ("中西医结合诊所", "口腔门诊部", "社区卫生服务站", "康复医院", "中医馆有限公司"),
         "pharmacy": ("大药房连锁有限公司", "医药零售有限公司", "药店", "健康大药房有限责任公司")}
SUBJECTS = ("预防保健科", "全科医疗科", "内科", "外科", "妇产科；妇科专业", "儿科", "口腔科", "医学检验科；临床体液、血液专业",
            "医学影像科；X线诊断专业；超声诊断专业", "中医科；内科专业", "中西医结合科", "康复医学科", "眼科", "耳鼻咽喉科")
SCOPE_PARTS = ("许可项目：药品零售；第三类医疗器械经营；食品销售", "一般项目：第一类医疗器械销售；第二类医疗器械销售",
               "保健食品（预包装）销售；化妆品零售；日用百货销售；消毒剂销售（不含危险化学品）", "中医养生保健服务（非医疗）",
               "眼镜销售（不含隐形眼镜）；卫生用品和一次性使用医疗用品销售；母婴用品销售",
               "（依法须经批准的项目，经相关部门批准后方可开展经营活动）")
DRUG_SCOPES = ("中药饮片、中成药、化学药制剂、抗生素制剂、生化药品、生物制品（除疫苗）",
               "处方药、甲类非处方药、乙类非处方药：中药饮片、中成药、化学药、生物制品（限口服剂型）、冷藏药品")
CN_DIGITS = "〇一二三四五六七八九"


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + rng.choice(GIVEN)


def place(rng: random.Random) -> tuple[str, str, str, str]:
    return rng.choice(PROVINCES)


def address(rng: random.Random, long: bool) -> str:
    province, city, district, _ = place(rng)
    text = f"{province}{city}{district}{rng.choice(STREETS)}{rng.randrange(1, 999)}号"
    if long:  # the kind that wraps: building, unit, floor and room
        text += f"{rng.choice(TOWNS)}商贸城{rng.randrange(1, 30)}栋{rng.randrange(1, 4)}单元"
        text += f"{rng.randrange(1, 9)}层{rng.randrange(101, 120)}室"
    return text


def institution(rng: random.Random, kind: str) -> str:
    _, city, _, _ = place(rng)
    return city[:-1] + rng.choice(TOWNS) + rng.choice(KINDS[kind])


def uscc(rng: random.Random) -> str:
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    body = rng.choice("159") + rng.choice("123") + rng.choice(("360702", "620502", "520303", "150203", "350503"))
    body += "".join(rng.choice(alphabet) for _ in range(9))
    return body + stdnum_uscc.calc_check_digit(body)


def registration_number(rng: random.Random) -> str:
    """A practice licence's 登记号: 22 characters, the length that wraps in a form's cell."""
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    return ("PDY" + "".join(rng.choice("0123456789") for _ in range(6)) + rng.choice(("360702", "620502"))
            + "".join(rng.choice(alphabet) for _ in range(3)) + rng.choice(("17", "22")) + rng.choice("ABCD") + "1")


def drug_licence_number(rng: random.Random, abbreviation: str) -> str:
    return abbreviation + rng.choice(("DA", "CB", "AA")) + "".join(rng.choice("0123456789") for _ in range(7))


def some_date(rng: random.Random, first: int, last: int) -> date:
    start = date(first, 1, 1)
    return start + timedelta(days=rng.randrange((date(last, 12, 31) - start).days))


def years_later(day: date, years: int) -> date:
    return day.replace(year=day.year + years, day=min(day.day, 28)) - timedelta(days=1)


def digits_date(day: date, padded: bool = False) -> str:
    return f"{day.year}年{day.month:02d}月{day.day:02d}日" if padded else f"{day.year}年{day.month}月{day.day}日"


def chinese_date(day: date) -> str:
    """二〇二四年十二月三十一日: the year digit by digit, month and day as numbers in words."""
    def number(n: int) -> str:
        tens, ones = divmod(n, 10)
        return (("" if tens == 1 else CN_DIGITS[tens]) + "十" if tens else "") + (CN_DIGITS[ones] if ones else "")

    return "".join(CN_DIGITS[int(c)] for c in str(day.year)) + f"年{number(day.month)}月{number(day.day)}日"


def any_date(rng: random.Random, day: date) -> str:
    return rng.choice((digits_date(day), digits_date(day, padded=True), chinese_date(day)))


def subjects(rng: random.Random, many: bool) -> list[str]:
    return rng.sample(SUBJECTS, rng.randrange(6, 10) if many else rng.randrange(2, 4))


def scope(rng: random.Random) -> str:
    return "；".join(rng.sample(SCOPE_PARTS[:-1], rng.randrange(2, 5))) + SCOPE_PARTS[-1]
