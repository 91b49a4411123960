"""Whom the city's guide serves (taiyuan 二: institutions of Taiyuan's six districts, three
counties and one city): an institution whose licensed address names another city may be
outside it.

A warning, not a refusal: an address is free text ("花园城市小区…" names no city), so a city read
at its head is a question for the clerk (a false refusal is worse than a question).
An address that names no city (小店区… alone) or names one of the area's says nothing.
"""
from __future__ import annotations

import re
from typing import Iterable

from validator.checklists.model import RuleSetting
from validator.rules.context import CheckContext
from validator.findings import Finding
from validator.rules.common import PRACTICE_LICENSE_TYPES, located, values
from validator.rules.declaration import Param, Rule, words
from validator.extract.text_match import normalise_address, simplified

# A prefecture-level city at the head of an address, after an optional province: 山西省晋中市…
_CITY = re.compile(r"^(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?([\u4e00-\u9fff]{2,5}?市)")


def outside_service_area(context: CheckContext, setting: RuleSetting) -> Iterable[Finding]:
    """The licensed address names a city that is none of ``places`` (the city and the counties
    and county-level cities it serves): a warning for the clerk to check.

    Example::

        - code: outside_service_area
          source: 000_f517f697d43ff996.txt 二
          params: {places: [太原市, 古交市, 清徐县, 阳曲县, 娄烦县]}

    Passes: 山西省太原市小店区…, or 古交市…, or 小店区… (no city named).
    Fails: 山西省晋中市榆次区….
    """
    places = [normalise_address(place) for place in setting.params["places"]]
    for found in values(context.documents_of(*PRACTICE_LICENSE_TYPES), "address"):
        address = normalise_address(simplified(str(found.value)))
        match = _CITY.match(address)
        if found.weak or match is None or any(address.startswith(place) or place in address for place in places):
            continue
        yield located(context, setting, "outside_service_area", found, field="address", found=found.value,
                      evidence={"city": match.group(1), "places": "、".join(setting.params["places"])})


OUTSIDE_SERVICE_AREA = Rule("outside_service_area", outside_service_area, params=(
    Param("places", words(), "the city and the counties and county-level cities the guide serves", required=True),
))
