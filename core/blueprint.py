"""The coordinated land-use layer (一张蓝图) from the plans and the decided difference patches.

:func:`build_blueprint` overlays the plans and the patches (:mod:`core.overlay`), so the result
covers the union of the plans exactly once, without overlaps or gaps. Outside the patches the
land use is that of the first plan, in priority order, that covers the ground (the *base*).
Inside a patch its decision applies: ``GH{k}`` takes plan k's use, ``DM:{code}`` sets a
用地用海 code, ``DEFER`` (or no decision yet) keeps the base and is counted as pending.
A patch's decision is the reviewed one (``CLJD``) when present, else the suggestion (``JYCL``).
Each feature names the plan feature it comes from by that plan's ``feature_ids`` (the texts the
processing layer chose: BSM, 标识码, OBJECTID or 1-based numbers, never a provider's fid).

Features are rebuilt per source feature and per patch: a base feature untouched by any patch is
written with its own geometry, the rest are unions of their pieces. Every applied patch gets a
row in the change log (before, after, decision, reason, area that changed).
"""
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from . import conflicts as cf
from . import landuse
from .areas import polygon_areas
from .geometry import polygonal
from .overlay import DEFAULT_TOLERANCE, union_overlay
from .progress import report
from .report import Text
from .resolution import decision_label, parse_decision

#: LYGH of ground whose code was set by a decision (in conflicts.layer_language()).
SET_CODE_SOURCE_TEXT = Text("协调调整", "coordinated adjustment")
SET_CODE_SOURCE = SET_CODE_SOURCE_TEXT.zh
DEFER_KEPT = Text("暂缓，保留基础规划用途", "deferred, base use kept")


@dataclass
class BlueprintResult:
    geometries: np.ndarray
    table: pd.DataFrame  # ydyh_code, ydyh_name, ydyh_level1, construction, source_plan, source_code, source_fid (the
    # feature's id text), patch_id, decision, area_m2
    changes: pd.DataFrame  # one row per patch: see CHANGE_COLUMNS
    pending: int  # patches without a decision, or deferred (base use kept)
    warnings: list = field(default_factory=list)


CHANGE_COLUMNS = ["patch_id", "type", "type_name", "decision", "decision_name", "reason", "status",
                  "before_plan", "before_code", "before_ydyh", "after_plan", "after_code", "after_ydyh",
                  "patch_area_m2", "changed_area_m2", "applied"]


def build_blueprint(plans, patches, patch_geometries, crs, plan_priority=None, tables_dir=None,
                    tolerance=DEFAULT_TOLERANCE, progress=None):
    """Merge ``plans`` (:class:`core.conflicts.Plan`) with the decisions of ``patches``.

    ``patches`` is the patch table with the layer's field names (CYTBBH, CYLX, CYLXMC, JYCL, JYLY,
    CLJD, CLLY, SHZT …), ``patch_geometries`` the aligned shapely polygons. ``plan_priority``
    lists 1-based plan numbers, most authoritative first (default: the plans' order).
    """
    count = len(plans)
    priority = _priority(plan_priority, count)
    patches = patches.reset_index(drop=True)
    decisions = [_decision(row) for row in patches.itertuples(index=False)]
    for row, (kind, value) in zip(patches.itertuples(index=False), decisions):
        if kind == "plan" and not 1 <= value <= count:
            raise ValueError(f"patch {getattr(row, cf.PATCH_ID)}: decision GH{value} names a plan that is not "
                             f"given (there are {count})")
    overlay = union_overlay([np.asarray(p.geometries, dtype=object) for p in plans]
                            + [np.asarray(patch_geometries, dtype=object)], tolerance, _part(progress, 0.0, 0.6))
    sources = overlay.sources
    inside_plans = (sources[:, :count] >= 0).any(axis=1)
    sources, pieces = sources[inside_plans], overlay.geometries[inside_plans]
    warnings = []
    if (~inside_plans).any():
        warnings.append(("patch_outside_plans", int((~inside_plans).sum())))

    tables = [landuse.harmonise(list(plan.codes), plan.standard, tables_dir).reset_index(drop=True) for plan in plans]
    base = _first_covering(sources, priority)
    chosen = base.copy()
    set_code = np.full(len(pieces), None, dtype=object)
    patch = sources[:, count]
    uncovered_choice = set()
    for number, (kind, value) in enumerate(decisions):
        mask = patch == number
        if kind == "plan":
            covers = mask & (sources[:, value - 1] >= 0)
            chosen[covers] = value - 1
            if (mask & ~covers).any():
                uncovered_choice.add(number)
        elif kind == "code":
            set_code[mask] = value
            chosen[mask] = -1
    if uncovered_choice:
        warnings.append(("plan_does_not_cover_patch", len(uncovered_choice)))
    report(progress, 0.7)

    frame = _attributes(plans, tables, sources, chosen, set_code, tables_dir)
    frame["patch"] = patch
    frame["base"] = base
    frame["area_m2"] = polygon_areas(pieces, crs)
    geometries, table = _features(frame, pieces, overlay.inputs, patches, decisions, plans, crs)
    report(progress, 0.9)
    changes = _changes(frame, patches, decisions, plans, tables, sources, tables_dir)
    pending = sum(1 for kind, _ in decisions if kind == "defer")
    report(progress, 1.0)
    return BlueprintResult(geometries, table, changes, pending, warnings)


def _part(progress, start, stop):
    if progress is None:
        return None
    return lambda fraction: report(progress, start + (stop - start) * fraction)


def _priority(plan_priority, count):
    priority = list(plan_priority) if plan_priority else list(range(1, count + 1))
    if sorted(priority) != list(range(1, count + 1)):
        raise ValueError(f"plan priority must name each of the plans 1..{count} once, got {priority}")
    return [number - 1 for number in priority]


def _text(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _decision(row):
    """(kind, value) of a patch row: the reviewed decision, else the suggestion, else defer."""
    decision = _text(getattr(row, cf.DECISION, None)) or _text(getattr(row, cf.SUGGESTION, None))
    if not decision:
        return ("defer", None)
    return parse_decision(decision)


def _first_covering(sources, priority):
    chosen = np.full(len(sources), -1, dtype=np.int64)
    for k in reversed(priority):
        chosen = np.where(sources[:, k] >= 0, k, chosen)
    return chosen


def _attributes(plans, tables, sources, chosen, set_code, tables_dir):
    """Per piece: the land use of the chosen plan, or of the code a decision set."""
    count = len(sources)
    frame = pd.DataFrame({"chosen": chosen})
    for column in ("ydyh_code", "ydyh_name", "source_code", "source_plan"):
        frame[column] = np.full(count, None, dtype=object)
    frame["construction"] = pd.array([None] * count, dtype="boolean")
    frame["source_pos"] = np.full(count, -1, dtype=np.int64)  # position of the feature in its plan
    construction = np.full(count, None, dtype=object)
    for k, (plan, table) in enumerate(zip(plans, tables)):
        rows = np.flatnonzero(chosen == k)
        if not len(rows):
            continue
        position = sources[rows, k]
        codes = np.asarray(list(plan.codes), dtype=object)
        frame.loc[rows, "ydyh_code"] = table["ydyh_code"].to_numpy(dtype=object)[position]
        frame.loc[rows, "ydyh_name"] = table["ydyh_name"].to_numpy(dtype=object)[position]
        frame.loc[rows, "source_code"] = [None if value is None else str(value) for value in codes[position]]
        frame.loc[rows, "source_plan"] = plan.name
        frame.loc[rows, "source_pos"] = position
        flags = table["construction"].fillna(table["ydyh_construction"]).to_numpy(dtype=object)[position]
        construction[rows] = [None if pd.isna(flag) else bool(flag) for flag in flags]
    coded = np.flatnonzero(pd.notna(set_code) & (chosen == -1))
    if len(coded):
        ydyh = landuse.load_classification(landuse.TARGET, tables_dir).set_index("code")
        frame.loc[coded, "ydyh_code"] = set_code[coded]
        frame.loc[coded, "ydyh_name"] = [ydyh.at[code, "name"] if code in ydyh.index else None for code in set_code[coded]]
        frame.loc[coded, "source_code"] = set_code[coded]
        frame.loc[coded, "source_plan"] = cf.layer_text(SET_CODE_SOURCE_TEXT)
        construction[coded] = [bool(ydyh.at[code, "construction"]) if code in ydyh.index else None
                               for code in set_code[coded]]
    frame["construction"] = pd.array(construction, dtype="boolean")
    frame["ydyh_level1"] = [None if code is None else str(code)[:2] for code in frame["ydyh_code"]]
    return frame


def _features(frame, pieces, inputs, patches, decisions, plans, crs):
    """One feature per (source plan, source feature, code, patch); untouched features whole."""
    key = frame[["chosen", "source_pos", "ydyh_code", "source_code", "patch"]].astype(str).agg("|".join, axis=1)
    groups = pd.factorize(key)[0]
    order = np.argsort(groups, kind="stable")
    starts = np.flatnonzero(np.r_[True, np.diff(groups[order]) != 0])
    stops = np.r_[starts[1:], len(order)]
    geometries = np.empty(len(starts), dtype=object)
    first = order[starts]
    for number, (start, stop) in enumerate(zip(starts, stops)):
        members = order[start:stop]
        row = members[0]
        chosen, patch = frame.at[row, "chosen"], frame.at[row, "patch"]
        if stop - start == 1:
            geometries[number] = pieces[row]
            continue
        whole = None
        if chosen >= 0 and patch < 0:
            whole = _whole_feature(inputs[chosen], frame.at[row, "source_pos"], pieces[members])
        geometries[number] = whole if whole is not None else shapely.union_all(pieces[members])
    geometries = polygonal(geometries)
    table = frame.iloc[first][["ydyh_code", "ydyh_name", "ydyh_level1", "construction", "source_plan",
                               "source_code", "chosen", "source_pos", "patch"]].reset_index(drop=True)
    patch_ids = patches[cf.PATCH_ID].to_numpy(dtype=object) if len(patches) else np.empty(0, dtype=object)
    table["patch_id"] = [patch_ids[p] if p >= 0 else None for p in table["patch"]]
    table["decision"] = [_decision_text(decisions[p]) if p >= 0 else None for p in table["patch"]]
    ids = [cf.plan_feature_ids(plan) for plan in plans]
    table["source_fid"] = [ids[k][p] if k >= 0 and p >= 0 else None
                           for k, p in zip(table["chosen"], table["source_pos"])]
    table = table.drop(columns=["patch", "chosen", "source_pos"])
    table = table[["ydyh_code", "ydyh_name", "ydyh_level1", "construction", "source_plan", "source_code",
                   "source_fid", "patch_id", "decision"]]
    table["area_m2"] = polygon_areas(geometries, crs)
    return geometries, table


def _whole_feature(layer, position, members):
    """The feature's own geometry when its pieces add up to all of it (no union needed)."""
    if position < 0 or position >= len(layer):
        return None
    geometry = layer[position]
    if geometry is None:
        return None
    area = geometry.area
    if abs(shapely.area(members).sum() - area) <= DEFAULT_TOLERANCE + 1e-9 * area:
        return geometry
    return None


def _decision_text(decision):
    kind, value = decision
    if kind == "plan":
        return f"GH{value}"
    if kind == "code":
        return f"DM:{value}"
    return "DEFER"


def _changes(frame, patches, decisions, plans, tables, sources, tables_dir):
    """The change log: per patch, the base use before and the decided use after."""
    names = [plan.name for plan in plans]
    codes = [np.asarray(list(plan.codes), dtype=object) for plan in plans]
    ydyh = [table["ydyh_code"].to_numpy(dtype=object) for table in tables]
    inside = frame[frame["patch"] >= 0]
    groups = dict(tuple(inside.groupby("patch")))
    rows = []
    for number, row in enumerate(patches.itertuples(index=False)):
        members = groups.get(number, frame.iloc[0:0])
        kind, value = decisions[number]
        before, after = _dominant(members, "base"), _dominant(members, "chosen")
        changed = members[members["chosen"] != members["base"]]
        before_code, before_ydyh = None, None
        if len(members) and before >= 0:
            largest = members["area_m2"].idxmax()
            position = sources[largest, int(members.at[largest, "base"])]
            before_k = int(members.at[largest, "base"])
            before_code, before_ydyh = _plain_text(codes[before_k][position]), ydyh[before_k][position]
        rows.append({
            "patch_id": getattr(row, cf.PATCH_ID), "type": getattr(row, cf.TYPE),
            "type_name": getattr(row, cf.TYPE_NAME, None), "decision": _decision_text(decisions[number]),
            "decision_name": _decision_name(kind, value, names, tables_dir),
            "reason": _text(getattr(row, cf.DECISION_REASON, None)) or _text(getattr(row, cf.SUGGESTION_REASON, None)),
            "status": _text(getattr(row, cf.STATUS, None)),
            "before_plan": names[before] if before >= 0 else None, "before_code": before_code,
            "before_ydyh": before_ydyh,
            "after_plan": names[after] if after >= 0 else (
                cf.layer_text(SET_CODE_SOURCE_TEXT) if kind == "code" else None),
            "after_code": _dominant_value(members, "source_code"), "after_ydyh": _dominant_value(members, "ydyh_code"),
            "patch_area_m2": float(members["area_m2"].sum()), "changed_area_m2": float(changed["area_m2"].sum()),
            "applied": kind != "defer" and len(members) > 0,
        })
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def _plain_text(value):
    return None if value is None else str(value)


def _dominant(members, column):
    if not len(members):
        return -1
    return int(members.groupby(column)["area_m2"].sum().idxmax())


def _dominant_value(members, column):
    if not len(members):
        return None
    values = members[column].astype(object).where(members[column].notna(), "")
    value = members.assign(value=values).groupby("value")["area_m2"].sum().idxmax()
    return value or None


def _decision_name(kind, value, names, tables_dir=None):
    """The decision in words (:func:`core.resolution.decision_label`, in
    :func:`core.conflicts.layer_language`); a deferred patch keeps the base use."""
    if kind == "defer":
        return cf.layer_text(DEFER_KEPT)
    try:
        return decision_label(_decision_text((kind, value)), names, tables_dir, language=cf.layer_language())
    except ValueError:
        return _decision_text((kind, value))
