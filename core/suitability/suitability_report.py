"""The 双评价 workbook: grade areas, areas per admin unit, weights or rules, notes.

Shared by the weighted evaluation and the guideline presets. Every sheet is laid out by
:mod:`core.report` (headers in the report language, 合计 rows, area note); grade names, titles,
notes and scorings are :class:`core.report.Text` or :class:`core.wording.Term`, written in the
report language.
"""
import re

import numpy as np
import pandas as pd

from ..report import (AREA_HA, AREA_M2, AREA_MU, EN, INTEGER, PERCENT, ZH, Column, Sheet, Text, current_language, pick,
                      render, write_workbook)
from ..wording import sheet_name
from .weighted import grade_term

GRADE_SHEET, ZONE_SHEET, WEIGHT_SHEET, NOTES_SHEET, STEPS_SHEET = "分级面积", "分区统计", "因子权重", "说明", "评价步骤"
AHP_SHEET = "判断矩阵"
#: Sheet names of an English report.
SHEET_NAMES_EN = {GRADE_SHEET: "Area per grade", ZONE_SHEET: "By admin unit", WEIGHT_SHEET: "Factors and weights",
                  NOTES_SHEET: "Notes", STEPS_SHEET: "Steps", AHP_SHEET: "AHP matrix", "分类面积": "Area per class",
                  "分级面积": "Area per grade"}
TOTAL = Text("合计", "Total")
#: Scoring keywords (core.suitability.scoring) in Chinese.
_SCORING_WORDS = {"fuzzy-linear": "线性模糊隶属度", "ranges": "分段赋分", "classes": "分类赋分", "linear": "线性标准化",
                  "desc": "递减", "fuzzy": "模糊隶属度", "values": "原值即得分", "distance": "距离", "field": "字段"}
_SCORING_PATTERN = re.compile(r"(?<![\w-])(" + "|".join(re.escape(w) for w in _SCORING_WORDS) + r")(?![\w-])",
                              re.IGNORECASE)


def _sheet(name):
    return sheet_name(name, SHEET_NAMES_EN.get(name, name))


def _languages():
    return {ZH: ("zh",), EN: ("en",)}.get(current_language(), ("zh", "en"))


def scoring_text(text):
    """A factor's scoring (core.suitability.scoring syntax, e.g. ``ranges: ..2:5; 2..6:4``) as :class:`Text`:
    its keywords in Chinese for Chinese reports, as typed for English ones."""
    text = (text or "").strip() or "values"
    return Text(_SCORING_PATTERN.sub(lambda match: _SCORING_WORDS[match.group(1).lower()], text), text)


def area_columns():
    return [Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
            Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True),
            Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=True)]


def grade_columns():
    """Grade, its name (Chinese, English or both, as the report language asks), cells, areas, share."""
    languages = _languages()
    names = [Column("name", "等级名称", "Grade name")] if "zh" in languages else []
    if "en" in languages:
        names.append(Column("name_en", "英文名称", "Grade name" if languages == ("en",) else "Name (English)"))
    return [Column("grade", "等级", "Grade", INTEGER), *names, Column("cells", "栅格数", "Cells", INTEGER, summed=True),
            *area_columns(), Column("share", "占比", "Share", PERCENT, summed=True)]


def with_english(table):
    """The table with the grade names as written: ``name`` Chinese (or as given), ``name_en`` English."""
    table = table.copy()
    if "name" not in table:
        table["name"] = table["grade"].astype(str)
    terms = [grade_term(name) if isinstance(name, Text) or (name is not None and name == name) else
             grade_term(str(grade)) for name, grade in zip(table["name"], table["grade"])]
    table["name"] = [term.zh for term in terms]
    table["name_en"] = [term.en for term in terms]
    return table


def grade_sheet(table, note, title, name=GRADE_SHEET):
    return Sheet(_sheet(name), title, grade_columns(), with_english(table), note, total_label=TOTAL)


def unit_rows(zone_table, zones):
    """The zone table per admin unit: ``code`` and ``unit`` (name) from ``zones`` ({id: (code,
    name)}), rows of features with the same code merged (a unit drawn as several features; where
    their names differ, the unit is named by all of them, joined by 、), features without a code
    by their name; ``share`` = the row's share of the whole evaluated area (so a unit's 小计 is its
    share of the county and the 合计 is 100 %, not one share per unit added up)."""
    names = unit_names(zones)

    def unit_of(zone):
        code, name = zones.get(int(zone), ("", ""))
        return names[code] if code in names else name

    table = zone_table.copy()
    table.insert(0, "code", table["zone"].map(lambda z: zones.get(int(z), ("", ""))[0]))
    table.insert(1, "unit", table["zone"].map(unit_of))
    keys = ["code", "unit", "grade"]
    summed = [c for c in ("cells", "area_m2", "area_ha", "area_mu") if c in table]
    first = {c: "first" for c in table.columns if c not in keys + summed + ["zone", "share"]}
    merged = table.groupby(keys, sort=False, dropna=False).agg({**{c: "sum" for c in summed}, **first}).reset_index()
    total = float(merged["area_m2"].sum()) if "area_m2" in merged else 0.0
    merged["share"] = merged["area_m2"] / total if total > 0 else 0.0
    merged["zone"] = 0
    return merged


def unit_names(zones):
    """{code: the unit's name} of admin units ({id: (code, name)}) that have a code: the distinct
    names its features carry, in order, joined by 、 (one township drawn in parts, spelled twice)."""
    names = {}
    for code, name in zones.values():
        if code not in ("", None):
            listed = names.setdefault(code, [])
            if name not in ("", None) and name not in listed:
                listed.append(name)
    return {code: "、".join(str(name) for name in listed) for code, listed in names.items()}


def duplicate_units(zones):
    """``{code: count}`` of admin codes that more than one feature carries."""
    counts = {}
    for code, _ in zones.values():
        counts[code] = counts.get(code, 0) + 1
    return {code: count for code, count in counts.items() if count > 1}


def zone_sheet(zone_table, zones, note, title):
    """Areas per admin unit and grade, with a 小计 per unit; ``zones``: {id: (code, name)}."""
    table = with_english(unit_rows(zone_table, zones))
    columns = [Column("code", "行政区代码", "Admin code"), Column("unit", "行政区名称", "Admin unit"), *grade_columns()]
    return Sheet(_sheet(ZONE_SHEET), title, columns, table, note, total_label=TOTAL, subtotal_by="code")


def judgement_text(value):
    """A judgement as written in an AHP matrix: 3, 1, 1/3, or a decimal when it is neither."""
    value = float(value)
    if value >= 1 and abs(value - round(value)) < 1e-9:
        return str(int(round(value)))
    if 0 < value < 1 and abs(1 / value - round(1 / value)) < 1e-6:
        return f"1/{int(round(1 / value))}"
    return f"{value:.4g}"


def ahp_sheet(names, ahp_result, note):
    """The AHP judgement matrix as given (factor × factor), each factor's weight, and λmax, CI, RI
    and CR below it: what a reviewer checks the weights against."""
    matrix = np.asarray(ahp_result.matrix, dtype=float)
    frame = pd.DataFrame({"factor": list(names)})
    columns = [Column("factor", "因子", "Factor", width=22)]
    for j, name in enumerate(names):
        frame[f"c{j}"] = [judgement_text(value) for value in matrix[:, j]]
        columns.append(Column(f"c{j}", str(name), str(name), width=10))
    frame["weight"] = np.asarray(ahp_result.weights, dtype=float)
    columns.append(Column("weight", "权重", "Weight", "0.0000", summed=True))
    figures = Text("最大特征根 {:.4f}，CI = {:.4f}，RI = {:.2f}，CR = {:.4f}（CR ≤ 0.10 视为一致）",
                   "λmax = {:.4f}, CI = {:.4f}, RI = {:.2f}, CR = {:.4f} (consistent when CR ≤ 0.10)").format(
        ahp_result.lambda_max, ahp_result.ci, ahp_result.ri, ahp_result.cr)
    return Sheet(_sheet(AHP_SHEET), Text("层次分析法判断矩阵", "AHP judgement matrix"), columns, frame,
                 f"{render(figures)}  {note}", total_label=TOTAL)


def weight_sheet(rows, note, title=Text("因子与权重", "Factors and weights")):
    """``rows``: DataFrame with factor, scoring (text as typed, or :class:`Text`), weight (and
    optional source: the data's file name)."""
    rows = rows.assign(scoring=[value if isinstance(value, Text) else scoring_text(value) for value in rows["scoring"]])
    columns = [Column("factor", "因子", "Factor"), Column("source", "数据", "Data"),
               Column("scoring", "赋分方法", "Scoring"), Column("weight", "权重", "Weight", "0.0000", summed=True)]
    return Sheet(_sheet(WEIGHT_SHEET), title, columns, rows, note, total_label=TOTAL)


def steps_sheet(steps, skipped, note):
    """What each step of a guideline evaluation changed, and what was not applied and why
    (steps and reasons: :class:`Text` or plain text)."""
    from ..units import to_hectares, to_mu

    not_applied = [Text(f"未执行：{render_zh(reason)}", f"Not applied: {render_en(reason)}") for reason in skipped]
    rows = pd.DataFrame({"step": [step for step, _ in steps] + not_applied,
                         "area_m2": [area for _, area in steps] + [None] * len(skipped)})
    rows["area_ha"] = to_hectares(pd.to_numeric(rows["area_m2"]))
    rows["area_mu"] = to_mu(pd.to_numeric(rows["area_m2"]))
    columns = [Column("step", "评价步骤", "Step", width=80),
               Column("area_m2", "等级变化面积（平方米）", "Area whose level changed (m²)", AREA_M2),
               Column("area_ha", "等级变化面积（公顷）", "Area whose level changed (ha)", AREA_HA),
               Column("area_mu", "等级变化面积（亩）", "Area whose level changed (mu)", AREA_MU)]
    return Sheet(_sheet(STEPS_SHEET), pick("评价步骤", "Steps"), columns, rows, note)


def render_zh(value):
    return value.zh if isinstance(value, Text) else str(value)


def render_en(value):
    return value.en if isinstance(value, Text) else str(value)


def notes_sheet(lines, note):
    frame = pd.DataFrame({"note": [render(line) for line in lines]})
    return Sheet(_sheet(NOTES_SHEET), pick("说明", "Notes"), [Column("note", "说明", "Note", width=120)], frame, note)


def area_table(table, zones=None):
    """The area table of a grading (per grade, or per admin unit and grade when ``zones``, {id:
    (code, name)}, is given) with headers and grade names in the report language, for the CSV."""
    zoned = zones is not None and "zone" in table
    table = with_english(unit_rows(table, zones) if zoned else table)
    languages = _languages()
    out = pd.DataFrame()
    if zoned:
        out[pick("行政区代码", "Admin code")] = table["code"]
        out[pick("行政区名称", "Admin unit")] = table["unit"].map(render)
    out[pick("等级", "Grade")] = table["grade"]
    if "zh" in languages:
        out["等级名称" if languages == ("zh",) else "等级名称 Grade name"] = table["name"]
    if "en" in languages:
        out["Grade name" if languages == ("en",) else "英文名称 Name (English)"] = table["name_en"]
    for key, zh, en in (("cells", "栅格数", "Cells"), ("area_m2", "面积（平方米）", "Area (m²)"),
                        ("area_ha", "面积（公顷）", "Area (ha)"), ("area_mu", "面积（亩）", "Area (mu)"),
                        ("share", "占比", "Share")):
        out[pick(zh, en)] = table[key]
    return out


def write_area_csv(path, table, zones=None):
    """:func:`area_table` as CSV in UTF-8 with a BOM (Excel reads the Chinese)."""
    area_table(table, zones).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def write_suitability_report(path, sheets):
    return write_workbook(path, sheets)
