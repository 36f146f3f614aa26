#!/usr/bin/env python3
"""Generate 示范县, the synthetic county MultiPlan uses as sample data.

    python scripts/make_sample_county.py [--output DIR] [--scale S] [--seed N]

Writes ``sample_county.gpkg`` (seventeen vector layers), ``DEM.tif`` and
``项目红线坐标.txt`` into DIR (default ``resources/sample``). The same arguments always
give the same features and pixels; ``--scale`` shrinks the county (0.25 makes a
6 km × 4.5 km county with ~1/16 of the patches, for fast tests). The layers, their
fields and the deliberate defects are described in ``resources/sample/README.md``.

How the county is built, each step only using what came before:

1. landscape: a noisy outline, seven towns, rivers and roads as polylines, and a DEM
   whose valleys are carved along the rivers;
2. 三调 DLTB: Voronoi cells of jittered points, cut by the township lines, the water and
   road strips and the county outline in ONE noding pass on a millimetre grid, so the
   patches are an exact coverage (neighbours share identical vertices); the land class
   of a patch follows elevation, slope, distance to rivers and to the towns;
3. townships and the county are unions of patches (so they tile exactly), the base-year
   urban land is the union of the towns' urban patches;
4. the two plans and the draft control lines are derived from these, with their
   disagreements and conflicts placed on purpose;
5. the defects of DLTB, 三区 and the projects are injected last, never into geometry
   that another layer was derived from.
"""
import argparse
import json
import math
import sys
import time
import zlib
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".build" / "plugins"))

import numpy as np  # noqa: E402
import shapely  # noqa: E402
from osgeo import gdal, ogr, osr  # noqa: E402
from shapely import affinity  # noqa: E402
from shapely.ops import polylabel, substring  # noqa: E402

from multiplan.core.areas import polygon_areas  # noqa: E402
from multiplan.core.crs import gauss_kruger_3deg_epsg  # noqa: E402
from multiplan.core.intake.coordinate_txt import write_coordinate_txt  # noqa: E402
from multiplan.core.units import to_hectares  # noqa: E402

# ----------------------------------------------------------------------------- constants

COUNTY_CODE = "369901"
COUNTY_NAME = "示范县"
ZONE = 39
EPSG = gauss_kruger_3deg_epsg(ZONE)  # 4527: CGCS2000 / 3-degree Gauss-Kruger zone 39
CENTRE = (39_500_000.0, 3_500_000.0)  # on the central meridian 117°E, ≈31.6°N
HALF_EXTENT = (12_000.0, 9_000.0)  # 24 km × 18 km at scale 1
DEFAULT_SEED = 369901
GRID = 0.001  # survey data is kept to the millimetre; every overlay snaps to this grid

DEFAULT_OUTPUT = ROOT / "resources" / "sample"
GPKG_NAME = "sample_county.gpkg"
DEM_NAME = "DEM.tif"
TXT_NAME = "项目红线坐标.txt"
FACTS_NAME = "sample_facts.json"  # what the tests check the planted changes against
BASE_YEAR = 2023  # DLTB is the 2023 survey (data as of 2024-01-01); DLTB_2024 and DLTB_2025 follow
#: GeoPackage timestamps (gpkg_contents.last_change) are pinned so reruns give equal files.
FIXED_TIMESTAMP = "2024-01-01T00:00:00.000Z"
DATA_DATE = "2024-01-01"
DATA_UNIT = "示范县自然资源局"

MIN_SCALE = 0.25  # below this the deliberate defects and conflicts no longer all fit
DEM_CELL = 30.0
DEM_NODATA = -9999.0
PATCH_SPACING = 330.0  # jittered-grid spacing of the DLTB seeds (m), ≈ 8–10 ha patches
URBAN_SPACING = 140.0  # denser seeds inside the towns
MIN_FACE_AREA = 200.0  # faces below this (m²) are accidents of the noding and get merged
SLIVER_COUNT = 3
SLIVER_AREA = (15.0, 40.0)  # m², well under the 50 m² a quality check flags
#: The 土规 was drawn on the older base map (二调 era): every vertex of TGYT is off the 三调 one by a
#: shift of up to ~1.3 m that varies slowly across the county (constant part, then wave amplitude
#: and the east–west and north–south wavelengths in metres). Within 边界整合's 2 m it snaps back.
BASE_MAP_SHIFT = {"dx": (0.55, 0.45, 7200.0, 5000.0), "dy": (-0.40, 0.45, 6000.0, 8300.0)}

# 第三次全国国土调查 工作分类: the codes the sample uses.
DLTB_CLASSES = {
    "0101": "水田", "0102": "水浇地", "0103": "旱地", "0201": "果园",
    "0301": "乔木林地", "0305": "灌木林地", "0307": "其他林地", "0404": "其他草地",
    "05H1": "商业服务业设施用地", "0601": "工业用地", "0602": "采矿用地",
    "0701": "城镇住宅用地", "0702": "农村宅基地", "08H1": "机关团体新闻出版用地",
    "08H2": "科教文卫用地", "0809": "公用设施用地", "0810": "公园与绿地",
    "1003": "公路用地", "1004": "城镇村道路用地", "1006": "农村道路",
    "1101": "河流水面", "1103": "水库水面", "1104": "坑塘水面", "1107": "沟渠",
    "1202": "设施农用地", "1203": "田坎", "1206": "裸土地",
}
URBAN_CODES = ("05H1", "0601", "0701", "08H1", "08H2", "0809", "0810", "1004")
CULTIVATED_CODES = ("0101", "0102", "0103")
FOREST_CODES = ("0301", "0305", "0307")
STATE_CODES = ("1003", "1004", "1101", "1103", "08H1", "08H2", "0809", "0810")

#: Class mix (weights) of the land patches of each landscape zone.
LAND_MIX = {
    "seat": {"0701": 38, "05H1": 13, "08H1": 5, "08H2": 9, "0809": 4, "0810": 9, "1004": 10, "0601": 12},
    "seat_east": {"0601": 45, "0701": 18, "05H1": 8, "0809": 7, "0810": 8, "1004": 14},
    "town": {"0701": 50, "05H1": 14, "08H1": 5, "08H2": 7, "0601": 10, "0809": 3, "0810": 3, "1004": 8},
    "plain_wet": {"0101": 52, "0102": 10, "0103": 8, "0702": 9, "1104": 7, "1107": 5, "1006": 4,
                  "1202": 3, "0201": 2},
    "plain": {"0101": 14, "0102": 26, "0103": 28, "0201": 6, "0702": 10, "1104": 3, "1107": 3,
              "1006": 5, "1202": 3, "0307": 2},
    "hill": {"0103": 22, "0201": 14, "0301": 22, "0305": 10, "0307": 7, "0404": 7, "1203": 6,
             "0702": 5, "1006": 2, "0602": 2, "1104": 2, "1202": 1},
    "mountain": {"0301": 55, "0305": 20, "0307": 7, "0404": 10, "1206": 3, "0602": 2, "0103": 3},
}

# GB 50137-2011 城市用地分类 (中类) and the two 非建设用地 classes the plan uses.
CGYD_CLASSES = {
    "R1": "一类居住用地", "R2": "二类居住用地", "R3": "三类居住用地",
    "A1": "行政办公用地", "A2": "文化设施用地", "A3": "教育科研用地", "A5": "医疗卫生用地",
    "B1": "商业用地", "B2": "商务用地", "M1": "一类工业用地", "M2": "二类工业用地",
    "W1": "一类物流仓储用地", "S1": "城市道路用地", "S4": "交通场站用地", "U1": "供应设施用地",
    "G1": "公园绿地", "G2": "防护绿地", "E1": "水域", "E2": "农林用地",
}
CG_MIX = {
    "centre": {"B1": 28, "A1": 14, "R2": 32, "A2": 6, "G1": 12, "B2": 8},
    "east": {"M1": 34, "M2": 20, "W1": 20, "R2": 14, "U1": 6, "G2": 6},
    "rest": {"R2": 48, "R1": 5, "R3": 5, "A3": 10, "A5": 5, "G1": 12, "B1": 8, "U1": 3, "S4": 2, "G2": 2},
}

# TD/T 1024-2010 规划地类.
TGYT_CLASSES = {
    "111": "耕地", "112": "园地", "113": "林地", "114": "牧草地", "115": "其他农用地",
    "211": "城镇用地", "212": "农村居民点用地", "213": "采矿用地", "214": "其他独立建设用地",
    "221": "铁路用地", "222": "公路用地", "226": "水库水面", "227": "水工建筑用地",
    "231": "风景名胜设施用地", "232": "特殊用地", "311": "河流水面", "312": "湖泊水面",
    "313": "滩涂", "321": "自然保留地",
}
DLTB_TO_TGYT = {
    "0101": "111", "0102": "111", "0103": "111", "0201": "112",
    "0301": "113", "0305": "113", "0307": "113", "0404": "321",
    "1006": "115", "1104": "115", "1107": "115", "1202": "115", "1203": "115",
    "0702": "212", "0602": "213", "1003": "222", "1101": "311", "1103": "226", "1206": "321",
    **{code: "211" for code in URBAN_CODES},
}

SQ_CLASSES = {"1": "城镇空间", "2": "农业空间", "3": "生态空间"}


@dataclass(frozen=True)
class TownSpec:
    name: str
    code: str  # last three digits of the township XZQDM
    kind: str  # CZLX
    population: int
    u: float  # position as fractions of the county's bounding box (west→east, south→north)
    v: float
    radius: float  # built-up radius in metres at scale 1


TOWNS = (
    TownSpec("城关镇", "100", "县城", 86_000, 0.62, 0.47, 1600),
    TownSpec("东岗镇", "101", "建制镇", 21_000, 0.86, 0.66, 550),
    TownSpec("南湖镇", "102", "建制镇", 18_000, 0.79, 0.17, 500),
    TownSpec("河口镇", "103", "建制镇", 16_000, 0.40, 0.54, 500),
    TownSpec("北岭镇", "104", "建制镇", 9_000, 0.42, 0.81, 420),
    TownSpec("西山镇", "105", "建制镇", 8_000, 0.14, 0.56, 420),
    TownSpec("柳溪镇", "106", "建制镇", 11_000, 0.25, 0.16, 450),
)


@dataclass(frozen=True)
class RiverSpec:
    name: str
    grade: str  # HLDJ
    width: float  # water strip width in DLTB (m)
    corridor: float  # half width of its 生态保护红线 corridor (m), 0 = none
    uv: tuple
    joins: str = ""  # the river it flows into; its end is snapped onto that river


RIVERS = (
    RiverSpec("清水河", "干流", 60, 150, ((-0.05, 0.50), (0.08, 0.51), (0.20, 0.50), (0.32, 0.50),
                                        (0.40, 0.49), (0.50, 0.45), (0.58, 0.42), (0.66, 0.41),
                                        (0.76, 0.37), (0.88, 0.31), (1.05, 0.27))),
    RiverSpec("石门河", "一级支流", 30, 100, ((0.47, 1.05), (0.45, 0.90), (0.45, 0.78), (0.43, 0.66),
                                          (0.415, 0.58), (0.40, 0.49)), "清水河"),
    RiverSpec("柳溪", "一级支流", 16, 0, ((0.20, -0.05), (0.22, 0.10), (0.25, 0.25), (0.29, 0.38),
                                      (0.33, 0.50)), "清水河"),
    RiverSpec("东岗河", "一级支流", 20, 0, ((0.80, 1.05), (0.84, 0.85), (0.83, 0.70), (0.80, 0.55),
                                       (0.79, 0.42), (0.78, 0.36)), "清水河"),
)
RESERVOIR = {"river": "石门河", "uv": (0.45, 0.72), "half_axes": (520.0, 190.0)}  # 石门水库


@dataclass(frozen=True)
class RoadSpec:
    code: str  # LXBM
    name: str  # LXMC
    grade: str  # JSDJ
    width: float  # road strip width in DLTB (m)
    stops: tuple  # town names or (u, v) points


ROADS = (
    RoadSpec("G318", "国道318线", "一级公路", 24, ((-0.05, 0.60), "西山镇", "河口镇", "城关镇", (0.80, 0.52),
                                             (1.05, 0.56))),
    RoadSpec("S205", "省道205线", "二级公路", 16, ((0.64, 1.05), (0.66, 0.80), "城关镇", (0.72, 0.30), "南湖镇",
                                             (0.82, -0.05))),
    RoadSpec("X101", "城东公路", "三级公路", 10, ("城关镇", "东岗镇")),
    RoadSpec("X102", "河石公路", "三级公路", 10, ("河口镇", "北岭镇", (0.46, 1.05))),
    RoadSpec("X103", "河柳公路", "四级公路", 8, ("河口镇", "柳溪镇")),
    RoadSpec("X104", "西柳公路", "四级公路", 8, ("西山镇", "柳溪镇")),
)

#: The projects of XMHX: name, XMLX, 用途 (YDYT), 地类编码 (YTDM). The road project's
#: name is completed with the road it widens.
PROJECTS = {
    "school": ("示范县第二中学新建工程", "教育", "科教文卫用地", "08H2"),
    "logistics": ("城东物流园建设项目", "物流仓储", "物流仓储用地", "0508"),
    "road": ("{road}改扩建工程", "交通", "公路用地", "1003"),
    "factory": ("绿源农产品加工厂项目", "工业", "工业用地", "0601"),
    "sewage": ("示范县第二污水处理厂工程", "市政公用", "公用设施用地", "0809"),
}


# ----------------------------------------------------------------------------- small helpers

def random_stream(seed, name):
    """An independent, reproducible generator per purpose, so one step's draws never shift another's."""
    return np.random.default_rng([seed, zlib.crc32(name.encode("utf-8"))])


def epsg_srs():
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    return srs


def on_grid(geometry):
    """Snap to the millimetre grid (noding as needed, so the result stays valid)."""
    return shapely.set_precision(geometry, GRID)


def as_multipolygon(geometry):
    polygons = [part for part in shapely.get_parts(geometry) if isinstance(part, shapely.Polygon)]
    return shapely.MultiPolygon(polygons)


def as_multilinestring(geometry):
    lines = [part for part in shapely.get_parts(shapely.line_merge(geometry)) if isinstance(part, shapely.LineString)]
    return shapely.MultiLineString(lines)


def polygon_parts(geometry, min_area=0.0):
    """The polygons of ``geometry`` with at least ``min_area`` m², largest first."""
    parts = [part for part in shapely.get_parts(geometry) if isinstance(part, shapely.Polygon)]
    parts = [part for part in parts if part.area >= min_area]
    return sorted(parts, key=lambda part: -part.area)


def closing(geometry, radius):
    """Morphological closing: fills notches and narrow gaps narrower than 2 × radius."""
    return shapely.buffer(shapely.buffer(geometry, radius, quad_segs=4), -radius, quad_segs=4)


def disk(x, y, radius):
    return shapely.Point(x, y).buffer(radius, quad_segs=16)


def interior_xy(geometries):
    """A point inside each geometry (point_on_surface), as x and y arrays."""
    return shapely.get_coordinates(shapely.point_on_surface(np.asarray(geometries, dtype=object))).T


def contains(polygon, x, y):
    shapely.prepare(polygon)
    return shapely.contains_xy(polygon, x, y)


def choose(rng, mix, size):
    """``size`` codes drawn from a {code: weight} mix."""
    codes = list(mix)
    weights = np.array([mix[code] for code in codes], dtype=float)
    return rng.choice(codes, size=size, p=weights / weights.sum())


def smooth_noise(rng, shape, sigma):
    """Gaussian-filtered white noise (periodic, via FFT) scaled to unit standard deviation."""
    white = rng.standard_normal(shape)
    frequencies = np.meshgrid(*[np.fft.fftfreq(n) for n in shape], indexing="ij")
    kernel = np.exp(-2.0 * (np.pi * sigma) ** 2 * sum(f ** 2 for f in frequencies))
    field = np.real(np.fft.ifftn(np.fft.fftn(white) * kernel))
    return field / field.std()


def jittered_grid(bounds, spacing, rng, jitter=0.4):
    """Points on a square grid, each moved at random by up to ``jitter`` × spacing."""
    xmin, ymin, xmax, ymax = bounds
    xs = np.arange(xmin + spacing / 2, xmax, spacing)
    ys = np.arange(ymin + spacing / 2, ymax, spacing)
    x, y = np.meshgrid(xs, ys)
    points = np.column_stack([x.ravel(), y.ravel()])
    return points + rng.uniform(-jitter * spacing, jitter * spacing, points.shape)


def voronoi_cells(points, bounds):
    cells = shapely.voronoi_polygons(shapely.multipoints(points), extend_to=shapely.box(*bounds))
    return np.asarray(shapely.get_parts(cells))


def faces_inside(region, line_sets):
    """Cut ``region`` by every line of ``line_sets``; the faces form an exact coverage.

    All lines are noded in one pass on the millimetre grid, then polygonised: two faces
    that touch share the very same vertices, which is what makes later unions exact.
    """
    lines = shapely.get_parts(np.concatenate([np.atleast_1d(shapely.get_parts(np.asarray(s, dtype=object)))
                                              for s in line_sets]))
    noded = shapely.union_all(np.concatenate([lines, [shapely.boundary(region)]]), grid_size=GRID)
    faces = shapely.get_parts(shapely.polygonize(shapely.get_parts(noded)))
    return faces[contains(region, *interior_xy(faces))]


def label_faces(faces, labelled_polygons, default):
    """Label each face with the first (label, polygon) that holds its interior point."""
    x, y = interior_xy(faces)
    labels = np.full(len(faces), default, dtype=object)
    for label, polygon in reversed(labelled_polygons):
        labels[contains(polygon, x, y)] = label
    return labels


def merge_small_faces(faces, prefer, protected, min_area=MIN_FACE_AREA):
    """Union faces under ``min_area`` into the neighbour they share the longest edge with.

    Neighbours with the same ``prefer`` key (e.g. same kind and township) win; a small
    face may go into a bigger small face, which then goes on into its own neighbour.
    Returns the new faces and, for each, the index of the face whose attributes it keeps.
    """
    areas = shapely.area(faces)
    small = (areas < min_area) & ~protected
    tree = shapely.STRtree(faces)
    boundaries = shapely.boundary(faces)
    owner = np.arange(len(faces))
    for i in np.flatnonzero(small):
        neighbours = [j for j in tree.query(faces[i])
                      if j != i and not protected[j] and (areas[j], j) > (areas[i], i)]  # no cycles
        if not neighbours:
            continue
        shared = shapely.length(shapely.intersection(boundaries[i], boundaries[neighbours]))
        best = max(range(len(neighbours)), key=lambda k: (shared[k] > 0, prefer[neighbours[k]] == prefer[i], shared[k]))
        if shared[best] > 0:
            owner[i] = neighbours[best]
    while not np.array_equal(owner, owner[owner]):  # follow chains to their final owner
        owner = owner[owner]
    keep = np.flatnonzero(owner == np.arange(len(faces)))
    merged = []
    for j in keep:
        members = np.flatnonzero(owner == j)
        merged.append(faces[j] if len(members) == 1 else shapely.union_all(faces[members], grid_size=GRID))
    return np.asarray(merged, dtype=object), keep


def dissolve_by(faces, labels, order=None):
    """(label, polygon) pairs: the faces of each label (in ``order``, default sorted) dissolved and
    split into polygons."""
    return [(label, part) for label in (sorted(set(labels.tolist())) if order is None else order)
            for part in polygon_parts(dissolve(faces[labels == label]))]


def dissolve(geometries):
    return shapely.union_all(np.asarray(geometries, dtype=object), grid_size=GRID)


def overlap_area(a, b):
    return float(shapely.area(shapely.intersection(a, b, grid_size=GRID)))


# ----------------------------------------------------------------------------- the frame

@dataclass(frozen=True)
class Frame:
    """The county's bounding box; ``u``, ``v`` run from 0 to 1 west→east and south→north."""

    scale: float

    @property
    def bounds(self):
        half_x, half_y = (half * self.scale for half in HALF_EXTENT)
        return (CENTRE[0] - half_x, CENTRE[1] - half_y, CENTRE[0] + half_x, CENTRE[1] + half_y)

    def xy(self, u, v):
        xmin, ymin, xmax, ymax = self.bounds
        return xmin + np.asarray(u) * (xmax - xmin), ymin + np.asarray(v) * (ymax - ymin)

    def uv(self, x, y):
        xmin, ymin, xmax, ymax = self.bounds
        return (np.asarray(x) - xmin) / (xmax - xmin), (np.asarray(y) - ymin) / (ymax - ymin)

    def m(self, metres):
        """A length that shrinks with the county."""
        return metres * self.scale


@dataclass(frozen=True)
class Town:
    spec: TownSpec
    x: float
    y: float
    radius: float
    phases: tuple  # of the two harmonics that make the built-up outline irregular

    @property
    def is_seat(self):
        return self.spec.kind == "县城"

    @property
    def township_code(self):
        return COUNTY_CODE + self.spec.code

    def reach(self, x, y):
        """Distance from the centre relative to the (irregular) built-up radius: < 1 is built up."""
        dx, dy = np.asarray(x) - self.x, np.asarray(y) - self.y
        theta = np.arctan2(dy, dx)
        wobble = 0.16 * np.sin(3 * theta + self.phases[0]) + 0.09 * np.sin(5 * theta + self.phases[1])
        radius = self.radius * (1 + wobble)
        return np.hypot(dx, dy) / radius


@dataclass
class Dem:
    values: np.ndarray  # row 0 is the northern edge
    x0: float  # west edge
    y0: float  # north edge
    river_distance: np.ndarray = None  # metres to the nearest river centreline

    @property
    def geotransform(self):
        return (self.x0, DEM_CELL, 0.0, self.y0, 0.0, -DEM_CELL)

    def pixel(self, x, y):
        rows, cols = self.values.shape
        col = np.clip(((np.asarray(x) - self.x0) // DEM_CELL).astype(int), 0, cols - 1)
        row = np.clip(((self.y0 - np.asarray(y)) // DEM_CELL).astype(int), 0, rows - 1)
        return row, col

    def sample(self, x, y, grid=None):
        return (self.values if grid is None else grid)[self.pixel(x, y)]

    def slope_degrees(self):
        dz_dy, dz_dx = np.gradient(self.values.astype(float), DEM_CELL)
        return np.degrees(np.arctan(np.hypot(dz_dx, dz_dy)))


# ----------------------------------------------------------------------------- landscape

def county_outline(frame, rng, vertices=720):
    """A rounded rectangle (superellipse) with a wobbly, star-shaped (hence simple) edge."""
    theta = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    a, b = (half * frame.scale for half in HALF_EXTENT)
    radius = (np.abs(np.cos(theta) / a) ** 3.2 + np.abs(np.sin(theta) / b) ** 3.2) ** (-1 / 3.2)
    harmonics = np.arange(2, 25)
    amplitudes = rng.uniform(0.5, 1.0, harmonics.size) * harmonics ** -1.2
    phases = rng.uniform(0, 2 * np.pi, harmonics.size)
    wobble = (amplitudes[:, None] * np.cos(harmonics[:, None] * theta + phases[:, None])).sum(axis=0)
    wobble = 0.06 * wobble / np.abs(wobble).max() + 0.012 * np.tanh(smooth_noise(rng, (vertices,), 2.0))
    radius *= np.clip(0.925 + wobble, 0.8, 0.995)
    x = CENTRE[0] + radius * np.cos(theta)
    y = CENTRE[1] + radius * np.sin(theta)
    return on_grid(shapely.Polygon(np.column_stack([x, y])))


def place_towns(frame, rng):
    towns = []
    for spec in TOWNS:
        x, y = frame.xy(spec.u, spec.v)
        towns.append(Town(spec, float(x), float(y), frame.m(spec.radius), tuple(rng.uniform(0, 2 * np.pi, 2))))
    return towns


def meander(points, rng, amplitude, spacing, pin_vertices=False):
    """A polyline through ``points`` with smooth sideways wiggles (zero at pinned points)."""
    if pin_vertices:
        legs = [meander(points[i:i + 2], rng, amplitude, spacing) for i in range(len(points) - 1)]
        coords = np.vstack([shapely.get_coordinates(legs[0])]
                           + [shapely.get_coordinates(leg)[1:] for leg in legs[1:]])
        return shapely.LineString(coords)
    xy = shapely.get_coordinates(shapely.segmentize(shapely.LineString(points), spacing))
    tangent = np.gradient(xy, axis=0)
    tangent /= np.hypot(*tangent.T)[:, None]
    normal = np.column_stack([-tangent[:, 1], tangent[:, 0]])
    t = np.linspace(0, 1, len(xy))
    offset = amplitude * np.tanh(smooth_noise(rng, (len(xy),), max(2.0, len(xy) / 24))) * np.sin(np.pi * t)
    return shapely.LineString(xy + normal * offset[:, None]).simplify(0.2)


def trace_rivers(frame, rng):
    """River centrelines by name; tributaries end exactly on the river they join."""
    rivers = {}
    for spec in RIVERS:
        points = np.column_stack(frame.xy(*np.array(spec.uv).T))
        line = meander(points, rng, frame.m(320), frame.m(40))
        if spec.joins:
            main = rivers[spec.joins]
            mouth = main.interpolate(main.project(shapely.Point(line.coords[-1])))
            line = shapely.LineString(list(line.coords) + [mouth.coords[0]])
        rivers[spec.name] = line
    return rivers


def trace_roads(frame, rng, towns):
    by_name = {town.spec.name: (town.x, town.y) for town in towns}
    roads = {}
    for spec in ROADS:
        points = np.array([by_name[stop] if isinstance(stop, str) else frame.xy(*stop) for stop in spec.stops])
        roads[spec.code] = meander(points, rng, frame.m(70), frame.m(40), pin_vertices=True)
    return roads


def reservoir_polygon(frame, rivers):
    """An ellipse lying along the river at the dam site."""
    river = rivers[RESERVOIR["river"]]
    centre = river.interpolate(river.project(shapely.Point(*frame.xy(*RESERVOIR["uv"]))))
    ahead = river.interpolate(river.project(centre) + frame.m(200))
    angle = math.degrees(math.atan2(ahead.y - centre.y, ahead.x - centre.x))
    a, b = (frame.m(axis) for axis in RESERVOIR["half_axes"])
    ellipse = affinity.scale(shapely.Point(0, 0).buffer(1.0, quad_segs=16), a, b)
    return on_grid(affinity.translate(affinity.rotate(ellipse, angle, origin=(0, 0)), centre.x, centre.y))


# ----------------------------------------------------------------------------- DEM

def make_dem(frame, rng, rivers, towns):
    """Hills and mountains in the west and north, a plain in the east, valleys along the rivers."""
    margin = max(300.0, frame.m(1500))
    xmin, ymin, xmax, ymax = frame.bounds
    x0 = math.floor((xmin - margin) / DEM_CELL) * DEM_CELL
    y0 = math.ceil((ymax + margin) / DEM_CELL) * DEM_CELL
    cols = math.ceil((xmax + margin - x0) / DEM_CELL)
    rows = math.ceil((y0 - ymin + margin) / DEM_CELL)
    x, y = np.meshgrid(x0 + (np.arange(cols) + 0.5) * DEM_CELL, y0 - (np.arange(rows) + 0.5) * DEM_CELL)
    u, v = frame.uv(x, y)
    dem = Dem(terrain(rng, u, v), x0, y0)
    dem.river_distance = river_distance(dem, rivers.values())
    dem.values = carve_valleys(dem.values, dem.river_distance, u, v, half_width=max(150.0, frame.m(450)))
    dem.values = flatten_towns(dem.values, x, y, towns)
    dem.values = np.round(dem.values, 2).astype(np.float32)
    return dem


def terrain(rng, u, v):
    shape = u.shape
    broad = smooth_noise(rng, shape, 60)
    rough = fractal_noise(rng, shape)
    crests = 1 - np.abs(np.tanh(smooth_noise(rng, shape, 14)))  # sharp ridges along the noise's zero lines
    west = np.clip((0.56 - u) / 0.42, 0, 1)
    north = np.clip((v - 0.60) / 0.32, 0, 1)
    ramp = np.maximum(west, north)
    mountain = ramp * ramp * (3 - 2 * ramp)  # smoothstep: 0 on the plain, 1 deep in the hills

    def peak(cu, cv, width):
        return np.exp(-((u - cu) ** 2 + (v - cv) ** 2) / (2 * width ** 2))

    peaks = 260 * peak(0.10, 0.86, 0.12) + 200 * peak(0.07, 0.30, 0.10) + 160 * peak(0.52, 0.97, 0.08)
    relief = 500 * np.clip(0.4 + 0.22 * rough + 0.3 * crests, 0.05, None)
    plain = 36 + 6 * np.tanh(broad) + 8 * v
    return plain + mountain * (relief + peaks)


def fractal_noise(rng, shape, sigmas=(40, 16, 6, 2.5), gains=(1.0, 0.55, 0.3, 0.12)):
    """Several octaves of smooth noise: big massifs with smaller spurs and gullies."""
    total = sum(gain * smooth_noise(rng, shape, sigma) for sigma, gain in zip(sigmas, gains))
    return total / total.std()


def river_distance(dem, lines):
    """Distance (m) from each pixel to the nearest river: GDAL rasterize + proximity."""
    rows, cols = dem.values.shape
    mem = gdal.GetDriverByName("MEM")
    burnt = mem.Create("", cols, rows, 1, gdal.GDT_Byte)
    burnt.SetGeoTransform(dem.geotransform)
    burnt.SetProjection(epsg_srs().ExportToWkt())
    source = ogr.GetDriverByName("Memory").CreateDataSource("rivers")
    layer = source.CreateLayer("rivers", srs=epsg_srs(), geom_type=ogr.wkbLineString)
    for line in lines:
        feature = ogr.Feature(layer.GetLayerDefn())
        feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(line)))
        layer.CreateFeature(feature)
    gdal.RasterizeLayer(burnt, [1], layer, burn_values=[1], options=["ALL_TOUCHED=TRUE"])
    distance = mem.Create("", cols, rows, 1, gdal.GDT_Float32)
    distance.SetGeoTransform(dem.geotransform)
    gdal.ComputeProximity(burnt.GetRasterBand(1), distance.GetRasterBand(1), ["VALUES=1", "DISTUNITS=GEO"])
    return distance.GetRasterBand(1).ReadAsArray().astype(float)


def carve_valleys(height, distance, u, v, half_width):
    """Pull the terrain down towards a river bed that falls from the hills to the plain."""
    bed = 16 + 6 * np.clip(1 - u, 0, 1) + 330 * (np.clip(0.52 - u, 0, None) + np.clip(v - 0.58, 0, None))
    keep = 1 - np.exp(-(distance / half_width) ** 2)
    return np.where(height > bed, bed + (height - bed) * keep, height)


def flatten_towns(height, x, y, towns):
    """Towns sit on level ground: blend the terrain towards the level at the town centre."""
    rows, cols = height.shape
    for town in towns:
        row = int(np.clip(np.searchsorted(-y[:, 0], -town.y), 0, rows - 1))
        col = int(np.clip(np.searchsorted(x[0], town.x), 0, cols - 1))
        weight = np.exp(-(np.hypot(x - town.x, y - town.y) / (1.3 * town.radius)) ** 2)
        height = height * (1 - weight) + height[row, col] * weight
    return height


def elevation_zone(dem, threshold, smoothing, min_area):
    """Smooth polygons of the land above ``threshold`` (on a 3 × 3 block mean of the DEM)."""
    rows, cols = (n - n % 3 for n in dem.values.shape)
    coarse = dem.values[:rows, :cols].reshape(rows // 3, 3, cols // 3, 3).mean(axis=(1, 3))
    mask = (coarse > threshold).astype(np.uint8)
    transform = (dem.x0, 3 * DEM_CELL, 0.0, dem.y0, 0.0, -3 * DEM_CELL)
    zone = dissolve(polygonize_mask(mask, transform))
    zone = shapely.buffer(closing(zone, smoothing), -smoothing, quad_segs=4).buffer(smoothing, quad_segs=4)
    return shapely.MultiPolygon(polygon_parts(shapely.simplify(zone, 5.0), min_area))


def polygonize_mask(mask, geotransform):
    rows, cols = mask.shape
    raster = gdal.GetDriverByName("MEM").Create("", cols, rows, 1, gdal.GDT_Byte)
    raster.SetGeoTransform(geotransform)
    band = raster.GetRasterBand(1)
    band.WriteArray(mask)
    source = ogr.GetDriverByName("Memory").CreateDataSource("mask")
    layer = source.CreateLayer("mask", srs=epsg_srs(), geom_type=ogr.wkbPolygon)
    gdal.Polygonize(band, band, layer, -1)
    return [shapely.from_wkb(bytes(feature.GetGeometryRef().ExportToWkb())) for feature in layer]


# ----------------------------------------------------------------------------- 三调 patches

@dataclass
class Patches:
    """The clean DLTB coverage: one entry per patch, every array in the same order."""

    faces: np.ndarray
    codes: np.ndarray  # DLBM
    township: np.ndarray  # index into towns (township seats are the towns)
    urban_town: np.ndarray  # index of the town whose built-up area holds the patch, else -1
    elevation: np.ndarray
    slope: np.ndarray
    is_sliver: np.ndarray
    state_owned: np.ndarray


def strip_polygons(rivers, roads, reservoir):
    """Water and road strips, which become patches of their own (reservoir > river > road)."""
    widths = {spec.name: spec.width for spec in RIVERS}
    rivers_area = dissolve([shapely.buffer(line, widths[name] / 2, quad_segs=4, cap_style="flat")
                            for name, line in rivers.items()])
    water = dissolve([rivers_area, reservoir])
    road_widths = {spec.code: spec.width for spec in ROADS}
    roads_area = dissolve([shapely.buffer(line, road_widths[code] / 2, quad_segs=4, cap_style="flat")
                           for code, line in roads.items()])
    return {
        "1103": reservoir,
        "1101": on_grid(shapely.difference(rivers_area, reservoir)),
        "road": on_grid(shapely.difference(roads_area, water)),
    }


def township_cells(frame, towns):
    """Voronoi cells of the township seats, in the order of ``towns``."""
    points = np.array([(town.x, town.y) for town in towns])
    xmin, ymin, xmax, ymax = frame.bounds
    cells = voronoi_cells(points, (xmin - 5000, ymin - 5000, xmax + 5000, ymax + 5000))
    return [next(cell for cell in cells if cell.contains(shapely.Point(p))) for p in points]


def patch_seeds(frame, rng, towns):
    """Jittered grid, denser inside the towns (urban patches are smaller)."""
    xmin, ymin, xmax, ymax = frame.bounds
    seeds = [jittered_grid((xmin - 500, ymin - 500, xmax + 500, ymax + 500), PATCH_SPACING, rng)]
    for town in towns:
        r = town.radius
        urban = jittered_grid((town.x - r, town.y - r, town.x + r, town.y + r), URBAN_SPACING, rng)
        seeds.append(urban[town.reach(urban[:, 0], urban[:, 1]) < 1])
    return np.vstack(seeds)


def sliver_cuts(frame, rng, cells, clear_zone):
    """Chords that will cut thin triangles (15–40 m²) off a corner of ``SLIVER_COUNT`` cells.

    Each chord runs 5 cm past the cell edges so the noding splits them; the overhangs
    are dangles that polygonize drops. Returns the chords and a point inside each sliver.
    """
    shapely.prepare(clear_zone)
    candidates = cells[shapely.contains(clear_zone, cells)]
    chords, markers = [], []
    for cell in candidates[rng.permutation(len(candidates))]:
        if len(chords) == SLIVER_COUNT:
            break
        if any(cell.distance(marker) < frame.m(1500) for marker in markers):
            continue
        cut = corner_cut(cell, rng.uniform(*SLIVER_AREA))
        if cut is not None:
            chords.append(cut[0])
            markers.append(cut[1])
    if len(chords) < SLIVER_COUNT:
        raise RuntimeError("no room for the sliver defects; use a larger --scale")
    return chords, markers


def corner_cut(cell, area, along=40.0, overhang=0.05):
    corners = np.asarray(cell.exterior.coords)[:-1]
    for i in range(len(corners)):
        corner, before, after = corners[i], corners[i - 1], corners[(i + 1) % len(corners)]
        to_before, to_after = before - corner, after - corner
        len_before, len_after = np.hypot(*to_before), np.hypot(*to_after)
        if min(len_before, len_after) < 60:
            continue
        sine = abs(np.cross(to_before, to_after)) / (len_before * len_after)
        across = 2 * area / (along * sine)  # triangle area = ½·along·across·sin(angle)
        if across > len_after / 3:
            continue
        a = corner + to_before * along / len_before
        b = corner + to_after * across / len_after
        direction = (b - a) / np.hypot(*(b - a))
        chord = shapely.LineString([a - direction * overhang, b + direction * overhang])
        return chord, shapely.Polygon([a, corner, b]).centroid
    return None


def build_patches(frame, rng, land):
    """The clean 三调 coverage (with the sliver defects already cut), classified."""
    outline, towns = land.outline, land.towns
    strips = strip_polygons(land.rivers, land.roads, land.reservoir)
    cells_of_townships = township_cells(frame, towns)
    xmin, ymin, xmax, ymax = frame.bounds
    cells = voronoi_cells(patch_seeds(frame, rng, towns), (xmin - 2000, ymin - 2000, xmax + 2000, ymax + 2000))
    township_lines = shapely.intersection(shapely.boundary(np.asarray(cells_of_townships)), outline)
    obstacles = dissolve(list(strips.values()) + list(township_lines) + [disk(t.x, t.y, 1.2 * t.radius) for t in towns])
    clear_zone = shapely.difference(outline.buffer(-frame.m(400)), obstacles.buffer(80))
    chords, markers = sliver_cuts(frame, rng, cells, clear_zone)

    faces = faces_inside(outline, [shapely.boundary(cells), township_lines,
                                   [shapely.boundary(strip) for strip in strips.values()], chords])
    labelled = [("1103", strips["1103"]), ("1101", strips["1101"]), ("road", strips["road"])]
    kinds = label_faces(faces, labelled, "land")
    township = label_faces(faces, list(enumerate(cells_of_townships)), -1).astype(int)
    protected = np.zeros(len(faces), dtype=bool)
    for marker in markers:
        protected |= shapely.contains(faces, marker)
    faces, kept = merge_small_faces(faces, np.char.add(kinds.astype(str), township.astype(str)), protected)
    return classify_patches(rng, faces, kinds[kept], township[kept], protected[kept], towns, land.dem)


def classify_patches(rng, faces, kinds, township, is_sliver, towns, dem):
    x, y = interior_xy(faces)
    reach = np.array([town.reach(x, y) for town in towns])
    urban_town = np.where(reach.min(axis=0) < 1, reach.argmin(axis=0), -1)
    elevation = dem.sample(x, y).astype(float)
    slope = dem.sample(x, y, dem.slope_degrees())
    zone = landscape_zone(towns, urban_town, x, elevation, slope, dem.sample(x, y, dem.river_distance))

    codes = np.where(kinds == "road", np.where(urban_town >= 0, "1004", "1003"), kinds).astype(object)
    land = kinds == "land"
    for name, mix in LAND_MIX.items():
        chosen = land & (zone == name)
        codes[chosen] = choose(rng, mix, chosen.sum())
    state_owned = (np.isin(codes, STATE_CODES)
                   | ((urban_town == 0) & np.isin(codes, URBAN_CODES))
                   | (np.isin(codes, FOREST_CODES) & (elevation > 600)))  # 国有林场 high up
    return Patches(faces, codes, township, urban_town, elevation, slope, is_sliver, state_owned)


def landscape_zone(towns, urban_town, x, elevation, slope, distance_to_river):
    seat = towns[0]
    zone = np.where((elevation >= 320) | (slope >= 18), "mountain",
                    np.where((elevation >= 90) | (slope >= 6), "hill",
                             np.where((distance_to_river < 1200) | (elevation < 34), "plain_wet", "plain")))
    zone = zone.astype(object)
    zone[urban_town > 0] = "town"
    zone[urban_town == 0] = "seat"
    zone[(urban_town == 0) & (x > seat.x + 0.35 * seat.radius)] = "seat_east"  # the industrial side
    return zone


# ----------------------------------------------------------------------------- derived layers

def builtup_areas(patches, towns):
    """Base-year urban construction land of each town: the union of its urban patches."""
    urban = np.isin(patches.codes, URBAN_CODES) & (patches.urban_town >= 0)
    return [dissolve(patches.faces[urban & (patches.urban_town == i)]) for i in range(len(towns))]


def development_boundaries(frame, towns, builtup, county):
    """Draft 城镇开发边界: a smoothed margin around each town's built-up land.

    The county seat also gets a 弹性发展区 annex to the east. Returns (town index, GNFQ,
    polygon) triples; the seat's 集中建设区 comes first.
    """
    boundaries = []
    for i, town in enumerate(towns):
        margin = frame.m(150 if town.is_seat else 90)
        core = closing(builtup[i], frame.m(250)).buffer(margin, quad_segs=4)
        boundaries.append([i, "集中建设区", on_grid(shapely.intersection(core, county))])
    seat, core = towns[0], boundaries[0][2]
    annex = disk(seat.x + 1.3 * seat.radius, seat.y + 0.15 * seat.radius, 0.5 * seat.radius)
    annex = on_grid(shapely.difference(shapely.intersection(annex, county), core))
    boundaries.insert(1, [0, "弹性发展区", annex])
    return boundaries


def ecological_red_line(frame, rivers, dem, county, urban):
    """Draft 生态保护红线: high forested mountains plus river corridors, minus the urban boundary.

    Returns (HXLX, HXMC, polygon) triples.
    """
    mountains = shapely.intersection(elevation_zone(dem, 420, frame.m(250), frame.m(600) ** 2), county)
    corridor_width = {spec.name: spec.corridor for spec in RIVERS if spec.corridor}
    corridor = dissolve([shapely.buffer(rivers[name], width, quad_segs=4) for name, width in corridor_width.items()])
    corridor = shapely.difference(shapely.intersection(corridor, county), mountains)
    min_area = max(5000.0, frame.m(frame.m(200_000)))  # drop crumbs
    lines = []
    for part in polygon_parts(on_grid(shapely.difference(mountains, urban)), min_area):
        north = frame.uv(part.centroid.x, part.centroid.y)[1] > 0.62
        kind = "水源涵养" if north else "水土保持"
        lines.append((kind, f"{'北部' if north else '西部'}山地{kind}生态保护红线", part))
    for part in polygon_parts(on_grid(shapely.difference(corridor, urban)), min_area):
        lines.append(("生物多样性维护", "清水河—石门河河流廊道生态保护红线", part))
    return lines


def grow_into(geometry, other, length, depth):
    """``geometry`` plus a "tent" pitched on a stretch of its border with ``other``.

    The tent's base is a nearly straight run (about ``length`` m) of vertices both
    polygons already have, and its apex lies ``depth`` m inside ``other``. So the grown
    geometry overlaps ``other`` exactly by the tent, and no other neighbour by a hair
    (a buffer or a snapped overlay would leave micro-overlaps next to it).
    """
    border = polygon_border(geometry, other)
    if border is None:
        raise RuntimeError("the polygons share no border to grow across")
    coords = np.asarray(border.coords)
    along = np.concatenate([[0.0], np.hypot(*np.diff(coords, axis=0).T).cumsum()])
    middle = int(np.searchsorted(along, along[-1] / 2))
    starts = sorted(range(len(coords) - 1), key=lambda i: abs(i - middle))
    for scale in (1.0, 0.7, 0.5, 0.35, 0.25):  # shorter and lower tents where the border bends
        run = min(length * scale, 0.999 * along[-1])
        for start in starts:
            end = int(np.searchsorted(along, along[start] + run))
            tent = tent_on(coords[start:end + 1], other, depth * scale) if end < len(coords) else None
            if tent is not None:
                return shapely.union(geometry, tent)
    raise RuntimeError("no straight enough stretch of border to grow across")


def tent_on(base, other, depth):
    chord = base[-1] - base[0]
    chord_length = np.hypot(*chord)
    path_length = np.hypot(*np.diff(base, axis=0).T).sum()
    if chord_length < 0.95 * path_length:
        return None
    normal = np.array([-chord[1], chord[0]]) / chord_length
    middle = (base[0] + base[-1]) / 2
    if not other.contains(shapely.Point(middle + normal * min(1.0, depth / 10))):
        normal = -normal  # point into ``other``
    tent = shapely.Polygon(np.vstack([base, np.round(middle + normal * depth, 3)]))
    return tent if tent.is_valid and lies_within(tent, other) else None


def lies_within(geometry, other):
    """``other.contains(geometry)`` by overlay: GEOS 3.11's relate can fail ("side location
    conflict") on polygons that share runs of vertices, which these do by design."""
    return shapely.difference(geometry, other, grid_size=GRID).area == 0


def polygon_border(a, b):
    """The longest line piece of the common boundary of two polygons, or None."""
    if shapely.distance(a, b) > 0:
        return None  # (and spares GEOS 3.11 a NaN warning on empty line intersections)
    shared = shapely.line_merge(shapely.intersection(shapely.boundary(a), shapely.boundary(b)))
    pieces = [p for p in shapely.get_parts(shared) if isinstance(p, shapely.LineString)]
    return max(pieces, key=lambda p: p.length) if pieces else None


def select_farmland(patches, red_line, urban):
    """Draft 永久基本农田: cultivated, low and gentle patches clear of the red line and the urban
    boundary, plus a few deliberately conflicting ones. Returns (indices, conflict counts)."""
    areas = shapely.area(patches.faces)
    eligible = (np.isin(patches.codes, CULTIVATED_CODES) & ~patches.is_sliver & (areas >= 1000)
                & (patches.elevation < 200) & (patches.slope < 10))
    in_red = overlap_areas(patches.faces, red_line)
    in_urban = overlap_areas(patches.faces, urban)
    clear = eligible & (in_red == 0) & (in_urban == 0)
    # The conflicts: the 3 patches reaching deepest into the red line, and the 4 lying most inside the urban boundary.
    red_conflicts = top(eligible & (in_red >= 500) & (in_urban == 0), in_red, 3)
    urban_conflicts = top(eligible & (in_red == 0) & (in_urban > 0), in_urban / areas, 4)
    chosen = np.sort(np.concatenate([np.flatnonzero(clear), red_conflicts, urban_conflicts]))
    return chosen, {"red_line": len(red_conflicts), "urban": len(urban_conflicts)}


def overlap_areas(faces, polygon):
    shapely.prepare(polygon)
    areas = np.zeros(len(faces))
    hit = np.flatnonzero(shapely.intersects(polygon, faces))
    areas[hit] = shapely.area(shapely.intersection(faces[hit], polygon, grid_size=GRID))
    return areas


def top(mask, key, count):
    """Indices of the ``count`` entries of ``mask`` with the largest ``key``."""
    candidates = np.flatnonzero(mask)
    if len(candidates) < count:
        raise RuntimeError("not enough candidates for the deliberate farmland conflicts; use a larger --scale")
    return np.sort(candidates[np.argsort(-key[candidates], kind="stable")[:count]])


def urban_master_plan(frame, rng, seat, county, seat_builtup, land):
    """城规: blocks of the county seat's planning area, with MORE construction than today,
    grown to the north-east. Returns (YDDM, polygon) pairs."""
    centre = (seat.x + frame.m(300), seat.y + frame.m(250))
    area = shapely.intersection(rounded_box(rng, centre, frame.m(3000), frame.m(2500)), county)
    grown = disk(seat.x + 0.6 * seat.radius, seat.y + 0.45 * seat.radius, 0.95 * seat.radius)
    construction = on_grid(shapely.intersection(shapely.union(closing(seat_builtup, frame.m(120)), grown), area))
    water = shapely.intersection(dissolve([shapely.buffer(land.rivers[s.name], s.width / 2 + 10, cap_style="flat")
                                           for s in RIVERS]), area)
    street_lines = planned_streets(seat) + [land.roads["G318"], land.roads["S205"]]
    streets = shapely.difference(shapely.intersection(dissolve(shapely.buffer(street_lines, 15, cap_style="flat")),
                                                      construction), water)
    xmin, ymin, xmax, ymax = area.bounds
    seeds = jittered_grid((xmin - 300, ymin - 300, xmax + 300, ymax + 300), 230.0, rng)
    cells = voronoi_cells(seeds, (xmin - 1000, ymin - 1000, xmax + 1000, ymax + 1000))
    faces = faces_inside(area, [shapely.boundary(cells), [shapely.boundary(construction)],
                                [shapely.boundary(water)], [shapely.boundary(streets)]])
    labels = label_faces(faces, [("E1", water), ("S1", streets), ("H", construction)], "E2")
    faces, kept = merge_small_faces(faces, labels, np.zeros(len(faces), dtype=bool))
    labels = labels[kept]
    x, y = interior_xy(faces)
    distance = np.hypot(x - seat.x, y - seat.y) / seat.radius
    blocks = np.where(distance < 0.35, "centre", np.where(x > seat.x + 0.5 * seat.radius, "east", "rest"))
    codes = labels.copy()
    for name, mix in CG_MIX.items():
        chosen = (labels == "H") & (blocks == name)
        codes[chosen] = choose(rng, mix, chosen.sum())
    return list(zip(codes, faces))


def on_older_base_map(frame, geometry):
    """``geometry`` as digitised on the older base map: moved by ``BASE_MAP_SHIFT`` (the same shift
    for the same coordinate, so a coverage stays a coverage), kept to the millimetre grid."""
    def shift(xy):
        u, v = xy[:, 0] - frame.bounds[0], xy[:, 1] - frame.bounds[1]
        (cx, ax, lx, mx), (cy, ay, ly, my) = BASE_MAP_SHIFT["dx"], BASE_MAP_SHIFT["dy"]
        dx = cx + ax * np.sin(2 * np.pi * u / lx + 0.7) * np.cos(2 * np.pi * v / mx)
        dy = cy + ay * np.cos(2 * np.pi * u / ly) * np.sin(2 * np.pi * v / my + 1.9)
        return np.round((xy + np.column_stack([dx, dy])) / GRID) * GRID

    return shapely.transform(geometry, shift)


def rounded_box(rng, centre, half_x, half_y, vertices=360):
    theta = np.linspace(0, 2 * np.pi, vertices, endpoint=False)
    radius = (np.abs(np.cos(theta) / half_x) ** 6 + np.abs(np.sin(theta) / half_y) ** 6) ** (-1 / 6)
    radius *= 1 + 0.04 * np.tanh(smooth_noise(rng, (vertices,), 6.0))
    return shapely.Polygon(np.column_stack([centre[0] + radius * np.cos(theta), centre[1] + radius * np.sin(theta)]))


def planned_streets(seat):
    """A coarse grid of trunk streets through the county seat."""
    reach = 3.2 * seat.radius
    streets = []
    for offset in (-0.75, 0.0, 0.6):
        y = seat.y + offset * seat.radius * 1.4
        streets.append(shapely.LineString([(seat.x - reach, y), (seat.x + reach, y)]))
    for offset in (-0.9, 0.0, 0.85):
        x = seat.x + offset * seat.radius * 1.4
        streets.append(shapely.LineString([(x, seat.y - reach), (x, seat.y + reach)]))
    return streets


def land_use_plan(patches, seat):
    """土规: the patches mapped to 规划地类, with town growth to the SOUTH-WEST of the seat,
    then dissolved by class. Returns (GHDLDM, polygon) pairs."""
    codes = np.array([DLTB_TO_TGYT[code] for code in patches.codes], dtype=object)
    x, y = interior_xy(patches.faces)
    growth = disk(seat.x - 0.55 * seat.radius, seat.y - 0.5 * seat.radius, 0.9 * seat.radius)
    grows = contains(growth, x, y) & np.isin(codes, ("111", "112", "113", "115", "212", "321"))
    codes[grows] = "211"
    return dissolve_by(patches.faces, codes)


#: 生态系统服务功能重要性 levels (1 极重要 … 5 一般) and their names, for the ecological evaluation.
SERVICE_LEVELS = {1: "极重要", 2: "高度重要", 3: "中度重要", 4: "较低重要", 5: "一般重要"}
WATER_CODES = ("1101", "1103", "1104", "1107")


def service_importance(patches):
    """生态系统服务功能重要性 (水源涵养 and 生物多样性维护, simplified from the survey): forests above
    400 m, rivers and reservoirs 1; other forests and water 2; grass and orchards 3; farmland and
    rural land 4; towns and roads 5 — dissolved per level. Returns (DJ, polygon) pairs."""
    codes = patches.codes
    forest, water = np.isin(codes, FOREST_CODES), np.isin(codes, WATER_CODES)
    levels = np.full(len(codes), 5)
    levels[np.isin(codes, CULTIVATED_CODES + ("0702", "1006", "1202", "1203", "0602", "1206"))] = 4
    levels[np.isin(codes, ("0404", "0201"))] = 3
    levels[forest | water] = 2
    levels[(forest & (patches.elevation > 400)) | np.isin(codes, ("1101", "1103"))] = 1
    return [(int(level), part) for level, part in dissolve_by(patches.faces, levels)]


def three_zones(frame, county, urban, red_line, dem):
    """三区 as a clean partition: 城镇空间 = urban boundary, 生态空间 = red line plus the
    hills above 230 m, 农业空间 = the rest. Returns (KJLXDM, polygon) pairs."""
    hills = shapely.intersection(elevation_zone(dem, 230, frame.m(250), frame.m(800) ** 2), county)
    ecological = dissolve([red_line, hills])
    faces = faces_inside(county, [[shapely.boundary(urban)], [shapely.boundary(ecological)]])
    labels = label_faces(faces, [("1", urban), ("3", ecological)], "2")
    return dissolve_by(faces, labels, sorted(SQ_CLASSES))


def break_three_zones(frame, zones):
    """The deliberate defects of 三区: two overlaps (城镇 and 生态 bulging into 农业) and one gap."""
    zones = [list(zone) for zone in zones]
    agricultural = [zone for zone in zones if zone[0] == "2"]
    for code in ("1", "3"):
        part = next(zone for zone in zones if zone[0] == code)  # the largest of its class
        neighbour = max(agricultural, key=lambda zone: border_length(part[1], zone[1]))
        part[1] = grow_into(part[1], neighbour[1], frame.m(400), frame.m(150))
    biggest = agricultural[0]
    centre = polylabel(biggest[1], tolerance=10.0)  # the point farthest inside: the hole stays clear of the edges
    hole = on_grid(disk(centre.x, centre.y, min(frame.m(150), 0.5 * biggest[1].boundary.distance(centre))))
    biggest[1] = on_grid(shapely.difference(biggest[1], hole))
    return [tuple(zone) for zone in zones]


def border_length(a, b):
    border = polygon_border(a, b)
    return 0.0 if border is None else border.length


# ----------------------------------------------------------------------------- projects

def place_projects(frame, land, county, seat_builtup, patches, lines):
    """Five project red lines, each placed where it tests one rule (see the README)."""
    seat, size = land.towns[0], math.sqrt(frame.scale)
    farmland = dissolve(patches.faces[lines.farmland_index])
    placed = {}

    def clear_of(geometry, *others):
        return all(not geometry.intersects(other) for other in list(others) + list(placed.values()))

    placed["school"] = first_fit(  # inside today's town and the urban boundary, clear of both other lines
        candidate_points((seat.x - 0.25 * seat.radius, seat.y + 0.3 * seat.radius), seat.radius, 40),
        lambda x, y: rectangle(x, y, 180 * size, 130 * size, 8),
        lambda g: (lines.boundaries[0][2].contains(g) and seat_builtup.contains(g)
                   and clear_of(g, lines.red_line, farmland)))
    placed["logistics"] = first_fit(  # the one with a hole
        candidate_points((seat.x + 0.7 * seat.radius, seat.y + 0.05 * seat.radius), seat.radius, 40),
        lambda x, y: rectangle(x, y, 320 * size, 230 * size, -5, hole=(70 * size, 50 * size)),
        lambda g: lines.urban.contains(g) and clear_of(g, lines.red_line, farmland))
    placed["road"], road_code = road_across_red_line(
        frame, land.roads, lines.red_line, [lines.urban, farmland, county.boundary] + list(placed.values()))
    placed["factory"] = first_fit(  # on basic farmland
        zip(*interior_xy(patches.faces[lines.farmland_index])),
        lambda x, y: rectangle(x, y, 150 * size, 110 * size, 15),
        lambda g: (overlap_area(g, farmland) >= 0.6 * g.area and county.contains(g)
                   and clear_of(g, lines.red_line, lines.urban)))
    placed["sewage"] = touching_plot(frame, county, lines, farmland, placed)
    return placed, road_code


def candidate_points(target, radius, count):
    """A square lattice around ``target``, nearest first."""
    offsets = np.linspace(-radius, radius, count)
    x, y = np.meshgrid(target[0] + offsets, target[1] + offsets)
    order = np.argsort(np.hypot(x - target[0], y - target[1]), axis=None, kind="stable")
    return zip(x.ravel()[order], y.ravel()[order])


def first_fit(candidates, build, accept):
    for x, y in candidates:
        geometry = on_grid(build(x, y))
        if geometry.is_valid and accept(geometry):
            return geometry
    raise RuntimeError("no place found for a project; use a larger --scale")


def rectangle(x, y, width, height, angle, hole=None):
    outer = shapely.box(x - width / 2, y - height / 2, x + width / 2, y + height / 2)
    if hole is not None:
        hx, hy = x - 0.15 * width, y + 0.1 * height
        inner = shapely.box(hx - hole[0] / 2, hy - hole[1] / 2, hx + hole[0] / 2, hy + hole[1] / 2)
        outer = shapely.Polygon(outer.exterior, [inner.exterior])
    return affinity.rotate(outer, angle, origin=(x, y))


def road_across_red_line(frame, roads, red_line, avoid):
    """A widening project on a road where it crosses the red line's edge, touching nothing in
    ``avoid``. Tries every place a road enters or leaves the red line, long stretches first."""
    for geometry in avoid:
        shapely.prepare(geometry)
    for half_length in (frame.m(300), frame.m(150), frame.m(80)):
        for code in ("X102", "X103", "X104", "S205", "G318", "X101"):
            road = roads[code]
            for crossing in red_line_crossings(road, red_line):
                stretch = substring(road, max(0.0, crossing - half_length), crossing + half_length)
                strip = on_grid(shapely.buffer(stretch, 12, cap_style="flat"))
                if any(other.intersects(strip) for other in avoid):
                    continue
                if 0 < overlap_area(strip, red_line) < strip.area:
                    return strip, code
    raise RuntimeError("no road crosses the ecological red line away from farmland and towns")


def red_line_crossings(road, red_line):
    """Distances along ``road`` where it enters or leaves the red line."""
    for piece in shapely.get_parts(shapely.intersection(road, red_line)):
        if isinstance(piece, shapely.LineString) and not piece.is_empty:
            yield road.project(shapely.Point(piece.coords[0]))
            yield road.project(shapely.Point(piece.coords[-1]))


def touching_plot(frame, county, lines, farmland, placed):
    """A plot built on a stretch of a red-line feature's own outline, on its outer side: it
    shares that boundary exactly (same vertices) and overlaps no red-line feature at all.

    It is built from the features as written, not from their union, whose outline may
    have lost or gained vertices along the way.
    """
    length, depth = 110 * math.sqrt(frame.scale), 90 * math.sqrt(frame.scale)
    features = [part for _, _, part in lines.red_lines]
    others = [lines.urban, farmland] + list(placed.values())
    for feature in features:
        for part in polygon_parts(feature):
            ring = np.asarray(shapely.orient_polygons(part).exterior.coords)  # interior on the left
            for start in range(0, len(ring) - 1, 3):
                plot = offset_plot(ring, start, length, depth)
                if plot is None or not plot.is_valid:
                    continue
                if (lies_within(plot, county) and border_length(plot, feature) > 0
                        and all(overlap_area(plot, other) == 0 for other in features)
                        and all(not plot.intersects(other) for other in others)):
                    return plot
    raise RuntimeError("no place found for the plot touching the red line")


def offset_plot(ring, start, length, depth):
    """Polygon between the ring's vertices from ``start`` (about ``length`` metres of
    nearly straight outline) and that stretch pushed ``depth`` outwards (to the right)."""
    steps = np.hypot(*np.diff(ring[start:], axis=0).T).cumsum()
    end = start + 1 + int(np.searchsorted(steps, length))
    if end >= len(ring):
        return None
    chain = ring[start:end + 1]
    chord = chain[-1] - chain[0]
    chord_length = np.hypot(*chord)
    if chord_length < 0.8 * length:
        return None  # too winding
    outward = np.array([chord[1], -chord[0]]) / chord_length
    far = np.round(np.array([chain[-1], chain[0]]) + outward * depth, 3)
    return shapely.Polygon(np.vstack([chain, far]))


# ----------------------------------------------------------------------------- DLTB with defects

def dltb_records(patches, towns):
    """DLTB attribute records of the clean patches, numbered township by township, north to south."""
    x, y = interior_xy(patches.faces)
    codes = [towns[t].township_code for t in patches.township]
    order = sorted(range(len(codes)), key=lambda i: (codes[i], -round(y[i], 3), round(x[i], 3)))
    records, counters = [], {}
    for bsm, i in enumerate(order, start=1):
        counters[codes[i]] = counters.get(codes[i], 0) + 1
        records.append({
            "BSM": bsm, "TBBH": str(counters[codes[i]]), "DLBM": patches.codes[i],
            "DLMC": DLTB_CLASSES[patches.codes[i]], "QSXZ": "10" if patches.state_owned[i] else "30",
            "ZLDWDM": codes[i], "_index": i,
        })
    return records


def inject_dltb_defects(rng, patches, records, reserved):
    """Spoil copies of some patches on purpose. ``reserved`` are patch indices other layers use.

    Exactly: 1 bow-tie, 1 duplicate, 1 overlapping pair, 1 '9999' code, 1 null code
    (the SLIVER_COUNT slivers were cut when the coverage was built).
    """
    geometries = {record["_index"]: patches.faces[record["_index"]] for record in records}
    by_index = {record["_index"]: record for record in records}
    pool = [i for i in sorted(by_index) if defect_candidate(patches, i, reserved)]
    rng.shuffle(pool)
    used = set()

    def take(condition):
        chosen = next(i for i in pool if i not in used and condition(i))
        used.add(chosen)
        return chosen

    bow = take(lambda i: is_convex(patches.faces[i]) and bow_tie(patches.faces[i]) is not None)
    geometries[bow] = bow_tie(patches.faces[bow])
    assert shapely.is_valid_reason(geometries[bow]).startswith("Self-intersection")
    a, b = overlapping_pair(patches, pool, used)
    geometries[a] = grow_into(patches.faces[a], patches.faces[b], length=1e9, depth=15.0)
    unknown = take(lambda i: patches.codes[i] == "0103")
    by_index[unknown]["DLBM"] = "9999"  # a typing error: DLMC still says 旱地
    missing = take(lambda i: patches.codes[i] in FOREST_CODES)
    by_index[missing]["DLBM"] = None
    duplicate = take(lambda i: True)

    features = [(geometries[record["_index"]], record) for record in records]
    copy = dict(by_index[duplicate], BSM=len(records) + 1)
    features.append((patches.faces[duplicate], copy))
    bsm = {i: by_index[i]["BSM"] for i in by_index}
    slivers = sorted(bsm[i] for i in by_index if patches.is_sliver[i])
    return features, {
        "self-intersecting (bow-tie)": [bsm[bow]], "duplicate (original, copy)": [bsm[duplicate], copy["BSM"]],
        "overlapping pair (grown, overlapped)": [bsm[a], bsm[b]], "slivers < 50 m²": slivers,
        "DLBM '9999'": [bsm[unknown]], "DLBM NULL": [bsm[missing]],
    }


def defect_candidate(patches, i, reserved):
    return (patches.codes[i] not in ("1101", "1103", "1003", "1004") and patches.urban_town[i] < 0
            and not patches.is_sliver[i] and i not in reserved and patches.faces[i].area >= 3000)


def corners(polygon):
    """Vertices of the outline without the collinear nodes the noding added."""
    return np.asarray(shapely.simplify(polygon, 0.05).exterior.coords)[:-1]


def is_convex(polygon):
    return len(polygon.interiors) == 0 and polygon.area >= 0.999 * polygon.convex_hull.area


def bow_tie(polygon, min_lobe=20.0):
    """Swap two neighbouring corners: the ring then crosses itself (a bow-tie).

    Of the possible swaps, the one that uncovers least of the original patch while its
    small lobe still has ``min_lobe`` m² (so the defect is visible) is used; None if no
    swap makes a proper bow-tie.
    """
    ring = corners(polygon)
    best = None
    for i in range(len(ring)):
        twisted_ring = ring.copy()
        j = (i + 1) % len(ring)
        twisted_ring[[i, j]] = twisted_ring[[j, i]]
        twisted = shapely.Polygon(twisted_ring)
        if twisted.is_valid:  # nearly collinear corners: the swap does not make the ring cross
            continue
        lobes = shapely.area(shapely.get_parts(shapely.make_valid(twisted)))
        uncovered = polygon.area - lobes.sum()
        if lobes.min() >= min_lobe and (best is None or uncovered < best[0]):
            best = (uncovered, twisted)
    return None if best is None else best[1]


def overlapping_pair(patches, pool, used):
    """Two neighbouring candidate patches sharing at least 60 m of boundary."""
    tree = shapely.STRtree(patches.faces)
    allowed = set(pool) - used
    for a in pool:
        if a in used:
            continue
        for b in tree.query(patches.faces[a], predicate="touches"):
            if b in allowed and b != a and border_length(patches.faces[a], patches.faces[b]) >= 60:
                used.update((a, int(b)))
                return a, int(b)
    raise RuntimeError("no pair of patches for the overlap defect")


# ----------------------------------------------------------------------------- later surveys

def reserved_bsm(records, reserved):
    return {record["BSM"] for record in records if record["_index"] in reserved}


def later_surveys(frame, patches, records, lines, excluded, first_bsm, plans):
    """DLTB_2024 and DLTB_2025 (年度变更调查): the clean base-year patches, each year with its changes.

    Plausible growth inside the urban development boundary, some farmland reclaimed from grass
    (补充耕地), and two planted violations: in 2024 part of a non-farmland patch outside every
    boundary becomes industrial land (construction outside the boundary); in 2025 part of a
    permanent basic farmland patch outside the boundary becomes industrial land (farmland lost
    to construction). A changed part gets a new BSM; the rest of its patch keeps the old one.
    Returns ({year: features}, planted) where planted lists the violations (year, kind, BSM,
    geometry). ``excluded``: BSMs of patches the DLTB defects or other layers use; new BSMs start at
    ``first_bsm``.
    """
    by_index = {record["_index"]: record for record in records}
    farmland = set(int(i) for i in lines.farmland_index)
    x, y = interior_xy(patches.faces)
    area = shapely.area(patches.faces)
    # planned growth: where both plans plan urban construction inside the boundary (so the blueprint
    # does too); a small county may have no open land there, then anywhere inside the boundary
    cg, tg = plans
    planned = dissolve([g for code, g in cg if not code.startswith(("E", "G"))])
    planned = on_grid(shapely.intersection(shapely.intersection(planned, dissolve([g for code, g in tg if code == "211"])),
                                           lines.urban))
    zones = [(zone, shapely.area(shapely.intersection(patches.faces, zone)) >= frame.m(25) ** 2)  # ≥ 625 m² at scale 1
             for zone in (planned, lines.urban)]
    open_land = CULTIVATED_CODES + FOREST_CODES + ("0201", "0404", "1206")
    clear = shapely.disjoint(patches.faces, lines.urban) & shapely.disjoint(patches.faces, lines.red_line)
    usable = [i for i in sorted(by_index) if by_index[i]["BSM"] not in excluded and not patches.is_sliver[i]]
    state = {i: [(patches.faces[i], dict(by_index[i], DLBM=patches.codes[i], DLMC=DLTB_CLASSES[patches.codes[i]]))]
             for i in by_index}
    next_bsm = [first_bsm]  # after every BSM of the base year's DLTB (its duplicate copy included)
    used, planted, surveys = set(), [], {}

    def pick(condition, minimum=0.0):
        found = next((i for i in usable if i not in used and area[i] >= minimum and condition(i)), None)
        if found is None:
            raise RuntimeError("no patch for a change of the later surveys")
        used.add(found)
        return found

    def change(i, code, part_size=None, within=None):
        """Patch ``i`` (or a box of ``part_size`` m around its interior point, or its part ``within``)
        becomes ``code``."""
        geometry, record = state[i][0]
        part = geometry
        if part_size is not None:
            part = on_grid(shapely.intersection(geometry, shapely.box(
                x[i] - part_size[0] / 2, y[i] - part_size[1] / 2, x[i] + part_size[0] / 2, y[i] + part_size[1] / 2)))
        elif within is not None:
            part = on_grid(shapely.MultiPolygon(polygon_parts(shapely.intersection(geometry, within))))
        rest = on_grid(shapely.difference(geometry, part))
        new = dict(record, BSM=next_bsm[0], TBBH=f"{record['TBBH']}-1", DLBM=code, DLMC=DLTB_CLASSES[code])
        next_bsm[0] += 1
        state[i] = ([(rest, record)] if rest.area > 1.0 else []) + [(part, new)] + state[i][1:]
        return part, new["BSM"]

    size = (frame.m(150), frame.m(120))
    # 2024
    def grow(code):  # open land inside the urban development boundary, built on as planned
        for zone, inside in zones:
            try:
                found = pick(lambda i: inside[i] and i not in farmland and patches.codes[i] in open_land)
            except RuntimeError:
                continue
            return change(found, code, within=zone)
        raise RuntimeError("no open land inside the urban development boundary")

    for code in ("0701", "05H1"):
        grow(code)
    change(pick(lambda i: clear[i] and patches.codes[i] == "0404"), "0103")
    violation = pick(lambda i: clear[i] and i not in farmland and patches.codes[i] in FOREST_CODES + ("0404",),
                     minimum=2 * size[0] * size[1])
    part, bsm = change(violation, "0601", size)
    planted.append({"year": 2024, "kind": "construction outside CZKFBJ", "BSM": bsm, "geometry": part})
    surveys[2024] = [(geometry, dict(record)) for i in sorted(state) for geometry, record in state[i]]
    # 2025: the 2024 changes stay
    grow("0701")
    violation = pick(lambda i: clear[i] and i in farmland, minimum=2 * size[0] * size[1])
    part, bsm = change(violation, "0601", size)
    planted.append({"year": 2025, "kind": "basic farmland to construction", "BSM": bsm, "geometry": part})
    surveys[2025] = [(geometry, dict(record)) for i in sorted(state) for geometry, record in state[i]]
    for features in surveys.values():
        features.sort(key=lambda feature: feature[1]["BSM"])
        for _, record in features:
            record.pop("_index", None)
    return surveys, planted


# ----------------------------------------------------------------------------- the county

@dataclass
class Landscape:
    frame: Frame
    outline: shapely.Polygon
    towns: list
    rivers: dict  # name → centreline
    roads: dict  # LXBM → centreline
    reservoir: shapely.Polygon
    dem: Dem


@dataclass
class ControlLines:
    """The three draft control lines and what their conflicts need."""

    boundaries: list  # [town index, GNFQ, polygon] of CZKFBJ
    red_lines: list  # (HXLX, HXMC, polygon) of STBHHX
    red_line: shapely.Geometry  # their union
    urban: shapely.Geometry  # union of the development boundaries
    farmland_index: np.ndarray  # patches that are 永久基本农田
    farmland_conflicts: dict


@dataclass
class Layer:
    name: str
    title: str  # stored as the GeoPackage layer description
    geometry_type: int
    fields: list  # (name, "str" | "int" | "real", width, or (width, precision) for reals)
    features: list  # (shapely geometry, {field: value})


LAYER_SPECS = {
    "XZQ": ("县级行政区", ogr.wkbMultiPolygon, [("XZQDM", "str", 12), ("XZQMC", "str", 50)]),
    "XZQ_XZ": ("乡镇级行政区", ogr.wkbMultiPolygon, [("XZQDM", "str", 12), ("XZQMC", "str", 50)]),
    "CZ": ("城镇驻地", ogr.wkbPoint, [("CZMC", "str", 50), ("CZLX", "str", 10), ("RK", "int", 0)]),
    "HL": ("河流", ogr.wkbMultiLineString, [("HLMC", "str", 50), ("HLDJ", "str", 10)]),
    "DL": ("道路", ogr.wkbMultiLineString, [("LXBM", "str", 10), ("LXMC", "str", 50), ("JSDJ", "str", 10)]),
    "DLTB": ("地类图斑（三调）", ogr.wkbMultiPolygon,
             [("BSM", "int", 0), ("TBBH", "str", 8), ("DLBM", "str", 5), ("DLMC", "str", 60),
              ("QSXZ", "str", 2), ("ZLDWDM", "str", 19), ("TBMJ", "real", (15, 2))]),
    "DLTB_2024": ("2024年度变更调查地类图斑", ogr.wkbMultiPolygon,
                  [("BSM", "int", 0), ("TBBH", "str", 8), ("DLBM", "str", 5), ("DLMC", "str", 60),
                   ("QSXZ", "str", 2), ("ZLDWDM", "str", 19), ("TBMJ", "real", (15, 2))]),
    "DLTB_2025": ("2025年度变更调查地类图斑", ogr.wkbMultiPolygon,
                  [("BSM", "int", 0), ("TBBH", "str", 8), ("DLBM", "str", 5), ("DLMC", "str", 60),
                   ("QSXZ", "str", 2), ("ZLDWDM", "str", 19), ("TBMJ", "real", (15, 2))]),
    "CZJSYD_2020": ("2020年城镇建设用地（现状）", ogr.wkbMultiPolygon, [("CZMC", "str", 50), ("MJ", "real", (15, 2))]),
    "CGYD": ("县城总体规划用地（城规）", ogr.wkbMultiPolygon, [("YDDM", "str", 4), ("YDMC", "str", 30)]),
    "TGYT": ("土地利用总体规划用途（土规）", ogr.wkbMultiPolygon, [("GHDLDM", "str", 3), ("GHDLMC", "str", 30)]),
    "STBHHX": ("生态保护红线（试划）", ogr.wkbMultiPolygon,
               [("HXBH", "str", 20), ("HXMC", "str", 60), ("HXLX", "str", 20)]),
    "YJJBNTTB": ("永久基本农田（试划）", ogr.wkbMultiPolygon,
                 [("JBNTTBBH", "str", 20), ("DLBM", "str", 5), ("TBMJ", "real", (15, 2))]),
    "CZKFBJ": ("城镇开发边界（试划）", ogr.wkbMultiPolygon,
               [("BJBH", "str", 20), ("BJMC", "str", 60), ("GNFQ", "str", 20)]),
    "SQ": ("三区（城镇、农业、生态空间）", ogr.wkbMultiPolygon, [("KJLXDM", "str", 1), ("KJLXMC", "str", 10)]),
    "STFW": ("生态系统服务功能重要性", ogr.wkbMultiPolygon, [("DJ", "int", 0), ("DJMC", "str", 10)]),
    "XMHX": ("建设项目用地红线", ogr.wkbMultiPolygon,
             [("XMBH", "str", 20), ("XMMC", "str", 60), ("XMLX", "str", 20), ("YDYT", "str", 30),
              ("YTDM", "str", 5), ("YDMJ", "real", (15, 4))]),
}


def make_layer(name, features):
    title, geometry_type, fields = LAYER_SPECS[name]
    return Layer(name, title, geometry_type, fields, features)


def build_landscape(frame, seed):
    towns = place_towns(frame, random_stream(seed, "towns"))
    rivers = trace_rivers(frame, random_stream(seed, "rivers"))
    return Landscape(
        frame=frame,
        outline=county_outline(frame, random_stream(seed, "outline")),
        towns=towns,
        rivers=rivers,
        roads=trace_roads(frame, random_stream(seed, "roads"), towns),
        reservoir=reservoir_polygon(frame, rivers),
        dem=make_dem(frame, random_stream(seed, "dem"), rivers, towns),
    )


def draft_control_lines(frame, land, patches, county, builtup):
    """城镇开发边界, 生态保护红线 and 永久基本农田, with their deliberate conflicts."""
    boundaries = development_boundaries(frame, land.towns, builtup, county)
    red_lines = ecological_red_line(frame, land.rivers, land.dem, county, dissolve([b[2] for b in boundaries]))
    red_line = dissolve([part for _, _, part in red_lines])
    # The seat's boundary spills a little over the red line it otherwise just touches.
    boundaries[0][2] = grow_into(boundaries[0][2], red_line, frame.m(200), frame.m(60))
    boundaries[1][2] = on_grid(shapely.difference(boundaries[1][2], boundaries[0][2]))
    urban = dissolve([b[2] for b in boundaries])
    farmland_index, conflicts = select_farmland(patches, red_line, urban)
    return ControlLines(boundaries, red_lines, red_line, urban, farmland_index, conflicts)


def build_county(scale=1.0, seed=DEFAULT_SEED):
    """Every layer of the sample county, the DEM and a few facts about the defects."""
    frame = Frame(scale)
    land = build_landscape(frame, seed)
    towns = land.towns
    patches = build_patches(frame, random_stream(seed, "patches"), land)
    assert_small_faces(patches)
    townships = [dissolve(patches.faces[patches.township == i]) for i in range(len(towns))]
    county = dissolve(townships)
    builtup = builtup_areas(patches, towns)
    lines = draft_control_lines(frame, land, patches, county, builtup)
    plan_cg = urban_master_plan(frame, random_stream(seed, "cgyd"), towns[0], county, builtup[0], land)
    plan_tg = land_use_plan(patches, towns[0])
    zones = break_three_zones(frame, three_zones(frame, county, lines.urban, lines.red_line, land.dem))
    projects, road_code = place_projects(frame, land, county, builtup[0], patches, lines)
    records = dltb_records(patches, towns)
    near_projects = project_patches(patches, projects)
    reserved = set(lines.farmland_index.tolist()) | near_projects
    dltb, defects = inject_dltb_defects(random_stream(seed, "defects"), patches, records, reserved)
    spoiled = {bsm for values in defects.values() for bsm in values}
    surveys, planted = later_surveys(frame, patches, records, lines, spoiled | reserved_bsm(records, near_projects),
                                     max(record["BSM"] for _, record in dltb) + 1, (plan_cg, plan_tg))

    layers = [
        make_layer("XZQ", [(county, {"XZQDM": COUNTY_CODE, "XZQMC": COUNTY_NAME})]),
        make_layer("XZQ_XZ", [(g, {"XZQDM": t.township_code, "XZQMC": t.spec.name}) for g, t in zip(townships, towns)]),
        make_layer("CZ", [(on_grid(shapely.Point(t.x, t.y)),
                           {"CZMC": t.spec.name, "CZLX": t.spec.kind, "RK": t.spec.population}) for t in towns]),
        make_layer("HL", [(on_grid(shapely.intersection(land.rivers[s.name], county)),
                           {"HLMC": s.name, "HLDJ": s.grade}) for s in RIVERS]),
        make_layer("DL", [(on_grid(shapely.intersection(land.roads[s.code], county)),
                           {"LXBM": s.code, "LXMC": s.name, "JSDJ": s.grade}) for s in ROADS]),
        make_layer("DLTB", dltb),
        *[make_layer(f"DLTB_{year}", features) for year, features in surveys.items()],
        make_layer("CZJSYD_2020", [(g, {"CZMC": t.spec.name}) for g, t in zip(builtup, towns)]),
        make_layer("CGYD", [(g, {"YDDM": code, "YDMC": CGYD_CLASSES[code]}) for code, g in plan_cg]),
        make_layer("TGYT", [(on_older_base_map(frame, g), {"GHDLDM": code, "GHDLMC": TGYT_CLASSES[code]})
                            for code, g in plan_tg]),
        make_layer("STBHHX", [(g, {"HXBH": f"HX{COUNTY_CODE}{n:03d}", "HXMC": name, "HXLX": kind})
                              for n, (kind, name, g) in enumerate(lines.red_lines, start=1)]),
        make_layer("YJJBNTTB", farmland_features(patches, records, lines.farmland_index)),
        make_layer("CZKFBJ", boundary_features(towns, lines.boundaries)),
        make_layer("SQ", [(g, {"KJLXDM": code, "KJLXMC": SQ_CLASSES[code]}) for code, g in zones]),
        make_layer("STFW", [(g, {"DJ": level, "DJMC": SERVICE_LEVELS[level]}) for level, g in service_importance(patches)]),
        make_layer("XMHX", project_features(projects, road_code)),
    ]
    facts = {"DLTB defects (BSM)": defects,
             "YJJBNTTB conflicts (patches)": {"overlapping STBHHX": lines.farmland_conflicts["red_line"],
                                              "inside CZKFBJ": lines.farmland_conflicts["urban"]},
             "SQ defects": {"overlaps": 2, "gaps": 1},
             "planted changes (year: BSM)": {f"{p['year']} {p['kind']}": p["BSM"] for p in planted}}
    finish_areas(layers)
    for change in planted:
        change["area_m2"] = round(float(polygon_areas([change.pop("geometry")], EPSG)[0]), 4)
    return layers, land.dem, facts, planted


def boundary_features(towns, boundaries):
    features = []
    for n, (town, gnfq, geometry) in enumerate(boundaries, start=1):
        place = COUNTY_NAME + "县城" if towns[town].is_seat else towns[town].spec.name
        features.append((geometry, {"BJBH": f"KFBJ{COUNTY_CODE}{n:03d}", "BJMC": place + "城镇开发边界", "GNFQ": gnfq}))
    return features


def assert_small_faces(patches):
    areas = shapely.area(patches.faces)
    unexpected = np.flatnonzero((areas < MIN_FACE_AREA) & ~patches.is_sliver)
    assert len(unexpected) == 0, f"unmerged small faces: {areas[unexpected]}"
    assert patches.is_sliver.sum() == SLIVER_COUNT and (areas[patches.is_sliver] < 50).all()


def project_patches(patches, projects):
    tree = shapely.STRtree(patches.faces)
    return {int(i) for geometry in projects.values() for i in tree.query(geometry, predicate="intersects")}


def farmland_features(patches, records, chosen):
    by_index = {record["_index"]: record for record in records}
    features = []
    for n, i in enumerate(sorted(chosen, key=lambda i: by_index[i]["BSM"]), start=1):
        record = by_index[i]
        features.append((patches.faces[i], {"JBNTTBBH": f"{record['ZLDWDM']}{n:05d}", "DLBM": patches.codes[i]}))
    return features


def project_features(projects, road_code):
    road_name = next(spec.code + spec.name for spec in ROADS if spec.code == road_code)
    features = []
    for n, (key, geometry) in enumerate(projects.items(), start=1):
        name, kind, use, code = PROJECTS[key]
        features.append((geometry, {"XMBH": f"XM2024-{n:03d}", "XMMC": name.format(road=road_name),
                                    "XMLX": kind, "YDYT": use, "YTDM": code}))
    return features


def finish_areas(layers):
    """Fill the area fields from the ellipsoidal areas (TBMJ/MJ in m², YDMJ in 公顷)."""
    for layer in layers:
        names = [field[0] for field in layer.fields]
        area_field = next((name for name in ("TBMJ", "MJ", "YDMJ") if name in names), None)
        if area_field is None:
            continue
        areas = polygon_areas([geometry for geometry, _ in layer.features], EPSG)
        for (_, record), area in zip(layer.features, areas):
            record[area_field] = round(float(to_hectares(area)), 4) if area_field == "YDMJ" else round(float(area), 2)


# ----------------------------------------------------------------------------- writing

def write_geopackage(path, layers):
    srs = epsg_srs()
    previous = gdal.GetConfigOption("OGR_CURRENT_DATE")
    gdal.SetConfigOption("OGR_CURRENT_DATE", FIXED_TIMESTAMP)
    try:
        dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        for layer in layers:
            write_layer(dataset, layer, srs)
        dataset = None  # closes the file
    finally:
        gdal.SetConfigOption("OGR_CURRENT_DATE", previous)


def write_layer(dataset, layer, srs):
    out = dataset.CreateLayer(layer.name, srs, layer.geometry_type,
                              options=["GEOMETRY_NAME=geom", "FID=fid", f"DESCRIPTION={layer.title}"])
    kinds = {"str": ogr.OFTString, "int": ogr.OFTInteger, "real": ogr.OFTReal}
    for name, kind, width in layer.fields:
        definition = ogr.FieldDefn(name, kinds[kind])
        if kind == "real":
            definition.SetWidth(width[0])
            definition.SetPrecision(width[1])
        elif width:
            definition.SetWidth(width)
        out.CreateField(definition)
    multi = {ogr.wkbMultiPolygon: as_multipolygon, ogr.wkbMultiLineString: as_multilinestring}
    out.StartTransaction()
    for geometry, record in layer.features:
        feature = ogr.Feature(out.GetLayerDefn())
        for name, _, _ in layer.fields:
            if record.get(name) is None:
                feature.SetFieldNull(name)
            else:
                feature.SetField(name, record[name])
        geometry = multi.get(layer.geometry_type, lambda g: g)(geometry)
        feature.SetGeometry(ogr.CreateGeometryFromWkb(shapely.to_wkb(geometry)))
        out.CreateFeature(feature)
    out.CommitTransaction()


def write_dem(path, dem):
    srs = epsg_srs()
    rows, cols = dem.values.shape
    options = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "PREDICTOR=3", "ZLEVEL=9"]
    raster = gdal.GetDriverByName("GTiff").Create(str(path), cols, rows, 1, gdal.GDT_Float32, options=options)
    raster.SetGeoTransform(dem.geotransform)
    raster.SetProjection(srs.ExportToWkt())
    band = raster.GetRasterBand(1)
    band.SetNoDataValue(DEM_NODATA)
    band.WriteArray(dem.values)
    band.SetDescription("高程 (m)")
    raster = None


def write_projects_txt(path, layer):
    plots = [{"geometry": geometry, "number": n, "name": record["XMMC"], "use": record["YDYT"],
              "landuse_code": record["YTDM"]}
             for n, (geometry, record) in enumerate(layer.features, start=1)]
    header = {"数据产生单位": DATA_UNIT, "数据产生日期": DATA_DATE, "带号": str(ZONE)}
    write_coordinate_txt(path, plots, header=header)


def summary(layers, dem, facts, output):
    lines = [f"{output / GPKG_NAME}  (EPSG:{EPSG})"]
    for layer in layers:
        geometries = [geometry for geometry, _ in layer.features]
        if layer.geometry_type == ogr.wkbMultiPolygon:
            measure = f"{to_hectares(polygon_areas(geometries, EPSG).sum()):12,.2f} 公顷"
        elif layer.geometry_type == ogr.wkbMultiLineString:
            measure = f"{sum(g.length for g in geometries) / 1000:12,.2f} km"
        else:
            measure = ""
        lines.append(f"  {layer.name:<12} {len(layer.features):6d} features {measure}  {layer.title}")
    rows, cols = dem.values.shape
    lines.append(f"{output / DEM_NAME}  {cols} x {rows} cells of {DEM_CELL:g} m, "
                 f"{dem.values.min():.1f}–{dem.values.max():.1f} m")
    xmhx = next(layer for layer in layers if layer.name == "XMHX")
    lines.append(f"{output / TXT_NAME}  {len(xmhx.features)} plots (GBK)")
    for title, items in facts.items():
        lines.append(title + ": " + "; ".join(f"{key} {value}" for key, value in items.items()))
    return "\n".join(lines)


def generate(output=DEFAULT_OUTPUT, scale=1.0, seed=DEFAULT_SEED):
    """Build the county and write it into ``output``; returns the summary text."""
    gdal.UseExceptions()
    ogr.UseExceptions()
    osr.UseExceptions()
    output = Path(output)
    output.mkdir(parents=True, exist_ok=True)
    layers, dem, facts, planted = build_county(scale, seed)
    for name in (GPKG_NAME, DEM_NAME, TXT_NAME, FACTS_NAME):
        (output / name).unlink(missing_ok=True)
    write_geopackage(output / GPKG_NAME, layers)
    write_dem(output / DEM_NAME, dem)
    write_projects_txt(output / TXT_NAME, next(layer for layer in layers if layer.name == "XMHX"))
    (output / FACTS_NAME).write_text(json.dumps({"base_year": BASE_YEAR, "planted": planted}, ensure_ascii=False,
                                                indent=1), encoding="utf-8")
    return summary(layers, dem, facts, output)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT, help="folder to write into")
    parser.add_argument("--scale", type=float, default=1.0,
                        help=f"shrink the county's extent, {MIN_SCALE}–1 (0.25 for fast tests)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="random seed")
    args = parser.parse_args(argv)
    if not MIN_SCALE <= args.scale <= 1.0:
        parser.error(f"--scale must lie between {MIN_SCALE} and 1")
    started = time.perf_counter()
    print(generate(args.output, args.scale, args.seed))
    print(f"done in {time.perf_counter() - started:.1f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
