"""The control-line check as people read it (三区三线检查报告), from a :class:`ControlLineResult`.

* :func:`layer_table`: the violations layer's attribute table (short pinyin field names, as
  一张图 data uses them) with one readable Chinese sentence per violation (:func:`messages`);
* :func:`report_sheets` / :func:`write_report`: the workbook, laid out by :mod:`core.report`:
  汇总 (one row per rule, checked or why not, 结论), 违规明细 (every violation, 小计 per rule),
  控制线面积 (each line's and zone class's union area, per admin unit with 小计 when admin units
  were given) and 扩展倍数 (when the expansion multiple was checked);
* :func:`line_totals_table`: each line's total area, for the CSV export.

Violations name their inputs by layer name (``layer``/``other_layer``); ``labels`` maps those
names to what the sentences call them (e.g. ``{"STBHHX": "生态保护红线"}``), so a message reads
"生态保护红线 HX1 与 永久基本农田 17 重叠 0.52 亩" whatever the layers are called.
"""
import numpy as np
import pandas as pd

from .control_lines import (ERROR, EXPANSION, FRAGMENT, HX_NT, HX_ZONE, KB_HX, KB_NT, KB_UNSUITABLE, KB_ZONE,
                            NT_UNSUITABLE, NT_ZONE, SQ_GAP, SQ_OUTSIDE, SQ_OVERLAP, WARNING, ControlLineSettings)
from .report import AREA_HA, AREA_M2, AREA_MU, INTEGER, Column, Sheet, write_workbook
from .units import SQUARE_METRES_PER_MU, to_hectares, to_mu

SEVERITY_LABELS = {ERROR: "错误", WARNING: "警告"}
PASSED, FAILED, UNCHECKED = "通过", "不通过", "未检查"
CHECKED = "已检查"
TOTAL = "合计 Total"
UNASSIGNED = "（未落入行政区）"
COORDINATE = "0.000"
MULTIPLE = "0.0000"
SHEET_NAMES = ("汇总 Summary", "违规明细 Violations", "控制线面积 Line areas", "扩展倍数 Expansion")

#: The violations layer: (field, Python type, precision) for processing.sinks.fields_from_spec.
FIELDS = [("GZBH", str, 0), ("GZMC", str, 0), ("YZCD", str, 0), ("TC", str, 0), ("YSBH", str, 0), ("DBTC", str, 0),
          ("DBBH", str, 0), ("XZQDM", str, 0), ("XZQMC", str, 0), ("MJ", float, 2), ("MJGQ", float, 4),
          ("MJMU", float, 4), ("MJFF", str, 0), ("ZXZB_X", float, 3), ("ZXZB_Y", float, 3), ("ZHI", float, 6),
          ("XZ", float, 6), ("SM", str, 0)]


# --------------------------------------------------------------------------- the layer

def layer_table(violations, area_method, labels=None):
    """The violations as the output layer's attributes (:data:`FIELDS`), row for row."""
    m2 = violations["area_m2"].to_numpy(dtype=float)
    return pd.DataFrame({
        "GZBH": violations["rule"].to_numpy(dtype=object), "GZMC": violations["name_zh"].to_numpy(dtype=object),
        "YZCD": [SEVERITY_LABELS[value] for value in violations["severity"]],
        "TC": _texts(violations["layer"]), "YSBH": _texts(violations["feature_ids"]),
        "DBTC": _texts(violations["other_layer"]), "DBBH": _texts(violations["other_ids"]),
        "XZQDM": _texts(violations["admin_code"]), "XZQMC": _texts(violations["admin_name"]),
        "MJ": m2, "MJGQ": to_hectares(m2), "MJMU": to_mu(m2), "MJFF": [area_method] * len(violations),
        "ZXZB_X": violations["x"].to_numpy(dtype=float), "ZXZB_Y": violations["y"].to_numpy(dtype=float),
        "ZHI": violations["value"].to_numpy(dtype=float), "XZ": violations["limit"].to_numpy(dtype=float),
        "SM": messages(violations, labels)}, columns=[name for name, _, _ in FIELDS])


def messages(violations, labels=None):
    """One sentence per violation, e.g. "生态保护红线 3 与 永久基本农田 17 重叠 0.52 亩（甲镇）"."""
    labels = labels or {}
    return [_message(row, labels) for row in violations.to_dict("records")]


def _message(row, labels):
    rule, area = row["rule"], area_text(row["area_m2"])
    own = _named(labels, row["layer"], row["feature_ids"])
    other = _named(labels, row["other_layer"], row["other_ids"])
    if rule in (HX_NT, KB_HX):
        text = f"{own} 与 {other} 重叠 {area}"
    elif rule == KB_NT:
        text = f"{own} 占用 {other} {area}"
    elif rule == SQ_GAP:
        text = f"县域内 {area} 未划入三区"
    elif rule == SQ_OVERLAP:
        text = f"{_label(labels, row['layer'])}图斑 {_text(row['feature_ids'])} 相互重叠 {area}"
    elif rule == SQ_OUTSIDE:
        text = f"{own} 有 {area} 超出县域"
    elif rule in (HX_ZONE, NT_ZONE, KB_ZONE):
        text = f"{own} 有 {area} 位于{_text(row['note']) or '对应空间以外'}"
    elif rule == FRAGMENT:
        text = f"{own} 有碎片图斑 {row['area_m2']:.2f} 平方米（{_text(row['note'])}）"
    elif rule == EXPANSION:
        text = (f"城镇开发边界扩展倍数 {row['value']:.4f}，超过上限 {row['limit']:g}，"
                f"超出上限的面积 {area}")
    elif rule in (NT_UNSUITABLE, KB_UNSUITABLE):
        text = f"{own} 有 {area} 位于双评价不适宜区（{other}）"
    else:  # a rule added to core later still gets a sentence
        text = f"{row['name_zh']}：{own} {area}"
    where = _text(row.get("admin_name")) or _text(row.get("admin_code"))
    return f"{text}（{where}）" if where else text


def area_text(m2):
    """亩 with two decimals; below 0.01 亩 (6.7 m²) in 平方米, so a small piece does not read as 0."""
    if m2 is None or pd.isna(m2):
        return "—"
    if m2 >= 0.01 * SQUARE_METRES_PER_MU:
        return f"{to_mu(m2):.2f} 亩"
    return f"{m2:.2f} 平方米" if m2 >= 0.01 else f"{m2:.4f} 平方米"


def _label(labels, layer):
    layer = _text(layer)
    return labels.get(layer, layer) if layer else ""


def _named(labels, layer, ids):
    return " ".join(part for part in (_label(labels, layer), _text(ids)) if part)


def _text(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _texts(values):
    return np.array([_text(value) for value in values], dtype=object)


# --------------------------------------------------------------------------- the workbook

def write_report(path, result, note, settings=None, labels=None):
    """Write the control-line workbook to ``path`` (.xlsx); see :func:`report_sheets`."""
    return write_workbook(path, report_sheets(result, note, settings, labels))


def report_sheets(result, note, settings=None, labels=None):
    """汇总, 违规明细, 控制线面积 and (when the expansion multiple was checked) 扩展倍数.

    ``note``: the note line (:func:`core.report.area_note`); ``settings``: the
    :class:`ControlLineSettings` of the run, quoted in the notes.
    """
    settings = settings or ControlLineSettings()
    sheets = [_summary_sheet(result, note, settings), _violation_sheet(result, note, labels),
              _totals_sheet(result, note)]
    if result.expansion is not None:
        sheets.append(_expansion_sheet(result.expansion, note))
    return sheets


def _area_columns(summed=True):
    return [Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=summed),
            Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=summed),
            Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=summed)]


def _with_areas(frame, m2):
    m2 = np.asarray(m2, dtype=float)
    return frame.assign(area_m2=m2, area_ha=to_hectares(m2), area_mu=to_mu(m2))


def _joined(*parts):
    return "；".join(part for part in parts if part)


def _summary_sheet(result, note, settings):
    reasons = dict(result.skipped)
    summary = result.summary
    checked = summary["checked"].to_numpy(dtype=bool)
    counts = summary["count"].to_numpy(dtype=int)
    rows = _with_areas(pd.DataFrame({
        "rule": summary["rule"].to_numpy(), "name_zh": summary["name_zh"].to_numpy(),
        "name_en": summary["name_en"].to_numpy(), "severity": [SEVERITY_LABELS[s] for s in summary["severity"]],
        "checked": [CHECKED if ok else f"{UNCHECKED}：{reasons.get(rule, '')}" for rule, ok in
                    zip(summary["rule"], checked)],
        "count": counts,
        "conclusion": [PASSED if ok and not n else FAILED if ok else UNCHECKED for ok, n in zip(checked, counts)]}),
        summary["area_m2"])
    # Rules look at the same ground from different sides: their areas do not add up, only counts.
    columns = [Column("rule", "规则编号", "Rule"), Column("name_zh", "规则名称", "Rule (zh)", width=30),
               Column("name_en", "规则名称（英文）", "Rule (en)", width=44), Column("severity", "严重程度", "Severity"),
               Column("checked", "检查情况", "Checked", width=36), Column("count", "数量", "Count", INTEGER, summed=True),
               *_area_columns(summed=False), Column("conclusion", "结论", "Result")]
    overall = PASSED if result.passed else FAILED
    extra = (f"总体结论 Overall: {overall}（错误级违规 {int((result.violations['severity'] == ERROR).sum())} 处，"
             f"警告 {int((result.violations['severity'] == WARNING).sum())} 处）",
             f"扩展倍数上限 Expansion limit {settings.expansion_limit:g}（可配置，待核实 configurable, unverified）；"
             "扩展倍数超限的面积为超出上限的部分 EXPANSION area = boundary area above the limit",
             f"碎片 Fragments: 面积 < {settings.fragment_min_area:g} m² 或宽度 < {settings.sliver_min_width:g} m")
    return Sheet(SHEET_NAMES[0], "三区三线检查汇总表 Control-line check summary", columns, rows,
                 note=_joined(note, *extra), total_label=TOTAL)


def _violation_sheet(result, note, labels):
    violations = result.violations
    rows = _with_areas(pd.DataFrame({
        "rule": violations["rule"].to_numpy(dtype=object), "name_zh": violations["name_zh"].to_numpy(dtype=object),
        "severity": [SEVERITY_LABELS[s] for s in violations["severity"]],
        "layer": _texts(violations["layer"]), "feature_ids": _texts(violations["feature_ids"]),
        "other_layer": _texts(violations["other_layer"]), "other_ids": _texts(violations["other_ids"]),
        "admin_code": _texts(violations["admin_code"]), "admin_name": _texts(violations["admin_name"]),
        "value": violations["value"].to_numpy(dtype=float), "limit": violations["limit"].to_numpy(dtype=float),
        "x": violations["x"].to_numpy(dtype=float), "y": violations["y"].to_numpy(dtype=float),
        "message": messages(violations, labels)}), violations["area_m2"])
    columns = [Column("rule", "规则编号", "Rule", width=16), Column("name_zh", "规则名称", "Rule name", width=30),
               Column("severity", "严重程度", "Severity"), Column("layer", "图层", "Layer"),
               Column("feature_ids", "要素编号", "Feature ids", width=24), Column("other_layer", "对比图层", "Other layer"),
               Column("other_ids", "对比要素编号", "Other ids", width=24), Column("admin_code", "行政区代码", "Admin code"),
               Column("admin_name", "行政区名称", "Admin unit"), *_area_columns(),
               Column("value", "值", "Value", MULTIPLE), Column("limit", "限值", "Limit", MULTIPLE),
               Column("x", "X 坐标", "X", COORDINATE), Column("y", "Y 坐标", "Y", COORDINATE),
               Column("message", "说明", "Message", width=60)]
    return Sheet(SHEET_NAMES[1], "三区三线违规明细表 Control-line violations", columns, rows,
                 note=_joined(note, "X、Y 为图斑内一点 X, Y: a point inside the piece"),
                 total_label=TOTAL, subtotal_by="rule")


def _totals_sheet(result, note):
    """Per line (and zone class); with admin units one row per unit and a 小计 per line."""
    totals, by_admin = result.line_totals, result.line_totals_by_admin
    columns = [Column("name_zh", "控制线", "Line", width=22), Column("layer", "图层", "Layer"),
               Column("admin_code", "行政区代码", "Admin code"), Column("admin_name", "行政区名称", "Admin unit"),
               Column("count", "图斑数", "Features", INTEGER), *_area_columns()]
    if not len(by_admin):
        rows = _with_areas(totals.assign(admin_code=None, admin_name=None), totals["area_m2"])
        return Sheet(SHEET_NAMES[2], "控制线面积统计表 Line areas", columns, rows,
                     note=_joined(note, "面积为各图层合并（去重叠）后的面积 Union areas (overlaps counted once)"))
    parts = []
    layers = dict(zip(totals["line"], totals["layer"]))
    for line, name_zh in zip(totals["line"], totals["name_zh"]):
        part = by_admin[by_admin["line"] == line]
        if not len(part):  # nothing of the line: still listed, with 0
            part = pd.DataFrame([{"line": line, "name_zh": name_zh, "admin_code": None, "admin_name": None,
                                  "count": 0, "area_m2": 0.0}])
        parts.append(part.assign(layer=layers[line]))
    rows = pd.concat(parts, ignore_index=True)
    outside = rows["admin_code"].isna() & rows["admin_name"].isna() & (rows["count"] > 0)
    rows.loc[outside, "admin_name"] = UNASSIGNED
    rows = _with_areas(rows, rows["area_m2"])
    # A feature crossing unit borders counts in each unit: feature counts do not add up.
    return Sheet(SHEET_NAMES[2], "控制线面积统计表（分行政区） Line areas by admin unit", columns, rows,
                 note=_joined(note, "小计为各图层合并（去重叠）后的面积；跨行政区的图斑在各行政区分别计数 "
                                    "Subtotals are union areas; features crossing units count in each"),
                 subtotal_by="name_zh")


def _expansion_sheet(expansion, note):
    base, boundary = expansion["base_m2"], expansion["boundary_m2"]
    rows = pd.DataFrame([{
        "base_m2": base, "base_ha": to_hectares(base), "base_mu": to_mu(base),
        "boundary_m2": boundary, "boundary_ha": to_hectares(boundary), "boundary_mu": to_mu(boundary),
        "multiple": expansion["multiple"], "limit": expansion["limit"],
        "excess_mu": to_mu(max(boundary - expansion["limit"] * base, 0.0)),
        "conclusion": PASSED if expansion["passed"] else FAILED}])
    columns = [Column("base_m2", "现状城镇建设用地（平方米）", "Base construction land (m²)", AREA_M2),
               Column("base_ha", "现状城镇建设用地（公顷）", "Base construction land (ha)", AREA_HA),
               Column("base_mu", "现状城镇建设用地（亩）", "Base construction land (mu)", AREA_MU),
               Column("boundary_m2", "城镇开发边界（平方米）", "Urban boundary (m²)", AREA_M2),
               Column("boundary_ha", "城镇开发边界（公顷）", "Urban boundary (ha)", AREA_HA),
               Column("boundary_mu", "城镇开发边界（亩）", "Urban boundary (mu)", AREA_MU),
               Column("multiple", "扩展倍数", "Expansion multiple", MULTIPLE),
               Column("limit", "上限", "Limit", MULTIPLE),
               Column("excess_mu", "超出上限面积（亩）", "Area above the limit (mu)", AREA_MU),
               Column("conclusion", "结论", "Result")]
    return Sheet(SHEET_NAMES[3], "城镇开发边界扩展倍数 Urban boundary expansion multiple", columns, rows,
                 note=_joined(note, "扩展倍数 = 城镇开发边界面积 / 现状城镇建设用地面积；上限默认 1.3 倍为可配置参数，"
                                    "依据待核实 Multiple = boundary / base construction land; the 1.3 default "
                                    "limit is configurable and unverified"))


# --------------------------------------------------------------------------- line totals (CSV)

def line_totals_table(result):
    """Each line's and zone class's union area, with Chinese/English headers for a CSV file."""
    totals = result.line_totals
    m2 = totals["area_m2"].to_numpy(dtype=float)
    return pd.DataFrame({"控制线代码 Line": totals["line"].to_numpy(), "控制线 Name": totals["name_zh"].to_numpy(),
                         "图层 Layer": totals["layer"].to_numpy(), "图斑数 Features": totals["count"].to_numpy(),
                         "面积（平方米） Area (m²)": m2, "面积（公顷） Area (ha)": to_hectares(m2),
                         "面积（亩） Area (mu)": to_mu(m2)})


def write_line_totals(path, result):
    """:func:`line_totals_table` as CSV in UTF-8 with a BOM, so that Excel reads the Chinese."""
    line_totals_table(result).to_csv(path, index=False, encoding="utf-8-sig")
    return path
