"""专题图: which thematic maps a run can make, how a page is laid out, and the tables they carry.

Plain functions and data; the print layouts themselves are built in
:mod:`multiplan.processing.map_layouts`. Sizes are millimetres on the page, areas ellipsoidal
on CGCS2000 (computed by the caller with :func:`..areas.polygon_areas`).
"""
import math
import re
from dataclasses import dataclass

import numpy as np

from ..report import Text, single
from ..units import to_hectares, to_mu

#: Paper sizes (landscape width, height in mm); A3 landscape is the default of the 制图规范 habits.
PAPERS = {"A3": (420.0, 297.0), "A4": (297.0, 210.0), "A0": (1189.0, 841.0)}
PAPER_NAMES = tuple(PAPERS)
DEFAULT_PAPER = "A3"

#: Fonts tried in order for Chinese text (the first one installed wins): the office's Windows
#: fonts first, then the free CJK fonts Linux distributions ship (Debian: fonts-noto-cjk,
#: fonts-wqy-microhei, which scripts/setup installs). The pre-review page's maps use the same list.
CJK_FONTS = ("Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "SimHei", "Source Han Sans SC",
             "WenQuanYi Zen Hei", "PingFang SC", "SimSun", "AR PL UMing CN")

#: Graticule intervals tried, in degrees (10″ … 5°).
GRID_STEPS = (10 / 3600, 30 / 3600, 1 / 60, 2 / 60, 5 / 60, 10 / 60, 15 / 60, 30 / 60, 1.0, 2.0, 5.0)


@dataclass(frozen=True)
class MapKind:
    key: str  # stable id (file names in English runs, tests)
    title: Text  # after the county's name: 「某县三区三线图」
    needs: tuple  # inputs of which at least one must be given (besides the county)
    file_zh: str


#: The map set, in the order the maps are made (and listed in the project).
MAPS = (
    MapKind("zones_lines", Text("三区三线图", "three zones and three lines"),
            ("zones", "ecological", "farmland", "urban"), "三区三线图"),
    MapKind("landuse", Text("国土空间规划用途图（一张蓝图）", "planned land and sea use (one blueprint)"),
            ("blueprint",), "规划用途图"),
    MapKind("patches", Text("差异图斑分布图", "difference patches"), ("patches",), "差异图斑分布图"),
    MapKind("ecological_importance", Text("生态保护重要性评价图", "ecological protection importance"),
            ("ecological_importance",), "生态保护重要性评价图"),
    MapKind("agricultural", Text("农业生产适宜性评价图", "agricultural production suitability"),
            ("agricultural",), "农业生产适宜性评价图"),
    MapKind("urban_suitability", Text("城镇建设适宜性评价图", "urban construction suitability"),
            ("urban_suitability",), "城镇建设适宜性评价图"),
    MapKind("violations", Text("控制线检查图", "control line check"), ("violations",), "控制线检查图"),
    MapKind("projects", Text("建设项目位置图", "project location"), ("projects",), "建设项目位置图"),
)
MAP_KEYS = tuple(kind.key for kind in MAPS)


def kind_of(key):
    return next(kind for kind in MAPS if kind.key == key)


def planned_maps(given):
    """(kinds that can be made from the inputs ``given`` (a set of input keys), kinds skipped)."""
    made = [kind for kind in MAPS if any(need in given for need in kind.needs)]
    return made, [kind for kind in MAPS if kind not in made]


def file_stem(kind):
    """The file name (without extension) of a map: its key in an English run, else Chinese."""
    return single(kind.file_zh, kind.key)


def map_title(kind, place=""):
    """「某县三区三线图」: the place (county name) before the map's name."""
    if not place:
        return single(kind.title)
    return single(f"{place}{kind.title.zh}", f"{place}: {kind.title.en[0].upper()}{kind.title.en[1:]}")


# -- page layout ---------------------------------------------------------------------------------
@dataclass(frozen=True)
class Box:
    x: float
    y: float
    width: float
    height: float

    @property
    def right(self):
        return self.x + self.width

    @property
    def bottom(self):
        return self.y + self.height


@dataclass(frozen=True)
class PageLayout:
    width: float
    height: float
    scale: float  # 1 on A3; fonts and line widths are multiplied by it
    title: Box
    map: Box  # the map frame (graticule labels sit in the margin around it)
    north: Box
    scale_bar: Box
    panel: Box  # the right column: overview (project maps), legend, table
    note: Box


def page_layout(paper=DEFAULT_PAPER):
    """Where each element of a thematic map goes on a landscape page of ``paper``."""
    if paper not in PAPERS:
        raise ValueError(f"unknown paper size {paper}")
    width, height = PAPERS[paper]
    s = width / PAPERS["A3"][0]
    margin, label_margin, panel_width = 10 * s, 8 * s, 92 * s
    title = Box(margin, 5 * s, width - 2 * margin, 15 * s)
    map_box = Box(margin + label_margin, title.bottom + label_margin, width - 2 * margin - panel_width - 2 * label_margin,
                  height - title.bottom - 2 * label_margin - 22 * s)
    north = Box(map_box.right - 16 * s, map_box.y + 4 * s, 12 * s, 18 * s)
    scale_bar = Box(map_box.x, map_box.bottom + label_margin, 90 * s, 12 * s)
    panel = Box(map_box.right + label_margin + 4 * s, map_box.y, width - margin - (map_box.right + label_margin + 4 * s),
                map_box.height - 20 * s)
    note = Box(panel.x, panel.bottom + 2 * s, panel.width, height - margin - panel.bottom - 2 * s)
    return PageLayout(width, height, s, title, map_box, north, scale_bar, panel, note)


def grid_interval(span_degrees, lines=4):
    """A graticule step (degrees) giving about ``lines`` lines over ``span_degrees``."""
    if not span_degrees or not math.isfinite(span_degrees) or span_degrees <= 0:
        return GRID_STEPS[-1]
    wanted = span_degrees / lines
    return min(GRID_STEPS, key=lambda step: abs(math.log(step / wanted)))


#: Round scale steps (× 10ⁿ): a map's scale is rounded up to one of them, so the extent still fits
#: and the frame loses at most a quarter of its width (3 → 4, 6 → 8).
SCALE_STEPS = (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10)


def nice_scale(scale):
    """The smallest round scale denominator (1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6 or 8 × 10ⁿ) ≥ ``scale``."""
    power = 10 ** math.floor(math.log10(scale))
    return next(round(step * power) for step in SCALE_STEPS if step * power >= scale * (1 - 1e-9))


def project_rows(ids, names, areas_m2, townships):
    """Per project: (number, name, 公顷, 亩, townships met, largest share first as text)."""
    rows = []
    for number, name, area, met in zip(ids, names, areas_m2, townships):
        rows.append((str(number), "" if name in (None, "") else str(name), to_hectares(area), to_mu(area),
                     single("、", ", ").join(met)))
    return rows


def townships_met(projects, townships, names):
    """For each project polygon, the names of the townships it meets, largest overlap first."""
    import shapely

    townships = np.asarray(townships, dtype=object)
    tree = shapely.STRtree(townships)
    met = []
    for project in projects:
        if project is None or shapely.is_empty(project):
            met.append([])
            continue
        candidates = tree.query(project, predicate="intersects")
        overlaps = shapely.area(shapely.intersection(townships[candidates], project)) if len(candidates) else []
        ordered = [names[i] for _area, i in sorted(zip(overlaps, candidates), key=lambda pair: -pair[0])]
        met.append([str(name) for name in dict.fromkeys(ordered) if name not in (None, "")])
    return met


def font_family(available, preferred=CJK_FONTS):
    """The first of ``preferred`` installed (``available``: family names), else '' (Qt's default)."""
    installed = {name.lower(): name for name in available}
    for name in preferred:
        if name.lower() in installed:
            return installed[name.lower()]
    return ""


# -- what a legend shows and the tables ------------------------------------------------------------
def present_classes(values, class_codes):
    """The class codes (prefixes, e.g. 用地用海 level-1 '01') that some value starts with, in the
    given order, and whether some value matches none (the 'other' class)."""
    texts = [str(value) for value in values if value not in (None, "")]
    present = [code for code in class_codes if any(value.startswith(code) for value in texts)]
    other = len(texts) < len(values) or any(not any(value.startswith(code) for code in class_codes)
                                            for value in texts)
    return present, other


TABLE_COLUMNS = ("key", "name", "count", "area_ha", "area_mu", "share")


def class_area_rows(keys, names, areas_m2, order=None):
    """Rows (key, name, count, 公顷, 亩, share of the total) per class, then 合计.

    ``keys``/``names``/``areas_m2`` per feature; ``order`` fixes the row order (else by key)."""
    keys = ["" if key in (None, "") else str(key) for key in keys]
    areas = np.asarray(areas_m2, dtype=float)
    total = float(np.nansum(areas))
    by_key, name_of = {}, {}
    for key, name, area in zip(keys, names, areas):
        count, summed = by_key.get(key, (0, 0.0))
        by_key[key] = (count + 1, summed + (0.0 if np.isnan(area) else float(area)))
        if name not in (None, "") and key not in name_of:
            name_of[key] = str(name)
    ordered = [key for key in (order or []) if key in by_key] + sorted(k for k in by_key if k not in (order or []))
    rows = []
    for key in ordered:
        count, area = by_key[key]
        rows.append((key, name_of.get(key, ""), count, to_hectares(area), to_mu(area), area / total if total else 0.0))
    rows.append(("", single("合计", "Total"), sum(c for c, _ in by_key.values()), to_hectares(total), to_mu(total),
                 1.0 if total else 0.0))
    return rows


def table_text(rows, with_count=True):
    """The cells of a map table as text: headers, then rows (公顷 2 decimals, share in %)."""
    headers = [single("代码", "Code"), single("名称", "Name")]
    if with_count:
        headers.append(single("个数", "Count"))
    headers += [single("面积（公顷）", "Area (ha)"), single("占比", "Share")]
    cells = []
    for key, name, count, hectares, _mu, share in rows:
        line = [key, name] + ([f"{count:,d}"] if with_count else [])
        cells.append(line + [f"{hectares:,.2f}", f"{share * 100:.1f}%"])
    return headers, cells


def note_text(sources, made_on, crs_label):
    """The source and date note at the foot of a map (no file paths: the layers' names);
    ``crs_label`` is :func:`..crs.crs_label` of the map's CRS."""
    listed = single("、", ", ").join(dict.fromkeys(s for s in sources if s))
    return single(f"数据来源：{listed}\n坐标系：{crs_label.zh}\n"
                  f"面积：CGCS2000 椭球面积\n制图日期：{made_on.year}年{made_on.month}月{made_on.day}日",
                  f"Sources: {listed}\nCoordinate system: {crs_label.en}\n"
                  f"Areas: ellipsoidal, CGCS2000 ellipsoid\nMade on {made_on.isoformat()}")


_PAGES = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")


def pdf_page_count(data):
    """Pages of a PDF a map export wrote (its bytes): the page tree's last /Count, since GDAL appends
    a georeferenced update to QGIS's file; 0 when there is none."""
    counts = _PAGES.findall(data)
    return int([a or b for a, b in counts][-1]) if counts else 0
