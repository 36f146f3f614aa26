"""Multi-plan difference patches (多规差异图斑): where plans and control lines disagree.

:func:`detect_conflicts` overlays two or more plans (城规, 土规, forestry, environment …), the
control lines and the admin units (:mod:`core.overlay`), harmonises each plan's codes to the
用地用海 classes (:mod:`core.intake.landuse`) and gives every piece of ground exactly one category, the
first that applies in this order (control lines first, as the 2019 guidance ranks them):

==========  =========================================================  ======================
code        category                                                   source of the rule
==========  =========================================================  ======================
HX_JS       construction planned inside the ecological red line        red line: no 开发性建设
NT_JS       construction planned on permanent basic farmland           farmland: 数量不减少
HX_NT       red line and basic farmland overlap                        不交叉不重叠
KB_HX       urban development boundary contains red line               UDB 避让生态功能
KB_NT       urban development boundary contains basic farmland         UDB 不占或少占
KBW_JS      urban construction planned outside the urban boundary      城镇建设在边界内
WZ          a plan's code is unknown, so nothing can be said           (data problem)
JS_xy…      plans disagree on construction (城规有土规无 / 土规有城规无)  Nanjing 两规 model
YT          all construction but different use classes                 用途不一致
FJ          all non-construction but different classes (optional)      农林矛盾 etc.
YZ          plans agree                                                (not a conflict)
DG          only one plan covers the ground                            (not a conflict)
WGH         no plan covers it (only lines or admin units do)            (not a conflict)
==========  =========================================================  ======================

``JS_`` codes name each plan's flag in plan order: ``1`` construction, ``0`` not, ``-`` not
covered; with plans 城规, 土规, ``JS_10`` is 城规建设、土规非建设 (城规有土规无).

The conflict pieces are exploded into single polygons (one patch per connected part), measured
on the ellipsoid, and those below a minimum area or narrower than a minimum width are set aside
as slivers (counted and returned, never dropped). Areas of all categories plus slivers add up
to the area of the union of every input. Patches get stable ids: ordered by admin code, then
north to south and west to east, so the same inputs always give the same 差异图斑编号.
"""
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from ..areas import polygon_areas
from ..crs import as_pyproj_crs
from ..geometry import in_threads, query_in_threads
from ..intake import landuse
from ..overlay import DEFAULT_TOLERANCE, union_overlay
from ..progress import report, scaled, stage
from ..report import Text
# The language of text written into layer fields (type names, reasons, decisions): English when
# reports are English, else Chinese (a bilingual report keeps its layers' values short).
from ..report import single as layer_text, single_language as layer_language  # noqa: F401 (used as cf.…)
from ..units import SQUARE_METRES_PER_MU
from ..wording import ELLIPSOIDAL as ELLIPSOIDAL_METHOD  # noqa: F401 (the name this module's users know)

HX_JS, NT_JS, HX_NT, KB_HX, KB_NT, KBW_JS = "HX_JS", "NT_JS", "HX_NT", "KB_HX", "KB_NT", "KBW_JS"
WZ, JS, YT, FJ = "WZ", "JS", "YT", "FJ"
YZ, DG, WGH = "YZ", "DG", "WGH"
CONFLICT_ORDER = (HX_JS, NT_JS, HX_NT, KB_HX, KB_NT, KBW_JS, WZ, JS, YT, FJ)
AGREEMENT = (YZ, DG, WGH)

TYPE_NAMES = {
    HX_JS: ("生态保护红线内规划建设用地", "Construction planned in the ecological red line"),
    NT_JS: ("永久基本农田内规划建设用地", "Construction planned on permanent basic farmland"),
    HX_NT: ("生态保护红线与永久基本农田重叠", "Ecological red line overlaps basic farmland"),
    KB_HX: ("城镇开发边界内含生态保护红线", "Urban boundary contains ecological red line"),
    KB_NT: ("城镇开发边界内含永久基本农田", "Urban boundary contains basic farmland"),
    KBW_JS: ("城镇开发边界外规划城镇建设用地", "Urban construction planned outside the urban boundary"),
    WZ: ("地类代码无法识别", "Land-use code not recognised"),
    YT: ("均为建设用地但用途不一致", "Construction in all plans, different uses"),
    FJ: ("均为非建设用地但地类不一致", "Non-construction in all plans, different classes"),
    YZ: ("规划一致", "Plans agree"),
    DG: ("仅一个规划覆盖", "Covered by one plan only"),
    WGH: ("无规划覆盖", "Covered by no plan"),
}

DEFAULT_MIN_AREA = 0.1 * SQUARE_METRES_PER_MU
"""m²: 0.1 亩, the "最小图斑面积" default of Chinese difference tools (domain notes §3.4; no
national minimum exists, so it is a parameter)."""
DEFAULT_MIN_WIDTH = 2.0
"""m: 三调 removes linear features narrower than 2 m (domain notes §0); a parameter."""

SLIVER_AREA, SLIVER_WIDTH = "area", "width"
#: What the slivers layer's SPYY says for each reason.
SLIVER_REASONS = {SLIVER_AREA: Text("面积小于最小图斑面积", "below the minimum patch area"),
                  SLIVER_WIDTH: Text("宽度小于最小宽度", "narrower than the minimum width")}
#: The area method of every area MultiPlan's conflict tools write (AREA_MTHD, notes).
NOISE_AREA = 1e-5 * SQUARE_METRES_PER_MU
"""m²: overlaps inside an input smaller than this (1e-5 亩) are floating-point noise: not
reported (those above :data:`core.overlay.OVERLAP_NOISE` are still resolved)."""


@dataclass
class Plan:
    """One plan layer: geometries in the working CRS, a code per feature and its standard."""

    name: str  # short label used in type names, e.g. "城规"
    geometries: np.ndarray
    codes: list
    standard: str  # a core.intake.landuse standard id
    feature_ids: list = None  # texts naming the features in outputs (default: 1-based numbers)


@dataclass
class Layer:
    """A control-line, project or admin layer: geometries, ids and optional code/name values."""

    geometries: np.ndarray
    feature_ids: list = None
    codes: list = None
    names: list = None
    name: str = None  # shown in messages (e.g. the layer's name)


@dataclass
class ConflictSettings:
    compare_level: int = 1  # 用地用海 level compared for YT / FJ (1: 01-24, 2: 0101 …)
    report_nonconstruction: bool = False  # FJ patches; otherwise such ground counts as YZ
    min_area: float = DEFAULT_MIN_AREA  # m², ellipsoidal
    min_width: float = DEFAULT_MIN_WIDTH  # m
    tolerance: float = DEFAULT_TOLERANCE
    tables_dir: str = None
    id_prefix: str = "CY"


@dataclass
class ConflictResult:
    patches: pd.DataFrame  # one row per patch (see PATCH_COLUMNS), ``geometry`` column
    slivers: pd.DataFrame  # the same columns plus ``sliver_reason``
    summary: pd.DataFrame  # per category: type, name_zh, name_en, is_conflict, count, area_m2, sliver_count, sliver_area_m2
    by_admin: pd.DataFrame  # per admin unit and conflict type: count and area of patches
    plan_names: list
    total_area_m2: float
    unknown_codes: dict  # plan name → {code: number of features}
    overlaps_resolved: dict  # input name → (pairs, planimetric m²) overlaps inside that input
    repaired: dict  # input name → invalid geometries repaired
    warnings: list = field(default_factory=list)


def type_name(code, plan_names, language="zh"):
    """Readable name of a category; ``JS_`` codes are spelled out with the plan names."""
    if code.startswith(JS + "_"):
        flags = code[len(JS) + 1:]
        yes = [name for name, flag in zip(plan_names, flags) if flag == "1"]
        no = [name for name, flag in zip(plan_names, flags) if flag == "0"]
        if language == "zh":
            return f"{'、'.join(yes)}建设{'、'.join(no)}非建设"
        return f"construction in {', '.join(yes)}, not in {', '.join(no)}"
    zh, en = TYPE_NAMES[code]
    return zh if language == "zh" else en


def is_conflict(code):
    return code not in AGREEMENT


def detect_conflicts(plans, crs, ecological=None, farmland=None, urban_boundary=None, approved=None,
                     admin=None, settings=None, progress=None):
    """Difference patches of ``plans`` (≥ 2 :class:`Plan`) and the control lines (:class:`Layer`).

    ``crs`` is the projected working CRS of every geometry. ``approved`` (approved projects) only
    flags patches (``in_approved``) for the resolution rules.
    """
    settings = settings or ConflictSettings()
    if len(plans) < 2:
        raise ValueError("at least two plans are needed to compare")
    if as_pyproj_crs(crs).is_geographic:
        raise ValueError("conflict detection needs a projected CRS (metres)")
    names = [plan.name for plan in plans]
    if len(set(names)) != len(names):
        raise ValueError(f"plan names must differ: {names}")

    extras = {"ecological": ecological, "farmland": farmland, "urban_boundary": urban_boundary,
              "approved": approved, "admin": admin}
    extras = {key: layer for key, layer in extras.items() if layer is not None}
    layers = [np.asarray(plan.geometries, dtype=object) for plan in plans]
    layers += [np.asarray(layer.geometries, dtype=object) for layer in extras.values()]
    overlay = union_overlay(layers, settings.tolerance, scaled(progress, 0.0, 0.6))
    column = {key: len(plans) + number for number, key in enumerate(extras)}
    input_names = names + [layer.name or key for key, layer in extras.items()]

    with stage("harmonise codes"):
        classes = [_plan_classes(plan, settings) for plan in plans]
    report(progress, 0.65)
    with stage("classify pieces"):
        pieces = _classify(overlay, classes, column, len(plans), settings)
        conflict = ~pieces["type"].isin(list(AGREEMENT)).to_numpy()  # is_conflict, on the column at once
    report(progress, 0.7)

    with stage("merge into patches"):
        patches = _merge_adjacent(pieces[conflict].reset_index(drop=True),
                                  overlay.geometries[np.flatnonzero(conflict)], plans, len(plans))
    with stage("areas of patches"):
        patches["area_m2"] = polygon_areas(patches["geometry"].to_numpy(), crs) if len(patches) else []
    report(progress, 0.85)
    with stage("slivers, descriptions, numbers"):
        patches, slivers = _split_slivers(patches, settings)
        _describe(patches, plans, classes, extras, names)
        _describe(slivers, plans, classes, extras, names)
        patches = _number(patches, settings.id_prefix)
        slivers = _number(slivers, settings.id_prefix + "S")

    with stage("areas of the other pieces"):
        others = np.flatnonzero(~conflict)  # only their type and area are summed
        agreement = pd.DataFrame({"type": pieces["type"].to_numpy()[others],
                                  "area_m2": polygon_areas(overlay.geometries[others], crs) if len(others) else []})
    summary = _summary(patches, slivers, agreement, names)
    report(progress, 1.0)
    result = ConflictResult(
        patches=patches, slivers=slivers, summary=summary, by_admin=_by_admin(patches, names),
        plan_names=names, total_area_m2=float(summary["area_m2"].sum() + summary["sliver_area_m2"].sum()),
        unknown_codes={plan.name: landuse.count_unknown(table) for plan, table in zip(plans, classes)},
        overlaps_resolved={input_names[k]: (r.overlap_pairs, r.overlap_area) for k, r in enumerate(overlay.repairs)
                           if r.overlap_pairs and r.overlap_area >= NOISE_AREA},
        repaired={input_names[k]: r.repaired for k, r in enumerate(overlay.repairs) if r.repaired})
    if not len(patches) and not len(slivers):
        result.warnings.append("no_conflicts")
    return result



def _plan_classes(plan, settings):
    """Per feature of a plan: harmonised classes plus the flags the classification needs."""
    table = landuse.harmonise(list(plan.codes), plan.standard, settings.tables_dir).reset_index(drop=True)
    construction = table["construction"].fillna(table["ydyh_construction"])
    table["is_construction"] = construction.fillna(False).astype(bool).to_numpy()
    width = 2 if settings.compare_level == 1 else 4
    # Classes compared for YT/FJ; a code mapped to no 用地用海 class cannot be compared ("").
    table["compare_class"] = table["ydyh_code"].fillna("").astype(str).str[:width]
    table["is_urban"] = (table["space"] == "urban").fillna(False).astype(bool).to_numpy()
    return table


def _classify(overlay, classes, column, plan_count, settings):
    """Category of every overlay piece, as a DataFrame aligned with ``overlay.geometries``."""
    sources = overlay.sources
    count = len(sources)

    def flag(key):
        return sources[:, column[key]] >= 0 if key in column else np.zeros(count, dtype=bool)

    in_eco, in_farm, in_udb = flag("ecological"), flag("farmland"), flag("urban_boundary")
    covered = sources[:, :plan_count] >= 0
    known = np.zeros_like(covered)
    construction = np.zeros_like(covered)
    urban = np.zeros_like(covered)
    compare = np.full(covered.shape, "", dtype=object)
    for k, table in enumerate(classes):
        position = np.where(covered[:, k], sources[:, k], 0)
        if len(table):
            known[:, k] = covered[:, k] & table["known"].to_numpy()[position]
            construction[:, k] = known[:, k] & table["is_construction"].to_numpy()[position]
            urban[:, k] = construction[:, k] & table["is_urban"].to_numpy()[position]
            compare[:, k] = np.where(known[:, k], table["compare_class"].to_numpy()[position], "")
    coverage = covered.sum(axis=1)
    any_construction = construction.any(axis=1)
    unknown = (covered & ~known).any(axis=1)
    built_count = construction.sum(axis=1)
    mixed = (built_count > 0) & (built_count < coverage) & ~unknown
    all_built = (coverage >= 2) & (built_count == coverage) & ~unknown
    none_built = (coverage >= 2) & (built_count == 0) & ~unknown
    differs = _classes_differ(compare, covered)

    conditions = [
        in_eco & any_construction,
        in_farm & any_construction,
        in_eco & in_farm,
        in_udb & in_eco,
        in_udb & in_farm,
        ("urban_boundary" in column) & ~in_udb & urban.any(axis=1),
        unknown,
        mixed,
        all_built & differs,
        none_built & differs & settings.report_nonconstruction,
        coverage >= 2,
        coverage == 1,
    ]
    choices = [HX_JS, NT_JS, HX_NT, KB_HX, KB_NT, KBW_JS, WZ, JS, YT, FJ, YZ, DG]
    types = np.select(conditions, choices, default=WGH).astype(object)
    js = np.flatnonzero(types == JS)
    if len(js):
        flags = np.where(construction[js], "1", np.where(covered[js], "0", "-"))
        types[js] = [JS + "_" + "".join(row) for row in flags]
    frame = pd.DataFrame({"type": types, "piece": np.arange(count)})
    for k in range(plan_count):
        frame[f"plan{k}_pos"] = sources[:, k]
    for key in ("ecological", "farmland", "urban_boundary", "approved", "admin"):
        frame[f"{key}_pos"] = sources[:, column[key]] if key in column else -1
    return frame


def _classes_differ(compare, covered):
    """True where two covering plans have different comparable (non-empty) classes."""
    values = np.where(covered & (compare != ""), compare, None)
    differs = np.zeros(len(compare), dtype=bool)
    for k in range(1, compare.shape[1]):
        for j in range(k):
            both = (values[:, k] != None) & (values[:, j] != None)  # noqa: E711 (object arrays)
            differs |= both & (values[:, k] != values[:, j])
    return differs


def _merge_adjacent(pieces, geometries, plans, plan_count):
    """Patches: conflict pieces merged with the neighbours they touch that say the same thing.

    Pieces are cut along every parcel edge of every plan; a reviewer wants one patch where plan A
    says R2 and plan B says 耕地, however many parcels that spans. Pieces are merged when they
    touch and agree on type, every plan's code, admin unit and control lines; the result is then
    split into connected polygons (pieces meeting only at a corner stay apart). Each patch keeps
    the source features of every plan it spans (``plan{k}_positions``).
    """
    if not len(pieces):
        frame = pieces.iloc[0:0].copy()
        frame["geometry"] = pd.Series(dtype=object)
        for k in range(plan_count):
            frame[f"plan{k}_positions"] = pd.Series(dtype=object)
        return frame
    key_frame = pieces[["type"] + [f"{name}_pos" for name in ("ecological", "farmland", "urban_boundary", "approved",
                                                             "admin")]].copy()
    for name in ("ecological", "farmland", "urban_boundary", "approved"):
        key_frame[f"{name}_pos"] = key_frame[f"{name}_pos"] >= 0
    for k, plan in enumerate(plans):
        codes = np.asarray([None if code is None else str(code) for code in plan.codes], dtype=object)
        position = pieces[f"plan{k}_pos"].to_numpy()
        key_frame[f"code{k}"] = np.where(position >= 0, codes[np.maximum(position, 0)] if len(codes) else None, "\0")
    key = key_frame.fillna("\1").groupby(list(key_frame.columns), sort=False).ngroup().to_numpy()
    a, b = query_in_threads(shapely.STRtree(geometries), geometries, "intersects")
    same = (a < b) & (key[a] == key[b])
    labels = _components(len(geometries), a[same], b[same])
    areas = shapely.area(geometries)
    order = np.lexsort((-areas, labels))  # per component, the largest piece first
    starts = np.flatnonzero(np.r_[True, np.diff(labels[order]) != 0])
    stops = np.r_[starts[1:], len(order)]
    merged = geometries[order[starts]].copy()  # components of one piece keep it as it is
    several = np.flatnonzero(stops - starts > 1)
    if len(several):
        groups = [geometries[order[starts[number]:stops[number]]] for number in several]
        merged[several] = _unions(groups)
    frame = pieces.iloc[order[starts]].reset_index(drop=True)
    component = np.repeat(np.arange(len(starts)), stops - starts)  # of each piece in ``order``
    for k in range(plan_count):
        frame[f"plan{k}_positions"] = _sorted_members(component, pieces[f"plan{k}_pos"].to_numpy()[order],
                                                      len(starts))
    parts, owner = shapely.get_parts(merged, return_index=True)
    keep = (shapely.get_type_id(parts) == 3) & ~shapely.is_empty(parts)
    frame = frame.iloc[owner[keep]].reset_index(drop=True)
    frame["geometry"] = parts[keep]
    return frame


def _unions(groups):
    """The union of each array of disjoint overlay pieces in ``groups``, in parallel threads
    (GEOS releases the GIL).

    Neighbouring pieces of an overlay share their edges vertex for vertex, which GEOS's coverage
    union merges about four times faster than ``union_all`` (it only matches edges, without
    noding them again). It refuses pieces whose edges do not match (a vertex on the neighbour's
    edge); a group it refuses, or whose result is invalid or has another area than its pieces
    (pieces that overlap), is merged by ``union_all`` instead, so the result is the same.
    """
    def run(part):
        out = np.empty(len(part), dtype=object)
        for number, group in enumerate(part):
            try:
                out[number] = shapely.coverage_union_all(group)
            except shapely.errors.GEOSException:
                out[number] = None
        return out

    holder = np.empty(len(groups), dtype=object)
    holder[:] = groups
    merged = run(holder) if len(groups) < 2_000 else in_threads(run, holder)
    sizes = np.array([len(group) for group in groups])
    pieces_area = np.add.reduceat(shapely.area(np.concatenate(groups)), np.r_[0, np.cumsum(sizes)[:-1]])
    refused = shapely.is_missing(merged)
    done = np.flatnonzero(~refused)
    refused[done] = (~in_threads(shapely.is_valid, merged[done])
                     | (np.abs(shapely.area(merged[done]) - pieces_area[done]) > 1e-9 * pieces_area[done] + 1e-6))
    for number in np.flatnonzero(refused):
        merged[number] = shapely.union_all(groups[number])
    return merged


def _sorted_members(component, positions, count):
    """Per component, the sorted distinct non-negative ``positions`` of its pieces, as lists."""
    keep = positions >= 0
    pairs = np.unique(np.stack([component[keep], positions[keep]]), axis=1)
    splits = np.searchsorted(pairs[0], np.arange(count + 1))
    values = pairs[1].tolist()
    out = np.empty(count, dtype=object)
    out[:] = [values[splits[i]:splits[i + 1]] for i in range(count)]
    return pd.Series(out, dtype=object)


def _components(count, a, b):
    """Connected-component labels of ``count`` nodes joined by edges (a, b): each node labelled
    with the smallest node of its component. Roots are hooked under the smallest root they are
    joined to, then every label jumps to its root (a few numpy passes, even for long chains)."""
    labels = np.arange(count)
    a, b = np.asarray(a, dtype=np.int64), np.asarray(b, dtype=np.int64)
    while len(a):
        label_a, label_b = labels[a], labels[b]
        low, high = np.minimum(label_a, label_b), np.maximum(label_a, label_b)
        joins = low < high
        if not joins.any():
            return labels
        low, high = low[joins], high[joins]
        order = np.lexsort((low, high))  # per root to hook, its smallest partner first
        high, low = high[order], low[order]
        first = np.r_[True, high[1:] != high[:-1]]
        labels[high[first]] = low[first]  # a root only ever moves under a smaller one: no cycles
        while True:
            jumped = labels[labels]
            if np.array_equal(jumped, labels):
                break
            labels = jumped
        a, b = a[joins], b[joins]  # edges inside one component stay so from now on
    return labels


def _split_slivers(patches, settings):
    """Patches below the minimum area, or narrower than the minimum width, set apart."""
    if not len(patches):
        slivers = patches.copy()
        slivers["sliver_reason"] = pd.Series(dtype=object)
        return patches, slivers
    geoms = patches["geometry"].to_numpy()
    small = patches["area_m2"].to_numpy() < settings.min_area
    narrow = np.zeros(len(patches), dtype=bool)
    if settings.min_width > 0:
        # Any shape has area ≤ inradius × perimeter, so a patch with area/perimeter above half
        # the width holds a disc wider than it: only the others need the (costly) inward buffer.
        candidates = np.flatnonzero(~small & (shapely.area(geoms) / np.maximum(shapely.length(geoms), 1e-12)
                                              <= settings.min_width / 2))
        if len(candidates):
            narrow[candidates] = shapely.is_empty(shapely.buffer(geoms[candidates], -settings.min_width / 2))
    sliver = small | narrow
    slivers = patches[sliver].copy()
    slivers["sliver_reason"] = np.where(small[sliver], SLIVER_AREA, SLIVER_WIDTH)
    return patches[~sliver].reset_index(drop=True), slivers.reset_index(drop=True)


def _describe(frame, plans, classes, extras, names):
    """Add the plans' codes and classes, control-line flags and admin unit to patch rows."""
    for k, (plan, table) in enumerate(zip(plans, classes)):
        position = frame[f"plan{k}_pos"].to_numpy()
        covered = position >= 0
        safe = np.where(covered, position, 0)
        ids = np.asarray(plan_feature_ids(plan), dtype=object)
        frame[f"plan{k}_name"] = names[k]
        frame[f"plan{k}_fid"] = [_id_list(ids, found) for found in frame[f"plan{k}_positions"]]
        frame[f"plan{k}_code"] = _masked(np.asarray(list(plan.codes), dtype=object), safe, covered)
        for column in ("source_name", "ydyh_code", "ydyh_name"):
            frame[f"plan{k}_{column}"] = _masked(table[column].to_numpy(dtype=object), safe, covered)
        built = table["is_construction"].to_numpy() if len(table) else np.zeros(0, dtype=bool)
        known = table["known"].to_numpy() if len(table) else np.zeros(0, dtype=bool)
        frame[f"plan{k}_construction"] = pd.array(
            [None if not c or not known[p] else bool(built[p]) for c, p in zip(covered, safe)], dtype="boolean")
    for key in ("ecological", "farmland", "urban_boundary", "approved"):
        frame[f"in_{key}"] = frame[f"{key}_pos"].to_numpy() >= 0
    admin = extras.get("admin")
    position = frame["admin_pos"].to_numpy()
    covered = position >= 0
    safe = np.where(covered, position, 0)
    for column, attribute in (("admin_code", "codes"), ("admin_name", "names")):
        values = getattr(admin, attribute) if admin is not None else None
        frame[column] = _masked(np.asarray(list(values), dtype=object), safe, covered) if values is not None \
            else np.full(len(frame), None, dtype=object)
    points = shapely.point_on_surface(frame["geometry"].to_numpy()) if len(frame) else np.empty(0, dtype=object)
    frame["x"], frame["y"] = shapely.get_x(points), shapely.get_y(points)


MAX_IDS_LISTED = 20


def plan_feature_ids(plan):
    """The texts naming a plan's features: its ``feature_ids``, else 1-based feature numbers."""
    if plan.feature_ids is not None:
        return [str(value) for value in plan.feature_ids]
    return [str(number) for number in range(1, len(plan.codes) + 1)]


def _id_list(ids, positions):
    """``"12,15,16"``: the source features a patch spans (the first 20, then the count), in
    the order of the features in their layer."""
    if not positions:
        return None
    listed = ",".join(str(ids[p]) for p in positions[:MAX_IDS_LISTED])
    return listed if len(positions) <= MAX_IDS_LISTED else f"{listed},…({len(positions)})"


def _masked(values, positions, mask):
    out = np.full(len(positions), None, dtype=object)
    if len(values):
        out[mask] = values[positions[mask]]
    return out


def _number(frame, prefix):
    """Stable ids: by admin code, then north to south, west to east (rounded to cm)."""
    if not len(frame):
        frame["patch_id"] = pd.Series(dtype=object)
        return frame
    order = pd.DataFrame({"admin": frame["admin_code"].fillna("").astype(str),
                          "north": -np.round(frame["y"].to_numpy(), 2), "east": np.round(frame["x"].to_numpy(), 2),
                          "area": -np.round(frame["area_m2"].to_numpy(), 2)})
    frame = frame.iloc[order.sort_values(["admin", "north", "east", "area"], kind="stable").index].reset_index(drop=True)
    admin = frame["admin_code"].fillna("").astype(str)
    sequence = frame.groupby(admin, sort=False).cumcount() + 1
    width = max(4, len(str(int(sequence.max()))))
    frame.insert(0, "patch_id", [f"{prefix}{code}{number:0{width}d}" for code, number in zip(admin, sequence)])
    return frame


def _summary(patches, slivers, agreement, names):
    rows = []
    for code in sorted(set(patches["type"]) | set(slivers["type"]) | set(agreement["type"]), key=_type_order):
        conflict = is_conflict(code)
        in_patches, in_slivers = patches[patches["type"] == code], slivers[slivers["type"] == code]
        area = in_patches["area_m2"].sum() if conflict else agreement.loc[agreement["type"] == code, "area_m2"].sum()
        rows.append({"type": code, "name_zh": type_name(code, names, "zh"), "name_en": type_name(code, names, "en"),
                     "is_conflict": conflict, "count": len(in_patches), "area_m2": float(area),
                     "sliver_count": len(in_slivers), "sliver_area_m2": float(in_slivers["area_m2"].sum())})
    columns = ["type", "name_zh", "name_en", "is_conflict", "count", "area_m2", "sliver_count", "sliver_area_m2"]
    return pd.DataFrame(rows, columns=columns)


def _type_order(code):
    base = JS if code.startswith(JS + "_") else code
    order = list(CONFLICT_ORDER) + list(AGREEMENT)
    return order.index(base), code


def _by_admin(patches, names):
    columns = ["admin_code", "admin_name", "type", "name_zh", "count", "area_m2"]
    if not len(patches):
        return pd.DataFrame(columns=columns)
    keys = patches.assign(admin_code=patches["admin_code"].fillna(""), admin_name=patches["admin_name"].fillna(""))
    grouped = keys.groupby(["admin_code", "admin_name", "type"], sort=False).agg(
        count=("patch_id", "size"), area_m2=("area_m2", "sum")).reset_index()
    grouped["name_zh"] = [type_name(code, names, "zh") for code in grouped["type"]]
    grouped["order"] = [_type_order(code) for code in grouped["type"]]
    grouped = grouped.sort_values(["admin_code", "order"]).drop(columns="order").reset_index(drop=True)
    return grouped[columns]


# -- the patch layer's fields ------------------------------------------------------------------
# Names follow the Nanjing 两规差异 model and 一张图 habits (uppercase pinyin initials, ≤ 10
# characters so a shapefile copy keeps them). Per-plan fields repeat with k = 1, 2, …

PATCH_ID, TYPE, TYPE_NAME = "CYTBBH", "CYLX", "CYLXMC"
PLAN_FIELDS = ("GH{k}", "GH{k}BSM", "GH{k}DM", "GH{k}MC", "GH{k}YDYH", "GH{k}YDMC", "GH{k}JS")
IN_ECOLOGICAL, IN_FARMLAND, IN_URBAN_BOUNDARY, IN_APPROVED = "STBHHX", "YJJBNT", "CZKFBJ", "YPXM"
ADMIN_CODE, ADMIN_NAME = "XZQDM", "XZQMC"
AREA_M2, AREA_HA, AREA_MU, AREA_METHOD = "AREA_M2", "AREA_HA", "AREA_MU", "AREA_MTHD"
#: Decimals of the area fields: m² to the cm², 公顷 to the m², 亩 to 1/100 亩 (about 6.7 m²).
AREA_DECIMALS = {AREA_M2: 2, AREA_HA: 4, AREA_MU: 2}
X, Y = "X", "Y"
SUGGESTION, SUGGESTION_NAME, RULE, SUGGESTION_REASON = "JYCL", "JYCLMC", "CLGZ", "JYLY"
DECISION, DECISION_NAME, DECISION_REASON, STATUS, REVIEWER, REVIEW_TIME = "CLJD", "CLJDMC", "CLLY", "SHZT", "SHR", "SHSJ"
SLIVER_REASON = "SPYY"  # 碎片原因 (slivers layer only)

STATUS_PENDING, STATUS_REVIEWED, STATUS_DEFERRED = "未审查", "已审查", "暂缓"


def field_spec(plan_count, slivers=False):
    """``[(name, python type, precision)]`` of the patch layer, in order."""
    spec = [(PATCH_ID, str, 0), (TYPE, str, 0), (TYPE_NAME, str, 0)]
    for k in range(1, plan_count + 1):
        spec += [(PLAN_FIELDS[0].format(k=k), str, 0), (PLAN_FIELDS[1].format(k=k), str, 0),
                 (PLAN_FIELDS[2].format(k=k), str, 0), (PLAN_FIELDS[3].format(k=k), str, 0),
                 (PLAN_FIELDS[4].format(k=k), str, 0), (PLAN_FIELDS[5].format(k=k), str, 0),
                 (PLAN_FIELDS[6].format(k=k), int, 0)]
    spec += [(IN_ECOLOGICAL, int, 0), (IN_FARMLAND, int, 0), (IN_URBAN_BOUNDARY, int, 0), (IN_APPROVED, int, 0),
             (ADMIN_CODE, str, 0), (ADMIN_NAME, str, 0),
             (AREA_M2, float, AREA_DECIMALS[AREA_M2]), (AREA_HA, float, AREA_DECIMALS[AREA_HA]),
             (AREA_MU, float, AREA_DECIMALS[AREA_MU]), (AREA_METHOD, str, 0),
             (X, float, 3), (Y, float, 3)]
    if slivers:
        return spec + [(SLIVER_REASON, str, 0)]
    return spec + [(SUGGESTION, str, 0), (SUGGESTION_NAME, str, 0), (RULE, str, 0), (SUGGESTION_REASON, str, 0),
                   (DECISION, str, 0), (DECISION_NAME, str, 0), (DECISION_REASON, str, 0), (STATUS, str, 0),
                   (REVIEWER, str, 0), (REVIEW_TIME, str, 0)]


def layer_table(frame, plan_names, area_method_label=ELLIPSOIDAL_METHOD, slivers=False):
    """Patch rows (from :func:`detect_conflicts`) as a DataFrame with the layer's field names.

    Texts (type names, sliver reasons, the area method when a :class:`core.report.Text`) are in
    :func:`layer_language`; areas are rounded to :data:`AREA_DECIMALS`.
    """
    from ..units import to_hectares, to_mu

    language = layer_language()
    out = pd.DataFrame(index=frame.index)
    out[PATCH_ID] = frame["patch_id"]
    out[TYPE] = frame["type"]
    out[TYPE_NAME] = [type_name(code, plan_names, language) for code in frame["type"]]
    for k, name in enumerate(plan_names):
        number = k + 1
        names = [field.format(k=number) for field in PLAN_FIELDS]
        out[names[0]] = name
        out[names[1]] = [None if value is None else str(value) for value in frame[f"plan{k}_fid"]]
        out[names[2]] = [None if value is None else str(value) for value in frame[f"plan{k}_code"]]
        out[names[3]] = frame[f"plan{k}_source_name"]
        out[names[4]] = frame[f"plan{k}_ydyh_code"]
        out[names[5]] = frame[f"plan{k}_ydyh_name"]
        out[names[6]] = [None if pd.isna(value) else int(value) for value in frame[f"plan{k}_construction"]]
    for name, key in ((IN_ECOLOGICAL, "in_ecological"), (IN_FARMLAND, "in_farmland"),
                      (IN_URBAN_BOUNDARY, "in_urban_boundary"), (IN_APPROVED, "in_approved")):
        out[name] = frame[key].astype(int)
    out[ADMIN_CODE], out[ADMIN_NAME] = frame["admin_code"], frame["admin_name"]
    area = frame["area_m2"].to_numpy(dtype=float)
    out[AREA_M2] = np.round(area, AREA_DECIMALS[AREA_M2])
    out[AREA_HA] = np.round(to_hectares(area), AREA_DECIMALS[AREA_HA])
    out[AREA_MU] = np.round(to_mu(area), AREA_DECIMALS[AREA_MU])
    out[AREA_METHOD] = layer_text(area_method_label) if isinstance(area_method_label, Text) else area_method_label
    out[X], out[Y] = np.round(frame["x"].to_numpy(dtype=float), 3), np.round(frame["y"].to_numpy(dtype=float), 3)
    if slivers:
        out[SLIVER_REASON] = [layer_text(SLIVER_REASONS[reason]) if reason in SLIVER_REASONS else reason
                              for reason in frame["sliver_reason"]]
    else:
        for name in (SUGGESTION, SUGGESTION_NAME, RULE, SUGGESTION_REASON, DECISION, DECISION_NAME,
                     DECISION_REASON, REVIEWER, REVIEW_TIME):
            out[name] = None
        out[STATUS] = STATUS_PENDING
        out = out[[name for name, _, _ in field_spec(len(plan_names))]]
    return out


def plan_count_of(field_names):
    """How many plans a patch layer describes (GH1…GHn fields)."""
    count = 0
    while f"GH{count + 1}DM" in field_names:
        count += 1
    return count
