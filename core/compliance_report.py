"""The project pre-review report (项目空间预审表) and the tables every output of it shares.

:func:`core.compliance.check_projects` returns machine tables (status codes, fractions, m²).
This module turns them into what people read, once, so that the Excel workbook, the HTML page
and the attribute tables of the output layers show the same figures and wording:

* :func:`project_rows`, :func:`verdict_rows`, :func:`overlap_rows`, :func:`relation_rows`:
  display tables with bilingual labels and areas in m², 公顷 and 亩;
* :func:`report_sheets` / :func:`write_report`: the workbook 项目汇总 · 规则判定 · 占用明细 ·
  空间关系 (· 审查提示 when there are notes), laid out by :mod:`core.report`;
* :func:`overlap_layer_table` / :func:`project_layer_table`: attribute tables of the overlap
  and project layers, with their field specs.

The 小计 rows of 占用明细 are per project *and layer*: the layers overlap each other (the land
survey covers the whole project, the red line part of it), so a sum over layers would count
the same ground several times; within one layer the classes add up to the project's overlap.
"""
import pandas as pd

from .compliance import (CLEAR, KINDS, NEAR, OVERLAPS, RULE_NAMES, STATUS_NAMES, TOUCHES, ComplianceResult)
from .report import AREA_HA, AREA_M2, AREA_MU, INTEGER, PERCENT, Column, Sheet, write_workbook
from .units import to_hectares, to_mu

KIND_NAMES = dict(zip(KINDS, (
    ("生态保护红线", "ecological red line"), ("永久基本农田", "permanent basic farmland"),
    ("城镇开发边界", "urban development boundary"), ("分区", "zones"), ("规划", "plan"),
    ("国土调查", "land-use survey"), ("双评价", "suitability"), ("其他", "other"))))
RELATION_NAMES = {OVERLAPS: ("占用", "overlaps"), TOUCHES: ("相接", "touches"), NEAR: ("邻近", "near"),
                  CLEAR: ("相离", "clear")}
TOTAL = "合计 Total"
SHEET_NAMES = ("项目汇总 Projects", "规则判定 Verdicts", "占用明细 Overlaps", "空间关系 Relations")
NOTES_SHEET = "审查提示 Notes"
DISTANCE = "#,##0.00"

#: Overlap layer: one feature per project, layer and class (field, type, precision).
OVERLAP_FIELDS = [("XMBH", str, 0), ("XMMC", str, 0), ("TC", str, 0), ("TCLX", str, 0), ("DL", str, 0),
                  ("YSBH", str, 0), ("YSSL", int, 0), ("MJ", float, 2), ("MJGQ", float, 4), ("MJMU", float, 4),
                  ("ZB", float, 6), ("MJFF", str, 0)]
#: Project layer: one feature per project with its overall status.
PROJECT_FIELDS = [("XMBH", str, 0), ("XMMC", str, 0), ("MJ", float, 2), ("MJGQ", float, 4), ("MJMU", float, 4),
                  ("ZT", str, 0), ("ZTDM", str, 0), ("YY", str, 0), ("YYEN", str, 0), ("MJFF", str, 0)]


def _bilingual(names, key, prefix=""):
    """'中文 English' for ``key`` from a {key: (zh, en)} table; unknown keys as they are."""
    pair = names.get(key)
    return f"{prefix}{pair[0]} {pair[1]}" if pair else key


def status_label(status):
    """'不通过 fail' for 'fail' (unknown codes as they are)."""
    return _bilingual(STATUS_NAMES, status)


def kind_label(kind):
    return _bilingual(KIND_NAMES, kind)


def relation_label(relation):
    return _bilingual(RELATION_NAMES, relation)


def rule_label(rule):
    return _bilingual(RULE_NAMES, rule, prefix=f"{rule} ")


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


def project_rows(result: ComplianceResult):
    """Per project: id, name, areas, status (code and label) and reasons."""
    columns = ["project_id", "project_name", "area_m2", "area_ha", "area_mu", "status", "status_label",
               "reason_zh", "reason_en"]
    frame = result.projects
    if not len(frame):
        return pd.DataFrame(columns=columns)
    rows = _with_areas(frame.assign(project_id=[_key(v) for v in frame["project_id"]],
                                    project_name=[_text(v) for v in frame["project_name"]]))
    rows["status_label"] = [status_label(s) for s in rows["status"]]
    return rows[columns].reset_index(drop=True)


def verdict_rows(result: ComplianceResult):
    """Per project and rule: the rule, its status and why."""
    columns = ["project_id", "project_name", "rule", "rule_label", "status", "status_label", "reason_zh",
               "reason_en", "layers"]
    frame = result.verdicts
    if not len(frame):
        return pd.DataFrame(columns=columns)
    names = _names_by_id(result)
    ids = [_key(v) for v in frame["project_id"]]
    rows = frame.assign(project_id=ids, project_name=[names.get(i) for i in ids],
                        rule_label=[rule_label(r) for r in frame["rule"]],
                        status_label=[status_label(s) for s in frame["status"]])
    return rows[columns].reset_index(drop=True)


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
    """Per project and layer: overlaps / touches / near / clear, with the distance."""
    columns = ["project_id", "project_name", "layer", "kind", "kind_label", "relation", "relation_label",
               "distance", "area_m2", "area_ha", "area_mu", "share", "feature_ids"]
    frame = result.relations
    if not len(frame):
        return pd.DataFrame(columns=columns)
    names = _names_by_id(result)
    ids = [_key(v) for v in frame["project_id"]]
    rows = _with_areas(frame.assign(project_id=ids, project_name=[names.get(i) for i in ids],
                                    kind_label=[kind_label(k) for k in frame["kind"]],
                                    relation_label=[relation_label(r) for r in frame["relation"]]),
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


def report_sheets(result: ComplianceResult, note, notes=()):
    """The workbook's sheets; ``note`` is the note line (:func:`core.report.area_note`),
    ``notes`` messages for a last sheet (repaired red lines, swapped TXT columns …)."""
    sheets = [
        Sheet(SHEET_NAMES[0], "建设项目空间预审汇总表 Project pre-review summary",
              [*_id_columns(), *_area_columns(), Column("status_label", "审查结论", "Status", width=14),
               Column("reason_zh", "原因", "Reason (zh)", width=60), Column("reason_en", "Reason", "Reason (en)",
                                                                            width=60)],
              project_rows(result), note=note, total_label=TOTAL),
        Sheet(SHEET_NAMES[1], "规则判定表 Verdict per project and rule",
              [*_id_columns(), Column("rule_label", "规则", "Rule", width=30),
               Column("status_label", "判定", "Status", width=14), Column("reason_zh", "理由", "Reason (zh)", width=70),
               Column("reason_en", "Reason", "Reason (en)", width=70), Column("layers", "图层", "Layers", width=24)],
              verdict_rows(result), note=note),
        Sheet(SHEET_NAMES[2], "占用明细表 Overlaps per project, layer and class",
              [Column("group", "项目与图层", "Project and layer", width=34), *_id_columns(),
               Column("layer", "图层", "Layer", width=24), Column("kind_label", "图层类型", "Layer kind", width=24),
               Column("class", "类别", "Class", width=14), Column("feature_ids", "要素编号", "Feature ids", width=24),
               Column("feature_count", "要素数", "Features", INTEGER, summed=True), *_area_columns(),
               Column("share", "占项目面积比例", "Share of the project", PERCENT, summed=True)],
              overlap_rows(result), note=_joined(note, "小计按项目和图层 Subtotals per project and layer"),
              subtotal_by="group"),
        Sheet(SHEET_NAMES[3], "空间关系表 Relation of each project to each layer",
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
              note=_joined(note, "距离为平面距离 Distances are planar, in the working CRS")),
    ]
    if notes:
        sheets.append(Sheet(NOTES_SHEET, "审查提示 Notes", [Column("note", "提示", "Note", width=120)],
                            pd.DataFrame({"note": [str(n) for n in notes]}), note=note))
    return sheets


def write_report(path, result: ComplianceResult, note, notes=()):
    """Write the pre-review workbook to ``path`` (.xlsx); see :func:`report_sheets`."""
    return write_workbook(path, report_sheets(result, note, notes))


def _joined(*parts):
    return "；".join(part for part in parts if part)


# -- attribute tables of the output layers -----------------------------------------------------

def overlap_layer_table(result: ComplianceResult, method_label):
    """Attributes of the overlap layer (:data:`OVERLAP_FIELDS`), aligned with ``result.overlaps``."""
    rows = overlap_rows(result)
    return pd.DataFrame({
        "XMBH": rows["project_id"], "XMMC": rows["project_name"], "TC": rows["layer"], "TCLX": rows["kind"],
        "DL": rows["class"], "YSBH": rows["feature_ids"], "YSSL": rows["feature_count"], "MJ": rows["area_m2"],
        "MJGQ": rows["area_ha"], "MJMU": rows["area_mu"], "ZB": rows["share"],
        "MJFF": [method_label] * len(rows)}, columns=[name for name, _, _ in OVERLAP_FIELDS])


def project_layer_table(result: ComplianceResult, method_label):
    """Attributes of the project layer (:data:`PROJECT_FIELDS`), aligned with ``result.projects``."""
    rows = project_rows(result)
    return pd.DataFrame({
        "XMBH": rows["project_id"], "XMMC": rows["project_name"], "MJ": rows["area_m2"], "MJGQ": rows["area_ha"],
        "MJMU": rows["area_mu"], "ZT": [STATUS_NAMES[s][0] if s in STATUS_NAMES else s for s in rows["status"]],
        "ZTDM": rows["status"], "YY": rows["reason_zh"], "YYEN": rows["reason_en"],
        "MJFF": [method_label] * len(rows)}, columns=[name for name, _, _ in PROJECT_FIELDS])
