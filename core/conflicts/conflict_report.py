"""The conflict ledger workbook (多规差异图斑冲突台账): what the difference patches are, where,
and how far their review has come, laid out by :mod:`core.report`.

The input is the patch layer's attribute table (field names of :mod:`core.conflicts.detection`), either as
:func:`core.conflicts.detection.layer_table` makes it or as read back after people reviewed the patches,
so every text field may be None or NaN and the decision fields may be empty. Areas are the
layer's own AREA_M2 / AREA_HA / AREA_MU, so that the ledger matches the attribute table people
look at (公顷 and 亩 are derived from AREA_M2 only where missing).

Every title, note, label and sentence has both wordings (:class:`core.report.Text`), written in
the report language current when the sheets are built: titles, notes and sheet names as
:func:`core.report.pick` gives them (both when bilingual), cell values in
:func:`core.conflicts.detection.layer_language` (Chinese unless the report is English), like the layer's
own text fields.
"""
import numpy as np
import pandas as pd

from ..report import AREA_HA, AREA_M2, AREA_MU, INTEGER, PERCENT, Column, Sheet, Text, pick, write_workbook
from ..units import to_hectares, to_mu
from . import detection as cf

TOTAL = Text("合计", "Total")
UNASSIGNED = Text("（未落入行政区）", "(outside every admin unit)")
NO_STATUS = Text("（未填写）", "(not filled in)")
NO_SUGGESTION = Text("（无）", "(none)")
NO_TYPE = Text("（未分类）", "(no type)")
BASIS_DECISION, BASIS_SUGGESTION = Text("处理决定", "decision"), Text("建议处理", "suggestion")
CONFLICT, AGREEMENT = Text("冲突", "Conflict"), Text("非冲突", "Agreement")
YES = Text("是", "yes")
STATUS_ORDER = (cf.STATUS_PENDING, cf.STATUS_REVIEWED, cf.STATUS_DEFERRED)
#: How an English ledger shows the review statuses (the layer keeps the Chinese values, which
#: the review dock reads).
STATUS_NAMES = {cf.STATUS_PENDING: "not reviewed", cf.STATUS_REVIEWED: "reviewed", cf.STATUS_DEFERRED: "deferred"}
#: Control-line flags in the order the 2019 guidance ranks the lines.
CONTROL_LINES = ((cf.IN_ECOLOGICAL, Text("生态保护红线", "ecological red line")),
                 (cf.IN_FARMLAND, Text("永久基本农田", "permanent basic farmland")),
                 (cf.IN_URBAN_BOUNDARY, Text("城镇开发边界", "urban development boundary")))
COORDINATE = "0.000"


def _value(text):
    """A cell value in the layers' language (see :func:`core.conflicts.detection.layer_language`)."""
    return cf.layer_text(text)


def sliver_note(min_area, min_width):
    """The detection settings for the note line: minimum patch area and width, slivers apart."""
    return Text("最小图斑面积 {:.2f} 平方米，最小宽度 {:g} 米；碎片图斑另计".format(min_area, min_width),
                "minimum patch area {:.2f} m², minimum width {:g} m; slivers counted apart".format(
                    min_area, min_width))


def write_ledger(path, patches, plan_names, note, summary=None):
    """Write the conflict ledger workbook to ``path`` (.xlsx); see :func:`ledger_sheets`."""
    return write_workbook(path, ledger_sheets(patches, plan_names, note, summary))


def ledger_sheets(patches, plan_names, note, summary=None):
    """The four sheets of the conflict ledger: summary, by admin unit, ledger, review progress.

    ``patches``: the patch layer's table; ``plan_names``: plan labels in GH1, GH2 … order;
    ``note``: the note line (see :func:`core.report.area_note`); ``summary``: optionally
    ``ConflictResult.summary``, which alone knows the agreement categories and the slivers.
    """
    plan_count = cf.plan_count_of(list(patches.columns)) or len(plan_names)
    frame = _prepared(_complete(patches, plan_count), plan_names)
    return [_summary_sheet(frame, note, summary), _admin_sheet(frame, note),
            _ledger_sheet(frame, _plan_labels(plan_names, frame, plan_count), note), _progress_sheet(frame, note)]


# -- preparing the table -----------------------------------------------------------------------

def _complete(patches, plan_count):
    """Every field of the patch layer present (None where missing), so that an empty frame, or
    one read from a layer whose review fields were dropped, gives the same sheets."""
    frame = patches.copy()
    for name, _, _ in cf.field_spec(plan_count):
        if name not in frame:
            frame[name] = None
    return frame.reset_index(drop=True)


def _prepared(patches, plan_names):
    """Patches plus the derived columns every sheet groups by: numeric areas, readable type
    name, admin unit label, review status and the decision (or, lacking one, the suggestion)."""
    codes = [_text(value) or "" for value in patches[cf.ADMIN_CODE]]
    names = [_text(value) for value in patches[cf.ADMIN_NAME]]
    decided = [_text(value) for value in patches[cf.DECISION_NAME]]
    suggested = [_text(value) for value in patches[cf.SUGGESTION_NAME]]
    return _with_areas(patches).assign(
        type_code=[_text(value) or "" for value in patches[cf.TYPE]],
        type_label=[_type_label(code, name, plan_names) for code, name in zip(patches[cf.TYPE], patches[cf.TYPE_NAME])],
        admin_code=codes, admin_label=_unit_labels(codes, names),
        status=[_status_label(value) for value in patches[cf.STATUS]],
        outcome=[d or s or _value(NO_SUGGESTION) for d, s in zip(decided, suggested)],
        basis=[_value(BASIS_DECISION) if d else _value(BASIS_SUGGESTION) if s else None
               for d, s in zip(decided, suggested)])


def _status_label(value):
    """A review status as the ledger shows it: the stored value (English names in an English
    ledger for the three statuses the plugin writes), 未填写 when empty."""
    status = _text(value)
    if not status:
        return _value(NO_STATUS)
    if cf.layer_language() == "en":
        return STATUS_NAMES.get(status, status)
    return status


def _with_areas(frame):
    """area_m2 / area_ha / area_mu as floats: the layer's values, derived from m² where missing."""
    m2 = pd.to_numeric(frame[cf.AREA_M2], errors="coerce").astype(float)
    ha = pd.to_numeric(frame[cf.AREA_HA], errors="coerce").astype(float).fillna(to_hectares(m2))
    mu = pd.to_numeric(frame[cf.AREA_MU], errors="coerce").astype(float).fillna(to_mu(m2))
    return frame.assign(area_m2=m2, area_ha=ha, area_mu=mu)


def _text(value):
    """A text field as str, or None for None, NaN, pd.NA and blank strings (read-back layers)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return None
    text = str(value).strip()
    return text or None


def _flag(value):
    """A 0/1 field as bool; None, NaN and text that is not a number count as 0."""
    try:
        number = float(value)
    except (TypeError, ValueError):
        return False
    return number == number and number != 0  # NaN != NaN


def _type_label(code, stored_name, plan_names):
    """The stored CYLXMC, else the name :mod:`core.conflicts.detection` would give, else the code."""
    name = _text(stored_name)
    if name:
        return name
    code = _text(code)
    if not code:
        return _value(NO_TYPE)
    try:
        return cf.type_name(code, plan_names, cf.layer_language())
    except KeyError:
        return code


def _type_order(code):
    """Conflicts in CONFLICT_ORDER (JS_ codes sorted), unknown codes after them, agreements last."""
    code = code or ""
    base = cf.JS if code.startswith(cf.JS + "_") else code
    if code in cf.AGREEMENT:
        return 1, cf.AGREEMENT.index(code), code
    rank = cf.CONFLICT_ORDER.index(base) if base in cf.CONFLICT_ORDER else len(cf.CONFLICT_ORDER)
    return 0, rank, code


def _unit_labels(codes, names):
    """Admin unit labels for grouping: the name (code if nameless, UNASSIGNED if neither).

    The 小计 row is labelled with this value, so two units sharing a name get their code added
    rather than being merged.
    """
    unassigned = _value(UNASSIGNED)
    labels = [name or code or unassigned for code, name in zip(codes, names)]
    codes_of = {}
    for code, label in zip(codes, labels):
        codes_of.setdefault(label, set()).add(code)
    return [f"{label}（{code}）" if code and len(codes_of[label]) > 1 else label for code, label in zip(codes, labels)]


def _plan_labels(plan_names, frame, plan_count):
    """Header label of each plan: the given name, else the layer's GH{k} value, else 规划{k}."""
    labels = []
    for k in range(1, plan_count + 1):
        stored = next((_text(v) for v in frame[f"GH{k}"] if _text(v)), None) if f"GH{k}" in frame else None
        labels.append(plan_names[k - 1] if k <= len(plan_names) else stored or _value(Text("规划{}", "plan {}")
                                                                                       .format(k)))
    return labels


def _area_columns(summed=True):
    """The three area columns every sheet shows, as quality_check.report_sheets does."""
    return [Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=summed),
            Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=summed),
            Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=summed)]


def _count_column(key="count", zh="图斑数", en="Patches"):
    return Column(key, zh, en, INTEGER, summed=True)


def _share(area, total):
    """Share of ``total``; None (an empty cell) when there is nothing to share."""
    return area / total if total > 0 else None


def _joined(*parts, separator=" "):
    present = [part for part in (_text(p) for p in parts) if part]
    return separator.join(present) or None


# -- 1. summary ----------------------------------------------------------------------------------

def _summary_sheet(frame, note, summary):
    """Per category. With ``summary``, the categories partition the union of all plans: the
    area columns hold the ledger's patches (and the agreement areas), the sliver columns the
    rest of each conflict, and the share is of patch + sliver area, so the shares add up to 1."""
    columns = [Column("type", "类型代码", "Type"), Column("name", "差异类型", "Difference type", width=30),
               Column("kind", "类别", "Kind"), _count_column(), *_area_columns()]
    if summary is None:
        rows = _summary_from_patches(frame)
        columns.append(Column("share", "占差异图斑面积比例", "Share of patch area", PERCENT, summed=True))
        extra = pick("仅统计台账中的差异图斑（不含规划一致区域与碎片图斑）",
                     "patches of the ledger only (no agreement, no slivers)")
    else:
        rows = _summary_from_result(summary)
        columns += [Column("sliver_count", "碎片图斑数", "Slivers", INTEGER, summed=True),
                    Column("sliver_area_mu", "碎片面积（亩）", "Sliver area (mu)", AREA_MU, summed=True),
                    Column("share", "占总面积比例（含碎片）", "Share of total (incl. slivers)", PERCENT, summed=True)]
        extra = pick("各类型面积与碎片面积之和 = 各规划并集面积；碎片图斑为低于最小面积或宽度的冲突部分，不列入台账",
                     "category areas plus sliver areas = union of the plans; slivers are the rest of the conflicts, "
                     "not listed in the ledger")
    return Sheet(pick("汇总", "Summary"), Text("多规差异图斑汇总表", "Difference patches by type"), columns, rows,
                 note=_joined(note, extra, separator=pick("；", "; ")), total_label=TOTAL)


def _summary_from_patches(frame):
    columns = ["type", "name", "kind", "count", "area_m2", "area_ha", "area_mu", "share"]
    if not len(frame):
        return pd.DataFrame(columns=columns)
    rows = frame.groupby("type_code", sort=False).agg(
        name=("type_label", "first"), count=("type_label", "size"),
        area_m2=("area_m2", "sum"), area_ha=("area_ha", "sum"), area_mu=("area_mu", "sum")).reset_index()
    rows = rows.rename(columns={"type_code": "type"})
    rows["kind"] = [_kind(code) for code in rows["type"]]
    rows["share"] = [_share(area, rows["area_m2"].sum()) for area in rows["area_m2"]]
    return _in_type_order(rows)[columns]


def _summary_from_result(summary):
    columns = ["type", "name", "kind", "count", "area_m2", "area_ha", "area_mu", "sliver_count", "sliver_area_mu",
               "share"]
    if not len(summary):
        return pd.DataFrame(columns=columns)
    area = summary["area_m2"].astype(float)
    sliver = summary["sliver_area_m2"].astype(float).fillna(0.0)
    total = float(area.sum() + sliver.sum())
    conflict = [cf.is_conflict(code) for code in summary["type"]]
    names = summary["name_en" if cf.layer_language() == "en" else "name_zh"]
    rows = pd.DataFrame({
        "type": summary["type"].to_numpy(), "name": names.to_numpy(),
        "kind": [_kind(code) for code in summary["type"]],
        # Agreement ground is not cut into patches: a count of 0 there would read as "nothing".
        "count": [int(n) if c else None for n, c in zip(summary["count"], conflict)],
        "area_m2": area.to_numpy(), "area_ha": to_hectares(area).to_numpy(), "area_mu": to_mu(area).to_numpy(),
        "sliver_count": [int(n) if c else None for n, c in zip(summary["sliver_count"], conflict)],
        "sliver_area_mu": [to_mu(s) if c else None for s, c in zip(sliver, conflict)],
        "share": [_share(a + s, total) for a, s in zip(area, sliver)]})
    return _in_type_order(rows)[columns]


def _kind(code):
    return str(CONFLICT if cf.is_conflict(code) else AGREEMENT)


def _in_type_order(rows):
    order = sorted(range(len(rows)), key=lambda i: _type_order(rows["type"].iloc[i]))
    return rows.iloc[order].reset_index(drop=True)


# -- 2. by admin unit -----------------------------------------------------------------------------

def _admin_sheet(frame, note):
    """Per admin unit and type, with a 小计 per unit (grouped by unit label, see _unit_labels)."""
    columns = [Column(cf.ADMIN_CODE, "行政区代码", "Admin code"), Column(cf.ADMIN_NAME, "乡镇", "Township"),
               Column("type", "差异类型", "Difference type", width=30), _count_column(), *_area_columns()]
    return Sheet(pick("分乡镇", "By admin unit"), Text("差异图斑分乡镇统计表", "Difference patches by admin unit"),
                 columns, _admin_rows(frame), note=note, total_label=TOTAL, subtotal_by=cf.ADMIN_NAME)


def _admin_rows(frame):
    columns = [cf.ADMIN_CODE, cf.ADMIN_NAME, "type", "count", "area_m2", "area_ha", "area_mu"]
    if not len(frame):
        return pd.DataFrame(columns=columns)
    rows = frame.groupby(["admin_code", "admin_label", "type_code"], sort=False).agg(
        type=("type_label", "first"), count=("type_label", "size"),
        area_m2=("area_m2", "sum"), area_ha=("area_ha", "sum"), area_mu=("area_mu", "sum")).reset_index()
    # Units by code, patches outside every unit last; types in the summary's order.
    keys = [(code == "", code, label, _type_order(kind)) for code, label, kind
            in zip(rows["admin_code"], rows["admin_label"], rows["type_code"])]
    rows = rows.iloc[sorted(range(len(rows)), key=keys.__getitem__)].reset_index(drop=True)
    rows[cf.ADMIN_CODE] = [code or None for code in rows["admin_code"]]
    rows[cf.ADMIN_NAME] = rows["admin_label"]
    return rows[columns]


# -- 3. the ledger --------------------------------------------------------------------------------

def _ledger_sheet(frame, plan_labels, note):
    """One row per patch, sorted by id: where, what each plan says, which lines, what to do."""
    plan_columns = []
    for k, label in enumerate(plan_labels, start=1):
        plan_columns += [Column(f"GH{k}DM", f"{label}代码", f"{label} code"),
                         Column(f"GH{k}MC", f"{label}地类", f"{label} class", width=20),
                         Column(f"plan{k}_ydyh", f"{label}用地用海", f"{label} land use (YDYH)", width=26)]
    columns = [Column(cf.PATCH_ID, "差异图斑编号", "Patch id", width=16), Column(cf.ADMIN_NAME, "乡镇", "Township"),
               Column(cf.TYPE_NAME, "差异类型", "Difference type", width=26), *plan_columns,
               Column("control_lines", "涉及管控线", "Control lines", width=30),
               Column("approved", "已批项目", "Approved project"), *_area_columns(),
               Column(cf.SUGGESTION_NAME, "建议处理", "Suggestion", width=20),
               Column(cf.RULE, "处理规则", "Rule", width=30), Column(cf.SUGGESTION_REASON, "建议理由", "Reason", width=40),
               Column(cf.DECISION_NAME, "处理决定", "Decision", width=20),
               Column(cf.DECISION_REASON, "处理理由", "Decision reason", width=40),
               Column(cf.STATUS, "审查状态", "Review status"), Column(cf.REVIEWER, "审查人", "Reviewer"),
               Column(cf.REVIEW_TIME, "审查时间", "Review time", width=18),
               Column(cf.X, "X 坐标", "X", COORDINATE), Column(cf.Y, "Y 坐标", "Y", COORDINATE)]
    return Sheet(pick("冲突台账", "Ledger"), Text("多规差异图斑冲突台账", "Conflict ledger"), columns,
                 _ledger_rows(frame, len(plan_labels), columns), note=note, total_label=TOTAL)


def _ledger_rows(frame, plan_count, columns):
    keys = [column.key for column in columns]
    if not len(frame):
        return pd.DataFrame(columns=keys)
    rows = frame.assign(sort_id=[_text(v) or "" for v in frame[cf.PATCH_ID]])
    rows = rows.sort_values("sort_id", kind="stable").reset_index(drop=True)
    unassigned = _value(UNASSIGNED)
    rows[cf.ADMIN_NAME] = [unassigned if label == unassigned else _text(name) or label
                           for name, label in zip(rows[cf.ADMIN_NAME], rows["admin_label"])]
    rows[cf.TYPE_NAME] = rows["type_label"]
    for k in range(1, plan_count + 1):
        rows[f"plan{k}_ydyh"] = [_joined(code, name) for code, name in zip(rows[f"GH{k}YDYH"], rows[f"GH{k}YDMC"])]
    rows["control_lines"] = _control_lines(rows)
    rows["approved"] = [_value(YES) if _flag(value) else None for value in rows[cf.IN_APPROVED]]
    if cf.layer_language() == "en":
        rows[cf.STATUS] = [STATUS_NAMES.get(_text(value), value) for value in rows[cf.STATUS]]
    for column in columns:  # NaN, pd.NA and blanks in text fields → empty cells
        if not column.number_format:
            rows[column.key] = rows[column.key].map(_text)
    return rows[keys]


def _control_lines(rows):
    """Per row, "生态保护红线、永久基本农田" from the 0/1 flags; None where the patch touches no line."""
    separator = ", " if cf.layer_language() == "en" else "、"
    lines = [(rows[field].map(_flag).to_numpy(dtype=bool) if field in rows else np.zeros(len(rows), dtype=bool),
              _value(name)) for field, name in CONTROL_LINES]
    return [separator.join(name for flags, name in lines if flags[row]) or None for row in range(len(rows))]


# -- 4. review progress --------------------------------------------------------------------------

def _progress_sheet(frame, note):
    """Per review status, the decisions taken (or suggestions standing), with a 小计 per status:
    each patch counts once, so the 合计 is the whole ledger."""
    columns = [Column("status", "审查状态", "Review status"), Column("outcome", "处理决定/建议处理", "Decision / suggestion",
                                                                     width=24),
               Column("basis", "依据", "Basis"), _count_column(), *_area_columns(),
               Column("share", "面积占比", "Share of area", PERCENT, summed=True)]
    return Sheet(pick("处理进度", "Review progress"), Text("差异图斑处理进度表", "Review progress"), columns,
                 _progress_rows(frame),
                 note=_joined(note, pick("无处理决定时按建议处理统计", "the suggestion counts where no decision was taken"),
                              separator=pick("；", "; ")),
                 total_label=TOTAL, subtotal_by="status")


def _progress_rows(frame):
    columns = ["status", "outcome", "basis", "count", "area_m2", "area_ha", "area_mu", "share"]
    if not len(frame):
        return pd.DataFrame(columns=columns)
    rows = frame.assign(basis=frame["basis"].fillna("")).groupby(["status", "basis", "outcome"], sort=False).agg(
        count=("outcome", "size"), area_m2=("area_m2", "sum"), area_ha=("area_ha", "sum"),
        area_mu=("area_mu", "sum")).reset_index()
    rows["share"] = [_share(area, frame["area_m2"].sum()) for area in rows["area_m2"]]
    basis_order = {_value(BASIS_DECISION): 0, _value(BASIS_SUGGESTION): 1, "": 2}
    keys = [(_status_rank(status), status, basis_order[basis], outcome)
            for status, basis, outcome in zip(rows["status"], rows["basis"], rows["outcome"])]
    rows = rows.iloc[sorted(range(len(rows)), key=keys.__getitem__)].reset_index(drop=True)
    rows["basis"] = [basis or None for basis in rows["basis"]]
    return rows[columns]


def _status_rank(status):
    order = [_status_label(value) for value in STATUS_ORDER]
    return order.index(status) if status in order else len(order)
