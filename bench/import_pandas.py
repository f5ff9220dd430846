"""The baseline of ``registry_import``: the best plain pandas pipeline for the same job.

Reads the file with pandas, validates every rule the import checks that this file can break,
vectorised (required values, ID length/characters/birth date/checksum, known relations and
attributes, existing villages, consistent household fields, one head per household, one
household per person, amounts and 是/否 flags), and writes households, members and surveys
into the same SQLite schema with ``DataFrame.to_sql`` (which commits each table).
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from pathlib import Path

import numpy as np
import pandas as pd

WEIGHTS = np.array([7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2])
CHECK = np.array(list("10X98765432"))
RELATIONS = {"户主": "head", "配偶": "spouse", "之子": "son", "之女": "daughter"}
ATTRIBUTES = {"一般贫困户": "general", "低保贫困户": "dibao", "特困供养贫困户": "destitute"}
CAUSES = {"因病": "illness", "缺技术": "lack_skills", "缺资金": "lack_funds"}
FLAGS = {"是": 1, "否": 0}
HOUSEHOLD = ["行政区划代码", "贫困户属性", "主要致贫原因", "识别年度", "脱贫年度"]
SURVEY = [
    "工资性收入",
    "生产经营性收入",
    "财产性收入",
    "转移性收入",
    "生产经营性支出",
    "吃穿不愁",
    "义务教育有保障",
    "基本医疗有保障",
    "住房安全有保障",
    "饮水安全有保障",
]


def run(data_dir: str, path: str) -> dict[str, int]:
    con = sqlite3.connect(Path(data_dir) / "fupin.sqlite3")
    con.execute("PRAGMA journal_mode=WAL")
    con.execute("PRAGMA synchronous=NORMAL")
    frame = pd.read_csv(path, dtype=str, keep_default_na=False)
    villages = set(pd.read_sql("SELECT code FROM regions_region WHERE level='village'", con).code)
    errors = validate(frame, villages)
    if errors:
        raise SystemExit(f"{errors} invalid rows")
    households, members, surveys = shape(frame)
    households.to_sql("registry_household", con, if_exists="append", index=False, chunksize=20_000)
    ids = pd.read_sql("SELECT number, id AS household_id FROM registry_household", con)
    members = members.merge(ids, left_on="户编号", right_on="number").drop(
        columns=["户编号", "number"]
    )
    surveys = surveys.merge(ids, left_on="户编号", right_on="number").drop(
        columns=["户编号", "number"]
    )
    members.to_sql("registry_member", con, if_exists="append", index=False, chunksize=20_000)
    surveys.to_sql("registry_survey", con, if_exists="append", index=False, chunksize=20_000)
    con.commit()
    con.close()
    return {"households": len(households), "members": len(members)}


def validate(frame: pd.DataFrame, villages: set[str]) -> int:
    """Number of invalid rows, every rule evaluated on whole columns."""
    bad = (frame["户编号"] == "") | (frame["姓名"] == "")
    ids = frame["证件号码"].str.upper()
    shape_ok = ids.str.fullmatch(r"\d{17}[\dX]")
    digits = np.frombuffer("".join(ids.where(shape_ok, "0" * 18).str[:17]).encode(), np.uint8)
    digits = digits.reshape(-1, 17).astype(np.int64) - 48
    checksum_ok = CHECK[(digits @ WEIGHTS) % 11] == ids.str[17].to_numpy()
    born = pd.to_datetime(ids.str[6:14], format="%Y%m%d", errors="coerce")
    bad |= ~shape_ok | ~checksum_ok | born.isna() | (born > pd.Timestamp(dt.date.today()))
    bad |= ~frame["与户主关系"].isin(RELATIONS)
    bad |= ~frame["贫困户属性"].isin([*ATTRIBUTES, ""])
    bad |= ~frame["主要致贫原因"].isin([*CAUSES, ""])
    for column in HOUSEHOLD + SURVEY:
        given = frame[column] != ""
        distinct = frame[given].groupby("户编号")[column].nunique()
        bad |= frame["户编号"].isin(distinct[distinct > 1].index)
    village = frame.groupby("户编号")["行政区划代码"].transform("max")
    bad |= ~village.isin(villages)
    heads = (frame["与户主关系"] == "户主").groupby(frame["户编号"]).transform("sum")
    bad |= heads != 1
    bad |= ids.duplicated(keep=False)
    for column in SURVEY[:5]:
        amounts = pd.to_numeric(frame[column].replace("", "0"), errors="coerce")
        bad |= amounts.isna()
        if column == "生产经营性支出":
            bad |= amounts < 0
    for column in SURVEY[5:]:
        bad |= ~frame[column].isin([*FLAGS, ""])
    return int(bad.sum())


def shape(frame: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """The three tables in the database's columns."""
    now = dt.datetime.now(dt.UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    first = frame.replace("", np.nan).groupby("户编号", sort=False).first().reset_index()
    households = pd.DataFrame(
        {
            "number": first["户编号"],
            "village_id": first["行政区划代码"],
            "group_name": "",
            "attribute": first["贫困户属性"].map(ATTRIBUTES).fillna(""),
            "main_cause": first["主要致贫原因"].map(CAUSES).fillna(""),
            "other_causes": "[]",
            "standard": "national",
            "registered_year": pd.to_numeric(first["识别年度"]).astype("Int64"),
            "exit_year": pd.to_numeric(first["脱贫年度"]).astype("Int64"),
            "phone": "",
            "housing_grade": "",
            "is_relocated": 0,
            "is_military_family": 0,
            "is_only_child": 0,
            "is_two_daughters": 0,
            "in_cooperative": 0,
            "helper_name": "",
            "helper_unit": "",
            "helper_phone": "",
            "helper_id_number": "",
            "version": 1,
            "created_at": now,
            "updated_at": now,
        }
    )
    ids = frame["证件号码"].str.upper()
    members = pd.DataFrame(
        {
            "户编号": frame["户编号"],
            "id_number": ids,
            "name": frame["姓名"],
            "relation": frame["与户主关系"].map(RELATIONS),
            "sex": np.where(ids.str[16].astype(int) % 2 == 1, "male", "female"),
            "birth_date": pd.to_datetime(ids.str[6:14], format="%Y%m%d").dt.strftime("%Y-%m-%d"),
            "ethnicity": "",
            "education": "",
            "student_status": "",
            "health": "",
            "disability_certificate": "",
            "labour_skill": "",
            "updated_at": now,
        }
    )
    surveys = pd.DataFrame(
        {
            "户编号": first["户编号"],
            "year": pd.to_numeric(first["年度"]),
            "wage_income": pd.to_numeric(first["工资性收入"]).fillna(0).round(2),
            "business_income": pd.to_numeric(first["生产经营性收入"]).fillna(0).round(2),
            "property_income": pd.to_numeric(first["财产性收入"]).fillna(0).round(2),
            "transfer_income": pd.to_numeric(first["转移性收入"]).fillna(0).round(2),
            "business_expense": pd.to_numeric(first["生产经营性支出"]).fillna(0).round(2),
            **{
                k: first[c].map(FLAGS)
                for k, c in zip(
                    ["food_clothing_ok", "education_ok", "medical_ok", "housing_ok", "water_ok"],
                    SURVEY[5:],
                    strict=True,
                )
            },
            # the file has no claims or rigid expenditure (optional columns): zero, as fupin
            "claim_income": 0,
            "compliant_expense": 0,
            "updated_at": now,
        }
    )
    return households, members, surveys
