"""Checks of the three control lines and the three spaces (三区三线) against each other.

:func:`check_control_lines` takes whatever layers are at hand (生态保护红线, 永久基本农田,
城镇开发边界, the 三区 zoning, the county, 现状城镇建设用地, the suitability evaluation, admin
units) and runs every rule whose inputs are given; the others are listed in
``result.skipped`` with the reason. The rules follow the 2019 guidance (domain notes §3.1:
"不交叉不重叠不冲突"; the red line comes first, farmland second, the urban boundary must
避让 the red line and 不占或少占 farmland):

=============  ========  ==========================================================  =====================
rule           severity  violation                                                   inputs
=============  ========  ==========================================================  =====================
HX_NT          error     red line ∩ basic farmland (one row per overlapping pair)    ecological, farmland
KB_HX          error     urban boundary ∩ red line                                   urban_boundary, ecological
KB_NT          warning   urban boundary ∩ basic farmland (不占或少占)                urban_boundary, farmland
SQ_GAP         error     parts of the county covered by no zone polygon              zones, county
SQ_OVERLAP     error     zone polygons overlapping each other (one row per pair)     zones
SQ_OUTSIDE     warning   zone area outside the county                                zones, county
HX_ZONE        warning   red line outside 生态空间                                   ecological, zones+classes
NT_ZONE        warning   basic farmland outside 农业空间                             farmland, zones+classes
KB_ZONE        warning   urban boundary outside 城镇空间                             urban_boundary, zones+classes
FRAGMENT       warning   a polygon part of a line below the area or width minimum    any control line
EXPANSION      error     urban boundary area / base urban construction > limit       urban_boundary, base_construction
NT_UNSUITABLE  warning   basic farmland on 不适宜 suitability polygons               farmland, suitability
KB_UNSUITABLE  warning   urban boundary on 不适宜 suitability polygons               urban_boundary, suitability
=============  ========  ==========================================================  =====================

FRAGMENT tests the polygon parts of each feature (not of the dissolved line, which for 10⁵
farmland patches would be a costly union), so a small patch adjoining others of its line is
listed too; it is a warning for review. The EXPANSION row's geometry is the whole urban
boundary (not split by admin units, no x/y): ``value`` is the multiple, ``limit`` the cap and
``area_m2`` the boundary area above the cap.

The 1.3× expansion cap is UNVERIFIED (domain notes §3.1: the 2022 三区三线划定规则 is not in
the corpus), so it is only the default of :attr:`ControlLineSettings.expansion_limit`.

How areas add up: overlaps inside one line (two red-line polygons drawn over each other) are
resolved first, as :func:`core.overlay.resolve_self_overlaps` does (the earlier feature keeps
the overlap), so every piece of ground is counted once per rule and ``line_totals`` give the
area of each line's union. With admin units every violation is cut by them, one row per unit
(the part outside every unit has no admin code), so per-unit areas are exact. Every reported
area is ellipsoidal (:func:`core.areas.polygon_areas`). Interiors must overlap for a violation:
polygons sharing only an edge give nothing.

The tolerance: overlay pieces (overlaps, gaps, parts outside a space or the county) below
:attr:`ControlLineSettings.min_area` (:data:`DEFAULT_MIN_AREA`, 1 m²) are where two layers'
shared edges do not match exactly, not a planning conflict; they are dropped and only counted in
``result.ignored`` (rule → pieces, m²), so no report lists an "error of 0.00 亩". FRAGMENT rows
(parts of a line itself) are kept down to :data:`NOISE_AREA`. The thresholds' defaults live
here only: the Processing algorithm, the 三区三线 dock's "check now" and the batch chain all use
:class:`ControlLineSettings`' defaults.

Texts that reach a report (reasons a rule was skipped, notes) are :class:`core.report.Text`,
so they read in the report language.

Work is vectorised: bulk STRtree queries (the smaller layer queries the larger, prepared), a
``covers`` test so a farmland patch wholly inside the red line is taken as it is, a DE-9IM test
of the interiors (``relate_pattern "2********"``) before any intersection. The only Python loops
run over rules or over the few features that need a union of several neighbours.

Inputs are never modified: invalid geometries are made valid on copies (counted in
``result.repaired``).
"""
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
import shapely

from ..areas import polygon_areas
from ..crs import as_pyproj_crs
from ..geometry import as_array, in_threads, polygonal, present, valid_polygonal
from ..intake.quality import find_gaps, find_overlaps, find_slivers
from ..overlay import DEFAULT_TOLERANCE, resolve_self_overlaps
from ..progress import report
from ..report import Text
from ..units import SQUARE_METRES_PER_MU

ERROR, WARNING = "error", "warning"
HX_NT, KB_HX, KB_NT = "HX_NT", "KB_HX", "KB_NT"
SQ_GAP, SQ_OVERLAP, SQ_OUTSIDE = "SQ_GAP", "SQ_OVERLAP", "SQ_OUTSIDE"
HX_ZONE, NT_ZONE, KB_ZONE = "HX_ZONE", "NT_ZONE", "KB_ZONE"
FRAGMENT, EXPANSION = "FRAGMENT", "EXPANSION"
NT_UNSUITABLE, KB_UNSUITABLE = "NT_UNSUITABLE", "KB_UNSUITABLE"
RULE_ORDER = (HX_NT, KB_HX, KB_NT, SQ_GAP, SQ_OVERLAP, SQ_OUTSIDE, HX_ZONE, NT_ZONE, KB_ZONE, FRAGMENT, EXPANSION,
              NT_UNSUITABLE, KB_UNSUITABLE)

RULES = {
    HX_NT: ("生态保护红线与永久基本农田重叠", "Ecological red line overlaps basic farmland"),
    KB_HX: ("城镇开发边界与生态保护红线重叠", "Urban boundary overlaps ecological red line"),
    KB_NT: ("城镇开发边界占用永久基本农田", "Urban boundary takes basic farmland"),
    SQ_GAP: ("县域内未划入三区的区域", "Part of the county in no zone"),
    SQ_OVERLAP: ("三区图斑相互重叠", "Zone polygons overlap"),
    SQ_OUTSIDE: ("三区图斑超出县域范围", "Zone polygon outside the county"),
    HX_ZONE: ("生态保护红线位于生态空间以外", "Ecological red line outside ecological space"),
    NT_ZONE: ("永久基本农田位于农业空间以外", "Basic farmland outside agricultural space"),
    KB_ZONE: ("城镇开发边界位于城镇空间以外", "Urban boundary outside urban space"),
    FRAGMENT: ("控制线碎片图斑", "Control-line fragment"),
    EXPANSION: ("城镇开发边界扩展倍数超限", "Urban boundary expansion multiple above the limit"),
    NT_UNSUITABLE: ("永久基本农田位于不适宜区", "Basic farmland on unsuitable land"),
    KB_UNSUITABLE: ("城镇开发边界位于不适宜区", "Urban boundary on unsuitable land"),
}
SEVERITY = {
    HX_NT: ERROR, KB_HX: ERROR, KB_NT: WARNING, SQ_GAP: ERROR, SQ_OVERLAP: ERROR, SQ_OUTSIDE: WARNING,
    HX_ZONE: WARNING, NT_ZONE: WARNING, KB_ZONE: WARNING, FRAGMENT: WARNING, EXPANSION: ERROR,
    NT_UNSUITABLE: WARNING, KB_UNSUITABLE: WARNING,
}

URBAN, AGRICULTURAL, ECOLOGICAL = "urban", "agricultural", "ecological"
ZONE_CLASSES = (URBAN, AGRICULTURAL, ECOLOGICAL)
_ZONE_ALIASES = {
    URBAN: (URBAN, "城镇空间", "城镇", "czkj"),
    AGRICULTURAL: (AGRICULTURAL, "agriculture", "农业空间", "农业", "nykj"),
    ECOLOGICAL: (ECOLOGICAL, "ecology", "生态空间", "生态", "stkj"),
}
ZONE_ALIASES = {alias.lower(): zone for zone, aliases in _ZONE_ALIASES.items() for alias in aliases}
"""Zone class labels understood besides "urban"/"agricultural"/"ecological" (case-insensitive)."""

LINE_NAMES = {
    "ecological": "生态保护红线", "farmland": "永久基本农田", "urban_boundary": "城镇开发边界",
    "base_construction": "现状城镇建设用地", "zones": "三区", "suitability": "双评价适宜性",
    "zones:" + URBAN: "城镇空间", "zones:" + AGRICULTURAL: "农业空间", "zones:" + ECOLOGICAL: "生态空间",
}
LINE_NAMES_EN = {
    "ecological": "ecological red line", "farmland": "basic farmland", "urban_boundary": "urban boundary",
    "base_construction": "base urban construction land", "zones": "three zones", "suitability": "suitability",
    "zones:" + URBAN: "urban space", "zones:" + AGRICULTURAL: "agricultural space",
    "zones:" + ECOLOGICAL: "ecological space",
}
COUNTY = Text("县域", "county")
"""What SQ_GAP and SQ_OUTSIDE name as their other layer."""
CONTROL_LINES = ("ecological", "farmland", "urban_boundary")

VIOLATION_COLUMNS = ["rule", "name_zh", "severity", "layer", "feature_ids", "other_layer", "other_ids", "admin_code",
                     "admin_name", "area_m2", "x", "y", "value", "limit", "note", "geometry"]
SUMMARY_COLUMNS = ["rule", "name_zh", "name_en", "severity", "checked", "count", "area_m2"]
TOTAL_COLUMNS = ["line", "name_zh", "name_en", "layer", "count", "area_m2"]
TOTAL_BY_ADMIN_COLUMNS = ["line", "name_zh", "name_en", "admin_code", "admin_name", "count", "area_m2"]
MAX_IDS_LISTED = 20

DEFAULT_MIN_AREA = 1.0
"""m²: overlay pieces below this are edge mismatches, not conflicts (see ControlLineSettings.min_area)."""
NOISE_AREA = 1e-5 * SQUARE_METRES_PER_MU
"""m² (1e-5 亩 ≈ 0.0067 m²): below this a piece is floating-point noise, for every rule."""
TOLERANCE_EXEMPT = (FRAGMENT, EXPANSION)
"""Rules whose rows are not overlay pieces, so the area tolerance does not apply to them."""


def line_label(key):
    """A line's (or zone class's) name in both languages, e.g. Text("生态保护红线", "ecological red line")."""
    return Text(LINE_NAMES.get(key, key.split(":")[-1]), LINE_NAMES_EN.get(key, key.split(":")[-1]))


@dataclass
class LineLayer:
    """A control line or other polygon input, in the projected working CRS (metres)."""

    geometries: np.ndarray
    feature_ids: list = None  # ids for messages (default: positions)
    name: str = None  # e.g. the layer name (default: the line's Chinese name)
    classes: list = None  # per feature: zones "urban"/"agricultural"/"ecological"; suitability a grade label


@dataclass
class AdminUnits:
    geometries: np.ndarray
    codes: list
    names: list = None


@dataclass
class ControlLineSettings:
    expansion_limit: float = 1.3
    """城镇开发边界 area / base-year urban construction land. UNVERIFIED (domain notes §3.1)."""
    fragment_min_area: float = 400.0
    """m²: line polygon parts below this are fragments (三调 零星地物 400 m² default)."""
    sliver_min_width: float = 2.0
    """m: parts holding no disc this wide are fragments (三调 drops linear features < 2 m)."""
    min_area: float = DEFAULT_MIN_AREA
    """m²: overlay pieces below this are ignored (counted in ``result.ignored``, listed nowhere).

    1 m², not the floating-point 1e-5 亩 (0.0067 m²) used before: layers drawn or exported by
    different tools share edges only to the millimetre, and a 1 mm offset along a 1 km edge is
    already a 1 m² "overlap"; the sample county's urban boundary left three such pieces of
    0.01 m² against the red line, listed as 错误 0.00 亩. 1 m² is far below anything a planning
    review acts on (the smallest area reports show is 0.01 亩 = 6.7 m²; 三调 maps 零星地物 from
    400 m²) and above mm-level edge noise along the edges of a county's lines. Raise it for
    data digitised at a coarser scale; 0 lists every piece."""
    unsuitable_labels: tuple = ("不适宜", "unsuitable")
    """Suitability classes that count as unsuitable (compared stripped, case-insensitive)."""


#: The Processing parameter (multiplan:check_control_lines) that sets each threshold, so the
#: algorithm, the 三区三线 dock and the batch chain name and default them in one place.
THRESHOLD_PARAMETERS = {"EXPANSION_LIMIT": "expansion_limit", "FRAGMENT_MIN_AREA": "fragment_min_area",
                        "MIN_WIDTH": "sliver_min_width", "MIN_AREA": "min_area"}


def threshold_parameters(settings=None):
    """``{parameter: value}`` of the thresholds in ``settings`` (default: :class:`ControlLineSettings`'
    defaults): what the dock's "check now" passes, so it judges the pieces a batch run judges."""
    settings = settings or ControlLineSettings()
    return {name: getattr(settings, attribute) for name, attribute in THRESHOLD_PARAMETERS.items()}


@dataclass
class ControlLineResult:
    violations: pd.DataFrame  # VIOLATION_COLUMNS, sorted by rule, admin code, north→south, west→east
    line_totals: pd.DataFrame  # TOTAL_COLUMNS: area of each line's union
    line_totals_by_admin: pd.DataFrame  # TOTAL_BY_ADMIN_COLUMNS (empty without admin units)
    expansion: dict  # base_m2, boundary_m2, multiple, limit, passed; None when not checked
    skipped: list  # (rule, reason as core.report.Text)
    summary: pd.DataFrame  # SUMMARY_COLUMNS, one row per rule in RULE_ORDER
    repaired: dict = field(default_factory=dict)  # input → invalid geometries made valid
    ignored: dict = field(default_factory=dict)  # rule → (pieces, m²) below settings.min_area
    self_overlaps: dict = field(default_factory=dict)  # input → (pairs, planimetric m²) resolved inside it

    @property
    def passed(self):
        """No error-level violation."""
        return not (self.violations["severity"] == ERROR).any()


@dataclass
class _Input:
    """One input as the rules use it: valid geometries (None where missing), disjoint copies."""

    key: str
    name: str
    valid: np.ndarray  # valid polygonal copies, None for null/empty
    ids: np.ndarray
    classes: np.ndarray = None  # normalised class labels, or None
    _disjoint: np.ndarray = None

    @property
    def disjoint(self):
        """The features with overlaps inside the layer given to the earlier feature."""
        if self._disjoint is None:
            self._disjoint, self.overlap_pairs, self.overlap_area, _ = resolve_self_overlaps(self.valid)
            self._disjoint = _nones(self._disjoint)
        return self._disjoint

    def subset(self, mask):
        """The same positions, with geometries outside ``mask`` set to None."""
        return np.where(mask, self.valid, None)


def rule_name(rule, language="zh"):
    zh, en = RULES[rule]
    return zh if language == "zh" else en


def check_control_lines(crs, ecological=None, farmland=None, urban_boundary=None, zones=None, county=None,
                        base_construction=None, suitability=None, admin=None, settings=None, progress=None):
    """Check the control lines and zones against each other (see the module docstring).

    Layers are :class:`LineLayer` (or plain arrays of shapely geometries); ``county`` is one
    shapely (Multi)Polygon; ``admin`` :class:`AdminUnits`. ``crs`` is the projected working CRS
    of all of them. Every input is optional; rules lacking an input are listed in ``skipped``.
    """
    settings = settings or ControlLineSettings()
    if as_pyproj_crs(crs).is_geographic:
        raise ValueError("control-line checks need a projected CRS (metres)")
    layers = {key: _prepare(layer, key) for key, layer in (
        ("ecological", ecological), ("farmland", farmland), ("urban_boundary", urban_boundary), ("zones", zones),
        ("base_construction", base_construction), ("suitability", suitability))}
    inputs = {key: value for key, value in layers.items() if value is not None}
    region = _prepare_county(county)
    units = _prepare_admin(admin)
    found, skipped = [], []

    def run(rule, needs, build):
        missing = next((reason for ok, reason in needs if not ok), None)
        if missing:
            skipped.append((rule, missing))
        else:
            found.append(build())

    eco, farm, udb, zone = (inputs.get(key) for key in ("ecological", "farmland", "urban_boundary", "zones"))
    has = {key: (key in inputs, Text(f"无{LINE_NAMES[key]}图层", f"no {LINE_NAMES_EN[key]} layer")) for key in layers}
    has_county = (region is not None, Text("无县域边界", "no county boundary"))
    zone_classes = (zone is not None and zone.classes is not None, Text("三区无空间类型", "zones have no classes"))
    suit = inputs.get("suitability")
    suit_classes = (suit is not None and suit.classes is not None,
                    Text("双评价无适宜性等级", "suitability has no classes"))

    run(HX_NT, [has["ecological"], has["farmland"]], lambda: _pair_rule(HX_NT, eco, farm))
    run(KB_HX, [has["urban_boundary"], has["ecological"]], lambda: _pair_rule(KB_HX, udb, eco))
    run(KB_NT, [has["urban_boundary"], has["farmland"]], lambda: _pair_rule(KB_NT, udb, farm))
    report(progress, 0.3)
    run(SQ_GAP, [has["zones"], has_county], lambda: _gap_rule(zone, region))
    run(SQ_OVERLAP, [has["zones"]], lambda: _zone_overlap_rule(zone))
    run(SQ_OUTSIDE, [has["zones"], has_county], lambda: _outside_county_rule(zone, region))
    report(progress, 0.45)
    for rule, line, space in ((HX_ZONE, eco, ECOLOGICAL), (NT_ZONE, farm, AGRICULTURAL), (KB_ZONE, udb, URBAN)):
        key = {HX_ZONE: "ecological", NT_ZONE: "farmland", KB_ZONE: "urban_boundary"}[rule]
        run(rule, [has[key], has["zones"], zone_classes],
            lambda rule=rule, line=line, space=space: _zone_rule(rule, line, zone, space))
    report(progress, 0.55)
    lines = [inputs[key] for key in CONTROL_LINES if key in inputs]
    run(FRAGMENT, [(bool(lines), Text("无控制线图层", "no control line"))], lambda: _fragment_rule(lines, crs, settings))
    report(progress, 0.65)
    expansion = None
    if "urban_boundary" in inputs and "base_construction" in inputs:
        expansion = _expansion(udb, inputs["base_construction"], crs, settings)
    run(EXPANSION, [has["urban_boundary"], has["base_construction"],
                    (expansion is None or expansion["base_m2"] > 0,
                     Text("现状城镇建设用地面积为 0", "base construction land has no area"))],
        lambda: _expansion_rows(expansion, udb))
    if expansion is not None and not expansion["base_m2"] > 0:
        expansion = None
    for rule, line, key in ((NT_UNSUITABLE, farm, "farmland"), (KB_UNSUITABLE, udb, "urban_boundary")):
        run(rule, [has[key], has["suitability"], suit_classes],
            lambda rule=rule, line=line: _unsuitable_rule(rule, line, suit, settings))
    report(progress, 0.75)

    violations, ignored = _finish(found, units, crs, settings)
    report(progress, 0.9)
    totals, by_admin = _line_totals(inputs, units, crs)
    report(progress, 1.0)
    skipped_rules = {rule for rule, _ in skipped}
    return ControlLineResult(
        violations=violations, line_totals=totals, line_totals_by_admin=by_admin, expansion=expansion,
        skipped=skipped, summary=_summary(violations, skipped_rules), ignored=ignored,
        repaired={item.name: item.repaired for item in inputs.values() if item.repaired},
        self_overlaps={item.name: (item.overlap_pairs, item.overlap_area) for item in inputs.values()
                       if item._disjoint is not None and item.overlap_pairs})


# --------------------------------------------------------------------------- inputs

def _nones(geoms):
    """A copy with null and empty geometries as None (STRtree and the rules skip them)."""
    out = as_array(geoms).copy()
    out[~present(out)] = None
    return out


def _prepare(layer, key):
    if layer is None:
        return None
    if not isinstance(layer, LineLayer):
        layer = LineLayer(as_array(layer))
    raw = as_array(layer.geometries)
    count = len(raw)
    ids = np.asarray(list(layer.feature_ids) if layer.feature_ids is not None else range(count), dtype=object)
    if len(ids) != count:
        raise ValueError(f"{key}: {len(ids)} feature ids for {count} geometries")
    classes = None
    if layer.classes is not None:
        classes = np.array([None if value is None else str(value).strip() for value in layer.classes], dtype=object)
        if len(classes) != count:
            raise ValueError(f"{key}: {len(classes)} classes for {count} geometries")
        if key == "zones":
            classes = np.array([ZONE_ALIASES.get(value.lower(), value) if value is not None else None
                                for value in classes], dtype=object)
    item = _Input(key, layer.name or LINE_NAMES[key], _nones(valid_polygonal(raw)), ids, classes)
    item.repaired = int((present(raw) & ~shapely.is_valid(raw)).sum()) if count else 0
    return item


def _prepare_county(county):
    if county is None:
        return None
    if isinstance(county, LineLayer):
        county = county.geometries
    if not isinstance(county, shapely.Geometry):
        county = shapely.union_all(_nones(valid_polygonal(as_array(county))))
    county = valid_polygonal([county])[0]
    return None if county is None or county.is_empty else county


def _prepare_admin(admin):
    if admin is None:
        return None
    geoms = _nones(valid_polygonal(as_array(admin.geometries)))
    geoms = _nones(resolve_self_overlaps(geoms)[0])  # overlapping units would count ground twice
    codes = np.asarray([None if code is None else str(code) for code in admin.codes], dtype=object)
    names = np.asarray(list(admin.names) if admin.names is not None else [None] * len(codes), dtype=object)
    if not len(codes) == len(names) == len(geoms):
        raise ValueError("admin units need one code and name per geometry")
    return geoms, codes, names


# --------------------------------------------------------------------------- geometry helpers

_CONVERSE = {"intersects": "intersects", "covers": "covered_by", "covered_by": "covers"}


def _query(left, right, predicate):
    """Pairs ``(l, r)`` with ``predicate(left[l], right[r])``, from one bulk STRtree query.

    The smaller array is the query side: its geometries are prepared once each, which is what
    makes ``covers`` of a large red-line polygon over thousands of patches cheap.
    """
    if not len(left) or not len(right):
        return np.empty(0, dtype=np.int64), np.empty(0, dtype=np.int64)
    if len(left) <= len(right):
        return shapely.STRtree(right).query(left, predicate=predicate)
    r, l = shapely.STRtree(left).query(right, predicate=_CONVERSE[predicate])
    return l, r


def _intersections(left, right):
    """Pairs whose interiors overlap and their polygonal intersection: ``(l, r, pieces)``.

    A geometry covered by the other is the intersection itself; touching neighbours are
    rejected by the DE-9IM test before anything is intersected.
    """
    a, b = _query(left, right, "intersects")
    width = max(len(right), 1)
    key = a * width + b
    inner_l, inner_r = _query(left, right, "covered_by")
    outer_l, outer_r = _query(left, right, "covers")
    left_inside = np.isin(key, inner_l * width + inner_r)
    right_inside = np.isin(key, outer_l * width + outer_r) & ~left_inside
    pieces = np.full(len(a), None, dtype=object)
    pieces[left_inside] = left[a[left_inside]]
    pieces[right_inside] = right[b[right_inside]]
    rest = np.flatnonzero(~left_inside & ~right_inside)
    if len(rest):
        overlapping = in_threads(lambda x, y: shapely.relate_pattern(x, y, "2********"), left[a[rest]],
                                 right[b[rest]])
        rest = rest[overlapping]
        pieces[rest] = polygonal(in_threads(shapely.intersection, left[a[rest]], right[b[rest]]))
    keep = present(pieces)
    keep[keep] = shapely.area(pieces[keep]) > 0
    return a[keep], b[keep], pieces[keep]


def _differences(geoms, others, pairs=None, done=None):
    """Each geometry minus the union of the ``others`` it meets (None where nothing is left).

    ``pairs`` (from ``_query(geoms, others, "intersects")``) may be passed when already known;
    ``done`` marks geometries known to have nothing left. Otherwise a geometry covered by a
    single other is done. Geometries meeting one other need one vectorised difference; only
    those meeting several get a union of their neighbours (a loop over those few).
    """
    out = np.full(len(geoms), None, dtype=object)
    if pairs is None:
        pairs = _query(geoms, others, "intersects")
    own, other = pairs
    if done is None:
        done = np.zeros(len(geoms), dtype=bool)
        done[_query(geoms, others, "covered_by")[0]] = True
    todo = present(geoms) & ~done
    count = np.bincount(own, minlength=len(geoms))
    untouched = todo & (count == 0)
    out[untouched] = geoms[untouched]
    single = np.flatnonzero(todo & (count == 1))
    if len(single):
        partner = np.full(len(geoms), -1, dtype=np.int64)
        partner[own] = other
        out[single] = polygonal(in_threads(shapely.difference, geoms[single], others[partner[single]]))
    several = np.flatnonzero(todo & (count > 1))
    if len(several):
        order = np.argsort(own, kind="stable")
        starts = np.searchsorted(own[order], several, side="left")
        stops = np.searchsorted(own[order], several, side="right")
        unions = np.array([shapely.union_all(others[other[order[start:stop]]]) for start, stop in zip(starts, stops)],
                          dtype=object)
        out[several] = polygonal(in_threads(shapely.difference, geoms[several], unions))
    empty = ~present(out)
    out[empty] = None
    return out


def _split_by_admin(geoms, units):
    """Cut geometries by the admin units: ``(pieces, row, unit)``, unit -1 for the part outside all."""
    a, u = _query(geoms, units, "intersects")
    inside_rows, inside_units = _query(geoms, units, "covered_by")
    width = max(len(units), 1)
    whole = np.isin(a * width + u, inside_rows * width + inside_units)
    pieces = np.full(len(a), None, dtype=object)
    pieces[whole] = geoms[a[whole]]
    cut = ~whole
    if cut.any():
        pieces[cut] = polygonal(in_threads(shapely.intersection, geoms[a[cut]], units[u[cut]]))
    area = np.where(present(pieces), shapely.area(pieces), 0.0)
    keep = area > 0
    # A geometry whose pieces add up to its area has nothing outside the units (as in
    # core.overlay): only the others are differenced with the union of their units.
    covered = np.bincount(a[keep], weights=area[keep], minlength=len(geoms))
    own_area = np.where(present(geoms), shapely.area(geoms), 0.0)
    done = own_area - covered <= DEFAULT_TOLERANCE + 1e-9 * own_area
    outside = _differences(geoms, units, (a, u), done)
    rest = np.flatnonzero(present(outside))
    return (np.concatenate([pieces[keep], outside[rest]]), np.concatenate([a[keep], rest]),
            np.concatenate([u[keep], np.full(len(rest), -1, dtype=np.int64)]))


def _id_text(ids):
    ids = [str(value) for value in ids]
    if not ids:
        return None
    listed = ",".join(ids[:MAX_IDS_LISTED])
    return listed if len(ids) <= MAX_IDS_LISTED else f"{listed},…({len(ids)})"


def _rows(rule, geometries, layer=None, feature_ids=None, other_layer=None, other_ids=None, **extra):
    """Candidate violation rows (before the admin split and the noise filter)."""
    count = len(geometries)

    def column(values):
        if values is None or np.isscalar(values) or isinstance(values, Text):
            out = np.empty(count, dtype=object)
            out[:] = [values] * count
            return out
        # Text stays Text (rendered in the report language when written); ids become strings.
        out = np.empty(count, dtype=object)
        out[:] = [value if value is None or isinstance(value, Text) else str(value) for value in values]
        return out

    frame = pd.DataFrame({"rule": np.full(count, rule, dtype=object), "layer": column(layer),
                          "feature_ids": column(feature_ids), "other_layer": column(other_layer),
                          "other_ids": column(other_ids)})
    for key in ("value", "limit"):
        frame[key] = np.asarray(extra.get(key, np.full(count, np.nan)), dtype=float)
    frame["note"] = column(extra.get("note"))
    frame["geometry"] = np.asarray(geometries, dtype=object)
    return frame


# --------------------------------------------------------------------------- rules

def _pair_rule(rule, line, other):
    a, b, pieces = _intersections(line.disjoint, other.disjoint)
    return _rows(rule, pieces, line.name, line.ids[a], other.name, other.ids[b])


def _unsuitable_rule(rule, line, suitability, settings):
    labels = {str(label).strip().lower() for label in settings.unsuitable_labels}
    mask = np.array([value is not None and value.lower() in labels for value in suitability.classes], dtype=bool)
    unsuitable = _nones(resolve_self_overlaps(suitability.subset(mask))[0])
    a, b, pieces = _intersections(line.disjoint, unsuitable)
    return _rows(rule, pieces, line.name, line.ids[a], suitability.name, suitability.ids[b])


def _gap_rule(zones, county):
    gaps = find_gaps(zones.valid[present(zones.valid)], boundary=county)["geometry"].to_numpy()
    return _rows(SQ_GAP, gaps, zones.name, None, COUNTY)


def _zone_overlap_rule(zones):
    pairs = find_overlaps(zones.valid)
    ids = [f"{zones.ids[a]},{zones.ids[b]}" for a, b in zip(pairs["index_a"], pairs["index_b"])]
    return _rows(SQ_OVERLAP, pairs["geometry"].to_numpy(), zones.name, ids, zones.name)


def _outside_county_rule(zones, county):
    outside = _differences(zones.valid, np.array([county], dtype=object))
    rows = np.flatnonzero(present(outside))
    return _rows(SQ_OUTSIDE, outside[rows], zones.name, zones.ids[rows], COUNTY)


def _zone_rule(rule, line, zones, space):
    mask = np.array([value == space for value in zones.classes], dtype=bool)
    space_geoms = zones.valid[mask & present(zones.valid)]
    outside = _differences(line.disjoint, space_geoms)
    rows = np.flatnonzero(present(outside))
    return _rows(rule, outside[rows], line.name, line.ids[rows], zones.name,
                 note=Text(f"{LINE_NAMES['zones:' + space]}以外", f"outside {LINE_NAMES_EN['zones:' + space]}"))


def _fragment_rule(lines, crs, settings):
    frames = []
    for line in lines:
        parts, owner = shapely.get_parts(line.valid, return_index=True)
        keep = present(parts)
        parts, owner = parts[keep], owner[keep]
        # Only parts that may be small (plane area within 5 % of the ellipsoid's, far beyond any
        # Gauss-Krüger distortion) or narrow (area ≤ inradius × perimeter) go through the test.
        area, perimeter = shapely.area(parts), shapely.length(parts)
        candidate = np.flatnonzero((area < 1.05 * settings.fragment_min_area) |
                                   (area / np.maximum(perimeter, 1e-12) <= settings.sliver_min_width / 2))
        if not len(candidate):
            continue
        found = find_slivers(parts[candidate], default_min_area=settings.fragment_min_area,
                             min_width=settings.sliver_min_width, crs=crs)
        rows = candidate[found["index"].to_numpy()]
        small = found["reason"].str.contains("area").to_numpy()
        narrow = found["reason"].str.contains("width").to_numpy()
        too_small = Text(f"面积<{settings.fragment_min_area:g}m²", f"area < {settings.fragment_min_area:g} m²")
        too_narrow = Text(f"宽度<{settings.sliver_min_width:g}m", f"width < {settings.sliver_min_width:g} m")
        both = Text(f"{too_small.zh};{too_narrow.zh}", f"{too_small.en}; {too_narrow.en}")
        notes = [both if s and n else too_small if s else too_narrow for s, n in zip(small, narrow)]
        frames.append(_rows(FRAGMENT, parts[rows], line.name, line.ids[owner[rows]], note=notes))
    return pd.concat(frames, ignore_index=True) if frames else _rows(FRAGMENT, [])


def _union_area(geoms, crs):
    """Ellipsoidal m² of the union of a layer made disjoint (overlaps counted once)."""
    geoms = geoms[present(geoms)]
    return float(polygon_areas(geoms, crs).sum()) if len(geoms) else 0.0


def _expansion(boundary, base, crs, settings):
    base_m2, boundary_m2 = _union_area(base.disjoint, crs), _union_area(boundary.disjoint, crs)
    multiple = boundary_m2 / base_m2 if base_m2 > 0 else float("nan")
    return {"base_m2": base_m2, "boundary_m2": boundary_m2, "multiple": multiple,
            "limit": float(settings.expansion_limit),
            "passed": bool(base_m2 > 0 and multiple <= settings.expansion_limit)}


def _expansion_rows(expansion, boundary):
    if expansion["passed"]:
        return _rows(EXPANSION, [])
    note = Text(f"现状城镇建设用地 {expansion['base_m2']:.2f} 平方米，城镇开发边界 {expansion['boundary_m2']:.2f} 平方米，"
                f"扩展倍数 {expansion['multiple']:.4f} > {expansion['limit']:g}",
                f"base construction land {expansion['base_m2']:.2f} m², urban boundary "
                f"{expansion['boundary_m2']:.2f} m², multiple {expansion['multiple']:.4f} > {expansion['limit']:g}")
    # The row carries the boundary's outline (every format keeps it, a user can zoom to it; FlatGeobuf
    # drops rows without geometry); it is not split by admin units and its area is the excess.
    outline = shapely.union_all(boundary.disjoint[present(boundary.disjoint)])
    frame = _rows(EXPANSION, [outline], boundary.name, None, line_label("base_construction"),
                  value=[expansion["multiple"]], limit=[expansion["limit"]], note=[note])
    # The area above the cap, so the summary says how much the boundary must shrink.
    frame["area_m2"] = expansion["boundary_m2"] - expansion["limit"] * expansion["base_m2"]
    return frame


# --------------------------------------------------------------------------- results

def _finish(found, units, crs, settings):
    """Admin split, ellipsoidal areas, tolerance, labels and the stable order: ``(violations, ignored)``."""
    frames = [frame for frame in found if len(frame)]
    if not frames:
        return pd.DataFrame({column: pd.Series(dtype=float if column in ("area_m2", "x", "y", "value", "limit")
                                               else object) for column in VIOLATION_COLUMNS}), {}
    frame = pd.concat(frames, ignore_index=True)
    if "area_m2" not in frame:
        frame["area_m2"] = np.nan
    geoms = frame["geometry"].to_numpy()
    spatial = present(geoms) & (frame["rule"] != EXPANSION).to_numpy()
    plain = frame[~spatial].copy()  # rows that are no piece of ground (EXPANSION: the whole boundary)
    plain["admin_code"] = plain["admin_name"] = None
    located = frame[spatial].reset_index(drop=True)
    geoms = geoms[spatial]
    if units is not None:
        unit_geoms, codes, names = units
        pieces, row, unit = _split_by_admin(geoms, unit_geoms)
        located = located.iloc[row].reset_index(drop=True)
        located["geometry"] = pieces
        inside = unit >= 0
        located["admin_code"] = np.where(inside, codes[np.maximum(unit, 0)] if len(codes) else None, None)
        located["admin_name"] = np.where(inside, names[np.maximum(unit, 0)] if len(names) else None, None)
    else:
        located["admin_code"] = located["admin_name"] = None
    located["area_m2"] = polygon_areas(located["geometry"].to_numpy(), crs) if len(located) else []
    area = located["area_m2"].to_numpy(dtype=float)
    exempt = located["rule"].isin(TOLERANCE_EXEMPT).to_numpy()
    minimum = np.where(exempt, NOISE_AREA, max(float(settings.min_area), NOISE_AREA))
    below = (area < minimum) & (area >= NOISE_AREA)
    ignored = {rule: (len(group), float(group.sum())) for rule, group in
               pd.Series(area[below]).groupby(located["rule"].to_numpy()[below], sort=False)}
    located = located[area >= minimum].reset_index(drop=True)
    points = shapely.point_on_surface(located["geometry"].to_numpy()) if len(located) else np.empty(0, dtype=object)
    located["x"], located["y"] = shapely.get_x(points), shapely.get_y(points)
    plain["x"] = plain["y"] = np.nan
    frame = pd.concat([located, plain], ignore_index=True) if len(plain) else located
    frame["name_zh"] = [rule_name(rule) for rule in frame["rule"]]
    frame["severity"] = [SEVERITY[rule] for rule in frame["rule"]]
    order = pd.DataFrame({"rule": [RULE_ORDER.index(rule) for rule in frame["rule"]],
                          "admin": frame["admin_code"].fillna("\uffff").astype(str).to_numpy(),  # none: last
                          "north": -np.round(frame["y"].to_numpy(dtype=float), 2),
                          "east": np.round(frame["x"].to_numpy(dtype=float), 2),
                          "area": -np.round(frame["area_m2"].to_numpy(dtype=float), 2)})
    index = order.sort_values(["rule", "admin", "north", "east", "area"], kind="stable", na_position="last").index
    return frame.iloc[index].reset_index(drop=True)[VIOLATION_COLUMNS], ignored


def _summary(violations, skipped_rules):
    grouped = violations.groupby("rule")["area_m2"].agg(["size", "sum"]) if len(violations) else None
    rows = []
    for rule in RULE_ORDER:
        has = grouped is not None and rule in grouped.index
        rows.append({"rule": rule, "name_zh": rule_name(rule, "zh"), "name_en": rule_name(rule, "en"),
                     "severity": SEVERITY[rule], "checked": rule not in skipped_rules,
                     "count": int(grouped.loc[rule, "size"]) if has else 0,
                     "area_m2": float(grouped.loc[rule, "sum"]) if has else 0.0})
    return pd.DataFrame(rows, columns=SUMMARY_COLUMNS)


def _line_groups(inputs):
    """(line id, name Text, layer name, disjoint geometries) for every line to total."""
    for key in ("ecological", "farmland", "urban_boundary", "base_construction"):
        if key in inputs:
            yield key, line_label(key), inputs[key].name, inputs[key].disjoint
    zones = inputs.get("zones")
    if zones is None:
        return
    yield "zones", line_label("zones"), zones.name, zones.disjoint
    if zones.classes is None:
        return
    labels = [label for label in pd.unique(zones.classes) if label is not None]
    labels.sort(key=lambda label: (ZONE_CLASSES.index(label) if label in ZONE_CLASSES else len(ZONE_CLASSES), label))
    for label in labels:
        mask = np.array([value == label for value in zones.classes], dtype=bool)
        geoms = _nones(resolve_self_overlaps(zones.subset(mask))[0])
        yield f"zones:{label}", line_label(f"zones:{label}"), zones.name, geoms


def _line_totals(inputs, units, crs):
    totals, by_admin = [], []
    for line, name, layer, geoms in _line_groups(inputs):
        keep = np.flatnonzero(present(geoms))
        totals.append({"line": line, "name_zh": name.zh, "name_en": name.en, "layer": layer, "count": len(keep),
                       "area_m2": _union_area(geoms, crs)})
        if units is None or not len(keep):
            continue
        unit_geoms, codes, names = units
        pieces, row, unit = _split_by_admin(geoms[keep], unit_geoms)
        frame = pd.DataFrame({"unit": unit, "feature": row, "area_m2": polygon_areas(pieces, crs)})
        grouped = frame.groupby("unit", sort=False).agg(count=("feature", "nunique"), area_m2=("area_m2", "sum"))
        for position, values in grouped.iterrows():  # a loop over admin units
            inside = position >= 0
            by_admin.append({"line": line, "name_zh": name.zh, "name_en": name.en,
                             "admin_code": codes[position] if inside else None,
                             "admin_name": names[position] if inside else None,
                             "count": int(values["count"]), "area_m2": float(values["area_m2"])})
    totals = pd.DataFrame(totals, columns=TOTAL_COLUMNS)
    by_admin = pd.DataFrame(by_admin, columns=TOTAL_BY_ADMIN_COLUMNS)
    if len(by_admin):
        lines = {line: number for number, line in enumerate(totals["line"])}
        by_admin = by_admin.assign(_line=by_admin["line"].map(lines), _code=by_admin["admin_code"].fillna("\uffff"))
        by_admin = by_admin.sort_values(["_line", "_code"], kind="stable").drop(columns=["_line", "_code"])
        by_admin = by_admin.reset_index(drop=True)
    return totals, by_admin
