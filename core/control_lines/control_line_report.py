"""The control-line check as people read it (三区三线检查报告), from a :class:`ControlLineResult`.

* :func:`layer_table`: the violations layer's attribute table (short pinyin field names, as
  一张图 data uses them) with one readable Chinese sentence per violation (:func:`messages`);
* :func:`report_sheets` / :func:`write_report`: the workbook, laid out by :mod:`core.report`:
  汇总 (one row per rule, checked or why not, 结论), 违规明细 (every violation, 小计 per rule),
  控制线面积 (each line's and zone class's union area, per admin unit with 小计 when admin units
  were given) and 扩展倍数 (when the expansion multiple was checked);
* :func:`line_totals_table`: each line's total area, for the CSV export.

Violations name their inputs by layer name (``layer``/``other_layer``); ``labels`` maps those
names to what the sentences call them (e.g. ``{"STBHHX": Text("生态保护红线", "ecological red line")}``
or a plain string), so a message reads "生态保护红线 HX1 与 永久基本农田 17 重叠 0.52 亩" whatever the
layers are called.

Language (:mod:`core.report`): titles, notes, headers and sheet names follow the report language
(both wordings when bilingual); cell values — sentences, severities, conclusions, rule and line
names — are Chinese under ZH and BILINGUAL and English under EN (:func:`say`), so a Chinese
deliverable holds no English and an English one no Chinese sentence.

Conclusions: a rule with error-level violations 不通过, a warning rule with violations 需关注 (never
不通过: it does not fail the check), a rule without violations 通过; overall 不通过 when any error,
otherwise 通过 (with the warnings to review counted).
"""
import numpy as np
import pandas as pd

from ..report import (AREA_HA, AREA_M2, AREA_MU, BILINGUAL, EN, INTEGER, ZH, Column, Sheet, Text, current_language,
                      pick, report_language, write_workbook)
from .checks import (ERROR, EXPANSION, FRAGMENT, HX_NT, HX_ZONE, KB_HX, KB_NT, KB_UNSUITABLE, KB_ZONE, NT_UNSUITABLE,
                     NT_ZONE, RULES, SQ_GAP, SQ_OUTSIDE, SQ_OVERLAP, WARNING, ControlLineSettings)
# A cell value in one wording: a Text's Chinese under ZH and BILINGUAL, its English under EN.
from ..report import single as say
from ..units import SQUARE_METRES_PER_MU, to_hectares, to_mu
from ..wording import ELLIPSOIDAL as AREA_METHOD  # noqa: F401 (the name this module's users know)

SEVERITY_LABELS = {ERROR: Text("错误", "error"), WARNING: Text("警告", "warning")}
PASSED, FAILED, UNCHECKED = Text("通过", "passed"), Text("不通过", "not passed"), Text("未检查", "not checked")
REVIEW = Text("需关注", "to review")
"""A warning rule with violations: not a failure, but to be looked at."""
CHECKED = Text("已检查", "checked")
TOTAL = Text("合计", "Total")
UNASSIGNED = Text("（未落入行政区）", "(in no admin unit)")
COORDINATE = "0.000"
MULTIPLE = "0.0000"
"""How the layer (MJFF) and the notes name the area method, in the report language."""
SHEET_NAMES = (Text("汇总", "Summary"), Text("违规明细", "Violations"), Text("控制线面积", "Line areas"),
               Text("扩展倍数", "Expansion"))
"""Sheet names (``str(name)`` is the name in the current report language)."""

#: The violations layer: (field, Python type, precision) for processing.sinks.fields_from_spec.
#: Areas: m² 2 decimals, 公顷 4, 亩 2.
FIELDS = [("GZBH", str, 0), ("GZMC", str, 0), ("YZCD", str, 0), ("TC", str, 0), ("YSBH", str, 0), ("DBTC", str, 0),
          ("DBBH", str, 0), ("XZQDM", str, 0), ("XZQMC", str, 0), ("MJ", float, 2), ("MJGQ", float, 4),
          ("MJMU", float, 2), ("MJFF", str, 0), ("ZXZB_X", float, 3), ("ZXZB_Y", float, 3), ("ZHI", float, 6),
          ("XZ", float, 6), ("SM", str, 0)]


def rule_label(rule):
    """The rule's name as a cell value."""
    return say(Text(*RULES[rule])) if rule in RULES else rule


# --------------------------------------------------------------------------- the layer

def layer_table(violations, area_method, labels=None):
    """The violations as the output layer's attributes (:data:`FIELDS`), row for row."""
    m2 = violations["area_m2"].to_numpy(dtype=float)
    return pd.DataFrame({
        "GZBH": violations["rule"].to_numpy(dtype=object), "GZMC": [rule_label(rule) for rule in violations["rule"]],
        "YZCD": [say(SEVERITY_LABELS[value]) for value in violations["severity"]],
        "TC": _texts(violations["layer"]), "YSBH": _texts(violations["feature_ids"]),
        "DBTC": _texts(violations["other_layer"]), "DBBH": _texts(violations["other_ids"]),
        "XZQDM": _texts(violations["admin_code"]), "XZQMC": _texts(violations["admin_name"]),
        "MJ": m2, "MJGQ": to_hectares(m2), "MJMU": to_mu(m2), "MJFF": [say(area_method)] * len(violations),
        "ZXZB_X": violations["x"].to_numpy(dtype=float), "ZXZB_Y": violations["y"].to_numpy(dtype=float),
        "ZHI": violations["value"].to_numpy(dtype=float), "XZ": violations["limit"].to_numpy(dtype=float),
        "SM": messages(violations, labels)}, columns=[name for name, _, _ in FIELDS])


def messages(violations, labels=None):
    """One sentence per violation, e.g. "生态保护红线 3 与 永久基本农田 17 重叠 0.52 亩（甲镇）"
    (under EN "ecological red line 3 overlaps basic farmland 17 by 0.52 mu (甲镇)")."""
    labels = labels or {}
    return [say(_message(row, labels)) for row in violations.to_dict("records")]


def _message(row, labels):
    """The sentence of one violation in both wordings (:class:`Text`)."""
    zh, en = (_sentence(row, labels, language) for language in (ZH, EN))
    en = en[:1].upper() + en[1:]
    where = _text(row.get("admin_name")) or _text(row.get("admin_code"))
    return Text(f"{zh}（{where}）", f"{en} ({where})") if where else Text(zh, en)


def _sentence(row, labels, language):
    """The violation's sentence in ``language``, names and areas worded in it too."""
    with report_language(language):
        rule, area = row["rule"], area_text(row["area_m2"])
        own = _named(labels, row["layer"], row["feature_ids"])
        other = _named(labels, row["other_layer"], row["other_ids"])
        note, fragment = _text(row["note"]), area_text(row["area_m2"], always_m2=True)
        layer, ids, name = _label(labels, row["layer"]), _text(row["feature_ids"]), rule_label(rule)
    english = language == EN
    if rule in (HX_NT, KB_HX):
        return f"{own} overlaps {other} by {area}" if english else f"{own} 与 {other} 重叠 {area}"
    if rule == KB_NT:
        return f"{own} takes {area} of {other}" if english else f"{own} 占用 {other} {area}"
    if rule == SQ_GAP:
        return f"{area} of the county in no zone" if english else f"县域内 {area} 未划入三区"
    if rule == SQ_OVERLAP:
        return f"{layer} polygons {ids} overlap by {area}" if english else f"{layer}图斑 {ids} 相互重叠 {area}"
    if rule == SQ_OUTSIDE:
        return f"{own} has {area} outside the county" if english else f"{own} 有 {area} 超出县域"
    if rule in (HX_ZONE, NT_ZONE, KB_ZONE):
        return f"{own} has {area} {note or 'outside its space'}" if english else f"{own} 有 {area} 位于{note or '对应空间以外'}"
    if rule == FRAGMENT:
        return f"{own} has a fragment of {fragment} ({note})" if english else f"{own} 有碎片图斑 {fragment}（{note}）"
    if rule == EXPANSION:
        if english:
            return (f"urban boundary expansion multiple {row['value']:.4f} above the limit {row['limit']:g}; "
                    f"area above the limit {area}")
        return f"城镇开发边界扩展倍数 {row['value']:.4f}，超过上限 {row['limit']:g}，超出上限的面积 {area}"
    if rule in (NT_UNSUITABLE, KB_UNSUITABLE):
        return f"{own} has {area} on land graded unsuitable ({other})" if english else \
            f"{own} 有 {area} 位于双评价不适宜区（{other}）"
    return f"{name}: {own} {area}" if english else f"{name}：{own} {area}"  # a rule added to core later


def area_text(m2, always_m2=False):
    """亩 with two decimals; below 0.01 亩 (6.7 m²) in 平方米, so a small piece does not read as 0
    (under EN mu and m²)."""
    if m2 is None or pd.isna(m2):
        return "—"
    mu, square_metres = say("亩", "mu"), say("平方米", "m²")
    if m2 >= 0.01 * SQUARE_METRES_PER_MU and not always_m2:
        return f"{to_mu(m2):.2f} {mu}"
    return f"{m2:.2f} {square_metres}" if m2 >= 0.01 else f"{m2:.4f} {square_metres}"


def _label(labels, layer):
    layer = _text(layer)
    return _text(labels.get(layer, layer)) if layer else ""


def _named(labels, layer, ids):
    return " ".join(part for part in (_label(labels, layer), _text(ids)) if part)


def _text(value):
    if value is None or (not isinstance(value, (str, Text)) and pd.isna(value)):
        return None
    text = str(say(value)).strip()
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


def conclusions(summary):
    """Each summary row's 结论 (a :class:`Text`): 未检查, 通过, 需关注 (warnings) or 不通过 (errors)."""
    out = []
    for checked, count, severity in zip(summary["checked"], summary["count"], summary["severity"]):
        if not checked:
            out.append(UNCHECKED)
        elif not count:
            out.append(PASSED)
        else:
            out.append(FAILED if severity == ERROR else REVIEW)
    return out


def overall_conclusion(result):
    """The check's conclusion as a :class:`Text`: 不通过 with any error, else 通过 (warnings counted)."""
    severities = result.violations["severity"]
    errors, warnings = int((severities == ERROR).sum()), int((severities == WARNING).sum())
    if errors:
        return Text(f"总体结论：不通过（错误 {errors} 处，警告 {warnings} 处）",
                    f"Overall: not passed ({errors} errors, {warnings} warnings)")
    if warnings:
        return Text(f"总体结论：通过，{warnings} 处警告需关注", f"Overall: passed, {warnings} warnings to review")
    return Text("总体结论：通过", "Overall: passed")


def tolerance_note(result, settings):
    """What the area tolerance left out (pieces where edges do not match exactly)."""
    pieces = sum(count for count, _ in result.ignored.values())
    area = sum(m2 for _, m2 in result.ignored.values())
    text = Text(f"面积小于 {settings.min_area:g} 平方米的重叠、缺口等碎片视为边界误差，不列为违规",
                f"overlap and gap pieces below {settings.min_area:g} m² are edge mismatches, not violations")
    if pieces:
        text = Text(f"{text.zh}（本次忽略 {pieces} 处，共 {area:.2f} 平方米）",
                    f"{text.en} ({pieces} ignored in this run, {area:.2f} m² in all)")
    return text


def _area_columns(summed=True):
    return [Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=summed),
            Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=summed),
            Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=summed)]


def _with_areas(frame, m2):
    m2 = np.asarray(m2, dtype=float)
    return frame.assign(area_m2=m2, area_ha=to_hectares(m2), area_mu=to_mu(m2))


def _joined(*parts):
    """Note parts joined in the report language (each part a str or :class:`Text`)."""
    return say("；", "; ").join(str(part) for part in parts if part)


def _summary_sheet(result, note, settings):
    reasons = dict(result.skipped)
    summary = result.summary
    checked = summary["checked"].to_numpy(dtype=bool)
    counts = summary["count"].to_numpy(dtype=int)
    rows = _with_areas(pd.DataFrame({
        "rule": summary["rule"].to_numpy(), "name": [rule_label(rule) for rule in summary["rule"]],
        "name_en": summary["name_en"].to_numpy(),
        "severity": [say(SEVERITY_LABELS[s]) for s in summary["severity"]],
        "checked": [say(CHECKED) if ok else f"{say(UNCHECKED)}{say('：', ': ')}{say(reasons.get(rule, ''))}"
                    for rule, ok in zip(summary["rule"], checked)],
        "count": counts,
        "conclusion": [say(text) for text in conclusions(summary)]}),
        summary["area_m2"])
    # Rules look at the same ground from different sides: their areas do not add up, only counts.
    columns = [Column("rule", "规则编号", "Rule"), Column("name", "规则名称", "Rule name", width=30)]
    if current_language() == BILINGUAL:
        columns.append(Column("name_en", "规则名称（英文）", "Rule (en)", width=44))
    columns += [Column("severity", "严重程度", "Severity"),
                Column("checked", "检查情况", "Checked", width=36), Column("count", "数量", "Count", INTEGER, summed=True),
                *_area_columns(summed=False), Column("conclusion", "结论", "Result")]
    extra = (overall_conclusion(result),
             Text(f"扩展倍数上限 {settings.expansion_limit:g}（可配置，待核实）；扩展倍数超限的面积为超出上限的部分",
                  f"expansion limit {settings.expansion_limit:g} (configurable, unverified); the EXPANSION area "
                  "is the boundary area above the limit"),
             Text(f"碎片：面积 < {settings.fragment_min_area:g} 平方米或宽度 < {settings.sliver_min_width:g} 米",
                  f"fragments: area < {settings.fragment_min_area:g} m² or width < {settings.sliver_min_width:g} m"),
             tolerance_note(result, settings),
             Text("结论：错误级规则有违规为不通过，警告级规则有违规为需关注",
                  "result: a rule of severity error with violations is not passed, a warning rule with "
                  "violations is to review"))
    return Sheet(str(SHEET_NAMES[0]), Text("三区三线检查汇总表", "Control-line check summary"), columns, rows,
                 note=_joined(note, *extra), total_label=TOTAL)


def _violation_sheet(result, note, labels):
    violations = result.violations
    rows = _with_areas(pd.DataFrame({
        "rule": violations["rule"].to_numpy(dtype=object), "name": [rule_label(rule) for rule in violations["rule"]],
        "severity": [say(SEVERITY_LABELS[s]) for s in violations["severity"]],
        "layer": _texts(violations["layer"]), "feature_ids": _texts(violations["feature_ids"]),
        "other_layer": _texts(violations["other_layer"]), "other_ids": _texts(violations["other_ids"]),
        "admin_code": _texts(violations["admin_code"]), "admin_name": _texts(violations["admin_name"]),
        "value": violations["value"].to_numpy(dtype=float), "limit": violations["limit"].to_numpy(dtype=float),
        "x": violations["x"].to_numpy(dtype=float), "y": violations["y"].to_numpy(dtype=float),
        "message": messages(violations, labels)}), violations["area_m2"])
    columns = [Column("rule", "规则编号", "Rule", width=16), Column("name", "规则名称", "Rule name", width=30),
               Column("severity", "严重程度", "Severity"), Column("layer", "图层", "Layer"),
               Column("feature_ids", "要素编号", "Feature ids", width=24), Column("other_layer", "对比图层", "Other layer"),
               Column("other_ids", "对比要素编号", "Other ids", width=24), Column("admin_code", "行政区代码", "Admin code"),
               Column("admin_name", "行政区名称", "Admin unit"), *_area_columns(),
               Column("value", "值", "Value", MULTIPLE), Column("limit", "限值", "Limit", MULTIPLE),
               Column("x", "X 坐标", "X", COORDINATE), Column("y", "Y 坐标", "Y", COORDINATE),
               Column("message", "说明", "Message", width=60)]
    return Sheet(str(SHEET_NAMES[1]), Text("三区三线违规明细表", "Control-line violations"), columns, rows,
                 note=_joined(note, Text("X、Y 为图斑内一点", "X, Y: a point inside the piece")),
                 total_label=TOTAL, subtotal_by="rule")


def _totals_sheet(result, note):
    """Per line (and zone class); with admin units one row per unit and a 小计 per line."""
    totals, by_admin = result.line_totals, result.line_totals_by_admin
    columns = [Column("name", "控制线", "Line", width=22), Column("layer", "图层", "Layer"),
               Column("admin_code", "行政区代码", "Admin code"), Column("admin_name", "行政区名称", "Admin unit"),
               Column("count", "图斑数", "Features", INTEGER), *_area_columns()]
    if not len(by_admin):
        rows = _with_areas(totals.assign(name=_line_names(totals), admin_code=None, admin_name=None),
                           totals["area_m2"])
        return Sheet(str(SHEET_NAMES[2]), Text("控制线面积统计表", "Line areas"), columns, rows,
                     note=_joined(note, Text("面积为各图层合并（去重叠）后的面积", "union areas (overlaps counted once)")))
    parts = []
    layers = dict(zip(totals["line"], totals["layer"]))
    for line, name_zh, name_en in zip(totals["line"], totals["name_zh"], totals["name_en"]):
        part = by_admin[by_admin["line"] == line]
        if not len(part):  # nothing of the line: still listed, with 0
            part = pd.DataFrame([{"line": line, "name_zh": name_zh, "name_en": name_en, "admin_code": None,
                                  "admin_name": None, "count": 0, "area_m2": 0.0}])
        parts.append(part.assign(layer=layers[line]))
    rows = pd.concat(parts, ignore_index=True)
    rows = rows.assign(name=_line_names(rows))
    outside = rows["admin_code"].isna() & rows["admin_name"].isna() & (rows["count"] > 0)
    rows.loc[outside, "admin_name"] = say(UNASSIGNED)
    rows = _with_areas(rows, rows["area_m2"])
    # A feature crossing unit borders counts in each unit: feature counts do not add up.
    return Sheet(str(SHEET_NAMES[2]), Text("控制线面积统计表（分行政区）", "Line areas by admin unit"), columns, rows,
                 note=_joined(note, Text("小计为各图层合并（去重叠）后的面积；跨行政区的图斑在各行政区分别计数",
                                         "subtotals are union areas; features crossing units count in each")),
                 subtotal_by="name")


def _line_names(frame):
    return [say(zh, en[:1].upper() + en[1:]) for zh, en in zip(frame["name_zh"], frame["name_en"])]


def _expansion_sheet(expansion, note):
    base, boundary = expansion["base_m2"], expansion["boundary_m2"]
    rows = pd.DataFrame([{
        "base_m2": base, "base_ha": to_hectares(base), "base_mu": to_mu(base),
        "boundary_m2": boundary, "boundary_ha": to_hectares(boundary), "boundary_mu": to_mu(boundary),
        "multiple": expansion["multiple"], "limit": expansion["limit"],
        "excess_mu": to_mu(max(boundary - expansion["limit"] * base, 0.0)),
        "conclusion": say(PASSED if expansion["passed"] else FAILED)}])
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
    return Sheet(str(SHEET_NAMES[3]), Text("城镇开发边界扩展倍数", "Urban boundary expansion multiple"), columns, rows,
                 note=_joined(note, Text(f"扩展倍数 = 城镇开发边界面积 / 现状城镇建设用地面积；上限 {expansion['limit']:g} 倍"
                                         "为可配置参数（默认 1.3），依据待核实",
                                         f"multiple = boundary / base construction land; the limit "
                                         f"{expansion['limit']:g} is configurable (default 1.3) and unverified")))


# --------------------------------------------------------------------------- line totals (CSV)

def line_totals_table(result):
    """Each line's and zone class's union area, headed in the report language, for a CSV file.

    Under ZH the line-code column (``ecological``, ``zones:urban`` …) is left out: the name says it.
    """
    totals = result.line_totals
    m2 = totals["area_m2"].to_numpy(dtype=float)
    columns = {}
    if current_language() != ZH:
        columns[pick("控制线代码", "Line")] = totals["line"].to_numpy()
    columns.update({pick("控制线", "Name"): _line_names(totals), pick("图层", "Layer"): totals["layer"].to_numpy(),
                    pick("图斑数", "Features"): totals["count"].to_numpy(),
                    pick("面积（平方米）", "Area (m²)"): np.round(m2, 2),
                    pick("面积（公顷）", "Area (ha)"): np.round(to_hectares(m2), 4),
                    pick("面积（亩）", "Area (mu)"): np.round(to_mu(m2), 2)})
    return pd.DataFrame(columns)


def write_line_totals(path, result):
    """:func:`line_totals_table` as CSV in UTF-8 with a BOM, so that Excel reads the Chinese."""
    line_totals_table(result).to_csv(path, index=False, encoding="utf-8-sig")
    return path
