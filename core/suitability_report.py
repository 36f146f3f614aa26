"""The 双评价 workbook: grade areas, areas per admin unit, weights or rules, notes.

Shared by the weighted evaluation and the guideline presets. Every sheet is laid out by
:mod:`core.report` (bilingual headers, 合计 rows, area note).
"""
import pandas as pd

from .report import AREA_HA, AREA_M2, AREA_MU, INTEGER, PERCENT, Column, Sheet, write_workbook
from .suitability import ENGLISH_NAMES

GRADE_SHEET, ZONE_SHEET, WEIGHT_SHEET, NOTES_SHEET = "分级面积", "分区统计", "因子权重", "说明"


def area_columns():
    return [Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
            Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True),
            Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=True)]


def grade_columns():
    return [Column("grade", "等级", "Grade", INTEGER), Column("name", "等级名称", "Grade name"),
            Column("name_en", "英文名称", "Name (English)"), Column("cells", "栅格数", "Cells", INTEGER, summed=True),
            *area_columns(), Column("share", "占比", "Share", PERCENT, summed=True)]


def with_english(table):
    """The table with an English grade name beside the Chinese one."""
    table = table.copy()
    if "name" not in table:
        table["name"] = table["grade"].astype(str)
    table["name_en"] = table["name"].map(lambda name: ENGLISH_NAMES.get(str(name), str(name)))
    return table


def grade_sheet(table, note, title, name=GRADE_SHEET):
    return Sheet(name, title, grade_columns(), with_english(table), note, total_label="合计 Total")


def zone_sheet(zone_table, zones, note, title):
    """Areas per admin unit and grade, with a 小计 per unit; ``zones``: {id: (code, name)}."""
    table = with_english(zone_table)
    table.insert(0, "code", table["zone"].map(lambda z: zones.get(int(z), ("", ""))[0]))
    table.insert(1, "unit", table["zone"].map(lambda z: zones.get(int(z), ("", ""))[1]))
    columns = [Column("code", "行政区代码", "Admin code"), Column("unit", "行政区名称", "Admin unit"), *grade_columns()]
    return Sheet(ZONE_SHEET, title, columns, table, note, total_label="合计 Total", subtotal_by="code")


def weight_sheet(rows, note, title="因子与权重 Factors and weights"):
    """``rows``: DataFrame with factor, scoring, weight (and optional source)."""
    columns = [Column("factor", "因子", "Factor"), Column("source", "数据", "Data"),
               Column("scoring", "赋分方法", "Scoring"), Column("weight", "权重", "Weight", "0.0000", summed=True)]
    return Sheet(WEIGHT_SHEET, title, columns, rows, note, total_label="合计 Total")


def steps_sheet(steps, skipped, note):
    """What each step of a guideline evaluation changed, and what was not applied and why."""
    from .units import to_hectares, to_mu

    rows = pd.DataFrame({"step": [s for s, _ in steps] + [f"未执行 Not applied: {r}" for r in skipped],
                         "area_m2": [a for _, a in steps] + [None] * len(skipped)})
    rows["area_ha"] = to_hectares(pd.to_numeric(rows["area_m2"]))
    rows["area_mu"] = to_mu(pd.to_numeric(rows["area_m2"]))
    columns = [Column("step", "评价步骤", "Step", width=80),
               Column("area_m2", "等级变化面积（平方米）", "Area whose level changed (m²)", AREA_M2),
               Column("area_ha", "公顷", "ha", AREA_HA), Column("area_mu", "亩", "mu", AREA_MU)]
    return Sheet("评价步骤", "评价步骤 Steps", columns, rows, note)


def notes_sheet(lines, note):
    frame = pd.DataFrame({"note": list(lines)})
    return Sheet(NOTES_SHEET, "说明 Notes", [Column("note", "说明", "Note", width=120)], frame, note)


def write_suitability_report(path, sheets):
    return write_workbook(path, sheets)
