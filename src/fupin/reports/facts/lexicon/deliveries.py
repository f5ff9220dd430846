"""Figures that deliver nothing: targets and plans, incomes, standards, attendance and
descriptions of a place; and the verbs that make a count of things a delivery."""

from __future__ import annotations

#: words saying that what follows is a plan or a target, not something delivered: a figure
#: after one of these in its clause is no fact, nor are the figures of the clauses that go on
#: from it ("计划购买……不低于2.5亿元，帮助销售不低于4亿元"); a plan completed is delivered
ZH_TARGETS = (
    r"(?<!完成)(?<!按)(?<!照)(?<!超)计划(?!内|外|生育)|力争|目标(?:是|为|：|:)|预计|预期|拟"
)
EN_TARGETS = (
    r"expect(?:s|ed)? to|plans? to|planned to|planning to|aims? to|aimed to|intends? to|will|"
    r"targets?|is to|are to|going to"
)

#: words saying that a figure is not something done for the poor (attendance of a meeting,
#: incomes and standards): such a figure is dropped unless an indicator names it
#: (and descriptions of a place or a group rather than what was done for it: its population,
#: its output, the households still poor, a cooperative's members, what a household earns)
ZH_NOT_DELIVERED = (
    r"出席|列席|参加|参会|与会|收入|增收|标准|人均|户均|工资|年薪|"
    r"全(?:村|乡|镇|县|市|区)(?:共)?有|总人口|户籍人口|常住人口|还有|尚有|仍有|产量|产值"
)
EN_NOT_DELIVERED = (
    r"attend(?:ed|ing|ance)?|participants?|income|standard|salar(?:y|ies)|wages?|per capita|"
    r"per (?:household|person|head|family)|earn(?:ed|s|ing)?|earnings|revenue|output|yields?|"
    r"population|(?:cooperative|association|group|team) of|consisting of|made up of"
)

#: verbs of delivering a thing: a count of things without a ledger unit ("1,200 seedlings",
#: "建成扶贫车间2个") is kept as a figure only when one of these says it was delivered
ZH_DELIVERED = r"建成|建立|新建|援建|建设|建起|共建|发放|购买|采购|捐赠|捐建|修建|资助|设立"
EN_DELIVERED = (
    r"purchased|bought|distributed|established|built|set up|donated|constructed|renovated|"
    r"handed out"
)
