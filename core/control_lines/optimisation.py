"""控制线优化建议: proposed adjustments of the three control lines, each a reviewable change with
the rule that caused it, and the area balance per line and township.

The rules (an editable table, ``resources/control_lines/optimisation_rules.csv``; each can be
switched off, its figure changed) follow the 2019 三条控制线 guidance (red line first, farmland
second, the urban boundary 避让 both) and the 三区三线 checks of :mod:`core.control_lines.checks`:

==============  =====  ==========================================================================
rule            line   change
==============  =====  ==========================================================================
NT_NO_HX        NT     basic farmland inside the red line is removed from the farmland
KB_NO_HX        KB     the red line is removed from the urban development boundary
KB_NO_NT        KB     basic farmland is removed from the urban boundary (不占或少占)
IN_COUNTY       all    with the county outline, the parts of a line outside the county are removed
KB_PROJECTS     KB     approved construction projects outside the boundary are added (where they
                       are neither red line nor farmland)
KB_DECISIONS    KB     difference patches whose review decided urban construction land outside the
                       boundary are added, as projects are (where neither red line nor farmland)
KB_EXPANSION    KB     the boundary is shrunk to the expansion limit (value, default 1.3,
                       UNVERIFIED): first 不适宜 land (polygons, or the cells of a 双评价 grade
                       raster the caller turned into polygons), then the land farthest from today's
                       urban construction, never the projects or decided patches just added
FRAGMENTS       all    parts of a line below the minimum area (value, m², default 400) are dropped,
                       holes below it are filled (red line and urban boundary; a hole in farmland
                       is other land, not farmland to add)
FOLLOW          all    with a reference (the integrated 三调 parcels, admin boundaries), each line's
                       edges follow it within the tolerance (value, m, default 2; the 边界整合 of
                       :mod:`core.intake.boundaries`), first of all
==============  =====  ==========================================================================

Each change is a piece of ground with its line, rule, action (add / remove), ellipsoidal area,
township and a sentence; :func:`apply` writes the accepted ones into new line layers (features
keep their attributes; added ground becomes new features). Plain shapely; no QGIS.
"""
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import shapely

from .. import RESOURCES
from ..areas import polygon_areas
from ..geometry import as_array, polygonal, present, valid_polygonal
from ..intake.landuse import read_text_table
from ..overlay import robust
from ..report import Text
from ..units import to_hectares
from ..wording import Term, text

RULES_FILE = RESOURCES / "control_lines" / "optimisation_rules.csv"
HX, NT, KB = "HX", "NT", "KB"
LINES = {HX: Term("生态保护红线", "ecological red line"), NT: Term("永久基本农田", "permanent basic farmland"),
         KB: Term("城镇开发边界", "urban development boundary")}
ADD, REMOVE = "add", "remove"
ACTIONS = {ADD: Term("增加", "add"), REMOVE: Term("减少", "remove")}
RULE_NAMES = {
    "NT_NO_HX": Term("永久基本农田避让生态保护红线", "farmland gives way to the red line"),
    "KB_NO_HX": Term("城镇开发边界避让生态保护红线", "urban boundary gives way to the red line"),
    "KB_NO_NT": Term("城镇开发边界避让永久基本农田", "urban boundary gives way to basic farmland"),
    "IN_COUNTY": Term("控制线不超出县域", "lines stay within the county"),
    "KB_PROJECTS": Term("城镇开发边界纳入已批建设项目", "urban boundary takes in approved projects"),
    "KB_DECISIONS": Term("城镇开发边界纳入审查决定的城镇建设用地", "urban boundary takes in patches decided as urban construction"),
    "KB_EXPANSION": Term("城镇开发边界扩展倍数控制", "urban boundary within the expansion limit"),
    "FRAGMENTS": Term("去除碎小图斑、填补小孔洞", "fragments dropped, small holes filled"),
    "FOLLOW": Term("控制线边界与整合后的边界衔接", "lines follow the integrated boundaries"),
}
DEFAULTS = {"FOLLOW": 2.0, "IN_COUNTY": None, "NT_NO_HX": None, "KB_NO_HX": None, "KB_NO_NT": None, "KB_PROJECTS": None,
            "KB_DECISIONS": None, "KB_EXPANSION": 1.3, "FRAGMENTS": 400.0}
NOISE = 1.0  # m²: pieces below this are edge noise, never proposed
PROPOSAL_COLUMNS = ["number", "line", "rule", "action", "area_m2", "unit_code", "unit_name", "sentence"]


class OptimisationError(ValueError):
    def __init__(self, message):
        self.text = message
        super().__init__(message.en)


@dataclass
class Proposals:
    table: pd.DataFrame  # PROPOSAL_COLUMNS, one row per piece of ground
    geometries: np.ndarray
    balance: pd.DataFrame  # line, unit_code, unit_name, before_m2, removed_m2, added_m2, after_m2
    expansion: dict = field(default_factory=dict)  # before, after, limit (None without base construction)
    notes: list = field(default_factory=list)


def load_rules(path=None):
    """{rule: value} of the enabled rules (the shipped table, or an edited one replacing it)."""
    path = Path(path) if path else RULES_FILE
    if not path.is_file():
        raise OptimisationError(text("找不到优化规则表 {}", "rule table not found: {}", path.name))
    frame = read_text_table(path)
    rules, errors = {}, []
    for number, record in enumerate(frame.to_dict("records"), start=2):
        rule = str(record.get("rule") or "").strip()
        if not rule:
            continue
        if rule not in DEFAULTS:
            errors.append(text("第 {} 行：未知规则“{}”", "row {}: unknown rule {!r}", number, rule))
            continue
        if str(record.get("enabled") or "1").strip() not in ("1", "0"):
            errors.append(text("第 {} 行：enabled 须为 1 或 0", "row {}: enabled must be 1 or 0", number))
            continue
        if str(record.get("enabled") or "1").strip() == "0":
            continue
        value = str(record.get("value") or "").strip()
        try:
            rules[rule] = float(value) if value else DEFAULTS[rule]
        except ValueError:
            errors.append(text("第 {} 行：value 须为数字，而不是“{}”", "row {}: value must be a number, not {!r}", number,
                               value))
    if errors:
        raise OptimisationError(Text(f"{path.name}：" + "；".join(e.zh for e in errors),
                                     f"{path.name}: " + "; ".join(e.en for e in errors)))
    return rules


def urban_construction(codes, tables_dir=None):
    """Per 用地用海 code (or None), whether it is urban construction land: construction land of the
    urban space (what KB_DECISIONS takes into the urban boundary)."""
    from ..intake.landuse import ydyh_properties

    properties = ydyh_properties(tables_dir)
    return np.array([properties.get(str(code or ""), (False, ""))[0] and properties.get(str(code))[1] == "urban"
                     for code in codes], dtype=bool)


def _union(geometries):
    geometries = valid_polygonal(as_array(geometries))
    geometries = geometries[present(geometries)]
    if not len(geometries):
        return shapely.Polygon()
    return polygonal(np.array([robust(lambda g, grid_size=None: shapely.union_all(g, grid_size=grid_size),
                                      geometries)], dtype=object))[0]


def _parts(geometry, min_area=NOISE):
    parts = shapely.get_parts(polygonal(np.array([geometry], dtype=object))[0])
    return [part for part in parts if part.area >= min_area]


def propose(crs, ecological=None, farmland=None, urban=None, base_construction=None, projects=None,
            unsuitable=None, units=None, rules=None, reference=None, project_ids=None, county=None, decided=None):
    """The proposals for the lines given (arrays of polygons in ``crs``, metres).

    ``unsuitable``: polygons of 不适宜 land for construction (双评价); ``units``: (geometries,
    codes, names) of townships; ``rules``: :func:`load_rules` (default: the shipped table);
    ``county``: the county outline; ``decided``: difference patches whose review decided urban
    construction land.
    """
    with np.errstate(invalid="ignore"):  # GEOS may raise the FPU flag; every result is a geometry
        return _propose(crs, ecological, farmland, urban, base_construction, projects, unsuitable, units, rules,
                        reference, project_ids, county, decided)


def _propose(crs, ecological, farmland, urban, base_construction, projects, unsuitable, units, rules, reference,
             project_ids, county, decided):
    rules = load_rules() if rules is None else rules
    lines = {HX: _union(ecological) if ecological is not None else None,
             NT: _union(farmland) if farmland is not None else None,
             KB: _union(urban) if urban is not None else None}
    if all(line is None for line in lines.values()):
        raise OptimisationError(Text("至少需要一条控制线", "at least one control line is needed"))
    current = dict(lines)
    changes = []  # (line, rule, action, geometry)
    if reference is not None and rules.get("FOLLOW"):
        from ..intake.boundaries import integrate

        for key, layer in ((HX, ecological), (NT, farmland), (KB, urban)):
            if layer is None:
                continue
            followed = _union(integrate(as_array(layer), as_array(reference), crs, rules["FOLLOW"]).geometries)
            for action, piece in ((REMOVE, robust(shapely.difference, current[key], followed)),
                                  (ADD, robust(shapely.difference, followed, current[key]))):
                for part in _parts(piece):
                    changes.append((key, "FOLLOW", action, part))
            current[key] = followed

    def change(line, rule, action, geometry):
        for part in _parts(geometry):
            changes.append((line, rule, action, part))
        if action == REMOVE:
            current[line] = robust(shapely.difference, current[line], geometry)
        else:
            current[line] = robust(shapely.union, current[line], geometry)

    if "IN_COUNTY" in rules and county is not None:
        outline = _union(county)
        for key in (HX, NT, KB):
            if current[key] is not None:
                change(key, "IN_COUNTY", REMOVE, robust(shapely.difference, current[key], outline))
    if "NT_NO_HX" in rules and current[NT] is not None and current[HX] is not None:
        change(NT, "NT_NO_HX", REMOVE, robust(shapely.intersection, current[NT], current[HX]))
    if "KB_NO_HX" in rules and current[KB] is not None and current[HX] is not None:
        change(KB, "KB_NO_HX", REMOVE, robust(shapely.intersection, current[KB], current[HX]))
    if "KB_NO_NT" in rules and current[KB] is not None and current[NT] is not None:
        change(KB, "KB_NO_NT", REMOVE, robust(shapely.intersection, current[KB], current[NT]))
    added_projects = shapely.Polygon()
    if "KB_PROJECTS" in rules and current[KB] is not None and projects is not None:
        outside = robust(shapely.difference, _union(projects), current[KB])
        for key in (HX, NT):
            if current[key] is not None:
                outside = robust(shapely.difference, outside, current[key])
        added_projects = outside
        change(KB, "KB_PROJECTS", ADD, outside)
    if "KB_DECISIONS" in rules and current[KB] is not None and decided is not None and len(as_array(decided)):
        outside = robust(shapely.difference, _union(decided), current[KB])
        for key in (HX, NT):
            if current[key] is not None:
                outside = robust(shapely.difference, outside, current[key])
        added_projects = robust(shapely.union, added_projects, outside)  # kept by the expansion rule too
        change(KB, "KB_DECISIONS", ADD, outside)
    expansion = {}
    if current[KB] is not None and base_construction is not None:
        base = _union(base_construction)
        base_m2 = float(polygon_areas([base], crs)[0])
        limit = rules.get("KB_EXPANSION")
        before = float(polygon_areas([lines[KB]], crs)[0]) / base_m2 if base_m2 > 0 else None
        if limit and base_m2 > 0:
            _shrink(current, change, crs, base, base_m2 * limit, unsuitable, added_projects)
        after = float(polygon_areas([current[KB]], crs)[0]) / base_m2 if base_m2 > 0 else None
        expansion = {"before": before, "after": after, "limit": limit}
    if "FRAGMENTS" in rules:
        minimum = rules["FRAGMENTS"]
        for key in (HX, NT, KB):
            if current[key] is None:
                continue
            small = [part for part in _parts(current[key]) if part.area < minimum]
            if small:
                change(key, "FRAGMENTS", REMOVE, shapely.MultiPolygon(small))
            if key == NT:  # the land between farmland patches is some other land, not farmland to add
                continue
            holes = [shapely.Polygon(ring) for part in _parts(current[key]) for ring in part.interiors]
            holes = [hole for hole in holes if NOISE <= hole.area < minimum]
            if holes:
                change(key, "FRAGMENTS", ADD, shapely.MultiPolygon(holes))
    named = _project_names(changes, projects, project_ids)
    return _finish(changes, lines, current, crs, units, expansion, named)


def _project_names(changes, projects, project_ids):
    """{change position: the identifiers of the projects a KB_PROJECTS change comes from}."""
    if projects is None or project_ids is None:
        return {}
    projects = as_array(projects)
    tree = shapely.STRtree(projects)
    named = {}
    for position, (_, rule, _, geometry) in enumerate(changes):
        if rule == "KB_PROJECTS":
            hits = tree.query(geometry, predicate="intersects")
            named[position] = "、".join(str(project_ids[h]) for h in sorted(hits))
    return named


def _shrink(current, change, crs, base, target_m2, unsuitable, keep):
    """Remove ground from the urban boundary until its area is ``target_m2``: 不适宜 land first,
    then the land farthest from today's urban construction (a distance found by bisection)."""
    def area(geometry):
        return float(polygon_areas([geometry], crs)[0])

    if area(current[KB]) <= target_m2:
        return
    if unsuitable is not None:
        removable = robust(shapely.difference, robust(shapely.intersection, current[KB], _union(unsuitable)), keep)
        if area(removable) > 0:
            if area(current[KB]) - area(removable) < target_m2:  # only as much as needed: the farthest first
                removable = _farthest(removable, base, area(current[KB]) - target_m2, area)
            change(KB, "KB_EXPANSION", REMOVE, removable)
    excess = area(current[KB]) - target_m2
    if excess > NOISE:
        candidates = robust(shapely.difference, current[KB], keep)
        change(KB, "KB_EXPANSION", REMOVE, _farthest(candidates, base, excess, area))


def _farthest(geometry, base, wanted_m2, area):
    """The part of ``geometry`` farther than d from ``base``, d chosen so its area is ``wanted_m2``."""
    low, high = 0.0, 1.0
    while area(robust(shapely.difference, geometry, shapely.buffer(base, high))) > wanted_m2 and high < 1e5:
        high *= 2
    # the part beyond ``low`` is too big, beyond ``high`` too small (or nothing): bisect to 0.5 m
    low = 0.0
    while high - low > 0.5:
        middle = (low + high) / 2
        if area(robust(shapely.difference, geometry, shapely.buffer(base, middle))) > wanted_m2:
            low = middle
        else:
            high = middle
    return robust(shapely.difference, geometry, shapely.buffer(base, low))


def _finish(changes, lines, current, crs, units, expansion, named=None):
    named = named or {}
    pieces, rows = [], []
    if units is not None:
        unit_geometries, codes, names = units
        tree = shapely.STRtree(as_array(unit_geometries))
    for number, (line, rule, action, geometry) in enumerate(changes):
        parts = [(geometry, "", "")]
        if units is not None:
            hits = tree.query(geometry, predicate="intersects")
            cut = [(robust(shapely.intersection, geometry, unit_geometries[h]), str(codes[h] or ""), str(names[h] or ""))
                   for h in hits]
            cut = [(g, c, n) for g, c, n in cut if g.area >= NOISE]
            parts = cut or parts
        for piece, code, name in parts:
            pieces.append(piece)
            rows.append([line, rule, action, code, name, named.get(number, "")])
    areas = polygon_areas(pieces, crs) if pieces else np.empty(0)
    table = pd.DataFrame(rows, columns=["line", "rule", "action", "unit_code", "unit_name", "source"])
    table.insert(0, "number", np.arange(1, len(table) + 1))
    table.insert(4, "area_m2", areas)
    table["sentence"] = [
        text("{0}：{1}{2} {3:.4f} 公顷（{4}{5}）", "{0}: {2} {3:.4f} ha{1} ({4}{5})", LINES[row.line],
             Term(f"{row.unit_name}境内" if row.unit_name else "", f" in {row.unit_name}" if row.unit_name else ""),
             ACTIONS[row.action], float(to_hectares(row.area_m2)), RULE_NAMES[row.rule],
             Term(f"：项目 {row.source}" if row.source else "", f": project {row.source}" if row.source else ""))
        for row in table.itertuples()]
    table = table[PROPOSAL_COLUMNS]
    balance = _balance(table, lines, current, crs, units)
    return Proposals(table, np.array(pieces, dtype=object), balance, expansion)


def _balance(table, lines, current, crs, units):
    rows = []
    for line in (HX, NT, KB):
        if lines[line] is None:
            continue
        shares = [("", Term("全县", "County"), lines[line], current[line])]
        if units is not None:
            unit_geometries, codes, names = units
            for geometry, code, name in zip(unit_geometries, codes, names):
                shares.append((str(code or ""), str(name or ""), robust(shapely.intersection, lines[line], geometry),
                               robust(shapely.intersection, current[line], geometry)))
        for code, name, before, after in shares:
            mine = table[(table["line"] == line) & ((table["unit_code"] == code) if code else True)]
            rows.append({"line": line, "unit_code": code, "unit_name": name,
                         "before_m2": float(polygon_areas([before], crs)[0]),
                         "removed_m2": float(mine.loc[mine["action"] == REMOVE, "area_m2"].sum()),
                         "added_m2": float(mine.loc[mine["action"] == ADD, "area_m2"].sum()),
                         "after_m2": float(polygon_areas([after], crs)[0])})
    return pd.DataFrame(rows, columns=["line", "unit_code", "unit_name", "before_m2", "removed_m2", "added_m2",
                                       "after_m2"])


def apply(line, features, proposals, accepted):
    """The line's features with the accepted proposals of ``line`` applied: removals cut out of
    every feature, added ground joined to the feature it adjoins most (an island becomes a new
    feature). Returns (geometries, source index or -1 for new ground)."""
    with np.errstate(invalid="ignore"):  # GEOS may raise the FPU flag; every result is a geometry
        return _apply(line, features, proposals, accepted)


def _apply(line, features, proposals, accepted):
    features = valid_polygonal(as_array(features))
    mine = (proposals.table["line"] == line).to_numpy() & np.asarray(accepted, dtype=bool)
    removals = [g for g, keep, act in zip(proposals.geometries, mine, proposals.table["action"]) if keep and act == REMOVE]
    additions = [g for g, keep, act in zip(proposals.geometries, mine, proposals.table["action"]) if keep and act == ADD]
    result, sources = [], []
    removed = _union(removals) if removals else None
    for index, geometry in enumerate(features):
        if geometry is None:
            continue
        if removed is not None:
            geometry = robust(shapely.difference, geometry, removed)
        parts = _parts(geometry)
        if parts:
            result.append(shapely.MultiPolygon(parts))
            sources.append(index)
    if additions:
        added = _union(additions)
        existing = _union(result) if result else shapely.Polygon()
        added = robust(shapely.difference, added, existing)
        tree = shapely.STRtree(np.array(result, dtype=object)) if result else None
        for part in _parts(added):
            # ground that adjoins a feature joins it (and keeps its identifier); an island is new
            neighbours = tree.query(part, predicate="dwithin", distance=1e-3) if tree is not None else []
            if len(neighbours):
                shared = [shapely.length(shapely.intersection(shapely.boundary(part),
                                                              shapely.buffer(result[n], 1e-3))) for n in neighbours]
                best = int(neighbours[int(np.argmax(shared))])
                result[best] = shapely.MultiPolygon(_parts(robust(shapely.union, result[best], part)))
            else:
                result.append(shapely.MultiPolygon([part]))
                sources.append(-1)
    return np.array(result, dtype=object), np.array(sources, dtype=np.int64)
