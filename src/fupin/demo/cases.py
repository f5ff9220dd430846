"""The demo's typical cases (典型案例), told from the seeds and linked to the demo's units,
projects and households (demo/assistance.py), each with a placeholder photo drawn here.

Sources, and what is assumed:
- Heiyukou's peony courtyard economy (seed 003): in July 2018 the park management department
  allocated 84,000 yuan for 1,200 Dutch peony seedlings for the 40 households who wished to
  plant them; in 2019 the villagers' average income was 16,000 yuan, 4,840 yuan above
  Beijing's low-income line. Linked to the project SG-2018-HYK and its 40 households.
- Luanping's mining employment (seed 003): Xintong Shoucheng Mining employed over 400 local
  people; reported in the Beijing News and Beijing Daily and promoted at the Beijing–Chengde
  industry collaboration conference. Linked to SG-2019-LP1 and the households of the
  registered poor it employed (the demo ledger's 15).
- Zhang Xiazhou at the Tibet technician college (seed 003): from May 2019 for a year, the
  college's new welding training base, the first "Qinglan project", a mentorship with the
  Tibetan teacher Suolangduoji. No project or household.
- China Copper's "1+N" model (seed 000, 2020-04-08): industry as the 1, education,
  employment and infrastructure as the N. Linked to the demo's four Huize projects (the
  county is the demo's assumption, as in demo/assistance.py).
The photos are plain pictures with a caption, clearly placeholders, not photographs.
Idempotent: a case whose title exists is left as it is."""

from __future__ import annotations

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw, ImageFont

from fupin.assistance.models import LedgerEntry, Project, Unit
from fupin.core.models import Source
from fupin.demo.assistance import COPPER_COUNTY, LHASA, credit_code
from fupin.demo.places import HEIYUKOU
from fupin.reports.cases import services
from fupin.reports.models import TypicalCase

Say = Callable[[str], None]


@dataclass(frozen=True)
class DemoCase:
    title: str
    year: int
    region: str
    unit: str  # the unit's name in demo/assistance.py
    summary: str
    text: str
    tags: tuple[str, ...]
    projects: tuple[str, ...] = ()
    photo: tuple[str, str, tuple[int, int, int]] = ("", "", (0, 0, 0))  # caption, drawn, colour
    photo_name: str = "demo-photo.png"
    households: Callable[[], list[Any]] = field(default=lambda: [])


def _peony_households() -> list[Any]:
    project = Project.objects.filter(code="SG-2018-HYK").first()
    return list(project.beneficiaries.order_by("number")) if project else []


def _mining_households() -> list[Any]:
    entries = LedgerEntry.objects.filter(project__code="SG-2019-LP1", household__isnull=False)
    return sorted(
        {e.household for e in entries.select_related("household")}, key=lambda h: h.number
    )


CASES: tuple[DemoCase, ...] = (
    DemoCase(
        title="黑峪口村牡丹庭院经济：1200株牡丹种进40户农家小院",
        year=2018,
        region=HEIYUKOU,
        unit="北京首钢园区综合服务有限公司",
        summary="首钢园区管理部拨款8.4万元购买1200株荷兰牡丹种苗，发放给40户有种植意愿的农户，"
        "2019年村民人均年收入1.6万元，高出北京市低收入标准4840元。",
        text=(
            "发展庭院经济是首钢帮助延庆区香营乡黑峪口村摆脱低收入的一项重要举措。\n"
            "2018年7月，首钢园区管理部拨付资金8.4万元，为黑峪口村购买荷兰牡丹种苗1200株，"
            "发放给40户有种植意愿的农户，在房前屋后的小院里种植。\n"
            "2019年，村民人均年收入达到1.6万元，高出北京市低收入标准4840元。"
            "园区管理部自2016年12月起先后选派三名同志担任村第一书记，驻村入户，"
            "了解需求，帮助群众解决实际困难。"
        ),
        tags=("产业扶贫", "庭院经济", "一企一村"),
        projects=("SG-2018-HYK",),
        photo=(
            "黑峪口村农家小院里的牡丹（演示占位图）",
            "Heiyukou: peony courtyards, 2018",
            (190, 70, 110),
        ),
        photo_name="heiyukou-peony.png",
        households=_peony_households,
    ),
    DemoCase(
        title="滦平县矿业项目带动400余名当地群众就业",
        year=2020,
        region="130824",
        unit="承德新通首承矿业有限责任公司",
        summary="首钢矿业投资公司所属新通首承矿业在承德市滦平县实施项目，"
        "累计带动400余名当地群众就业，经验在京承精准扶贫产业协作推进会上重点推介。",
        text=(
            "北京首钢矿业投资有限责任公司所属承德新通首承矿业有限责任公司，"
            "通过实施矿业项目推动河北省承德市滦平县经济发展，以就业带动周边群众脱贫，"
            "累计吸纳当地群众就业400余人。\n"
            "如今他们的收入大幅增加，有的在县城买了房，有的买了车，逐步走向小康生活。\n"
            "项目带动当地群众脱贫的经验被《新京报》《北京日报》报道，"
            "并在京承精准扶贫产业协作推进会上重点推介。"
        ),
        tags=("产业扶贫", "就业扶贫"),
        projects=("SG-2019-LP1",),
        photo=(
            "滦平县矿业项目的当地职工（演示占位图）",
            "Luanping: 400+ local jobs",
            (70, 90, 130),
        ),
        photo_name="luanping-mining.png",
        households=_mining_households,
    ),
    DemoCase(
        title="张夏洲援藏：西藏技师学院焊接专业实训基地从无到有",
        year=2019,
        region=LHASA,
        unit="首钢技师学院",
        summary="2019年5月起，首钢技师学院焊接专业党员教师张夏洲赴西藏技师学院从事教学管理一年，"
        "参与新建焊接专业实训基地建设，以“青蓝工程”师徒结对带动藏族青年教师成长。",
        text=(
            "2019年5月，响应北京市第九批援藏青年干部的号召，首钢选派首钢技师学院党员、"
            "焊接专业教师张夏洲赴西藏技师学院从事教学管理工作，为期一年。\n"
            "张夏洲积极开展西藏技师学院新建焊接专业实训基地的建设和教学工作，"
            "加入学院首期“青蓝工程”，与新入职的藏族教师索朗多吉结成师徒，"
            "传授北京先进的教学理念，帮助建立教学体系课程，带动青年教师不断提高工作积极性和主动性，"
            "为当地学科建设作出了积极贡献，留下了“带不走的财富”。"
        ),
        tags=("教育扶贫", "人才援藏"),
        photo_name="lhasa-welding-base.png",
        photo=(
            "西藏技师学院焊接实训基地（演示占位图）",
            "Lhasa: welding training base",
            (200, 120, 40),
        ),
    ),
    DemoCase(
        title="中国铜业“1+N”帮扶模式：产业为“1”，教育、就业、基础设施为“N”",
        year=2020,
        region=COPPER_COUNTY,
        unit="中国铜业有限公司",
        summary="中国铜业探索“输血+造血”相结合，以产业为“1”、教育、就业、基础设施等为“N”的"
        "“1+N”扶贫模式，打出脱贫攻坚“组合拳”。",
        text=(
            "2015年中央扶贫开发工作会议以来，中国铜业坚决落实精准扶贫、精准脱贫基本方略，"
            "把脱贫攻坚作为首要政治任务，探索形成“输血+造血”、"
            "“产业+教育、就业、基础设施……”的“1+N”扶贫模式。\n"
            "在帮扶县，特色种养殖产业项目是“1”，助学、劳务输出培训和村组道路硬化是“N”。\n"
            "2020年3月26日，中国铜业召开决战决胜脱贫攻坚视频会议，要求克服疫情影响，"
            "攻克最后堡垒，巩固脱贫成果，开展脱贫质量“回头看”。"
        ),
        tags=("产业扶贫", "教育扶贫", "就业扶贫", "党建扶贫"),
        projects=("CU-1-IND", "CU-N-EDU", "CU-N-EMP", "CU-N-INF"),
        photo_name="huize-1-plus-n.png",
        photo=("会泽县“1+N”帮扶项目（演示占位图）", "Huize: the 1+N model, 2020", (40, 130, 100)),
    ),
)


def placeholder_png(text: str, colour: tuple[int, int, int]) -> bytes:
    """A 640×480 picture saying it is a demo placeholder, with `text` (ASCII) centred on it
    (4:3, the shape the cards and the gallery show, so that nothing is cut off)."""
    width, height = 640, 480
    image = Image.new("RGB", (width, height), colour)
    draw = ImageDraw.Draw(image)
    pale = tuple(min(255, c + 60) for c in colour)
    for n in range(0, width + 80, 80):  # a plain pattern, so that it reads as a picture
        draw.ellipse((n - 50, 330, n + 50, 430), fill=pale)
    big, small = ImageFont.load_default(size=32), ImageFont.load_default(size=22)
    draw.rectangle((0, 0, width, 70), fill=(255, 255, 255))
    draw.text((width / 2, 35), "DEMO PLACEHOLDER", fill=(110, 110, 110), font=small, anchor="mm")
    draw.text((width / 2, 190), text, fill=(255, 255, 255), font=big, anchor="mm")
    draw.text((width / 2, 240), "not a photograph", fill=pale, font=small, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()


def _built(spec: DemoCase) -> TypicalCase:
    unit = Unit.objects.get(credit_code=credit_code(spec.unit))
    projects = list(Project.objects.filter(code__in=spec.projects).order_by("code"))
    case = services.case_create(
        title=spec.title,
        year=spec.year,
        region=spec.region,
        unit=unit,
        summary=spec.summary,
        text=spec.text,
        tags=spec.tags,
        projects=projects,
        households=spec.households(),
        actor=None,
        via=Source.DEMO,
    )
    caption, drawn, colour = spec.photo
    picture = placeholder_png(drawn, colour)
    upload = SimpleUploadedFile(spec.photo_name, picture, "image/png")
    services.case_photo_add(case=case, upload=upload, caption=caption, actor=None, via=Source.DEMO)
    return case


def cases_build(*, say: Say = print) -> int:
    """The demo's typical cases, each with its placeholder photo; those already there are
    left alone. Returns how many were added."""
    known = set(TypicalCase.objects.values_list("title", flat=True))
    added = 0
    with transaction.atomic():
        for spec in CASES:
            if spec.title not in known:
                _built(spec)
                added += 1
    say(f"typical cases: {added} added, {TypicalCase.objects.count()} in all")
    return added
