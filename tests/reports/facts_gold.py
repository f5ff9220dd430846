"""The figures each seed text (tests/reports/seed_texts/) states, listed by hand from reading
the texts — not from what the engine finds — to measure it.

What is listed: every figure a poverty-alleviation office would put in its records —
- ledger figures: money put in, brought in, donated or spent on purchases; produce bought
  (in yuan or tons); people employed (directly, indirectly, registered poor), students
  recruited, graduates hired, people trained; and, with no indicator (None), the other
  results of the assistance that an office records: projects and workshops set up, things
  delivered (seedlings bought, households they were given to), people, villages and
  counties lifted out of poverty or exited;
- pairings: counts of villages or counties the unit is paired with or assists, each time
  the text states them (a text saying "the 10 counties we assist" three times lists 10
  counties three times);
- cadres: counts of cadres (officials, first secretaries, resident village cadres, comrades
  assigned) dispatched or awarded as dispatched cadres.

What is not listed: years, dates, durations ("3年规划", "three and a half years") and
ordinals; percentages; counts that are rhetoric or structure ("三个短板", "three points",
"1+N", "five companies, namely …"); meetings and activities held ("three special meetings",
"26 various party member activities", "services over 200 times", "three activities") — an
office does not keep them in the ledger; attendance of a meeting ("70-plus people
attended"); incomes and standards ("average annual income was 16,000 yuan", "4,840 yuan
above the low-income standard") — they describe people, not what the unit delivered;
telephone numbers, postcodes, registration numbers and footers.

Values are in base units (yuan, person, ton, …) as Decimals; "more than 2,000 people" is
listed as 2000 (the qualifier is not compared).
"""

from __future__ import annotations

from decimal import Decimal as D

from fupin.reports.facts.measure import GoldFigure as G

SEEDS = ("seed_000", "seed_001", "seed_002", "seed_003", "seed_004")

GOLD: tuple[G, ...] = (
    # seed_000 (China Copper, video conference): no figures.
    # seed_001 (China Minmetals, 2019 conference)
    G("seed_001", "cadres", None, D(12), "person", "The 12 officials sent by China Minmetals"),
    G("seed_001", "cadres", None, D(5), "person", "the 2018 five excellent dispatched officials"),
    # seed_002 (China Baowu, leading group meeting)
    G("seed_002", "ledger", None, D(3), "county", "云南省镇沅县3个县实现脱贫摘帽"),
    G("seed_002", "pairing", None, D(10), "county", "中国宝武扶贫的10个县"),
    G("seed_002", "ledger", None, D(6), "county", "已经有6个县实现脱贫摘帽"),
    G("seed_002", "pairing", None, D(10), "county", "与10个县签订的定点扶贫责任书"),
    G("seed_002", "pairing", None, D(10), "county", "让中国宝武扶贫的10个县更多地享受发展成果"),
    # seed_003 (Shougang, party building and poverty alleviation)
    G("seed_003", "ledger", None, D(2), "project", "2 industrial poverty alleviation projects"),
    G("seed_003", "ledger", "funds_invested", D(33_000_000), "yuan", "33 million yuan invested"),
    G("seed_003", "ledger", None, D(1), "", "1 poverty alleviation workshop established"),
    G("seed_003", "ledger", "jobs_direct", D(416), "person", "directly … 416 local people"),
    G("seed_003", "ledger", "jobs_indirect", D(300), "person", "indirectly … 300 people"),
    G("seed_003", "ledger", "jobs_registered_poor", D(15), "person", "15 … with file cards"),
    G("seed_003", "ledger", "produce_bought", D(378_000), "ton", "378,000 tons … purchased"),
    G("seed_003", "ledger", "produce_bought", D(266_000_000), "yuan", "totaling 266 million"),
    G("seed_003", "ledger", "produce_bought", D(3_000_000), "yuan", "canteen purchases 3 million"),
    G("seed_003", "ledger", "produce_bought", D(520_000), "yuan", "520,000 yuan agricultural"),
    G("seed_003", "ledger", "students_recruited", D(45), "person", "recruited 45 students"),
    G("seed_003", "ledger", "graduates_hired", D(41), "person", "41 fresh graduates"),
    G(
        "seed_003",
        "ledger",
        "jobs_registered_poor",
        D(204),
        "person",
        "a total of 204 people with file cards",
    ),
    G("seed_003", "ledger", "donations", D(1_050_000), "yuan", "1.05 million yuan in donations"),
    G("seed_003", "cadres", None, D(3), "person", "assigned the three comrades … first secretary"),
    G("seed_003", "ledger", "funds_invested", D(84_000), "yuan", "allocated 84,000 yuan"),
    G("seed_003", "ledger", None, D(1_200), "", "purchased 1,200 dutch peony seedlings"),
    G("seed_003", "ledger", None, D(40), "household", "distributed them to 40 peasant households"),
    G("seed_003", "ledger", "jobs_direct", D(400), "person", "employment of … over 400 local"),
    G("seed_003", "pairing", None, D(13), "village", "assistance relationship with 13 villages"),
    G("seed_003", "cadres", None, D(12), "person", "dispatched 12 resident village cadres"),
    G("seed_003", "ledger", "funds_invested", D(5_000_000), "yuan", "invested 5 million yuan"),
    G("seed_003", "ledger", None, D(4), "project", "4 planting projects"),
    G("seed_003", "ledger", "produce_bought", D(2_000_000), "yuan", "purchased 2 million yuan"),
    G("seed_003", "ledger", "jobs_direct", D(2_000), "person", "hired more than 2,000 people"),
    G("seed_003", "ledger", None, D(746), "person", "helped 746 people … out of poverty"),
    G("seed_003", "ledger", None, D(6), "village", "6 villages out of poverty"),
    # seed_004 (Qinghai leading group meeting): no figures.
)
