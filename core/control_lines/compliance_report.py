"""The project pre-review report (项目空间预审表) and the tables every output of it shares.

:func:`core.control_lines.compliance.check_projects` returns machine tables (status codes, fractions, m²).
This module turns them into what people read, once, so that the Excel workbook, the HTML page
and the attribute tables of the output layers show the same figures and wording:

* :func:`project_rows`, :func:`verdict_rows`, :func:`overlap_rows`, :func:`relation_rows`:
  display tables with labels and areas in m², 公顷 and 亩;
* :func:`report_sheets` / :func:`write_report`: the workbook 项目汇总 · 规则判定 · 叠加明细 ·
  空间关系 (· 审查提示 when there are notes), laid out by :mod:`core.report`;
* :func:`overlap_layer_table` / :func:`project_layer_table`: attribute tables of the overlap
  and project layers, with their field specs (:data:`OVERLAP_FIELDS`, :func:`project_fields`).

Language. Core gives every sentence in both wordings (``reason_zh`` / ``reason_en``); labels and
reasons here are picked for the report language current when they are built
(:func:`core.report.pick`): Chinese only, English only, or both. The workbook then has one reason
column (both, side by side, when bilingual). The output layers are Chinese unless the report
language is English: ``ZT`` status, ``TCLX`` layer kind, ``YY`` reason and ``MJFF`` area method
are in the report language (Chinese when bilingual), and ``YYEN`` (the English reason) exists only
when bilingual. ``ZTDM`` is the status as a number for filters and styles: 0 通过 pass,
1 需关注 attention, 2 不通过 fail.

Wording of a relation (:func:`relation_label`): a project *occupies* (占用) the red line, basic
farmland, survey or plan land; it *lies within* (位于其内) or *partly within* (部分位于其内) the
urban boundary, a zone or a suitability class.

The 小计 rows of 叠加明细 are per project *and layer*: the layers overlap each other (the land
survey covers the whole project, the red line part of it), so a sum over layers would count
the same ground several times; within one layer the classes add up to the project's overlap.
"""
import pandas as pd

from ..crs import crs_label
from ..report import (AREA_HA, AREA_M2, AREA_MU, BILINGUAL, EN, INTEGER, PERCENT, Column, Sheet, Text, current_language,
                      pick, render, write_workbook)
from .compliance import (CLEAR, ECOLOGICAL, FARMLAND, INSIDE_SHARE, KINDS, NEAR, OVERLAPS, PLAN, RULE_NAMES,
                         STATUS_NAMES, STATUS_RANK, SUITABILITY, SURVEY, TOUCHES, URBAN_BOUNDARY, ZONES,
                         ComplianceResult)
# Attribute texts of the output layers and separators: English only in an English report.
from ..report import single as layer_text, single as punctuation  # noqa: F401 (also used by compliance_page)
from ..units import to_hectares, to_mu
from ..wording import ELLIPSOIDAL as AREA_METHOD  # noqa: F401 (the name this module's users know)

KIND_NAMES = dict(zip(KINDS, (
    ("生态保护红线", "ecological red line"), ("永久基本农田", "permanent basic farmland"),
    ("城镇开发边界", "urban development boundary"), ("分区", "zones"), ("规划", "plan"),
    ("国土调查", "land-use survey"), ("双评价", "suitability"), ("其他", "other"))))
RELATION_NAMES = {OVERLAPS: ("占用", "overlaps"), TOUCHES: ("相接", "touches"), NEAR: ("邻近", "near"),
                  CLEAR: ("相离", "clear")}
#: Kinds a project occupies (占用); the others are places it lies within (位于).
OCCUPIED_KINDS = (ECOLOGICAL, FARMLAND, SURVEY, PLAN)
WITHIN_KINDS = (URBAN_BOUNDARY, ZONES, SUITABILITY)
INSIDE_NAMES, PARTLY_INSIDE_NAMES = ("位于其内", "lies within"), ("部分位于其内", "partly within")
INTERSECTS_NAMES = ("相交", "intersects")
TOTAL = Text("合计", "Total")
SHEET_NAMES = (Text("项目汇总", "Projects"), Text("规则判定", "Verdicts"), Text("叠加明细", "Overlaps"),
               Text("空间关系", "Relations"))
NOTES_SHEET = Text("审查提示", "Notes")
DISTANCE = "#,##0.00"

#: Overlap layer: one feature per project, layer and class (field, type, decimals or width).
OVERLAP_FIELDS = [("XMBH", str, 0), ("XMMC", str, 0), ("TC", str, 0), ("TCLX", str, 0), ("DL", str, 0),
                  ("YSBH", str, 0), ("YSSL", int, 0), ("MJ", float, 2), ("MJGQ", float, 4), ("MJMU", float, 2),
                  ("ZB", float, 6), ("MJFF", str, 0)]
#: Project layer: one feature per project with its overall status (``YYEN`` only when bilingual,
#: see :func:`project_fields`).
PROJECT_FIELDS = [("XMBH", str, 0), ("XMMC", str, 0), ("MJ", float, 2), ("MJGQ", float, 4), ("MJMU", float, 2),
                  ("ZT", str, 0), ("ZTDM", int, 0), ("YY", str, 0), ("YYEN", str, 0), ("MJFF", str, 0)]


def project_fields():
    """:data:`PROJECT_FIELDS` for the current report language: ``YYEN`` only when bilingual."""
    return [spec for spec in PROJECT_FIELDS if spec[0] != "YYEN" or current_language() == BILINGUAL]


def _picked(names, key):
    """``names[key]`` (a (zh, en) pair) in the report language; unknown keys as they are."""
    pair = names.get(key)
    return pick(*pair) if pair else key


def status_label(status):
    """'不通过' / 'fail' / '不通过 fail' for 'fail' (unknown codes as they are)."""
    return _picked(STATUS_NAMES, status)


def kind_label(kind):
    return _picked(KIND_NAMES, kind)


def relation_label(relation, kind=None, share=None):
    """How a project relates to a layer, worded for the layer's kind: a restrictive line or land
    class is occupied (占用), the urban boundary, a zone or a suitability class is where the project
    lies (位于其内, or 部分位于其内 when part of it is outside)."""
    if relation == OVERLAPS and kind in WITHIN_KINDS:
        inside = share is not None and not pd.isna(share) and share >= INSIDE_SHARE
        return pick(*(INSIDE_NAMES if inside else PARTLY_INSIDE_NAMES))
    if relation == OVERLAPS and kind is not None and kind not in OCCUPIED_KINDS:
        return pick(*INTERSECTS_NAMES)
    return _picked(RELATION_NAMES, relation)


def rule_label(rule):
    """'生态保护红线' (zh; Chinese reports name rules, not ids), 'HX Ecological protection red line'
    (en), 'HX 生态保护红线 Ecological protection red line' (bilingual)."""
    pair = RULE_NAMES.get(rule)
    if not pair:
        return rule
    language = current_language()
    if language == EN:
        return f"{rule} {pair[1]}"
    if language == BILINGUAL:
        return f"{rule} {pair[0]} {pair[1]}"
    return pair[0]


def status_code(status):
    """The status as the number ``ZTDM`` holds: 0 pass, 1 attention, 2 fail."""
    return STATUS_RANK.get(status)


def layer_title(kind, name):
    """How reports name a review layer: its kind and the user's layer name, e.g.
    生态保护红线（STBHHX）, or 'ecological red line (STBHHX)' in English reports."""
    zh, en = KIND_NAMES.get(kind, (kind, kind))
    return f"{en} ({name})" if current_language() == EN else f"{zh}（{name}）"


def crs_text(crs):
    """A CRS as a report names it, in the report language (core.crs.crs_label)."""
    return str(crs_label(crs))


# -- display tables ---------------------------------------------------------------------------

def _names_by_id(result):
    """Project name per id (the first one when ids repeat; core warns about that)."""
    names = {}
    for pid, name in zip(result.projects["project_id"], result.projects["project_name"]):
        names.setdefault(_key(pid), _text(name))
    return names


def _key(value):
    return str(value)


def _text(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    return str(value)


def _with_areas(frame, column="area_m2"):
    m2 = pd.to_numeric(frame[column], errors="coerce").astype(float)
    return frame.assign(area_m2=m2, area_ha=to_hectares(m2), area_mu=to_mu(m2))


def _reasons(frame):
    """The reason in the report language, beside both wordings."""
    return [pick(zh, en) for zh, en in zip(frame["reason_zh"], frame["reason_en"])]


def project_rows(result: ComplianceResult):
    """Per project: id, name, areas, status (code and label) and reasons."""
    columns = ["project_id", "project_name", "area_m2", "area_ha", "area_mu", "status", "status_label",
               "reason", "reason_zh", "reason_en"]
    frame = result.projects
    if not len(frame):
        return pd.DataFrame(columns=columns)
    rows = _with_areas(frame.assign(project_id=[_key(v) for v in frame["project_id"]],
                                    project_name=[_text(v) for v in frame["project_name"]]))
    rows["status_label"] = [status_label(s) for s in rows["status"]]
    rows["reason"] = _reasons(rows)
    return rows[columns].reset_index(drop=True)


def verdict_rows(result: ComplianceResult):
    """Per project and rule: the rule, its status and why."""
    columns = ["project_id", "project_name", "rule", "rule_label", "status", "status_label", "reason",
               "reason_zh", "reason_en", "layers"]
    frame = result.verdicts
    if not len(frame):
        return pd.DataFrame(columns=columns)
    names = _names_by_id(result)
    ids = [_key(v) for v in frame["project_id"]]
    rows = frame.assign(project_id=ids, project_name=[names.get(i) for i in ids],
                        rule_label=[rule_label(r) for r in frame["rule"]],
                        status_label=[status_label(s) for s in frame["status"]], reason=_reasons(frame),
                        layers=[_layers_text(v) for v in frame["layers"]])
    return rows[columns].reset_index(drop=True)


def _layers_text(value):
    return punctuation("、", ", ").join(value.split(",")) if isinstance(value, str) and value else value


def overlap_rows(result: ComplianceResult):
    """Per project, layer and class: areas, share of the project and the features concerned."""
    columns = ["group", "project_id", "project_name", "layer", "kind", "kind_label", "class", "feature_ids",
               "feature_count", "area_m2", "area_ha", "area_mu", "share"]
    frame = result.overlaps
    if not len(frame):
        return pd.DataFrame(columns=columns)
    names = _names_by_id(result)
    ids = [_key(v) for v in frame["project_id"]]
    rows = _with_areas(frame.assign(project_id=ids, project_name=[names.get(i) for i in ids],
                                    kind_label=[kind_label(k) for k in frame["kind"]],
                                    **{"class": [_text(v) for v in frame["class"]]}))
    # The 小计 key: one group per project and layer (see the module docstring).
    rows["group"] = [f"{pid} {layer}" for pid, layer in zip(rows["project_id"], rows["layer"])]
    return rows[columns].reset_index(drop=True)


def relation_rows(result: ComplianceResult):
    """Per project and layer: overlaps / touches / near / clear (worded for the layer's kind, see
    :func:`relation_label`), with the distance."""
    columns = ["project_id", "project_name", "layer", "kind", "kind_label", "relation", "relation_label",
               "distance", "area_m2", "area_ha", "area_mu", "share", "feature_ids"]
    frame = result.relations
    if not len(frame):
        return pd.DataFrame(columns=columns)
    names = _names_by_id(result)
    ids = [_key(v) for v in frame["project_id"]]
    labels = [relation_label(r, k, s) for r, k, s in zip(frame["relation"], frame["kind"], frame["share"])]
    rows = _with_areas(frame.assign(project_id=ids, project_name=[names.get(i) for i in ids],
                                    kind_label=[kind_label(k) for k in frame["kind"]], relation_label=labels),
                       column="overlap_m2")
    rows["distance"] = pd.to_numeric(rows["distance"], errors="coerce")
    return rows[columns].reset_index(drop=True)


# -- the workbook -----------------------------------------------------------------------------

def _area_columns(summed=True):
    return [Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=summed),
            Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=summed),
            Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=summed)]


def _id_columns():
    return [Column("project_id", "项目编号", "Project id", width=16),
            Column("project_name", "项目名称", "Project name", width=30)]


def _reason_columns(zh, en, width):
    """One reason column in the report language; the two wordings side by side when bilingual."""
    if current_language() == BILINGUAL:
        return [Column("reason_zh", zh, f"{en} (zh)", width=width),
                Column("reason_en", f"{zh}（英文）", f"{en} (en)", width=width)]
    return [Column("reason", zh, en, width=width)]


def report_sheets(result: ComplianceResult, note, notes=()):
    """The workbook's sheets, in the report language; ``note`` is the note line
    (:func:`core.report.area_note`), ``notes`` messages for a last sheet (repaired red lines,
    swapped TXT columns …)."""
    sheets = [
        Sheet(str(SHEET_NAMES[0]), Text("建设项目空间预审汇总表", "Project pre-review summary"),
              [*_id_columns(), *_area_columns(), Column("status_label", "审查结论", "Status", width=14),
               *_reason_columns("原因", "Reason", 60)],
              project_rows(result), note=note, total_label=TOTAL),
        Sheet(str(SHEET_NAMES[1]), Text("规则判定表", "Verdict per project and rule"),
              [*_id_columns(), Column("rule_label", "规则", "Rule", width=30),
               Column("status_label", "判定", "Status", width=14), *_reason_columns("理由", "Reason", 70),
               Column("layers", "图层", "Layers", width=24)],
              verdict_rows(result), note=note),
        Sheet(str(SHEET_NAMES[2]), Text("叠加明细表（各项目与各图层、各类别的重叠）",
                                        "Overlaps per project, layer and class"),
              [Column("group", "项目与图层", "Project and layer", width=34), *_id_columns(),
               Column("layer", "图层", "Layer", width=24), Column("kind_label", "图层类型", "Layer kind", width=24),
               Column("class", "类别", "Class", width=14), Column("feature_ids", "要素编号", "Feature ids", width=24),
               Column("feature_count", "要素数", "Features", INTEGER, summed=True), *_area_columns(),
               Column("share", "占项目面积比例", "Share of the project", PERCENT, summed=True)],
              overlap_rows(result), note=_joined(note, Text("小计按项目和图层", "Subtotals per project and layer")),
              subtotal_by="group"),
        Sheet(str(SHEET_NAMES[3]), Text("空间关系表", "Relation of each project to each layer"),
              [*_id_columns(), Column("layer", "图层", "Layer", width=24),
               Column("kind_label", "图层类型", "Layer kind", width=24),
               Column("relation_label", "空间关系", "Relation", width=14),
               Column("distance", "最近距离（米）", "Nearest distance (m)", DISTANCE),
               Column("area_m2", "重叠面积（平方米）", "Overlap (m²)", AREA_M2),
               Column("area_ha", "重叠面积（公顷）", "Overlap (ha)", AREA_HA),
               Column("area_mu", "重叠面积（亩）", "Overlap (mu)", AREA_MU),
               Column("share", "占项目面积比例", "Share of the project", PERCENT),
               Column("feature_ids", "要素编号", "Feature ids", width=24)],
              relation_rows(result),
              note=_joined(note, Text("距离为工作坐标系中的平面距离", "Distances are planar, in the working CRS"))),
    ]
    if notes:
        sheets.append(Sheet(str(NOTES_SHEET), NOTES_SHEET, [Column("note", "提示", "Note", width=120)],
                            pd.DataFrame({"note": [str(render(n)) for n in notes]}), note=note))
    return sheets


def write_report(path, result: ComplianceResult, note, notes=()):
    """Write the pre-review workbook to ``path`` (.xlsx); see :func:`report_sheets`."""
    return write_workbook(path, report_sheets(result, note, notes))


def _joined(*parts):
    return punctuation("；", "; ").join(str(render(part)) for part in parts if part)


# -- attribute tables of the output layers -----------------------------------------------------

def _method_text(method_label):
    label = AREA_METHOD if method_label is None else method_label
    return layer_text(label) if isinstance(label, Text) else str(label)


def overlap_layer_table(result: ComplianceResult, method_label=None):
    """Attributes of the overlap layer (:data:`OVERLAP_FIELDS`), aligned with ``result.overlaps``;
    texts as :func:`layer_text` says (``method_label`` default :data:`AREA_METHOD`)."""
    rows = overlap_rows(result)
    kinds = [layer_text(*KIND_NAMES[k]) if k in KIND_NAMES else k for k in rows["kind"]]
    return pd.DataFrame({
        "XMBH": rows["project_id"], "XMMC": rows["project_name"], "TC": rows["layer"], "TCLX": kinds,
        "DL": rows["class"], "YSBH": rows["feature_ids"], "YSSL": rows["feature_count"], "MJ": rows["area_m2"],
        "MJGQ": rows["area_ha"], "MJMU": rows["area_mu"], "ZB": rows["share"],
        "MJFF": [_method_text(method_label)] * len(rows)}, columns=[name for name, _, _ in OVERLAP_FIELDS])


def project_layer_table(result: ComplianceResult, method_label=None):
    """Attributes of the project layer (:func:`project_fields`), aligned with ``result.projects``:
    ``ZT`` and ``YY`` in the layer language (:func:`layer_text`), ``YYEN`` when bilingual,
    ``ZTDM`` 0 pass, 1 attention, 2 fail."""
    rows = project_rows(result)
    english = current_language() == EN
    return pd.DataFrame({
        "XMBH": rows["project_id"], "XMMC": rows["project_name"], "MJ": rows["area_m2"], "MJGQ": rows["area_ha"],
        "MJMU": rows["area_mu"],
        "ZT": [layer_text(*STATUS_NAMES[s]) if s in STATUS_NAMES else s for s in rows["status"]],
        "ZTDM": [status_code(s) for s in rows["status"]],
        "YY": rows["reason_en"] if english else rows["reason_zh"], "YYEN": rows["reason_en"],
        "MJFF": [_method_text(method_label)] * len(rows)}, columns=[name for name, _, _ in project_fields()])
