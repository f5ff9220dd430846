"""The relations the rules read: ``facts``, ``region_stats`` and the raw registry snapshot.

``facts`` — one row per household and year (:data:`FACTS_SCHEMA`):

===================  ==============  ======================================================
column               type            meaning
===================  ==============  ======================================================
household_id         VARCHAR         户编号, unique within a year
village_code         VARCHAR         12-digit NBS code of the household's village
year                 INTEGER         the survey year the incomes and flags belong to
members              INTEGER         家庭人口数, at least 1
registered_year      INTEGER NULL    识别年度; NULL = never registered
exit_year            INTEGER NULL    脱贫年度; NULL = not exited
wage_income          DECIMAL(18,2)   工资性收入, household total in yuan (NULL counts as 0)
business_income      DECIMAL(18,2)   生产经营性收入 (NULL counts as 0)
property_income      DECIMAL(18,2)   财产性收入 (NULL counts as 0)
transfer_income      DECIMAL(18,2)   转移性收入 (NULL counts as 0)
business_expense     DECIMAL(18,2)   生产经营性支出, subtracted (NULL counts as 0)
food_clothing_ok     BOOLEAN         吃穿不愁 (NULL counts as not met)
education_ok         BOOLEAN         义务教育有保障 (NULL counts as not met)
medical_ok           BOOLEAN         基本医疗有保障 (NULL counts as not met)
housing_ok           BOOLEAN         住房安全有保障 (NULL counts as not met)
water_ok             BOOLEAN         饮水安全有保障 (NULL counts as not met)
claim_income         DECIMAL(18,2)   理赔收入, insurance payouts of the year (NULL counts as 0)
compliant_expense    DECIMAL(18,2)   合规自付支出, compliant out-of-pocket medical and
                                     schooling costs (NULL counts as 0)
disaster             BOOLEAN         遭受自然灾害 in the year (NULL counts as no)
accident             BOOLEAN         发生意外事故 in the year (NULL counts as no)
===================  ==============  ======================================================

Net income = wage + business + property + transfer − business expense; claims and compliant
expenses are not part of it. Other numeric or string types are cast to these on entry (an
integer household_id becomes text). Only monitoring regimes read the last four columns:
their rigid-expenditure rule weighs compliant expenses less claims against net income, and
their income-drop rule compares a household's row of the year with its row of the year
before, which the facts then hold as well.

``region_stats`` — optional, one row per region and year (:data:`REGION_STATS_SCHEMA`):
``code`` (12-digit VARCHAR, any level), ``year`` INTEGER, ``rural_population`` BIGINT.

``monitoring_ranges`` — optional, the monitoring range (监测范围) a region set for a year
(:data:`MONITORING_RANGES_SCHEMA`): ``code`` (the region's natural-length code: 2 digits for a
province, 4 a prefecture, 6 a county, 9 a township, 12 a village), ``year`` INTEGER,
``amount`` DECIMAL(18,2) yuan per person. A household takes the range of the most specific
region above its village, else the regime's reference value of the year.

Registry snapshot — what a registry export or the benchmark provides instead of facts:
``registry_households`` with every facts column except ``members`` (``household_id`` may be
BIGINT or VARCHAR) and ``registry_members`` with one row per member and its ``household_id``.
``sql/facts_from_registry.sql`` turns them into facts (members = count of member rows).
"""

from __future__ import annotations

import pyarrow as pa

MONEY = pa.decimal128(18, 2)

#: The Arrow schema of ``facts``.
FACTS_SCHEMA = pa.schema(
    [
        pa.field("household_id", pa.string(), nullable=False),
        pa.field("village_code", pa.string(), nullable=False),
        pa.field("year", pa.int32(), nullable=False),
        pa.field("members", pa.int32(), nullable=False),
        pa.field("registered_year", pa.int32()),
        pa.field("exit_year", pa.int32()),
        pa.field("wage_income", MONEY),
        pa.field("business_income", MONEY),
        pa.field("property_income", MONEY),
        pa.field("transfer_income", MONEY),
        pa.field("business_expense", MONEY),
        pa.field("food_clothing_ok", pa.bool_()),
        pa.field("education_ok", pa.bool_()),
        pa.field("medical_ok", pa.bool_()),
        pa.field("housing_ok", pa.bool_()),
        pa.field("water_ok", pa.bool_()),
        pa.field("claim_income", MONEY),
        pa.field("compliant_expense", MONEY),
        pa.field("disaster", pa.bool_()),
        pa.field("accident", pa.bool_()),
    ]
)

#: The Arrow schema of ``region_stats``.
REGION_STATS_SCHEMA = pa.schema(
    [
        pa.field("code", pa.string(), nullable=False),
        pa.field("year", pa.int32(), nullable=False),
        pa.field("rural_population", pa.int64()),
    ]
)

#: The Arrow schema of ``monitoring_ranges``.
MONITORING_RANGES_SCHEMA = pa.schema(
    [
        pa.field("code", pa.string(), nullable=False),
        pa.field("year", pa.int32(), nullable=False),
        pa.field("amount", MONEY, nullable=False),
    ]
)

#: Columns of ``registry_households``: the facts columns without ``members``.
REGISTRY_HOUSEHOLD_COLUMNS = tuple(name for name in FACTS_SCHEMA.names if name != "members")
