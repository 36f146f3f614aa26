"""An approved change (调整/修改/局部修改) applied to the current blueprint: what it retires, what it
creates, and the planning rules it must not break. Plain functions on shapely arrays; the store
(:mod:`core.versions.store`) writes the result in one transaction.

The new version must stay a clean coverage of the county. So the change package's polygons are
clipped to the ground the current version covers, every current piece they touch is retired, and
what is left of it outside the package comes back as a new piece with the same attributes: the
union is unchanged and nothing overlaps. A package that overlaps itself, leaves the county or
carries an unknown code is refused; so is construction the control lines forbid (into the
ecological red line, onto permanent basic farmland, urban construction outside the urban
development boundary — 2019 三条控制线 guidance, domain notes §3.1), unless the package declares
that it adjusts the line too and carries the approval for it.
"""
from dataclasses import dataclass, field

import numpy as np
import shapely

from ..areas import polygon_areas
from ..control_lines.optimisation import urban_construction
from ..geometry import polygonal, present, valid_polygonal
from ..intake.landuse import load_classification, ydyh_properties
from ..intake.quality import find_overlaps
from ..report import Text

KINDS = ("调整", "修改", "局部修改")
#: Refusal rules: id → (Chinese, English).
RULES = {
    "EMPTY": ("变更包没有图斑", "the change package has no polygon"),
    "INVALID": ("变更图斑几何无效", "a polygon of the change package is invalid"),
    "SELF_OVERLAP": ("变更图斑相互重叠", "polygons of the change package overlap each other"),
    "OUTSIDE": ("变更图斑超出县域（当前版本覆盖范围）", "the change package reaches outside the county (the current version)"),
    "UNKNOWN_CODE": ("用地用海代码不存在", "a 用地用海 code does not exist"),
    "NO_APPROVAL": ("变更包没有批文号", "the change package has no approval document number"),
    "HX": ("建设用地进入生态保护红线", "construction inside the ecological protection red line"),
    "NT": ("建设用地占用永久基本农田", "construction on permanent basic farmland"),
    "KB": ("城镇建设用地位于城镇开发边界外", "urban construction outside the urban development boundary"),
}
TOLERANCE_M2 = 1.0  # overlaps, encroachments and areas outside the county below this are float noise


class UpdateRefused(ValueError):
    """The change breaks ``rule`` (:data:`RULES`); ``items`` lists (package position, area m²)."""

    def __init__(self, rule, items=(), detail=""):
        self.rule, self.items, self.detail = rule, list(items), detail
        zh, en = RULES[rule]
        where = "、".join(f"第 {p + 1} 个图斑" + (f"（{a:.2f} 平方米）" if a else "") for p, a in self.items[:10])
        where_en = ", ".join(f"polygon {p + 1}" + (f" ({a:.2f} m²)" if a else "") for p, a in self.items[:10])
        self.text = Text(f"拒绝变更：{zh}" + (f"：{where}" if where else "") + (f"；{detail}" if detail else ""),
                         f"change refused: {en}" + (f": {where_en}" if where_en else "") + (f"; {detail}" if detail else ""))
        super().__init__(self.text.en)


@dataclass
class ChangePackage:
    """Polygons with their new 用地用海 code, and the approval they carry."""

    geometries: np.ndarray
    codes: list
    approval: str  # 批文号
    reason: str = ""
    kind: str = "局部修改"
    date: str = ""  # ISO date of the approval
    author: str = ""
    note: str = ""
    adjusts_lines: bool = False  # the approval also adjusts the control lines the change crosses


@dataclass
class ControlLines:
    """The control lines a change is checked against (any may be None)."""

    ecology: np.ndarray = None
    farmland: np.ndarray = None
    urban_boundary: np.ndarray = None


@dataclass
class PlannedUpdate:
    retired: np.ndarray  # positions of current pieces the change retires
    remainders: np.ndarray  # what is left of them outside the package (geometries)
    remainder_of: np.ndarray  # position of the retired piece each remainder comes from
    created: np.ndarray  # the package's polygons clipped to the county (geometries)
    created_from: np.ndarray  # position in the package of each created piece
    codes: list  # the new code of each created piece
    warnings: list = field(default_factory=list)
    #: control-line rules the approval waived (``adjusts_lines``): [(rule, area m²)], recorded with the version
    waived: list = field(default_factory=list)


def plan_update(current, package, crs, lines=None, tolerance_m2=TOLERANCE_M2, tables_dir=None):
    """What applying ``package`` (:class:`ChangePackage`) to the ``current`` pieces (shapely array,
    a clean coverage) retires and creates; :class:`UpdateRefused` when it breaks a rule."""
    with np.errstate(invalid="ignore"):  # GEOS may raise the FPU flag; every result is a geometry
        return _plan_update(current, package, crs, lines, tolerance_m2, tables_dir)


def _plan_update(current, package, crs, lines, tolerance_m2, tables_dir):
    current = np.asarray(current, dtype=object)
    geoms = np.asarray(package.geometries, dtype=object)
    if not len(geoms) or not present(geoms).any():
        raise UpdateRefused("EMPTY")
    if not (package.approval or "").strip():
        raise UpdateRefused("NO_APPROVAL")
    bad = np.flatnonzero(~present(geoms) | ~shapely.is_valid(geoms))
    if len(bad):
        raise UpdateRefused("INVALID", [(int(p), 0.0) for p in bad])
    codes = [None if code is None else str(code).strip() for code in package.codes]
    known = set(load_classification("ydyh2023", tables_dir)["code"])
    unknown = [(p, 0.0) for p, code in enumerate(codes) if code not in known]
    if unknown:
        raise UpdateRefused("UNKNOWN_CODE", unknown, "、".join(sorted({str(codes[p]) for p, _ in unknown})))
    _refuse_overlaps(geoms, crs, tolerance_m2)
    # The current version is a coverage: the pieces a polygon meets cover all of it that the county
    # covers, so only those are unioned (not the whole county).
    tree = shapely.STRtree(np.where(present(current), current, None))
    touched = np.unique(tree.query(geoms, predicate="intersects")[1])
    coverage = shapely.union_all(valid_polygonal(current[touched])) if len(touched) else shapely.Polygon()
    outside = polygonal(shapely.difference(geoms, coverage))
    outside_m2 = polygon_areas(outside, crs)
    if (outside_m2 > tolerance_m2).any():
        raise UpdateRefused("OUTSIDE", [(int(p), float(outside_m2[p])) for p in np.flatnonzero(outside_m2 > tolerance_m2)])
    created = polygonal(shapely.intersection(geoms, coverage))
    breaches = _line_breaches(created, codes, lines, crs, tolerance_m2, tables_dir)
    if breaches and not package.adjusts_lines:
        rule, items = breaches[0]
        raise UpdateRefused(rule, items)
    union = shapely.union_all(geoms)
    meets = shapely.area(shapely.intersection(current[touched], union)) > 0
    retired = touched[meets]
    rest = polygonal(shapely.difference(current[retired], union))
    keep = present(rest) & (shapely.area(rest) > 0)
    keep_created = present(created) & (shapely.area(created) > 0)
    return PlannedUpdate(retired, rest[keep], retired[keep], created[keep_created],
                         np.flatnonzero(keep_created), [codes[p] for p in np.flatnonzero(keep_created)],
                         waived=[(rule, float(sum(m2 for _, m2 in items))) for rule, items in breaches])


def _refuse_overlaps(geoms, crs, tolerance_m2):
    overlaps = find_overlaps(geoms)
    if not len(overlaps):
        return
    areas = polygon_areas(overlaps["geometry"].to_numpy(), crs)
    big = areas > tolerance_m2
    if big.any():
        raise UpdateRefused("SELF_OVERLAP", [(int(p), float(m)) for p, m in zip(overlaps["index_a"][big], areas[big])])


def _line_breaches(created, codes, lines, crs, tolerance_m2, tables_dir):
    """[(rule, [(package position, area m²)])] of the control lines the created pieces breach."""
    if lines is None:
        return []
    properties = ydyh_properties(tables_dir)
    construction = np.array([properties.get(code, (False, ""))[0] for code in codes], dtype=bool)
    urban = urban_construction(codes, tables_dir)
    found = []
    for rule, line, mask, inside in (("HX", lines.ecology, construction, True),
                                     ("NT", lines.farmland, construction, True),
                                     ("KB", lines.urban_boundary, urban, False)):
        if line is None or not mask.any():
            continue
        zone = shapely.union_all(valid_polygonal(np.asarray(line, dtype=object)))
        pieces = created[mask]
        breach = polygonal(shapely.intersection(pieces, zone) if inside else shapely.difference(pieces, zone))
        areas = polygon_areas(breach, crs)
        positions = np.flatnonzero(mask)
        big = areas > tolerance_m2
        if big.any():
            found.append((rule, [(int(p), float(m)) for p, m in zip(positions[big], areas[big])]))
    return found
