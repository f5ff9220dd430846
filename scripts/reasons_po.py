# ruff: noqa: E501
"""Write the zh_Hans catalogue of input reasons (fupin.core.messages.TEMPLATES) and compile it.

Run after adding a template: python scripts/reasons_po.py. Every template needs a line in
ZH below; the test suite fails when one is missing.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from fupin.core.messages import TEMPLATES

ZH = {
    "empty": "为空",
    "not a whole number": "不是整数",
    "not a number": "不是数字",
    "too large": "数值过大",
    "must not be negative": "不能为负数",
    "must be at least %(low)s": "不能小于 %(low)s",
    "must be at most %(high)s": "不能大于 %(high)s",
    "must be 是/否 (or true/false)": "应填 是/否（或 true/false）",
    "not a date (use YYYY-MM-DD)": "不是日期（请用 YYYY-MM-DD）",
    "unknown value; expected one of %(choices)s": "取值无法识别，应为以下之一：%(choices)s",
    "longer than %(limit)s characters": "超过 %(limit)s 个字符",
    "not a 12-digit village code": "不是12位的村级行政区划代码",
    "required value is empty": "必填项为空",
    "contains a NUL character (U+0000)": "含有空字符 NUL（U+0000）",
    "ID number is empty": "证件号码为空",
    "a 15-digit ID number has only digits": "15位证件号码只能由数字组成",
    "birth date in the ID number is not a real date": "证件号码中的出生日期不存在",
    "15-digit ID number (GB 11643-1989) should be upgraded to 18 digits": "15位证件号码（GB 11643-1989）应升级为18位",
    "disability certificate number used as ID number": "以残疾人证号作为证件号码",
    "ID number has %(count)s characters, not 18": "证件号码为 %(count)s 位，应为18位",
    "ID number has characters other than digits and a final X": "证件号码含有数字和末位X以外的字符",
    "check digit is wrong (expected %(digit)s)": "校验码错误（应为 %(digit)s）",
    "address code %(code)s did not exist in the birth year %(year)s": "地址码 %(code)s 在出生年份 %(year)s 尚不存在",
    "column appears twice": "列重复出现",
    "required column is missing (%(key)s)": "缺少必需的列（%(key)s）",
    "the header row is not usable; nothing was written": "表头无法使用，未写入任何数据",
    "unknown column, ignored": "无法识别的列，已忽略",
    "%(count)s error(s) in the file; nothing was written": "文件中有 %(count)s 处错误，未写入任何数据",
    "%(count)s error(s) and %(warnings)s warning(s) in the file; nothing was written": "文件中有 %(count)s 处错误、%(warnings)s 处提示，未写入任何数据",
    "year is empty and no --year was given": "年度为空，且未指定默认年度",
    "person already in household %(household)s (row %(row)s); "
    "a person belongs to one household only": "此人已在户 %(household)s 中（第 %(row)s 行）；一人只能属于一户",
    "same person as row %(row)s with other details": "与第 %(row)s 行为同一人，但信息不一致",
    "differs from row %(row)s of the same household ('%(value)s')": "与同户第 %(row)s 行不一致（“%(value)s”）",
    "household %(household)s has no head (户主)": "户 %(household)s 没有户主",
    "second head in household (first on row %(row)s)": "一户有两个户主（第一个在第 %(row)s 行）",
    "exit year %(exit)s is before the registration year %(registered)s": "脱贫年度 %(exit)s 早于识别年度 %(registered)s",
    "village outside your regions": "行政村不在您的管辖范围内",
    "no such village in the division tree": "区划中没有这个行政村",
    "person is a member of household %(household)s in the registry; "
    "a person belongs to one household only": "此人已是库中户 %(household)s 的成员；一人只能属于一户",
    "no such region": "没有这个行政区划",
    "region and year already given on row %(row)s": "该区划和年度已在第 %(row)s 行给出",
    "no monitoring regime covers %(year)s": "%(year)s 年没有防止返贫监测政策（监测范围自 2021 年起设定）",
    "must be more than 0": "应大于 0",
    "region outside your regions": "该区划不在您的管辖范围内",
    "your role may not set monitoring ranges": "您的角色不能设定监测范围",
    "a household needs its head (户主)": "一户必须有户主",
    "a household with this number exists": "该户编号已存在",
    "not a field of this form": "不是本表单的字段",
    "not a survey field: %(fields)s": "不是年度调查字段：%(fields)s",
    "no household %(number)s": "没有户 %(number)s",
    "no household numbered %(number)s": "没有编号为 %(number)s 的户",
    "household %(number)s has no survey for %(year)s": "户 %(number)s 没有 %(year)s 年度的调查",
    "household %(number)s was changed by someone else since you opened it "
    "(version %(version)s, yours %(yours)s); reload and edit again": "户 %(number)s 在您打开后已被他人修改（当前版本 %(version)s，您的版本 %(yours)s）；"
    "请重新加载后再编辑",
    "your role may not change the registry": "您的角色不能修改建档立卡数据",
    "your role may not run the evaluation": "您的角色不能运行评估",
    "no region with code %(code)s": "没有代码为 %(code)s 的行政区划",
    "no job %(job)s": "没有任务 %(job)s",
    "%(name)s: not an xlsx or csv file": "%(name)s：不是 xlsx 或 csv 文件",
    "%(name)s: the file is empty": "%(name)s：文件为空",
    "%(name)s: unknown file kind '%(suffix)s' (use .xlsx or .csv)": "%(name)s：无法识别的文件类型“%(suffix)s”（请用 .xlsx 或 .csv）",
    "%(name)s: cannot read the spreadsheet (%(detail)s)": "%(name)s：无法读取表格（%(detail)s）",
    "%(name)s: not a text file in UTF-8 or GB18030 (%(detail)s)": "%(name)s：不是 UTF-8 或 GB18030 编码的文本文件（%(detail)s）",
    "internal error; see the server log": "内部错误，请查看服务器日志",
    "the worker stopped before the job finished; nothing of it was kept, start it again": "任务未完成时执行进程已停止；该任务未保留任何数据，请重新发起",
    "the request has invalid fields": "请求中有无效字段",
    "%(column)s %(value)s for %(members)s members": "%(column)s 为 %(value)s，家庭人口 %(members)s 人",
    "household has no head (户主)": "该户没有户主",
    "registered household without a main cause": "建档立卡户缺少主要致贫原因",
    "registered household without an attribute": "建档立卡户缺少贫困户属性",
    "health is empty": "健康状况为空",
    "education is empty": "文化程度为空",
    "student status empty, age %(age)s": "在校生状况为空，年龄 %(age)s 岁",
    "labour skill empty, age %(age)s": "劳动技能为空，年龄 %(age)s 岁",
    "main cause 因病 but no member is ill": "主要致贫原因为因病，但无成员患病",
    "main cause 因学 but no member is a student": "主要致贫原因为因学，但无成员在校",
    "main cause 因残 but no member is disabled": "主要致贫原因为因残，但无成员残疾",
    "attribute 低保 but no member receives dibao": "贫困户属性为低保户，但无成员享受低保",
    "able to work, age %(age)s": "有劳动能力，年龄 %(age)s 岁",
    "business income %(amount)s with no expense": "生产经营性收入 %(amount)s 元，但无生产经营性支出",
    "per-capita net income %(amount)s": "人均纯收入 %(amount)s 元",
    "registered, not exited, no assistance person": "已建档未脱贫，没有帮扶责任人",
    "spouse has the sex of the head": "配偶与户主性别相同",
    "road distance %(distance)s km": "距村主干路 %(distance)s 公里",
    "age %(age)s at level %(level)s": "年龄 %(age)s 岁，在校学段为 %(level)s",
    "ethnicity is empty": "民族为空",
    "disabled, no disability certificate number": "残疾，但无残疾证号",
    "disability certificate %(number)s is not the ID number followed by category and "
    "grade digits": "残疾证号 %(number)s 不是证件号码加残疾类别和等级数字",
    "household electricity not recorded": "未登记是否通生活用电",
    "sanitary toilet not recorded": "未登记是否有卫生厕所",
    "on dibao but dibao payment is 0": "享受低保，但低保金为0",
    "dibao payment %(amount)s but no member on dibao": "低保金 %(amount)s 元，但无成员享受低保",
    "destitute household but support payment is 0": "特困供养户，但供养金为0",
    "support payment %(amount)s but not a destitute household": "供养金 %(amount)s 元，但不是特困供养户",
    "assistance person is a member of poor household %(household)s": "帮扶责任人是贫困户 %(household)s 的成员",
    "a credit code has 18 characters, not %(count)s": "统一社会信用代码应为18位，此处为 %(count)s 位",
    "check character is wrong (expected %(char)s)": "校验码错误（应为 %(char)s）",
    "not a credit code (digits and capital letters except I, O, S, V, Z)": "不是统一社会信用代码（由数字和除 I、O、S、V、Z 以外的大写字母组成）",
    "unit already given on row %(row)s": "该单位已在第 %(row)s 行给出",
    "a unit is not its own parent": "单位不能是自己的上级单位",
    "no such unit in the file or stored": "文件和系统中都没有这个单位",
    "the parents form a cycle": "上级单位关系形成了循环",
    "the units' parents form a cycle": "单位的上级关系形成了循环",
    "no such unit": "没有这个单位",
    "no unit %(unit)s": "没有单位 %(unit)s",
    "no unit %(unit)s; did you mean: %(names)s": "没有单位 %(unit)s；您要找的是否是：%(names)s",
    "no unit %(unit)s (give its full name or its credit code)": "没有单位 %(unit)s（请给出单位全称或统一社会信用代码）",
    "several units are named %(name)s; give the credit code": "有多个单位名为 %(name)s，请给出统一社会信用代码",
    "ends before it starts": "结束日期早于开始日期",
    "pairing already given on row %(row)s": "该结对关系已在第 %(row)s 行给出",
    "target already given on row %(row)s": "该目标已在第 %(row)s 行给出",
    "unknown indicator (use its code or Chinese name)": "无法识别的指标（请用指标代码或中文名称）",
    "%(indicator)s is counted in whole numbers": "%(indicator)s 应为整数",
    "entry already given on row %(row)s": "该记录已在第 %(row)s 行给出",
    "must be above zero; a correction is a reversing entry": "应大于零；更正请用冲销记录",
    "no such project": "没有这个项目",
    "entry exists with other values; entries are never edited (add a reversing entry)": "该编号的记录已存在且内容不同；台账记录不能修改（请添加冲销记录）",
    "the reversed entry was not written": "被冲销的记录未写入",
    "an entry does not reverse itself": "记录不能冲销自身",
    "entry %(entry)s is already reversed on row %(row)s": "记录 %(entry)s 已在第 %(row)s 行被冲销",
    "a reversal is not reversed; record the delivery again": "冲销记录不能再冲销；请重新录入该笔记录",
    "entry %(entry)s is already reversed by %(other)s": "记录 %(entry)s 已被 %(other)s 冲销",
    "no such entry (stored or on an earlier row)": "没有这条记录（系统中或本文件前面的行中）",
    "the reversed entry's unit is %(unit)s": "被冲销记录的单位是 %(unit)s",
    "the reversed entry's indicator is %(indicator)s": "被冲销记录的指标是 %(indicator)s",
    "a reversal negates the amount: %(amount)s": "冲销记录的数值应为原数值的相反数：%(amount)s",
    "a reversal is dated on or after %(date)s": "冲销日期不能早于 %(date)s",
    "an entry's amount is above zero; a correction is a reversing entry": "记录的数值应大于零；更正请用冲销记录",
    "entry %(entry)s exists; entries are never edited": "记录 %(entry)s 已存在；台账记录不能修改",
    "entry %(entry)s is a reversal; record the delivery again instead": "记录 %(entry)s 是冲销记录；请重新录入该笔记录",
    "entry %(entry)s is already reversed": "记录 %(entry)s 已被冲销",
    "a reversal is dated on or after the entry it reverses (%(date)s)": "冲销日期不能早于被冲销记录的日期（%(date)s）",
    "project %(code)s is %(status)s; it only moves forward": "项目 %(code)s 当前为“%(status)s”，只能向后推进",
    "project %(code)s has not been publicly noticed": "项目 %(code)s 尚未公示",
    "project %(code)s: the public notice runs until %(date)s": "项目 %(code)s：公示期至 %(date)s",
    "unknown project status %(status)s": "无法识别的项目状态 %(status)s",
    "'%(code)s' is reserved; choose another indicator code": "“%(code)s”为保留字，请换一个指标代码",
    "indicator %(code)s exists": "指标 %(code)s 已存在",
    "your role may not change this unit's work": "您的角色不能修改该单位的帮扶工作",
    "parts exceed the pledge by %(amount)s": "分解目标合计超出责任书 %(amount)s",
    "%(amount)s not yet passed down": "尚有 %(amount)s 未分解",
    "term of %(years)s years is shorter than %(min)s": "任期 %(years)s 年，少于 %(min)s 年",
    "work team of %(count)s is smaller than %(min)s": "工作队 %(count)s 人，少于 %(min)s 人",
    "not a scored item of the scheme: %(items)s": "不是本方案的评审打分项目：%(items)s",
    "%(item)s: the score is between 0 and %(weight)s": "%(item)s：得分应在 0 到 %(weight)s 之间",
    "%(grade)s is not a grade of %(scheme)s (%(labels)s)": "%(grade)s 不是 %(scheme)s 的等次（%(labels)s）",
    "grades go from the best down, each threshold lower": "等次应从高到低排列，分数线依次降低",
    "a deduction of %(points)s needs its reason": "扣分 %(points)s 须注明扣分原因",
    "a deduction is above zero (%(points)s %(reason)s)": "扣分应大于零（%(points)s %(reason)s）",
    "only administrators record final grades": "只有系统管理员可以登记终评等次",
    "no scheme %(scheme)s": "没有考核方案 %(scheme)s",
    "no target": "无目标",
    "no project due": "无到期项目",
    "no paired county": "无结对县",
    "supervision is not recorded yet": "尚未记录督查整改情况",
    "scored by the assessors": "评审打分",
    "unit outside your units": "该单位不在您所属单位范围内",
    "dated after today (%(date)s)": "日期晚于今天（%(date)s）",
    "indicator %(code)s belongs to another unit": "指标 %(code)s 属于其他单位",
    "unknown import %(what)s": "无法识别的导入类型 %(what)s",
    "only administrators import %(what)s": "只有系统管理员可以导入 %(what)s",
    "%(name)s: attachments are %(kinds)s": "%(name)s：附件只能是 %(kinds)s 文件",
    "%(name)s: larger than %(size)s MB": "%(name)s：文件超过 %(size)s MB",
    "not a project field: %(fields)s": "不是项目的字段：%(fields)s",
    "budget must not be negative": "预算不能为负数",
    "project %(code)s exists": "项目编号 %(code)s 已存在",
    "a leading group belongs to a unit or a region": "领导小组须属于一个单位或一个地区",
    "a responsibility is for a unit or a region": "责任分工须针对一个单位或一个地区",
    "the end %(end)s is before the start %(start)s": "结束日期 %(end)s 早于开始日期 %(start)s",
    "an indicator is named %(name)s": "已有名为 %(name)s 的指标",
    "project of another unit": "不是本单位（或其上下级单位）的项目",
    "%(name)s: not kept (%(reason)s)": "%(name)s：文件未能保存（%(reason)s）",
    "project %(code)s is %(status)s; it moves on to %(next)s": "项目 %(code)s 目前为%(status)s，下一步只能是%(next)s",
    "not among the regions the unit is paired with": "不在本单位结对帮扶的地区内",
    "neither the unit nor a unit above or under it is paired with region %(region)s on "
    "%(date)s; name an exception reason if one applies": "本单位及其上级、下属单位在 %(date)s 均未与地区 %(region)s 结对；如属例外，请填写例外原因",
    "the exception reason %(reason)s goes with the indicators %(indicators)s only": "例外原因 %(reason)s 只适用于指标 %(indicators)s",
    "unknown exception reason %(reason)s": "无法识别的例外原因 %(reason)s",
    "a reversal is dated in its entry's year (%(year)s); mark it as in another year if it must be": "冲销应与原记录同在 %(year)s 年度；确需跨年度冲销，请注明跨年度冲销",
}


def quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def main() -> int:
    missing = [t for t in TEMPLATES if t not in ZH]
    if missing:
        print("no Chinese wording for:", *missing, sep="\n  ")
        return 1
    folder = Path(__file__).resolve().parents[1] / "src/fupin/locale/zh_Hans/LC_MESSAGES"
    folder.mkdir(parents=True, exist_ok=True)
    lines = [
        "# Chinese wording of fupin's input reasons (fupin/core/messages.py).",
        "# Written by scripts/reasons_po.py; edit the script, not this file.",
        'msgid ""',
        'msgstr ""',
        '"Project-Id-Version: fupin\\n"',
        '"PO-Revision-Date: 2026-11-30 00:00+0800\\n"',
        '"Last-Translator: fupin\\n"',
        '"Language-Team: zh_Hans\\n"',
        '"MIME-Version: 1.0\\n"',
        '"Content-Type: text/plain; charset=UTF-8\\n"',
        '"Content-Transfer-Encoding: 8bit\\n"',
        '"Language: zh_Hans\\n"',
        "",
    ]
    for template in TEMPLATES:
        flag = ["#, python-format"] if "%(" in template else []
        lines += [*flag, "msgid " + quoted(template), "msgstr " + quoted(ZH[template]), ""]
    po = folder / "django.po"
    po.write_text("\n".join(lines), encoding="utf-8")
    subprocess.run(["msgfmt", "--check", "-o", str(folder / "django.mo"), str(po)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
