"""The 实施评估报告 of :mod:`core.versions.assessment`: the Excel workbook (with native charts of
the yearly trends) and the HTML summary a department head reads. PNG charts are drawn by the
caller (QGIS's painter, :mod:`processing.charts`) and handed in as bytes."""
import base64
import html
import math
from datetime import date

import numpy as np
import pandas as pd

from ..report import (AREA_HA, AREA_M2, AREA_MU, BILINGUAL, PERCENT, Chart, Column, Sheet, Text, current_language,
                      pick, render, write_workbook)
from ..units import to_hectares, to_mu
from ..wording import ELLIPSOIDAL, Term, sheet_name, text
from .assessment import (BOUNDARY_TERMS, COUNTY_CODE, GREEN, HECTARES, LEVELS, MONITORED, NAMES, NO_LEVEL,
                         PATCH_TYPES, RATIO, RED, VIOLATIONS, YELLOW)

LEVEL_COLOURS = {GREEN: "#2e7d32", YELLOW: "#f9a825", RED: "#c62828", NO_LEVEL: "#9e9e9e"}
DIRECTION_TERMS = {">=": Term("下限（不低于）", "lower limit"), "<=": Term("上限（不高于）", "upper limit")}
MEASURE_TERMS = {RATIO: Term("现状 ÷ 目标", "value ÷ target"), HECTARES: Term("公顷", "ha")}
YES, NO = Term("是", "yes"), Term("否", "no")


def title(county_name, years):
    span = f"{years[0]}—{years[-1]}" if len(years) > 1 else f"{years[0]}"
    return text("{}国土空间规划实施评估报告（{} 年）", "{}: implementation assessment of the plan ({})",
                county_name or Term("", ""), span)


def _ha(value):
    return None if value is None or pd.isna(value) else float(to_hectares(value))


def _ratio_cell(row):
    if row["measure_unit"] != RATIO or row["measure"] is None or pd.isna(row["measure"]) \
            or not math.isfinite(row["measure"]):
        return None
    return float(row["measure"])


def indicator_table(result, county_only=False):
    """The indicator rows as the report shows them (公顷, ratios, level labels)."""
    frame = result.indicators
    if county_only:
        frame = frame[frame["unit_code"] == COUNTY_CODE]
    first = min(frame["year"]) if len(frame) else None
    red_at_start = {(row["unit_code"], row["key"]) for _, row in frame[frame["year"] == first].iterrows()
                    if row["level"] == RED}
    rows = []
    for _, row in frame.iterrows():
        rows.append({
            "year": int(row["year"]), "unit_code": row["unit_code"] or "—", "unit_name": row["unit_name"],
            "name": row["name"], "direction": DIRECTION_TERMS.get(row["direction"], row["direction"]),
            "value_ha": _ha(row["value_m2"]), "target_ha": _ha(row["target_m2"]),
            "target_source": row["target_source"] or "", "ratio": _ratio_cell(row),
            "change_ha": _ha(row["change_m2"]), "level": LEVELS[row["level"]],
            "remark": _remark(row, row["year"] != first and (row["unit_code"], row["key"]) in red_at_start)})
    return pd.DataFrame(rows, columns=["year", "unit_code", "unit_name", "name", "direction", "value_ha", "target_ha",
                                       "target_source", "ratio", "change_ha", "level", "remark"])


def _remark(row, red_at_start=False):
    if red_at_start and row["level"] == RED and row["kind"] == "indicator":
        return Text("基期即已超出目标", "beyond the target already in the base year")
    if row["measure_unit"] == RATIO and row["measure"] is not None and not pd.isna(row["measure"]) \
            and math.isinf(row["measure"]):
        return Text("规划为 0，现状已有", "none planned, some present")
    if row["value_m2"] is None or pd.isna(row["value_m2"]):
        return Text("未提供所需控制线图层", "the control line it needs was not given")
    return ""


def trend_table(result):
    """One row per state year: the county's value of every monitored indicator (公顷) and its target."""
    rows = []
    for year in sorted(result.indicators["year"].unique()):
        record = {"year": str(int(year))}
        for key in MONITORED:
            row = result.county(key, year)
            record[key] = _ha(row["value_m2"])
            record[key + "_target"] = _ha(row["target_m2"])
        for key in VIOLATIONS:
            rows_of = result.indicators[(result.indicators["year"] == year) & (result.indicators["key"] == key)
                                        & (result.indicators["unit_code"] == COUNTY_CODE)]
            record[key] = _ha(rows_of["value_m2"].iloc[0]) if len(rows_of) else None
        rows.append(record)
    return pd.DataFrame(rows)


def change_table(result):
    frame = result.summary.copy()
    for column in [c for c in frame.columns if c.endswith("_m2")]:
        frame[column[:-3] + "_ha"] = [_ha(value) for value in frame[column]]
    frame["unit_code"] = frame["unit_code"].replace({COUNTY_CODE: "—"})
    return frame


def patch_table(result):
    frame = result.patches.copy()
    frame["type"] = [f"{int(year)} {render(PATCH_TYPES[kind])}" for year, kind in zip(frame["year"], frame["type"])]
    frame["boundary"] = frame["boundary"].map(BOUNDARY_TERMS)
    frame["area_ha"] = [_ha(value) for value in frame["area_m2"]]
    frame["area_mu"] = [None if pd.isna(value) else float(to_mu(value)) for value in frame["area_m2"]]
    for column in ("farmland", "redline", "unplanned"):
        frame[column + "_ha"] = [_ha(value) for value in frame[column + "_m2"]]
    frame["unit_code"] = frame["unit_code"].replace({COUNTY_CODE: "—"})
    return frame


def report_sheets(result, note, notes=()):
    year_column = Column("year", "年度", "Year", width=8)
    unit_columns = [Column("unit_code", "乡镇代码", "Township code"), Column("unit_name", "乡镇", "Township")]
    measure_columns = [
        Column("name", "指标", "Indicator", width=30), Column("direction", "约束", "Limit"),
        Column("value_ha", "现状（公顷）", "Value (ha)", AREA_HA), Column("target_ha", "目标（公顷）", "Target (ha)", AREA_HA),
        Column("target_source", "目标来源", "Target from"), Column("ratio", "现状 ÷ 目标", "Value ÷ target", PERCENT),
        Column("change_ha", "较上年变化（公顷）", "Change on the year before (ha)", AREA_HA),
        Column("level", "预警", "Warning", width=8), Column("remark", "备注", "Remark", width=24)]
    trend = trend_table(result)
    trend_columns = [Column("year", "年度", "Year", width=8)]
    charts = []
    for key in MONITORED:
        name = NAMES[key]
        trend_columns += [Column(key, f"{name.zh}（公顷）", f"{name.en} (ha)", AREA_HA),
                          Column(key + "_target", f"{name.zh}目标（公顷）", f"{name.en} target (ha)", AREA_HA)]
        charts.append(Chart(name, "year", [key, key + "_target"], Text("公顷", "ha")))
    for key, name in VIOLATIONS.items():
        trend_columns.append(Column(key, f"{name.zh}（公顷）", f"{name.en} (ha)", AREA_HA))
    charts.append(Chart(Text("年度违规面积", "Violations per year"), "year", list(VIOLATIONS), Text("公顷", "ha"),
                        kind="bar"))
    changes = change_table(result)
    change_columns = [year_column] + unit_columns + [
        Column("new_construction_ha", "新增建设用地（公顷）", "New construction (ha)", AREA_HA),
        Column("inside_ha", "其中：边界内", "of which inside the boundary", AREA_HA),
        Column("outside_ha", "其中：边界外", "of which outside the boundary", AREA_HA),
        Column("outside_urban_ha", "其中：边界外城镇建设", "of which urban construction outside", AREA_HA),
        Column("farmland_ha", "其中：占永久基本农田", "of which on basic farmland", AREA_HA),
        Column("redline_ha", "其中：占生态保护红线", "of which in the red line", AREA_HA),
        Column("unplanned_ha", "其中：规划非建设用地上", "of which where no construction is planned", AREA_HA),
        Column("farmland_lost_ha", "耕地减少（公顷）", "Farmland lost (ha)", AREA_HA),
        Column("farmland_gained_ha", "耕地增加（公顷）", "Farmland gained (ha)", AREA_HA),
        Column("planned_farmland_lost_ha", "其中：规划耕地上减少", "lost where the blueprint keeps farmland", AREA_HA),
        Column("undetermined_ha", "无法判定（公顷）", "Not judged (ha)", AREA_HA)]
    patches = patch_table(result)
    patch_columns = [Column("type", "年度与监测类型", "Year and kind", width=18)] + unit_columns + [
        Column("code_before", "原地类", "Code before"), Column("code_after", "现地类", "Code after"),
        Column("id_before", "原图斑标识码", "Id before"), Column("id_after", "现图斑标识码", "Id after"),
        Column("boundary", "城镇开发边界", "Urban boundary"),
        Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
        Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True),
        Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=True),
        Column("farmland_ha", "位于永久基本农田（公顷）", "On basic farmland (ha)", AREA_HA, summed=True),
        Column("redline_ha", "位于生态保护红线（公顷）", "In the red line (ha)", AREA_HA, summed=True),
        Column("unplanned_ha", "与规划不符（公顷）", "Against the blueprint (ha)", AREA_HA, summed=True)]
    thresholds = result.thresholds.reset_index().assign(
        name=lambda frame: [NAMES[key] for key in frame["key"]],
        direction=lambda frame: frame["direction"].map(DIRECTION_TERMS),
        measure=lambda frame: frame["measure"].map(MEASURE_TERMS))
    threshold_columns = [Column("name", "指标", "Indicator", width=30), Column("direction", "约束", "Limit"),
                         Column("measure", "度量", "Measure"), Column("yellow", "黄色阈值", "Yellow from"),
                         Column("red", "红色阈值", "Red beyond"), Column("note", "说明", "Note", width=60)]
    note_rows = pd.DataFrame({"note": [render(item) for item in notes]})
    return [
        Sheet(sheet_name("年度指标", "Indicators by year"), Text("全县年度指标与预警", "County indicators and warnings by year"),
              [year_column] + measure_columns, indicator_table(result, county_only=True), note=note),
        Sheet(sheet_name("趋势", "Trends"), Text("全县指标趋势（公顷）", "County trends (ha)"), trend_columns, trend,
              note=note, charts=charts),
        Sheet(sheet_name("乡镇预警", "Warnings by township"), Text("乡镇年度指标与预警", "Indicators and warnings by township"),
              [year_column] + unit_columns + measure_columns, indicator_table(result), note=note),
        Sheet(sheet_name("新增建设与耕地变化", "Construction and farmland"),
              Text("新增建设用地与耕地变化", "New construction land and farmland change"), change_columns, changes,
              note=note),
        Sheet(sheet_name("监测图斑", "Monitoring patches"), Text("监测图斑（按年度与类型小计，不同类型不相加）",
                                                            "Monitoring patches (subtotals per year and kind; kinds "
                                                            "are not added up)"), patch_columns, patches,
              note=note, subtotal_by="type"),
        Sheet(sheet_name("预警阈值", "Thresholds"), Text("预警阈值", "Warning thresholds"), threshold_columns, thresholds,
              note=Text("绿色、黄色、红色按此表判定；下限指标低于黄色阈值为黄色、低于红色阈值为红色，上限指标高于黄色阈值"
                        "为黄色、高于红色阈值为红色", "Green, yellow and red as this table sets: a lower limit turns "
                        "yellow below its yellow figure and red below its red one; an upper limit above them")),
        Sheet(sheet_name("说明", "Notes"), Text("说明", "Notes"), [Column("note", "说明", "Note", width=120)], note_rows,
              note=note),
    ]


def write_report(path, result, note, notes=()):
    return write_workbook(path, report_sheets(result, note, notes))


# --------------------------------------------------------------------------- HTML

_CSS = """
body{font-family:"Microsoft YaHei","WenQuanYi Micro Hei","Noto Sans CJK SC",sans-serif;margin:24px;color:#222}
h1{font-size:22px}h2{font-size:17px;border-bottom:2px solid #555;padding-bottom:4px;margin-top:28px}
table{border-collapse:collapse;font-size:13px;margin:8px 0}th,td{border:1px solid #999;padding:3px 8px}
th{background:#ddebf7}td.num{text-align:right}.level{display:inline-block;min-width:36px;padding:1px 6px;
border-radius:3px;color:#fff;text-align:center;font-weight:bold}.meta{font-size:13px;color:#444}
.figures{display:flex;flex-wrap:wrap;gap:12px}figure{margin:0}figure img{border:1px solid #bbb;width:420px}
.en{color:#555}li{margin:3px 0}
"""


def _e(value):
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return html.escape(str(render(value)))


def _header(zh, en):
    if current_language() == BILINGUAL:
        return f"{_e(zh)}<br><span class='en'>{_e(en)}</span>"
    return _e(pick(zh, en))


def _badge(level):
    return f"<span class='level' style='background:{LEVEL_COLOURS[level]}'>{_e(LEVELS[level])}</span>"


def _number(value, decimals=4):
    return "" if value is None or pd.isna(value) else f"{value:,.{decimals}f}"


def _table(headers, rows):
    head = "".join(f"<th>{_header(zh, en)}</th>" for zh, en in headers)
    body = "".join("<tr>" + "".join(f"<td class='num'>{cell}</td>" if numeric else f"<td>{cell}</td>"
                                    for cell, numeric in row) + "</tr>" for row in rows)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def warnings_list(result, year, with_level=True):
    """The yellow and red warnings of ``year`` as sentences, red first (``with_level``: the sentence
    ends with the level's word, for logs; a page shows it as a coloured badge instead)."""
    frame = result.indicators[(result.indicators["year"] == year) & result.indicators["level"].isin([RED, YELLOW])]
    frame = frame.assign(order=frame["level"].map({RED: 0, YELLOW: 1})).sort_values(["order", "unit_code", "key"])
    items = []
    for _, row in frame.iterrows():
        where = row["unit_name"]
        if row["measure_unit"] == RATIO:
            ratio = row["measure"]
            share = (Text("规划为 0", "none planned") if math.isinf(ratio) else f"{ratio:.2%}")
            sentence = text("{}{}：现状 {} 公顷，目标 {} 公顷（{}，目标取自{}）",
                            "{} {}: {} ha against a target of {} ha ({}, target from the {})",
                            where, row["name"], _number(_ha(row["value_m2"])), _number(_ha(row["target_m2"])),
                            share, row["target_source"])
        else:
            sentence = text("{}{}：{} 公顷", "{} {}: {} ha", where, row["name"], _number(_ha(row["value_m2"])))
        if with_level:
            sentence = text("{}，{}", "{}, {}", sentence, LEVELS[row["level"]])
        items.append((row["level"], sentence))
    return items


def html_summary(result, page_title, meta_lines, charts=None, notes=()):
    """The summary page: warnings of the latest year, the yearly table, the changes, the charts.

    ``meta_lines``: (label, value) pairs; ``charts``: [(caption, PNG bytes)].
    """
    latest = result.years[-1]
    counts = {level: int(((result.indicators["year"] == latest) & (result.indicators["level"] == level)).sum())
              for level in (RED, YELLOW, GREEN)}
    parts = [f"<h1>{_e(page_title)}</h1><div class='meta'>"
             + "".join(f"<div>{_e(label)}{_e(pick('：', ': '))}{_e(value)}</div>" for label, value in meta_lines)
             + "</div>"]
    parts.append(f"<h2>{_e(text('{} 年预警', 'Warnings in {}', latest))}</h2>")
    parts.append("<p>" + " ".join(f"{_badge(level)} {counts[level]}" for level in (RED, YELLOW, GREEN)) + "</p>")
    items = warnings_list(result, latest, with_level=False)
    if items:
        parts.append("<ul>" + "".join(f"<li>{_badge(level)} {_e(sentence)}</li>" for level, sentence in items) + "</ul>")
    else:
        parts.append(f"<p>{_e(Text('没有黄色或红色预警。', 'No yellow or red warning.'))}</p>")
    for year in result.years[:-1]:  # earlier years: their red warnings
        reds = [sentence for level, sentence in warnings_list(result, year, with_level=False) if level == RED]
        if reds:
            parts.append(f"<h2>{_e(text('{} 年红色预警', 'Red warnings in {}', year))}</h2><ul>"
                         + "".join(f"<li>{_badge(RED)} {_e(sentence)}</li>" for sentence in reds) + "</ul>")
    parts.append(_violating_patches(result))
    rows = []
    for _, row in indicator_table(result, county_only=True).iterrows():
        level = next(key for key, term in LEVELS.items() if term == row["level"])
        rows.append([(_e(row["year"]), True), (_e(row["name"]), False), (_number(row["value_ha"]), True),
                     (_number(row["target_ha"]), True), (_e(row["target_source"]), False),
                     ("" if row["ratio"] is None or pd.isna(row["ratio"]) else f"{row['ratio']:.2%}", True),
                     (_number(row["change_ha"]), True), (_badge(level), False)])
    parts.append(f"<h2>{_e(Text('全县年度指标', 'County indicators by year'))}</h2>")
    parts.append(_table([("年度", "Year"), ("指标", "Indicator"), ("现状（公顷）", "Value (ha)"),
                         ("目标（公顷）", "Target (ha)"), ("目标来源", "Target from"), ("现状 ÷ 目标", "Value ÷ target"),
                         ("较上年变化（公顷）", "Change (ha)"), ("预警", "Warning")], rows))
    latest_rows = result.indicators[(result.indicators["year"] == latest)]
    units = result.units.iloc[1:] if len(result.units) > 1 else result.units
    if len(result.units) > 1:
        grid = []
        for code, name in units.itertuples(index=False):
            cells = [(_e(name), False)]
            for key in list(MONITORED) + list(VIOLATIONS):
                level = latest_rows[(latest_rows["unit_code"] == code) & (latest_rows["key"] == key)]["level"]
                cells.append((_badge(level.iloc[0]) if len(level) else "", False))
            grid.append(cells)
        parts.append(f"<h2>{_e(text('{} 年乡镇预警', 'Warnings by township, {}', latest))}</h2>")
        parts.append(_table([("乡镇", "Township")] + [(NAMES[key].zh, NAMES[key].en)
                                                     for key in list(MONITORED) + list(VIOLATIONS)], grid))
    change_rows = []
    county_changes = result.summary[result.summary["unit_code"] == COUNTY_CODE]
    for _, row in county_changes.iterrows():
        change_rows.append([(_e(row["year"]), True)] + [(_number(_ha(row[column])), True) for column in (
            "new_construction_m2", "outside_m2", "farmland_m2", "redline_m2", "farmland_lost_m2",
            "farmland_gained_m2")])
    parts.append(f"<h2>{_e(Text('新增建设用地与耕地变化（全县，公顷）', 'New construction and farmland (county, ha)'))}</h2>")
    parts.append(_table([("年度", "Year"), ("新增建设用地", "New construction"), ("开发边界外", "Outside the boundary"),
                         ("占永久基本农田", "On basic farmland"), ("占生态保护红线", "In the red line"),
                         ("耕地减少", "Farmland lost"), ("耕地增加", "Farmland gained")], change_rows))
    if charts:
        figures = "".join(
            f"<figure><img alt='{_e(caption)}' src='data:image/png;base64,{base64.b64encode(png).decode()}'>"
            f"<figcaption>{_e(caption)}</figcaption></figure>" for caption, png in charts)
        parts.append(f"<h2>{_e(Text('趋势图', 'Charts'))}</h2><div class='figures'>{figures}</div>")
    if notes:
        parts.append(f"<h2>{_e(Text('说明', 'Notes'))}</h2><ul>" + "".join(f"<li>{_e(n)}</li>" for n in notes)
                     + "</ul>")
    lang = "en" if current_language() == "en" else "zh-CN"
    return (f"<!DOCTYPE html>\n<html lang='{lang}'><head><meta charset='utf-8'><title>{_e(page_title)}</title>"
            f"<style>{_CSS}</style></head><body>\n" + "\n".join(parts) + "\n</body></html>\n")


def _violating_patches(result):
    """The patches the control lines do not allow, by year: survey BSM, township, codes, areas."""
    patches = result.patches
    if patches.empty:
        return ""
    new = patches["type"] == "new_construction"
    farmland = patches["farmland_m2"].fillna(0) > 0
    redline = patches["redline_m2"].fillna(0) > 0
    outside = (patches["boundary"] == "outside") & patches["urban_construction"].astype(bool)
    chosen = patches[new & (farmland | redline | outside)]
    if chosen.empty:
        return f"<h2>{_e(Text('违反控制线的新增建设用地', 'New construction against the control lines'))}</h2><p>" + _e(
            Text("无。", "None.")) + "</p>"
    rows = []
    for _, row in chosen.sort_values(["year", "unit_code", "id_after"]).iterrows():
        what = [term for flag, term in ((outside.loc[row.name], Text("开发边界外城镇建设", "urban, outside the boundary")),
                                        (farmland.loc[row.name], Text("占永久基本农田", "on basic farmland")),
                                        (redline.loc[row.name], Text("位于生态保护红线内", "in the red line"))) if flag]
        rows.append([(_e(row["year"]), True), (_e(row["id_after"]), False), (_e(row["unit_name"]), False),
                     (_e(f"{row['code_before']} → {row['code_after']}"), False), (_number(_ha(row["area_m2"])), True),
                     (_e(pick("、", ", ").join(str(render(term)) for term in what)), False)])
    return (f"<h2>{_e(Text('违反控制线的新增建设用地', 'New construction against the control lines'))}</h2>"
            + _table([("年度", "Year"), ("图斑标识码", "Survey id"), ("乡镇", "Township"), ("地类变化", "Codes"),
                      ("面积（公顷）", "Area (ha)"), ("问题", "Problem")], rows))


def chart_series(result, key):
    """(years, values in 公顷, targets in 公顷 or None) of a county indicator, for a PNG chart."""
    rows = result.indicators[(result.indicators["unit_code"] == COUNTY_CODE) & (result.indicators["key"] == key)]
    rows = rows.sort_values("year")
    if key in VIOLATIONS:
        rows = rows[rows["year"].isin(result.years)]
    years = [int(year) for year in rows["year"]]
    values = [np.nan if value is None or pd.isna(value) else float(to_hectares(value)) for value in rows["value_m2"]]
    targets = None if key in VIOLATIONS else [float(to_hectares(value)) for value in rows["target_m2"]]
    return years, values, targets


def method_note():
    return text("面积计算方法：{}；面积单位：公顷、亩（1 亩 = 2000/3 平方米）；日期：{}",
                "Area method: {}; units: ha and mu (1 mu = 2000/3 m²); date: {}", ELLIPSOIDAL,
                f"{date.today():%Y-%m-%d}")
