"""Project red-line compliance pre-review (项目空间预审 / 用地预审 合规性检查).

:func:`check_projects` overlays proposed project plots (红线, e.g. read from a 界址点坐标 TXT by
:mod:`core.intake.coordinate_txt` and converted by the caller) with the review layers (the three
control lines, zoning, plans, the land survey, 双评价 suitability …) and says, per project:

* ``overlaps``: what each project occupies in each layer, per feature class, with the feature
  ids, the ellipsoidal area (:func:`core.areas.polygon_areas`, the figure land approval uses),
  the share of the project and the overlap geometry;
* ``relations``: per project and layer, ``overlaps`` / ``touches`` / ``near`` / ``clear`` and
  the planar distance;
* ``verdicts``: one row per project and rule that applies to the layers supplied;
* ``projects``: per project its area and overall status (worst verdict).

Rules
-----
Stable ids. The statuses are **this plugin's default reading** of the 2019 guidance
《关于在国土空间规划中统筹划定落实三条控制线的指导意见》 (domain notes §3.1): no development
(开发性、生产性建设) in the ecological red line; occupying permanent basic farmland needs State
Council approval and 补划; urban construction belongs inside the urban development boundary. A
pre-review only flags; the approving authority decides.

======  ===================================  ==================================================
rule    layers (``kind``)                    status
======  ===================================  ==================================================
HX      ``ecological`` (生态保护红线)         overlaps by more than ``min_area`` → fail;
                                             overlaps by at most ``min_area`` (a digitising
                                             sliver) → attention, with its area; touches
                                             (shared boundary, zero overlap area) →
                                             attention; near (within ``buffer_distance``) →
                                             attention; clear → pass
NT      ``farmland`` (永久基本农田)           as HX; a fail needs 国务院批准 + 补划
KB      ``urban_boundary`` (城镇开发边界)     entirely inside → pass; partly outside →
                                             attention (with the area outside); entirely
                                             outside → attention (only 线性/点状 projects and
                                             rural uses may lie outside)
GD      ``survey`` / ``plan``                 occupies (占用) a class starting with one of
                                             ``farmland_classes`` (耕地) → attention with the
                                             area per class; otherwise pass
SYX     ``suitability`` (双评价)              lies (位于) in a class containing one of
                                             ``unsuitable_labels`` → attention; otherwise pass
======  ===================================  ==================================================

Layers of kind ``zones`` and ``other`` are reported in ``overlaps`` and ``relations`` only:
they get **no verdict row**, since no rule reads them. Several layers of one kind (e.g. two
red-line layers) give one verdict per project: the worst of the layers, with every layer's
reason. GD and SYX need class labels: a layer without ``classes`` gets no GD/SYX verdict and a
``no_classes:<layer>`` warning. A project without any verdict (no layers, or only zones/other
layers) has status ``pass`` with the reason "no rule checked".

Wording: the restrictive lines and land classes are *occupied* (占用生态保护红线, 占用耕地);
the urban boundary, zones and suitability classes are places a project *lies within* (位于城镇
开发边界内, 位于不适宜区). Every sentence comes in both wordings, ``reason_zh`` and ``reason_en``
(Chinese sentences name rules by their names, not by the rule ids); reports pick one or both
(:mod:`core.control_lines.compliance_report`).

``min_area`` (:data:`MIN_OVERLAP_AREA`, 0.01 亩 ≈ 6.67 m² by default) separates a real overlap
from a digitising sliver: project red-lines and control lines are drawn independently, and a
boundary that is off by a few centimetres along a 100 m edge leaves a sliver of a few m². Such
an overlap is not waved through: the project needs attention, with the sliver's area, so the
reviewer checks it; it just does not fail the project. 0.01 亩 is the smallest area the reports
give in 亩 (two decimals) and lies well above floating-point noise (``noise_area``).

Relations
---------
``overlaps`` when the ellipsoidal area of project ∩ layer exceeds ``noise_area`` (1e-5 亩 by
default; smaller overlaps are floating-point noise); ``touches`` when they intersect with no
more overlap than that, e.g. an exactly shared edge; ``near`` when within ``buffer_distance``
(> 0) without touching; ``clear`` otherwise. ``distance`` is planar in the working CRS: 0 for
overlaps/touches, the smallest distance to a layer feature otherwise (NaN for an empty layer).
Overlap rows at or below ``noise_area`` are left out of ``overlaps``.

Efficiency
----------
One STRtree per layer, queried once with all the (prepared) projects: ``intersects``, or
``dwithin buffer_distance`` when a buffer is set, evaluated by GEOS inside the query on the raw
features (these predicates need no validity). Only those candidates are repaired (make_valid on
a copy) and tested again, and only intersecting pairs are intersected. ``shapely.distance``
runs on the candidate pairs only; the distance of a clear project is the tree's nearest-neighbour
distance. A compact project against three layers of 100,000 parcels takes about 0.1 s, mostly
building the trees. A long diagonal project (a road) has an envelope covering much of a
layer, so the tree tests many more features (about 0.3 s per 100,000-feature layer).

Ordering is stable: projects in input order, then layers in input order, then class labels.
Project ids default to positions (0, 1, …); feature ids to feature numbers (1 = the first
feature), as :func:`processing.layer_io.feature_ids` names features without an id field.
"""
import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from ..areas import polygon_areas
from ..crs import as_pyproj_crs
from ..geometry import as_array, in_threads, polygonal, present, valid_polygonal
from ..progress import report
from ..units import SQUARE_METRES_PER_MU, to_mu

ECOLOGICAL, FARMLAND, URBAN_BOUNDARY, ZONES, PLAN, SURVEY, SUITABILITY, OTHER = (
    "ecological", "farmland", "urban_boundary", "zones", "plan", "survey", "suitability", "other")
KINDS = (ECOLOGICAL, FARMLAND, URBAN_BOUNDARY, ZONES, PLAN, SURVEY, SUITABILITY, OTHER)

HX, NT, KB, GD, SYX = "HX", "NT", "KB", "GD", "SYX"
RULES = (HX, NT, KB, GD, SYX)
RULE_KINDS = {HX: (ECOLOGICAL,), NT: (FARMLAND,), KB: (URBAN_BOUNDARY,), GD: (SURVEY, PLAN), SYX: (SUITABILITY,)}
RULE_NAMES = {
    HX: ("生态保护红线", "Ecological protection red line"),
    NT: ("永久基本农田", "Permanent basic farmland"),
    KB: ("城镇开发边界", "Urban development boundary"),
    GD: ("耕地占用", "Cultivated land occupied"),
    SYX: ("国土空间开发适宜性", "Development suitability"),
}

PASS, ATTENTION, FAIL = "pass", "attention", "fail"
STATUS_RANK = {PASS: 0, ATTENTION: 1, FAIL: 2}
STATUS_NAMES = {PASS: ("通过", "pass"), ATTENTION: ("需关注", "attention"), FAIL: ("不通过", "fail")}

OVERLAPS, TOUCHES, NEAR, CLEAR = "overlaps", "touches", "near", "clear"
RELATIONS = (OVERLAPS, TOUCHES, NEAR, CLEAR)

NOISE_AREA = 1e-5 * SQUARE_METRES_PER_MU
"""m²: overlaps smaller than this (1e-5 亩) are floating-point noise, read as touching."""
MIN_OVERLAP_AREA = 0.01 * SQUARE_METRES_PER_MU
"""m²: overlaps of the red line or basic farmland up to this area (0.01 亩 ≈ 6.67 m²) are read as
digitising slivers: the project needs attention instead of failing (see the module docstring)."""
INSIDE_SHARE = 1 - 1e-9
"""A project with at least this share inside the urban boundary is entirely inside."""
GRID_SIZE = 1e-3
"""m: precision of a retried intersection when GEOS fails on a pair (the 0.001 m 精度 of 界址点)."""
MAX_IDS_LISTED = 20  # as core.conflicts.detection: the first 20 ids, then the count

OVERLAP_COLUMNS = ["project_id", "layer", "kind", "class", "feature_ids", "feature_count", "area_m2", "area_mu",
                   "share", "geometry"]
RELATION_COLUMNS = ["project_id", "layer", "kind", "relation", "distance", "overlap_m2", "share", "feature_ids"]
VERDICT_COLUMNS = ["project_id", "rule", "status", "reason_zh", "reason_en", "layers"]
PROJECT_COLUMNS = ["project_id", "project_name", "area_m2", "area_mu", "status", "reason_zh", "reason_en"]


@dataclass
class ReviewLayer:
    """A layer projects are checked against, in the projects' projected CRS (metres)."""

    name: str  # shown in reports, e.g. "生态保护红线"
    kind: str  # one of KINDS
    geometries: np.ndarray  # shapely polygons
    classes: list = None  # per feature: zone type, plan code, 地类编码, suitability grade … (or None);
    # compared as text, so codes must keep their leading zeros ("0101", not 101)
    feature_ids: list = None  # default: positions


@dataclass
class ComplianceSettings:
    buffer_distance: float = 0.0  # m: projects this close to the red line / farmland get "attention" (0 = off)
    noise_area: float = NOISE_AREA  # m²: overlaps at most this large count as touching
    min_area: float = MIN_OVERLAP_AREA  # m²: red line / farmland overlaps up to this are slivers (attention)
    farmland_classes: tuple = ("01",)  # class prefixes counted as 耕地: 三调 0101-0103 and 用地用海 01…
    unsuitable_labels: tuple = ("不适宜", "unsuitable")  # suitability labels containing one of these


@dataclass
class ComplianceResult:
    overlaps: pd.DataFrame  # OVERLAP_COLUMNS: per project, layer and class
    relations: pd.DataFrame  # RELATION_COLUMNS: per (non-empty) project and layer
    verdicts: pd.DataFrame  # VERDICT_COLUMNS: per project and applicable rule
    projects: pd.DataFrame  # PROJECT_COLUMNS: per project
    repaired: list = field(default_factory=list)  # ids of the projects repaired with make_valid
    warnings: list = field(default_factory=list)


def check_projects(projects, crs, layers, project_ids=None, project_names=None, settings=None, progress=None):
    """Check project plots against review layers (see the module docstring for the rules).

    ``projects``: shapely (Multi)Polygons in the projected working ``crs``; invalid ones are
    repaired on a copy and their ids listed in ``result.repaired``. ``layers``: a list of
    :class:`ReviewLayer` in the same CRS. ``progress``: callable taking a fraction (may raise
    :class:`core.progress.Cancelled`).
    """
    settings = settings or ComplianceSettings()
    if as_pyproj_crs(crs).is_geographic:
        raise ValueError("compliance checks need a projected CRS (metres)")
    layers = list(layers or [])
    for layer in layers:
        if layer.kind not in KINDS:
            raise ValueError(f"unknown layer kind {layer.kind!r} of {layer.name!r}; use one of {KINDS}")
    names = [layer.name for layer in layers]
    if len(set(names)) != len(names):
        raise ValueError(f"review layer names must differ: {names}")

    raw = as_array(projects)
    count = len(raw)
    ids = list(range(count)) if project_ids is None else list(project_ids)
    titles = [None] * count if project_names is None else list(project_names)
    if len(ids) != count or len(titles) != count:
        raise ValueError("project_ids and project_names must have one entry per project")
    warnings = []
    if len(set(map(str, ids))) != count:
        warnings.append("duplicate_project_ids")

    shapes = valid_polygonal(raw)
    was_present = present(raw)
    repaired_mask = was_present & ~shapely.is_valid(raw)
    repaired = [ids[k] for k in np.flatnonzero(repaired_mask)]
    active = present(shapes)
    active &= shapely.area(np.where(active, shapes, None)) > 0
    if (~active).any():
        warnings.append("empty_projects:" + ",".join(str(ids[k]) for k in np.flatnonzero(~active)))

    scans = []
    unprepared = np.flatnonzero(active & ~shapely.is_prepared(shapes))
    shapely.prepare(shapes[unprepared])
    try:
        for number, layer in enumerate(layers):
            scan = _scan_layer(layer, shapes, active, settings)
            if scan.feature_count == 0:
                warnings.append(f"empty_layer:{layer.name}")
            if scan.repaired:
                warnings.append(f"repaired_features:{layer.name}:{scan.repaired}")
            scans.append(scan)
            report(progress, 0.9 * (number + 1) / len(layers))
    finally:
        shapely.destroy_prepared(shapes[unprepared])

    # One area call for everything, so projects and their overlaps share one equal-area projection.
    pieces = [shapes] + [scan.group_geoms for scan in scans] + [scan.union_geoms for scan in scans]
    areas = polygon_areas(np.concatenate(pieces), crs)
    project_area = np.where(active, areas[:count], np.nan)
    offset = count
    for scan in scans:
        scan.group_area = areas[offset:offset + len(scan.group_geoms)]
        offset += len(scan.group_geoms)
    for scan in scans:
        scan.union_area = areas[offset:offset + len(scan.union_geoms)]
        offset += len(scan.union_geoms)

    overlaps = _overlap_table(layers, scans, ids, project_area, settings)
    relations = _relation_table(layers, scans, ids, active, project_area, settings)
    verdicts = _verdict_table(layers, relations, overlaps, ids, active, project_area, settings, warnings)
    table = _project_table(verdicts, ids, titles, active, project_area, bool(layers))
    report(progress, 1.0)
    return ComplianceResult(overlaps=overlaps[OVERLAP_COLUMNS], relations=relations[RELATION_COLUMNS],
                            verdicts=verdicts[VERDICT_COLUMNS], projects=table, repaired=repaired,
                            warnings=warnings)


# -- scanning one layer ------------------------------------------------------------------------

@dataclass
class _LayerScan:
    feature_count: int  # features present in the layer
    repaired: int  # candidate features repaired with make_valid
    nearest: np.ndarray  # per project: smallest planar distance to the layer (NaN: none)
    touching: np.ndarray  # per project: intersects some feature
    pair_project: np.ndarray  # candidate pairs within the buffer (or intersecting)
    pair_feature: np.ndarray
    pair_distance: np.ndarray
    group_project: np.ndarray  # per (project, class) group of overlap pieces
    group_class: list
    group_features: list  # feature positions concerned
    group_geoms: np.ndarray
    union_project: np.ndarray  # per project with overlap pieces: their union
    union_geoms: np.ndarray
    ids: object  # the layer's feature ids, indexable by position
    group_area: np.ndarray = None
    union_area: np.ndarray = None


def _scan_layer(layer, shapes, active, settings):
    raw = as_array(layer.geometries)
    count = len(shapes)
    distance = float(settings.buffer_distance or 0.0)
    classes = None if layer.classes is None else list(layer.classes)
    if classes is not None and len(classes) != len(raw):
        raise ValueError(f"layer {layer.name!r}: {len(classes)} classes for {len(raw)} features")
    if layer.feature_ids is not None and len(layer.feature_ids) != len(raw):
        raise ValueError(f"layer {layer.name!r}: {len(layer.feature_ids)} ids for {len(raw)} features")
    tree = shapely.STRtree(raw)
    feature_count = int(present(raw).sum()) if len(raw) else 0
    queried = np.flatnonzero(active)
    if len(queried) and feature_count:
        which, feature = _candidates(tree, shapes[queried], distance)
    else:
        which = feature = np.zeros(0, dtype=int)
    project = queried[which]

    # Repair only the candidates, on a copy, and test them again as repaired.
    candidates, position = np.unique(feature, return_inverse=True)
    before = raw[candidates]
    fixed = valid_polygonal(before)
    repaired = int((present(before) & ~shapely.is_valid(before)).sum())
    geoms = fixed[position] if len(feature) else np.zeros(0, dtype=object)
    keep = present(geoms) if len(geoms) else np.zeros(0, dtype=bool)
    project, feature, geoms = project[keep], feature[keep], geoms[keep]
    mine = shapes[project]
    if distance > 0:
        keep = shapely.dwithin(mine, geoms, distance)
        project, feature, geoms, mine = project[keep], feature[keep], geoms[keep], mine[keep]
        gap = shapely.distance(mine, geoms)
    else:
        keep = shapely.intersects(mine, geoms)
        project, feature, geoms, mine = project[keep], feature[keep], geoms[keep], mine[keep]
        gap = np.zeros(len(project))

    nearest = np.full(count, np.nan)
    if len(project):
        nearest_found = np.full(count, np.inf)
        np.minimum.at(nearest_found, project, gap)
        found = np.isfinite(nearest_found)
        nearest[found] = nearest_found[found]
    lonely = np.flatnonzero(active & np.isnan(nearest))
    if len(lonely) and feature_count:
        (which, _), far = tree.query_nearest(shapes[lonely], return_distance=True)
        best = np.full(len(lonely), np.inf)
        np.minimum.at(best, which, far)
        nearest[lonely] = np.where(np.isfinite(best), best, np.nan)

    hit = gap <= 0
    touching = np.zeros(count, dtype=bool)
    touching[project[hit]] = True
    pieces = _intersections(mine[hit], geoms[hit])
    piece_area = shapely.area(pieces) if len(pieces) else np.zeros(0)
    solid = piece_area > 0
    piece_project, piece_feature = project[hit][solid], feature[hit][solid]
    pieces, piece_area = pieces[solid], piece_area[solid]
    labels = [_class_label(classes[k]) for k in piece_feature] if classes is not None else [None] * len(pieces)

    groups = _groups(piece_project, labels, pieces, piece_area, piece_feature, settings.noise_area)
    group_project, group_class, group_features, group_geoms = groups
    union_project, union_geoms = _unions(group_project, group_geoms)
    return _LayerScan(feature_count=feature_count, repaired=repaired, nearest=nearest, touching=touching,
                      pair_project=project, pair_feature=feature, pair_distance=gap,
                      group_project=group_project, group_class=group_class, group_features=group_features,
                      group_geoms=group_geoms, union_project=union_project, union_geoms=union_geoms,
                      ids=_feature_ids(layer, len(raw)))


def _candidates(tree, queries, distance):
    """(query, feature) pairs within ``distance`` (intersecting when 0), from one bulk tree query.

    GEOS tests the raw features against the prepared projects inside the query; those predicates
    do not need valid geometries, and the caller tests the candidates again once repaired. If GEOS
    refuses a geometry, every feature whose envelope is within ``distance`` is a candidate.
    """
    try:
        if distance > 0:
            return tree.query(queries, predicate="dwithin", distance=distance)
        return tree.query(queries, predicate="intersects")
    except shapely.errors.GEOSException:
        envelopes = shapely.bounds(queries)
        return tree.query(shapely.box(envelopes[:, 0] - distance, envelopes[:, 1] - distance,
                                      envelopes[:, 2] + distance, envelopes[:, 3] + distance))


def _intersections(a, b):
    """Polygonal parts of a ∩ b pairwise; a pair GEOS cannot intersect is retried on a 1 mm grid."""
    if not len(a):
        return np.zeros(0, dtype=object)
    try:
        out = in_threads(shapely.intersection, a, b)
    except shapely.errors.GEOSException:
        out = np.empty(len(a), dtype=object)
        for k in range(len(a)):
            try:
                out[k] = shapely.intersection(a[k], b[k])
            except shapely.errors.GEOSException:
                out[k] = shapely.intersection(a[k], b[k], grid_size=GRID_SIZE)
    return polygonal(out)


def _class_label(value):
    """A feature's class as text (None for null, NaN or blank)."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _groups(piece_project, labels, pieces, piece_area, piece_feature, noise_area):
    """Overlap pieces merged per (project, class), ordered by project then class (None first)."""
    if not len(pieces):
        return np.zeros(0, dtype=int), [], [], np.zeros(0, dtype=object)
    frame = pd.DataFrame({"project": piece_project, "key": ["" if label is None else label for label in labels],
                          "row": np.arange(len(pieces))})
    group_project, group_class, group_features, geoms = [], [], [], []
    for (project, key), rows in frame.groupby(["project", "key"], sort=True)["row"]:
        rows = rows.to_numpy()
        geoms.append(pieces[rows[0]] if len(rows) == 1 else _union(pieces[rows]))
        # The features that really overlap; slivers of float noise only if nothing else does.
        real = rows[piece_area[rows] > noise_area]
        chosen = real if len(real) else rows
        group_project.append(int(project))
        group_class.append(key or None)
        group_features.append(sorted(set(piece_feature[chosen].tolist())))
    return np.asarray(group_project, dtype=int), group_class, group_features, _objects(geoms)


def _unions(group_project, group_geoms):
    """Per project, the union of its class groups (the groups themselves when only one)."""
    if not len(group_project):
        return np.zeros(0, dtype=int), np.zeros(0, dtype=object)
    projects, starts = np.unique(group_project, return_index=True)  # groups are sorted by project
    stops = np.r_[starts[1:], len(group_project)]
    geoms = [group_geoms[start] if stop - start == 1 else _union(group_geoms[start:stop])
             for start, stop in zip(starts, stops)]
    return projects, _objects(geoms)


def _objects(values):
    out = np.empty(len(values), dtype=object)
    out[:] = values
    return out


def _union(geoms):
    try:
        merged = shapely.union_all(geoms)
    except shapely.errors.GEOSException:
        merged = shapely.union_all(geoms, grid_size=GRID_SIZE)
    return polygonal(np.array([merged], dtype=object))[0]


def _id_list(ids, positions):
    """The ids of the features at ``positions``, sorted (numbers by value), so the list does not
    depend on the order the features were read in (a spatial index, a file format)."""
    if not positions:
        return None
    names = sorted({str(ids[p]) for p in positions}, key=_id_order)
    listed = ",".join(names[:MAX_IDS_LISTED])
    return listed if len(names) <= MAX_IDS_LISTED else f"{listed},…({len(names)})"


def _id_order(text):
    return (0, int(text), "") if text.isdigit() else (1, 0, text)


def _feature_ids(layer, count):
    ids = layer.feature_ids
    if ids is None:
        return range(1, count + 1)
    return ids if isinstance(ids, (list, tuple, np.ndarray)) else list(ids)  # e.g. a Series: by position


# -- tables ------------------------------------------------------------------------------------

def _overlap_table(layers, scans, ids, project_area, settings):
    rows = []
    for number, (layer, scan) in enumerate(zip(layers, scans)):
        feature_ids = scan.ids
        for k, project in enumerate(scan.group_project):
            area = float(scan.group_area[k])
            if not area > settings.noise_area:
                continue
            rows.append({"project_pos": project, "layer_pos": number, "project_id": ids[project], "layer": layer.name,
                         "kind": layer.kind, "class": scan.group_class[k],
                         "feature_ids": _id_list(feature_ids, scan.group_features[k]),
                         "feature_count": len(scan.group_features[k]), "area_m2": area, "area_mu": float(to_mu(area)),
                         "share": _share(area, project_area[project]), "geometry": scan.group_geoms[k]})
    if not rows:
        return _empty(["project_pos", "layer_pos"] + OVERLAP_COLUMNS)
    frame = pd.DataFrame(rows)
    # Groups are already ordered by class within a layer; a stable sort keeps that order.
    return frame.sort_values(["project_pos", "layer_pos"], kind="stable").reset_index(drop=True)


def _empty(columns):
    return pd.DataFrame({column: pd.Series(dtype=object) for column in columns})


def _share(area, total):
    return float(area / total) if total and total > 0 else float("nan")


def _relation_table(layers, scans, ids, active, project_area, settings):
    rows = []
    distance = float(settings.buffer_distance or 0.0)
    for project in np.flatnonzero(active):
        for number, (layer, scan) in enumerate(zip(layers, scans)):
            feature_ids = scan.ids
            found = np.flatnonzero(scan.union_project == project)
            overlap = float(scan.union_area[found[0]]) if len(found) else 0.0
            pairs = scan.pair_project == project
            if overlap > settings.noise_area:
                relation, gap = OVERLAPS, 0.0
                concerned = sorted(set().union(*(scan.group_features[k]
                                                 for k in np.flatnonzero(scan.group_project == project))))
            elif scan.touching[project]:
                relation, gap = TOUCHES, 0.0
                concerned = sorted(set(scan.pair_feature[pairs & (scan.pair_distance <= 0)].tolist()))
            elif distance > 0 and scan.nearest[project] <= distance:
                relation, gap = NEAR, float(scan.nearest[project])
                concerned = sorted(set(scan.pair_feature[pairs].tolist()))
            else:
                relation, gap, concerned = CLEAR, float(scan.nearest[project]), []
            rows.append({"project_pos": project, "layer_pos": number,
                         "project_id": ids[project], "layer": layer.name, "kind": layer.kind, "relation": relation,
                         "distance": gap, "overlap_m2": overlap, "share": _share(overlap, project_area[project]),
                         "feature_ids": _id_list(feature_ids, concerned)})
    return pd.DataFrame(rows) if rows else _empty(["project_pos", "layer_pos"] + RELATION_COLUMNS)


def _area_zh(area):
    return f"{area:.2f} m²（{to_mu(area):.2f} 亩）"


def _area_en(area):
    return f"{area:.2f} m² ({to_mu(area):.2f} mu)"


def _distance_zh(gap):
    return f"（最近距离 {gap:.2f} m）" if np.isfinite(gap) else ""


def _distance_en(gap):
    return f" (nearest {gap:.2f} m)" if np.isfinite(gap) else ""


def _control_line(rule, layer, relation, settings, ids_text):
    """HX / NT reading of one layer's relation row: (status, zh, en)."""
    name = layer.name
    involved_zh = f"，涉及图斑 {ids_text}" if ids_text else ""
    involved_en = f", features {ids_text}" if ids_text else ""
    if relation.relation == OVERLAPS and relation.overlap_m2 <= settings.min_area:
        area, limit = relation.overlap_m2, settings.min_area
        return (ATTENTION,
                f"与{name}重叠 {_area_zh(area)}，不超过最小重叠面积 {limit:.2f} m²，疑为数字化误差形成的碎片，"
                f"需核实{involved_zh}",
                f"overlaps {name} by only {_area_en(area)}, no more than the minimum overlap area of {limit:.2f} m²: "
                f"probably a digitising sliver, to be checked{involved_en}")
    if relation.relation == OVERLAPS:
        area, share = relation.overlap_m2, relation.share
        if rule == HX:
            zh_tail = "生态保护红线内原则上禁止开发性、生产性建设活动"
            en_tail = "development and production construction are in principle not allowed in the red line"
        else:
            zh_tail = "占用永久基本农田须报国务院批准并补划"
            en_tail = "occupying permanent basic farmland needs State Council approval and compensation (补划)"
        return (FAIL, f"占用{name} {_area_zh(area)}，占项目面积 {share:.2%}{involved_zh}；{zh_tail}",
                f"overlaps {name} by {_area_en(area)}, {share:.2%} of the project{involved_en}; {en_tail}")
    if relation.relation == TOUCHES:
        return (ATTENTION, f"与{name}边界相接，重叠面积为 0{involved_zh}",
                f"shares a boundary with {name}, zero overlap area{involved_en}")
    if relation.relation == NEAR:
        buffer = settings.buffer_distance
        return (ATTENTION, f"距{name} {relation.distance:.2f} m，在 {buffer:g} m 缓冲距离内{involved_zh}",
                f"within {buffer:g} m of {name} ({relation.distance:.2f} m){involved_en}")
    return (PASS, f"未占用{name}{_distance_zh(relation.distance)}",
            f"does not overlap {name}{_distance_en(relation.distance)}")


def _urban_boundary(layer, relation, project_area, settings):
    name = layer.name
    inside = relation.overlap_m2
    outside = max(project_area - inside, 0.0)
    if relation.relation == OVERLAPS and (relation.share >= INSIDE_SHARE or outside <= settings.noise_area):
        return PASS, f"全部位于{name}内", f"entirely inside {name}"
    if relation.relation == OVERLAPS:
        return (ATTENTION,
                f"部分位于{name}外：边界外 {_area_zh(outside)}，占项目面积 {outside / project_area:.2%}",
                f"partly outside {name}: {_area_en(outside)} outside, {outside / project_area:.2%} of the project")
    return (ATTENTION,
            f"位于{name}外{_distance_zh(relation.distance)}：边界外仅允许线性、点状项目及农村建设等",
            f"outside {name}{_distance_en(relation.distance)}: only linear or point-like projects and rural "
            f"uses are allowed outside the urban boundary")


def _class_rule(rule, layer, rows, settings):
    """GD / SYX reading of one layer's overlap rows of one project: (status, zh, en)."""
    if rule == GD:
        prefixes = tuple(str(prefix) for prefix in settings.farmland_classes)
        flagged = rows.loc[np.array([label is not None and label.startswith(prefixes) for label in rows["class"]],
                                    dtype=bool)]
        what_zh, what_en = "耕地", "cultivated land"
    else:
        labels = tuple(str(label).casefold() for label in settings.unsuitable_labels)
        flagged = rows.loc[np.array([label is not None and any(bad in label.casefold() for bad in labels)
                                     for label in rows["class"]], dtype=bool)]
        what_zh, what_en = "不适宜区", "unsuitable land"
    total = float(flagged["area_m2"].sum()) if len(flagged) else 0.0
    share = float(flagged["share"].sum()) if len(flagged) else 0.0
    parts_zh = "、".join(f"{row['class']} {_area_zh(row['area_m2'])}" for _, row in flagged.iterrows())
    parts_en = ", ".join(f"{row['class']} {_area_en(row['area_m2'])}" for _, row in flagged.iterrows())
    if rule == GD:  # land is occupied (占用耕地)
        if not len(flagged):
            return PASS, f"未占用{what_zh}（{layer.name}）", f"does not occupy {what_en} ({layer.name})"
        return (ATTENTION,
                f"占用{what_zh}（{layer.name}）{_area_zh(total)}，占项目面积 {share:.2%}：{parts_zh}",
                f"occupies {what_en} ({layer.name}) {_area_en(total)}, {share:.2%} of the project: {parts_en}")
    # A suitability grade is where a project lies (位于不适宜区), not something it occupies.
    if not len(flagged):
        return PASS, f"未位于{what_zh}（{layer.name}）", f"does not lie in {what_en} ({layer.name})"
    return (ATTENTION,
            f"部分位于{what_zh}（{layer.name}）{_area_zh(total)}，占项目面积 {share:.2%}：{parts_zh}"
            if share < INSIDE_SHARE else
            f"位于{what_zh}（{layer.name}）{_area_zh(total)}，占项目面积 {share:.2%}：{parts_zh}",
            f"lies in {what_en} ({layer.name}) for {_area_en(total)}, {share:.2%} of the project: {parts_en}")


def _verdict_table(layers, relations, overlaps, ids, active, project_area, settings, warnings):
    rule_layers = {}
    for rule in RULES:
        chosen = [layer for layer in layers if layer.kind in RULE_KINDS[rule]]
        if rule in (GD, SYX):
            for layer in chosen:
                if layer.classes is None:
                    warnings.append(f"no_classes:{layer.name}")
            chosen = [layer for layer in chosen if layer.classes is not None]
        if chosen:
            rule_layers[rule] = chosen
    if not rule_layers:
        return _empty(["project_pos"] + VERDICT_COLUMNS)
    relation_of = {(row.project_pos, row.layer_pos): row for row in relations.itertuples(index=False)}
    number_of = {layer.name: number for number, layer in enumerate(layers)}
    rows = []
    for project in np.flatnonzero(active):
        pid = ids[project]
        mine = overlaps[overlaps["project_pos"].to_numpy() == project]
        for rule, chosen in rule_layers.items():
            readings = []
            for layer in chosen:
                relation = relation_of[(project, number_of[layer.name])]
                if rule in (HX, NT):
                    readings.append(_control_line(rule, layer, relation, settings, relation.feature_ids))
                elif rule == KB:
                    readings.append(_urban_boundary(layer, relation, float(project_area[project]), settings))
                else:
                    layer_rows = mine[mine["layer_pos"].to_numpy() == number_of[layer.name]]
                    readings.append(_class_rule(rule, layer, layer_rows, settings))
            status = max((reading[0] for reading in readings), key=STATUS_RANK.get)
            rows.append({"project_pos": project, "project_id": pid, "rule": rule, "status": status,
                         "reason_zh": "；".join(reading[1] for reading in readings),
                         "reason_en": "; ".join(reading[2] for reading in readings),
                         "layers": ",".join(layer.name for layer in chosen)})
    return pd.DataFrame(rows) if rows else _empty(["project_pos"] + VERDICT_COLUMNS)


def _project_table(verdicts, ids, titles, active, project_area, any_layers):
    rows = []
    by_project = {}
    for row in verdicts.itertuples(index=False):
        by_project.setdefault(row.project_pos, []).append(row)
    for k, pid in enumerate(ids):
        area = float(project_area[k])
        mine = by_project.get(k, [])
        if not active[k]:
            status, zh, en = ATTENTION, "项目范围为空或不是面", "the project geometry is empty or not a polygon"
        elif not mine:
            status = PASS
            zh = "未检查任何规则（未提供控制线、规划或调查图层）" if not any_layers else "未检查任何规则（所给图层仅作叠加报告）"
            en = "no rule checked (no review layers)" if not any_layers else \
                "no rule checked (the layers given are only reported)"
        else:
            status = max((row.status for row in mine), key=STATUS_RANK.get)
            flagged = [row for row in mine if row.status != PASS]
            if flagged:
                zh = "；".join(f"{RULE_NAMES[row.rule][0]}{STATUS_NAMES[row.status][0]}：{row.reason_zh}"
                              for row in flagged)
                en = "; ".join(f"{row.rule} {RULE_NAMES[row.rule][1]} {STATUS_NAMES[row.status][1]}: {row.reason_en}"
                               for row in flagged)
            else:
                zh, en = "各项规则均通过", "every rule checked passes"
        rows.append({"project_id": pid, "project_name": titles[k], "area_m2": area,
                     "area_mu": float(to_mu(area)), "status": status, "reason_zh": zh, "reason_en": en})
    return pd.DataFrame(rows, columns=PROJECT_COLUMNS) if rows else _empty(PROJECT_COLUMNS)
