"""Input reasons reach Chinese readers in Chinese and English readers in English."""

import re

import pytest
from django.utils import translation

from fupin.core.identifiers import check_id_number
from fupin.core.messages import TEMPLATES, template_of, translated
from fupin.exchange import cells

PLACE = re.compile(r"%\((\w+)\)s")


def _filled(template):
    return PLACE.sub(lambda m: f"«{m.group(1)}»", template)


@pytest.mark.parametrize("template", TEMPLATES)
def test_every_reason_has_chinese_wording_keeping_its_particulars(template):
    text = _filled(template)
    assert template_of(text)[0] == template
    with translation.override("zh-hans"):
        chinese = translated(text)
    assert chinese != text
    assert re.search(r"[\u4e00-\u9fff]", chinese)
    for name in PLACE.findall(template):
        assert f"«{name}»" in chinese  # the particulars survive translation
    with translation.override("en"):
        assert translated(text) == text


def test_real_reasons_are_recognised():
    with pytest.raises(ValueError) as wrong:
        cells.year("1800")
    reason = check_id_number("110101199003071234").errors[0]
    with translation.override("zh-hans"):
        assert translated(str(wrong.value)) == "不能小于 1949"
        assert re.fullmatch(r"校验码错误（应为 [0-9X]）", translated(reason))
        assert translated("something said by nobody") == "something said by nobody"
