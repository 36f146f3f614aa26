"""The coordinated land-use layer (一张蓝图) from the plans and the decided difference patches.

:func:`build_blueprint` overlays the plans and the patches (:mod:`core.overlay`), so the result
covers the union of the plans exactly once, without overlaps or gaps; given the county outline
(XZQ) it covers exactly the county instead, ground no plan covers taking the current use (三调).
Outside the patches the land use is that of the first plan, in priority order, that covers the
ground (the *base*). Inside a patch its decision applies: ``GH{k}`` takes plan k's use,
``DM:{code}`` sets a 用地用海 code, ``DEFER`` keeps the base and is counted as pending.
A patch's decision is the reviewed one (``CLJD``). A patch not yet reviewed is handled as
``pending`` says: ``base`` (the default, conservative: the priority plan's use stands, the patch
is counted as pending), ``suggestion`` (the suggestion ``JYCL`` is applied and marked as such)
or ``leave`` (the patch's ground is kept as 待定 polygons without a code). Where the deciding
plan's code has no single 用地用海 target, :mod:`core.conflicts.refinement` finds a compatible one.
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

from ..areas import polygon_areas
from ..geometry import polygonal
from ..intake import landuse
from ..overlay import DEFAULT_TOLERANCE, union_overlay
from ..progress import report, scaled
from ..report import Text
from . import detection as cf
from .refinement import CURRENT, EXACT, METHOD_NAMES, PENDING, UNRESOLVED, choose, source_text
from .resolution import decision_label, parse_decision

#: LYGH of ground whose code was set by a decision (in conflicts.layer_language()).
SET_CODE_SOURCE_TEXT = Text("协调调整", "coordinated adjustment")
SET_CODE_SOURCE = SET_CODE_SOURCE_TEXT.zh
DEFER_KEPT = Text("暂缓，保留基础规划用途", "deferred, base use kept")
LEFT_PENDING = Text("待定，未赋代码", "pending, left without a code")
CURRENT_USE_NAME = Text("三调", "current use")
#: What to do with patches not yet reviewed (no CLJD).
PENDING_CHOICES = ("base", "suggestion", "leave")
#: Where a patch's outcome came from, as the change log says it.
REVIEWED, SUGGESTED, NOT_DECIDED = "reviewed", "suggestion", "pending"
ORIGIN_NAMES = {REVIEWED: Text("审查决定", "reviewed decision"),
                SUGGESTED: Text("处理建议（未审查）", "suggestion (not reviewed)"),
                NOT_DECIDED: Text("待定", "pending")}


@dataclass
class CurrentUse:
    """The current land use (三调 DLTB) under the plans: refines coarse plan codes and codes the
    ground no plan covers."""
    geometries: object
    codes: object
    standard: str = "sandiao"
    name: str = ""  # how sources name it; default 三调 / current use
    ids: object = None  # each feature's identifier (BSM …), for YSBSM


@dataclass
class BlueprintResult:
    geometries: np.ndarray
    table: pd.DataFrame  # ydyh_code, ydyh_name, ydyh_level1, construction, source_plan, source_code, source_fid (the
    # feature's id text), patch_id, decision, area_m2
    changes: pd.DataFrame  # one row per patch: see CHANGE_COLUMNS
    pending: int  # patches without a decision, or deferred (base use kept)
    warnings: list = field(default_factory=list)
    coding: pd.DataFrame = None  # area per (source plan, source code, method, code source): see CODING_COLUMNS
    county_area_m2: float = None  # the county's ellipsoidal area when a county was given

    @property
    def unresolved_area_m2(self):
        return float(self.table.loc[self.table["method"] == UNRESOLVED, "area_m2"].sum())


CODING_COLUMNS = ["source_plan", "source_code", "method", "method_name", "code_source", "ydyh_code", "ydyh_name",
                  "features", "area_m2"]
CHANGE_COLUMNS = ["patch_id", "type", "type_name", "decision", "decision_name", "origin", "reason", "status",
                  "before_plan", "before_code", "before_ydyh", "after_plan", "after_code", "after_ydyh",
                  "patch_area_m2", "changed_area_m2", "applied"]


def build_blueprint(plans, patches, patch_geometries, crs, plan_priority=None, tables_dir=None,
                    tolerance=DEFAULT_TOLERANCE, progress=None, current_use=None, county=None, pending="base"):
    """Merge ``plans`` (:class:`core.conflicts.detection.Plan`) with the decisions of ``patches``.

    ``patches`` is the patch table with the layer's field names (CYTBBH, CYLX, CYLXMC, JYCL, JYLY,
    CLJD, CLLY, SHZT …), ``patch_geometries`` the aligned shapely polygons. ``plan_priority``
    lists 1-based plan numbers, most authoritative first (default: the plans' order).
    ``current_use`` (:class:`CurrentUse`) refines coarse codes and, with ``county`` (polygons of
    the county, XZQ), codes the ground no plan covers; with ``county`` the blueprint covers
    exactly the county. ``pending`` is one of :data:`PENDING_CHOICES`.
    """
    if pending not in PENDING_CHOICES:
        raise ValueError(f"pending must be one of {', '.join(PENDING_CHOICES)}, not {pending!r}")
    count = len(plans)
    priority = _priority(plan_priority, count)
    patches = patches.reset_index(drop=True)
    decided = [_decision(row, pending) for row in patches.itertuples(index=False)]
    decisions = [(kind, value) for kind, value, _ in decided]
    origins = [origin for _, _, origin in decided]
    for row, (kind, value) in zip(patches.itertuples(index=False), decisions):
        if kind == "plan" and not 1 <= value <= count:
            raise ValueError(f"patch {getattr(row, cf.PATCH_ID)}: decision GH{value} names a plan that is not "
                             f"given (there are {count})")
    layers = [np.asarray(p.geometries, dtype=object) for p in plans] + [np.asarray(patch_geometries, dtype=object)]
    current_column = county_column = None
    if current_use is not None:
        current_column = len(layers)
        layers.append(np.asarray(current_use.geometries, dtype=object))
    if county is not None:
        county_column = len(layers)
        outline = np.asarray(county, dtype=object)
        if not len(outline) or not shapely.is_valid(outline).all() or shapely.area(outline).sum() <= 0:
            raise ValueError("the county outline has no valid polygon")
        layers.append(outline)
    overlay = union_overlay(layers, tolerance, scaled(progress, 0.0, 0.6))
    sources = overlay.sources
    inside_plans = (sources[:, :count] >= 0).any(axis=1)
    warnings = []
    if county_column is None:
        keep = inside_plans
        if (~inside_plans & (sources[:, count] >= 0)).any():
            warnings.append(("patch_outside_plans", int((~inside_plans & (sources[:, count] >= 0)).sum())))
    else:
        keep = sources[:, county_column] >= 0
        outside = inside_plans & ~keep
        if outside.any():
            warnings.append(("plans_outside_county", float(polygon_areas(overlay.geometries[outside], crs).sum())))
    sources, pieces = sources[keep], overlay.geometries[keep]

    tables = [landuse.harmonise(list(plan.codes), plan.standard, tables_dir).reset_index(drop=True) for plan in plans]
    base = _first_covering(sources, priority)
    chosen = base.copy()
    set_code = np.full(len(pieces), None, dtype=object)
    left_open = np.zeros(len(pieces), dtype=bool)
    patch = sources[:, count]
    uncovered_choice = set()
    members = _members_by_patch(patch, len(decisions))  # piece positions per patch, found once
    for number, (kind, value) in enumerate(decisions):
        rows = members[number]
        if kind == "plan":
            covers = rows[sources[rows, value - 1] >= 0]
            chosen[covers] = value - 1
            if len(covers) < len(rows):
                uncovered_choice.add(number)
        elif kind == "code":
            set_code[rows] = value
            chosen[rows] = -1
        elif kind == "leave":
            left_open[rows] = True
            chosen[rows] = -1
    if uncovered_choice:
        warnings.append(("plan_does_not_cover_patch", len(uncovered_choice)))
    report(progress, 0.7)

    frame = _attributes(plans, tables, sources, chosen, set_code, tables_dir)
    frame["patch"] = patch
    frame["base"] = base
    frame["area_m2"] = polygon_areas(pieces, crs)
    _code_sources(frame, plans, tables, sources, chosen, priority, left_open, current_use, current_column, tables_dir,
                  tolerance)
    geometries, table = _features(frame, pieces, overlay.inputs, patches, decisions, plans, crs, current_use)
    report(progress, 0.9)
    changes = _changes(frame, patches, decisions, origins, plans, tables, sources, tables_dir)
    pending_count = sum(1 for kind, _ in decisions if kind in ("defer", "leave"))
    county_area = float(polygon_areas(np.asarray(county, dtype=object), crs).sum()) if county is not None else None
    report(progress, 1.0)
    return BlueprintResult(geometries, table, changes, pending_count, warnings, _coding(table), county_area)



def _priority(plan_priority, count):
    priority = list(plan_priority) if plan_priority else list(range(1, count + 1))
    if sorted(priority) != list(range(1, count + 1)):
        raise ValueError(f"plan priority must name each of the plans 1..{count} once, got {priority}")
    return [number - 1 for number in priority]


def _text(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return ""
    return str(value).strip()


def _decision(row, pending="base"):
    """(kind, value, origin) of a patch row: the reviewed decision; for a patch not reviewed, what
    ``pending`` says (the suggestion, the base use kept, or left open as 待定)."""
    reviewed = _text(getattr(row, cf.DECISION, None))
    if reviewed:
        return (*parse_decision(reviewed), REVIEWED)
    suggestion = _text(getattr(row, cf.SUGGESTION, None))
    if pending == "suggestion" and suggestion:
        return (*parse_decision(suggestion), SUGGESTED)
    if pending == "leave":
        return ("leave", None, NOT_DECIDED)
    return ("defer", None, NOT_DECIDED)


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


def _code_sources(frame, plans, tables, sources, chosen, priority, left_open, current_use, current_column,
                  tables_dir, tolerance=DEFAULT_TOLERANCE):
    """Adds ``method`` and ``code_source`` to ``frame`` and codes what the chosen plan leaves
    without a 用地用海 code: refined from the other plans or the current use
    (:mod:`core.conflicts.refinement`), the current use where no plan covers the ground, else unresolved."""
    count = len(frame)
    names = [plan.name for plan in plans]
    code = frame["ydyh_code"].to_numpy(dtype=object).copy()
    method = np.full(count, EXACT, dtype=object)
    code_source = frame["source_plan"].to_numpy(dtype=object).copy()
    ydyh = landuse.ydyh_properties(tables_dir)
    ydyh_names = landuse.load_classification(landuse.TARGET, tables_dir).set_index("code")["name"].to_dict()
    plan_codes = [_per_piece(table["ydyh_code"], sources[:, k]) for k, table in enumerate(tables)]
    current_codes, current_label, current_table = None, None, None
    if current_use is not None:
        current_label = current_use.name or cf.layer_text(CURRENT_USE_NAME)
        current_table = landuse.harmonise(list(current_use.codes), current_use.standard, tables_dir).reset_index(drop=True)
        current_codes = _per_piece(current_table["ydyh_code"], sources[:, current_column])
    rules = [landuse.refinement_rules(plan.standard, tables_dir) for plan in plans]
    matched = [table["matched_code"].to_numpy(dtype=object) for table in tables]
    cache = {}
    for row in np.flatnonzero((chosen >= 0) & pd.isna(frame["ydyh_code"]).to_numpy()):
        k = int(chosen[row])
        source_code = matched[k][sources[row, k]]
        candidates = [(names[j], plan_codes[j][row]) for j in priority if j != k]
        if current_codes is not None:
            candidates.append((current_label, current_codes[row]))
        key = (k, source_code, tuple(candidates))
        if key not in cache:
            cache[key] = choose(rules[k].get(source_code) if source_code is not None else None, candidates, ydyh)
        code[row], method[row], via = cache[key]
        code_source[row] = source_text(names[k], via)
    _noise_follows_its_feature(frame, chosen, code, method, code_source, tolerance)
    no_plan = (chosen == -1) & pd.isna(frame["ydyh_code"]).to_numpy() & ~left_open
    frame["current_pos"] = -1
    if current_codes is not None:
        coded = no_plan & pd.notna(current_codes)
        rows = np.flatnonzero(coded)
        position = sources[rows, current_column]
        code[rows] = current_codes[rows]
        method[rows] = CURRENT
        code_source[rows] = current_label
        frame.loc[rows, "source_plan"] = current_label
        raw = np.asarray(list(current_use.codes), dtype=object)
        frame.loc[rows, "source_code"] = [None if value is None else str(value) for value in raw[position]]
        frame.loc[rows, "current_pos"] = position
        flags = current_table["construction"].to_numpy(dtype=object)[position]
        construction = frame["construction"].astype(object).to_numpy()
        construction[rows] = [None if pd.isna(flag) else bool(flag) for flag in flags]
        frame["construction"] = pd.array(construction, dtype="boolean")
        no_plan &= ~coded
    method[no_plan] = UNRESOLVED
    method[left_open] = PENDING
    code[left_open] = None
    code_source[left_open | no_plan] = None
    frame["ydyh_code"] = code
    frame["ydyh_name"] = [ydyh_names.get(value) if value is not None else None for value in code]
    frame["ydyh_level1"] = [None if value is None else str(value)[:2] for value in code]
    frame["method"] = method
    frame["code_source"] = code_source


def _per_piece(values, position):
    """``values`` (one per feature of a layer) for each piece: its feature's, None off the layer."""
    values = values.to_numpy(dtype=object)
    if not len(values):
        return np.full(len(position), None, dtype=object)
    return np.where(position >= 0, values[np.maximum(position, 0)], None)


def _noise_follows_its_feature(frame, chosen, code, method, code_source, tolerance):
    """A piece of a plan feature no larger than the overlay tolerance (floating-point noise along
    another layer's edge, ~1e-7 m²) left unresolved takes the code of its feature's largest coded
    piece: a feature's refinement does not break at noise."""
    unresolved = np.flatnonzero((method == UNRESOLVED) & (chosen >= 0)
                                & (frame["area_m2"].to_numpy() <= tolerance))
    if not len(unresolved):
        return
    keys = list(zip(chosen, frame["source_pos"].to_numpy()))
    area = frame["area_m2"].to_numpy()
    best = {}
    for row in np.flatnonzero((method != UNRESOLVED) & (chosen >= 0) & pd.notna(code)):
        key = keys[row]
        if key not in best or area[row] > area[best[key]]:
            best[key] = row
    for row in unresolved:
        donor = best.get(keys[row])
        if donor is not None:
            code[row], method[row], code_source[row] = code[donor], method[donor], code_source[donor]


def _coding(table):
    """Area per (source plan, source code, method, code source, 用地用海 code): how the codes were chosen."""
    columns = ["source_plan", "source_code", "method", "code_source", "ydyh_code", "ydyh_name"]
    if not len(table):
        return pd.DataFrame(columns=CODING_COLUMNS)
    keyed = table[columns].astype(object).where(table[columns].notna(), "")
    grouped = table.assign(**{c: keyed[c] for c in columns}).groupby(columns, sort=True)
    summary = grouped.agg(features=("area_m2", "size"), area_m2=("area_m2", "sum")).reset_index()
    summary = summary.replace("", None)
    summary["method_name"] = [cf.layer_text(METHOD_NAMES[m]) for m in summary["method"]]
    return summary[CODING_COLUMNS]


def _features(frame, pieces, inputs, patches, decisions, plans, crs, current_use_ids=None):
    """One feature per (source plan, source feature, code, patch, code source); untouched features whole."""
    key = frame[["chosen", "source_pos", "current_pos", "ydyh_code", "source_code", "patch", "method",
                 "code_source"]].astype(str).agg("|".join, axis=1)
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
                               "source_code", "chosen", "source_pos", "current_pos", "patch", "method",
                               "code_source"]].reset_index(drop=True)
    patch_ids = patches[cf.PATCH_ID].to_numpy(dtype=object) if len(patches) else np.empty(0, dtype=object)
    table["patch_id"] = [patch_ids[p] if p >= 0 else None for p in table["patch"]]
    table["decision"] = [_decision_text(decisions[p]) if p >= 0 else None for p in table["patch"]]
    ids = [cf.plan_feature_ids(plan) for plan in plans]
    current_ids = getattr(current_use_ids, "ids", None)
    table["source_fid"] = [ids[k][p] if k >= 0 and p >= 0 else (
        current_ids[c] if current_ids is not None and c >= 0 else None)
        for k, p, c in zip(table["chosen"], table["source_pos"], table["current_pos"])]
    table = table.drop(columns=["patch", "chosen", "source_pos", "current_pos"])
    table = table[["ydyh_code", "ydyh_name", "ydyh_level1", "construction", "source_plan", "source_code",
                   "source_fid", "patch_id", "decision", "method", "code_source"]]
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
    if kind == "leave":
        return None
    return "DEFER"


def _members_by_patch(patch, count):
    """For each patch number 0..count-1, the positions of its pieces (in piece order): one sort
    instead of a full-array comparison per patch, which grew as patches × pieces."""
    order = np.argsort(patch, kind="stable")
    bounds = np.searchsorted(patch[order], np.arange(count + 1))
    return [order[bounds[k]:bounds[k + 1]] for k in range(count)]


def _changes(frame, patches, decisions, origins, plans, tables, sources, tables_dir):
    """The change log: per patch, the base use before and the decided use after.

    Every per-patch figure comes from one grouped pass over the pieces (the dominant plan, code
    and 用地用海 code by area, ties to the smallest key as ``groupby(...).idxmax()`` gives; the
    largest piece, ties to the first), not from group-bys per patch."""
    names = [plan.name for plan in plans]
    codes = [np.asarray(list(plan.codes), dtype=object) for plan in plans]
    ydyh = [table["ydyh_code"].to_numpy(dtype=object) for table in tables]
    inside = frame[frame["patch"] >= 0]
    before = _dominant_by_patch(inside, "base", -1)
    after = _dominant_by_patch(inside, "chosen", -1)
    after_code = _dominant_by_patch(inside, "source_code", None, text=True)
    after_ydyh = _dominant_by_patch(inside, "ydyh_code", None, text=True)
    area = inside.groupby("patch")["area_m2"].sum()
    changed = inside[inside["chosen"] != inside["base"]].groupby("patch")["area_m2"].sum()
    largest = (inside.assign(position=inside.index).sort_values(["patch", "area_m2", "position"],
                                                                ascending=[True, False, True], kind="stable")
               .drop_duplicates("patch").set_index("patch")["position"])
    labels = {}
    rows = []
    for number, row in enumerate(patches.itertuples(index=False)):
        kind, value = decisions[number]
        has_members = number in area.index
        before_k, after_k = int(before.get(number, -1)), int(after.get(number, -1))
        before_code, before_ydyh = None, None
        if has_members and before_k >= 0:
            piece = largest[number]
            base_k = int(frame.at[piece, "base"])
            position = sources[piece, base_k]
            before_code, before_ydyh = _plain_text(codes[base_k][position]), ydyh[base_k][position]
            if before_ydyh is None and frame.at[piece, "chosen"] == base_k:
                before_ydyh = frame.at[piece, "ydyh_code"]  # a coarse code, refined (unchanged ground)
        if (kind, value) not in labels:
            labels[kind, value] = _decision_name(kind, value, names, tables_dir)
        rows.append({
            "patch_id": getattr(row, cf.PATCH_ID), "type": getattr(row, cf.TYPE),
            "type_name": getattr(row, cf.TYPE_NAME, None), "decision": _decision_text(decisions[number]),
            "decision_name": labels[kind, value],
            "origin": cf.layer_text(ORIGIN_NAMES[origins[number]]),
            "reason": _text(getattr(row, cf.DECISION_REASON, None)) or _text(getattr(row, cf.SUGGESTION_REASON, None)),
            "status": _text(getattr(row, cf.STATUS, None)),
            "before_plan": names[before_k] if before_k >= 0 else None, "before_code": before_code,
            "before_ydyh": before_ydyh,
            "after_plan": names[after_k] if after_k >= 0 else (
                cf.layer_text(SET_CODE_SOURCE_TEXT) if kind == "code" else None),
            "after_code": after_code.get(number), "after_ydyh": after_ydyh.get(number),
            "patch_area_m2": float(area.get(number, 0.0)), "changed_area_m2": float(changed.get(number, 0.0)),
            "applied": kind not in ("defer", "leave") and has_members,
        })
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)


def _dominant_by_patch(inside, column, missing, text=False):
    """{patch: the value of ``column`` covering most area in it}; ties go to the smallest value.
    With ``text``, values are compared as texts with NULL as "" and "" comes back as None."""
    values = inside[column]
    if text:
        values = values.astype(object).where(values.notna(), "")
    sums = inside.assign(value=values).groupby(["patch", "value"], sort=True)["area_m2"].sum().reset_index()
    best = sums.sort_values(["patch", "area_m2"], ascending=[True, False], kind="stable").drop_duplicates("patch")
    result = dict(zip(best["patch"].tolist(), best["value"].tolist()))
    if text:
        result = {key: (value or None) for key, value in result.items()}
    return result


def _plain_text(value):
    return None if value is None else str(value)


def _decision_name(kind, value, names, tables_dir=None):
    """The decision in words (:func:`core.conflicts.resolution.decision_label`, in
    :func:`core.conflicts.detection.layer_language`); a deferred patch keeps the base use."""
    if kind == "defer":
        return cf.layer_text(DEFER_KEPT)
    if kind == "leave":
        return cf.layer_text(LEFT_PENDING)
    try:
        return decision_label(_decision_text((kind, value)), names, tables_dir, language=cf.layer_language())
    except ValueError:
        return _decision_text((kind, value))
