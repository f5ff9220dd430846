"""The demo's cadres carry Chinese names, but for the real people the seeds name."""

import re

import pytest

from fupin.assistance.models import Cadre

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

# as the English seeds write them: 001 (Minmetals' awarded officials), 003 (Shougang)
SEED_NAMES = {
    "Chai Shan",
    "Chen Xiaoyu",
    "Luo Jun",
    "Ding Lishun",
    "Yang Cong",
    "Chen Xiaoyang",
    "Zheng Jianguo",
    "Liu Yalin",
    "Zhang Xiazhou",
}
HAN_NAME = re.compile(r"[\u4e00-\u9fff]{2,3}")


def _minmetals():
    return Cadre.objects.filter(unit__name="中国五矿集团有限公司")


def test_cadres_have_chinese_names_except_the_seeds_real_people(small_demo):
    from fupin.demo.services import demo_build

    names = set(Cadre.objects.values_list("name", flat=True))
    assert names >= SEED_NAMES
    invented = names - SEED_NAMES
    assert invented and all(HAN_NAME.fullmatch(n) for n in invented), sorted(invented)
    awarded = ["Chai Shan", "Chen Xiaoyu", "Luo Jun", "Ding Lishun", "Yang Cong"]
    others = ["王海涛", "李建华", "张志强", "刘文斌", "陈国栋", "杨晓东", "赵立新"]
    assert sorted(_minmetals().values_list("name", flat=True)) == sorted([*awarded, *others])
    # a demo built before, with a numbered placeholder, is named on the next build
    _minmetals().filter(name="赵立新").update(name="挂职干部12")
    demo_build(scale=0.01, only_demo_regions=True, say=lambda m: None)
    assert _minmetals().count() == 12
    assert _minmetals().filter(name="赵立新").exists()
    assert not Cadre.objects.filter(name__startswith="挂职干部").exists()
