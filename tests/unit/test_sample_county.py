"""scripts/make_sample_county.py: the synthetic county 示范县, generated small (--scale 0.25).

The generator runs in a subprocess (as the README tells users to run it), once for the
module and once more for the determinism check. The numbers asserted here are the
deliberate defects and conflicts documented in resources/sample/README.md.
"""
import collections
import functools
import hashlib
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
import shapely
from osgeo import gdal, ogr

from multiplan.core.areas import polygon_areas

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "make_sample_county.py"
SCALE = "0.25"
GPKG = "sample_county.gpkg"
TXT = "项目红线坐标.txt"

LAYER_FIELDS = {
    "XZQ": ["XZQDM", "XZQMC"],
    "XZQ_XZ": ["XZQDM", "XZQMC"],
    "CZ": ["CZMC", "CZLX", "RK"],
    "HL": ["HLMC", "HLDJ"],
    "DL": ["LXBM", "LXMC", "JSDJ"],
    "DLTB": ["BSM", "TBBH", "DLBM", "DLMC", "QSXZ", "ZLDWDM", "TBMJ"],
    "DLTB_2024": ["BSM", "TBBH", "DLBM", "DLMC", "QSXZ", "ZLDWDM", "TBMJ"],
    "DLTB_2025": ["BSM", "TBBH", "DLBM", "DLMC", "QSXZ", "ZLDWDM", "TBMJ"],
    "CZJSYD_2020": ["CZMC", "MJ"],
    "CGYD": ["YDDM", "YDMC"],
    "TGYT": ["GHDLDM", "GHDLMC"],
    "STBHHX": ["HXBH", "HXMC", "HXLX"],
    "YJJBNTTB": ["JBNTTBBH", "DLBM", "TBMJ"],
    "CZKFBJ": ["BJBH", "BJMC", "GNFQ"],
    "SQ": ["KJLXDM", "KJLXMC"],
    "STFW": ["DJ", "DJMC"],
    "XMHX": ["XMBH", "XMMC", "XMLX", "YDYT", "YTDM", "YDMJ"],
}
POINT_LAYERS = {"CZ"}
LINE_LAYERS = {"HL", "DL"}

DLTB_NAMES = {
    "0101": "水田", "0102": "水浇地", "0103": "旱地", "0201": "果园", "0301": "乔木林地",
    "0305": "灌木林地", "0307": "其他林地", "0404": "其他草地", "05H1": "商业服务业设施用地",
    "0601": "工业用地", "0602": "采矿用地", "0701": "城镇住宅用地", "0702": "农村宅基地",
    "08H1": "机关团体新闻出版用地", "08H2": "科教文卫用地", "0809": "公用设施用地", "0810": "公园与绿地",
    "1003": "公路用地", "1004": "城镇村道路用地", "1006": "农村道路", "1101": "河流水面", "1103": "水库水面",
    "1104": "坑塘水面", "1107": "沟渠", "1202": "设施农用地", "1203": "田坎", "1206": "裸土地",
}


def generate(output, *extra):
    command = [sys.executable, str(SCRIPT), "--output", str(output), "--scale", SCALE, *extra]
    return subprocess.run(command, capture_output=True, text=True, timeout=300)


@pytest.fixture(scope="module")
def county(tmp_path_factory):
    output = tmp_path_factory.mktemp("sample_county")
    result = generate(output)
    assert result.returncode == 0, result.stderr
    return Sample(output, result.stdout)


class Sample:
    """The generated folder, with layers read once."""

    def __init__(self, folder, stdout):
        self.folder = folder
        self.stdout = stdout

    @functools.lru_cache(maxsize=None)
    def layer(self, name):
        """(shapely geometry, attribute dict) of every feature, in file order."""
        dataset = ogr.Open(str(self.folder / GPKG))
        layer = dataset.GetLayerByName(name)
        assert layer is not None, f"layer {name} missing"
        return [(shapely.from_wkb(bytes(f.GetGeometryRef().ExportToWkb())), dict(f.items())) for f in layer]

    def geometries(self, name, where=lambda attributes: True):
        return [geometry for geometry, attributes in self.layer(name) if where(attributes)]

    def union(self, name, where=lambda attributes: True):
        return shapely.union_all(self.geometries(name, where))

    @property
    def county(self):
        return self.geometries("XZQ")[0]


def digest(folder):
    """SHA-256 over every layer's attribute values and geometry WKB, the DEM pixels and the TXT."""
    sha = hashlib.sha256()
    dataset = ogr.Open(str(folder / GPKG))
    for index in range(dataset.GetLayerCount()):
        layer = dataset.GetLayerByIndex(index)
        sha.update(layer.GetName().encode())
        for feature in layer:
            sha.update(repr(sorted(feature.items().items())).encode())
            sha.update(bytes(feature.GetGeometryRef().ExportToWkb()))
    raster = gdal.Open(str(folder / "DEM.tif"))
    sha.update(repr(raster.GetGeoTransform()).encode())
    sha.update(raster.GetRasterBand(1).ReadAsArray().tobytes())
    sha.update((folder / TXT).read_bytes())
    return sha.hexdigest()


def test_later_surveys_cover_the_county_and_carry_the_planted_changes(county):
    import json

    from multiplan.core.areas import polygon_areas

    facts = json.loads((county.folder / "sample_facts.json").read_text(encoding="utf-8"))
    assert facts["base_year"] == 2023 and [p["year"] for p in facts["planted"]] == [2024, 2025]
    county_m2 = polygon_areas([county.county], "EPSG:4527")[0]
    urban, farmland = county.union("CZKFBJ"), county.union("YJJBNTTB")
    for year in (2024, 2025):
        features = county.layer(f"DLTB_{year}")
        geometries = [geometry for geometry, _ in features]
        assert all(shapely.is_valid(geometries)) and overlapping_pairs(geometries) == []
        assert polygon_areas(geometries, "EPSG:4527").sum() == pytest.approx(county_m2, abs=1.0)
        bsm = [attributes["BSM"] for _, attributes in features]
        assert len(set(bsm)) == len(bsm)
        assert all(attributes["DLBM"] in DLTB_NAMES and attributes["DLMC"] == DLTB_NAMES[attributes["DLBM"]]
                   for _, attributes in features)
    for planted in facts["planted"]:
        # a change stays in every later year, with its BSM, code and area
        for year in range(planted["year"], 2026):
            geometry, attributes = next((g, a) for g, a in county.layer(f"DLTB_{year}") if a["BSM"] == planted["BSM"])
            assert attributes["DLBM"] == "0601"
            assert polygon_areas([geometry], "EPSG:4527")[0] == pytest.approx(planted["area_m2"], abs=0.01)
            assert attributes["TBMJ"] == pytest.approx(planted["area_m2"], abs=0.01)
            assert not shapely.intersects(geometry, urban) or shapely.intersection(geometry, urban).area < 1e-6
        on_farmland = shapely.intersection(geometry, farmland).area
        assert (on_farmland > 0.99 * geometry.area) == (planted["year"] == 2025)


def overlapping_pairs(geometries, min_area=1.0):
    """Index pairs (i < j) of valid geometries overlapping by more than ``min_area`` m²."""
    geometries = np.asarray(geometries, dtype=object)
    tree = shapely.STRtree(geometries)
    pairs = []
    for i, j in tree.query(geometries, predicate="intersects").T:
        if i < j and shapely.intersection(geometries[i], geometries[j]).area > min_area:
            pairs.append((int(i), int(j)))
    return pairs


# ----------------------------------------------------------------------------- the run


def test_prints_layers_counts_and_hectares(county):
    for name in LAYER_FIELDS:
        assert re.search(rf"^\s+{name}\s+{len(county.layer(name))} features", county.stdout, re.M), name
    assert "公顷" in county.stdout
    assert "DEM.tif" in county.stdout and TXT in county.stdout


def test_two_runs_give_identical_data(county, tmp_path):
    result = generate(tmp_path)
    assert result.returncode == 0, result.stderr
    assert digest(tmp_path) == digest(county.folder)


def test_another_seed_gives_another_county(county, tmp_path):
    result = generate(tmp_path, "--seed", "7")
    assert result.returncode == 0, result.stderr
    assert digest(tmp_path) != digest(county.folder)


def test_too_small_a_scale_is_refused(tmp_path):
    result = generate(tmp_path, "--scale", "0.1")
    assert result.returncode == 2
    assert "--scale" in result.stderr
    assert not (tmp_path / GPKG).exists()


# ----------------------------------------------------------------------------- structure


def test_every_documented_layer_and_field_is_there(county):
    dataset = ogr.Open(str(county.folder / GPKG))
    names = [dataset.GetLayerByIndex(i).GetName() for i in range(dataset.GetLayerCount())]
    assert names == list(LAYER_FIELDS)
    for name, fields in LAYER_FIELDS.items():
        definition = dataset.GetLayerByName(name).GetLayerDefn()
        assert [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())] == fields, name


def test_geometry_types_are_consistent_per_layer(county):
    for name in LAYER_FIELDS:
        expected = "Point" if name in POINT_LAYERS else "MultiLineString" if name in LINE_LAYERS else "MultiPolygon"
        assert {geometry.geom_type for geometry in county.geometries(name)} == {expected}, name


def test_everything_is_cgcs2000_zone_39(county):
    dataset = ogr.Open(str(county.folder / GPKG))
    for name in LAYER_FIELDS:
        srs = dataset.GetLayerByName(name).GetSpatialRef()
        assert (srs.GetAuthorityName(None), srs.GetAuthorityCode(None)) == ("EPSG", "4527"), name
    raster = gdal.Open(str(county.folder / "DEM.tif"))
    srs = raster.GetSpatialRef()
    assert (srs.GetAuthorityName(None), srs.GetAuthorityCode(None)) == ("EPSG", "4527")


def test_polygons_are_valid_except_the_dltb_bow_tie(county):
    for name in LAYER_FIELDS.keys() - POINT_LAYERS - LINE_LAYERS:
        invalid = [a for g, a in county.layer(name) if not g.is_valid]
        assert len(invalid) == (1 if name == "DLTB" else 0), name


def test_county_straddles_the_central_meridian(county):
    xmin, ymin, xmax, ymax = county.county.bounds
    assert xmin < 39_500_000 < xmax
    assert 5_000 < xmax - xmin < 6_000 and 3_800 < ymax - ymin < 4_500  # at most 6 km × 4.5 km at scale 0.25
    assert abs((xmin + xmax) / 2 - 39_500_000) < 300 and abs((ymin + ymax) / 2 - 3_500_000) < 300
    assert len(county.layer("XZQ")) == 1
    assert county.layer("XZQ")[0][1] == {"XZQDM": "369901", "XZQMC": "示范县"}


def test_townships_tile_the_county_exactly(county):
    townships = county.layer("XZQ_XZ")
    assert len(townships) == 7
    assert all(re.fullmatch(r"369901\d{3}", a["XZQDM"]) for _, a in townships)
    geometries = [g for g, _ in townships]
    assert overlapping_pairs(geometries, min_area=0.0) == []
    assert shapely.symmetric_difference(shapely.union_all(geometries), county.county).area == 0.0


def test_dem_is_a_tiled_compressed_30m_float_grid_over_the_county(county):
    raster = gdal.Open(str(county.folder / "DEM.tif"))
    band = raster.GetRasterBand(1)
    x0, dx, _, y0, _, dy = raster.GetGeoTransform()
    assert (dx, dy) == (30.0, -30.0)
    assert band.DataType == gdal.GDT_Float32
    assert band.GetNoDataValue() == -9999.0
    assert band.GetBlockSize() == [256, 256]
    assert raster.GetMetadata("IMAGE_STRUCTURE")["COMPRESSION"] == "DEFLATE"
    xmin, ymin, xmax, ymax = county.county.bounds
    assert x0 < xmin and y0 > ymax
    assert x0 + dx * raster.RasterXSize > xmax and y0 + dy * raster.RasterYSize < ymin
    heights = band.ReadAsArray()
    assert 10 < heights.min() < 40  # the eastern plain
    assert 400 < heights.max() < 1000  # the western and northern mountains (~900 m at scale 1)
    assert np.abs(np.diff(heights, axis=1)).max() < 60  # no cliffs: at most ~63° between 30 m cells


# ----------------------------------------------------------------------------- DLTB


def test_dltb_has_exactly_the_documented_defects(county):
    patches = county.layer("DLTB")
    geometries = np.array([g for g, _ in patches], dtype=object)
    attributes = [a for _, a in patches]

    invalid = [i for i, g in enumerate(geometries) if not g.is_valid]
    assert len(invalid) == 1
    assert shapely.is_valid_reason(geometries[invalid[0]]).startswith("Self-intersection")

    copies = collections.Counter(shapely.to_wkb(geometries))
    assert sorted(copies.values())[-2:] == [1, 2]  # one geometry twice, all others once
    duplicated = [i for i, g in enumerate(geometries) if copies[shapely.to_wkb(g)] == 2]
    first, second = (dict(attributes[i]) for i in duplicated)
    assert first.pop("BSM") != second.pop("BSM") and first == second

    valid = [i for i in range(len(geometries)) if i not in invalid and i != duplicated[1]]
    assert len(overlapping_pairs(geometries[valid])) == 1

    areas = sorted(a["TBMJ"] for a in attributes)
    assert areas[2] < 50 <= 190 < areas[3]  # 3 slivers, then nothing under ~200 m²
    assert [a["DLBM"] for a in attributes].count("9999") == 1
    assert [a["DLBM"] for a in attributes].count(None) == 1
    typo = next(a for a in attributes if a["DLBM"] == "9999")
    assert typo["DLMC"] == "旱地"
    for a in attributes:
        if a["DLBM"] not in ("9999", None):
            assert DLTB_NAMES[a["DLBM"]] == a["DLMC"], a


def test_dltb_covers_the_county_but_for_the_bow_tie(county):
    geometries = county.geometries("DLTB")
    bow_tie = next(g for g in geometries if not g.is_valid)
    covered = shapely.union_all([shapely.make_valid(g) for g in geometries])
    assert shapely.difference(covered, county.county).area < 1e-6
    gap = shapely.difference(county.county, covered)
    assert gap.area > 0  # the twisted ring leaves part of its own patch uncovered ...
    assert shapely.difference(gap, shapely.convex_hull(bow_tie)).area < 1e-6  # ... and nothing else


def test_dltb_attributes(county):
    attributes = [a for _, a in county.layer("DLTB")]
    assert 350 < len(attributes) < 1000  # ≈5000 at scale 1
    assert sorted(a["BSM"] for a in attributes) == list(range(1, len(attributes) + 1))
    townships = {a["XZQDM"] for _, a in county.layer("XZQ_XZ")}
    assert {a["ZLDWDM"] for a in attributes} == townships
    assert {a["QSXZ"] for a in attributes} == {"10", "30"}
    codes = collections.Counter(a["DLBM"] for a in attributes)
    for expected in ("0101", "0103", "0301", "0701", "1003", "1101"):
        assert codes[expected] >= 5, expected


def test_patches_lie_in_the_township_they_name(county):
    townships = {a["XZQDM"]: g for g, a in county.layer("XZQ_XZ")}
    for geometry, attributes in county.layer("DLTB"):
        if geometry.is_valid:
            assert townships[attributes["ZLDWDM"]].contains(shapely.point_on_surface(geometry)), attributes


@pytest.mark.parametrize("layer, field", [("DLTB", "TBMJ"), ("YJJBNTTB", "TBMJ"), ("CZJSYD_2020", "MJ")])
def test_area_fields_are_ellipsoidal_square_metres(county, layer, field):
    geometries = county.geometries(layer)
    recorded = np.array([a[field] for _, a in county.layer(layer)])
    assert np.abs(recorded - polygon_areas(geometries, 4527)).max() <= 0.01


# ----------------------------------------------------------------------------- plans and control lines


def test_the_two_plans_disagree_both_ways(county):
    cg_construction = county.union("CGYD", lambda a: not a["YDDM"].startswith("E"))
    cg_other = county.union("CGYD", lambda a: a["YDDM"].startswith("E"))
    tg_construction = county.union("TGYT", lambda a: a["GHDLDM"].startswith("2"))
    tg_other = county.union("TGYT", lambda a: not a["GHDLDM"].startswith("2"))
    assert shapely.intersection(cg_construction, tg_other).area > 10_000  # 城规有、土规无
    assert shapely.intersection(tg_construction, cg_other).area > 10_000  # 土规有、城规无


def test_the_land_use_plan_is_a_coverage_on_an_older_base_map(county):
    """TGYT tiles the county as drawn on the older base map: no overlaps, valid, and off the
    county's outline by the base-map shift only (more than a few centimetres, under 1.5 m)."""
    geometries = county.geometries("TGYT")
    assert overlapping_pairs(geometries, min_area=0.0) == []
    assert shapely.is_valid(geometries).all()
    outline = shapely.union_all(geometries)
    assert 0.05 < shapely.hausdorff_distance(outline, county.county) < 1.5
    assert abs(outline.area - county.county.area) < 1e-4 * county.county.area


def test_service_importance_tiles_the_county_in_five_levels(county):
    """生态系统服务功能重要性 (the input of the ecological evaluation): levels 1–5, no overlaps, the county."""
    geometries = county.geometries("STFW")
    levels = {a["DJ"] for _, a in county.layer("STFW")}
    assert levels == {1, 2, 3, 4, 5}
    assert overlapping_pairs(geometries, min_area=0.0) == []
    assert shapely.union_all(geometries).symmetric_difference(county.county).area < 1.0


def farmland_patches_overlapping(county, layer):
    other = county.union(layer)
    near = [patch for patch in county.geometries("YJJBNTTB") if patch.intersects(other)]
    return sum(shapely.intersection(patch, other).area > 1.0 for patch in near)


def test_exactly_three_farmland_patches_reach_into_the_red_line(county):
    assert farmland_patches_overlapping(county, "STBHHX") == 3
    assert shapely.intersection(county.union("STBHHX"), county.union("YJJBNTTB")).area > 1_000


def test_exactly_four_farmland_patches_lie_partly_in_the_urban_boundary(county):
    assert farmland_patches_overlapping(county, "CZKFBJ") == 4


def test_urban_boundary_holds_farmland_and_spills_over_the_red_line_a_little(county):
    urban, red_line = county.union("CZKFBJ"), county.union("STBHHX")
    assert shapely.intersection(urban, county.union("YJJBNTTB")).area > 1_000
    spill = shapely.intersection(urban, red_line).area
    assert 0 < spill < 0.01 * urban.area
    assert shapely.intersection(urban.boundary, red_line.boundary).length > 100  # and touches it elsewhere
    assert {a["GNFQ"] for _, a in county.layer("CZKFBJ")} == {"集中建设区", "弹性发展区"}


def test_base_year_urban_land_is_inside_the_towns_boundaries(county):
    builtup = county.union("CZJSYD_2020")
    assert len(county.layer("CZJSYD_2020")) == 7
    assert shapely.difference(builtup, county.union("CZKFBJ")).area < 1e-6


def test_three_zones_have_two_overlaps_and_one_gap(county):
    zones = county.layer("SQ")
    assert {(a["KJLXDM"], a["KJLXMC"]) for _, a in zones} == {("1", "城镇空间"), ("2", "农业空间"), ("3", "生态空间")}
    geometries = [g for g, _ in zones]
    pairs = overlapping_pairs(geometries)
    assert len(pairs) == 2
    assert {tuple(sorted(zones[i][1]["KJLXDM"] for i in pair)) for pair in pairs} == {("1", "2"), ("2", "3")}
    gap = shapely.difference(county.county, shapely.union_all(geometries))
    gap_parts = [p for p in shapely.get_parts(gap) if p.area > 1.0]
    assert len(gap_parts) == 1 and county.county.contains(gap_parts[0])


# ----------------------------------------------------------------------------- projects


def test_projects_each_test_one_rule(county):
    projects = {a["XMBH"]: g for g, a in county.layer("XMHX")}
    assert len(projects) == 5
    red_line, farmland = county.union("STBHHX"), county.union("YJJBNTTB")
    urban = county.union("CZKFBJ")
    school, logistics, road, factory, sewage = projects.values()

    assert urban.contains(school) and not school.intersects(red_line) and not school.intersects(farmland)
    assert sum(len(part.interiors) for part in logistics.geoms) == 1
    assert urban.contains(logistics)
    assert 0 < shapely.intersection(road, red_line).area < road.area
    assert shapely.intersection(factory, farmland).area > 0.5 * factory.area
    touched = [feature for feature in county.geometries("STBHHX") if feature.distance(sewage) == 0]
    assert all(shapely.intersection(sewage, feature).area == 0 for feature in touched)  # no overlap ...
    assert max(shapely.intersection(sewage.boundary, f.boundary).length for f in touched) > 10  # ... an edge


# ----------------------------------------------------------------------------- 界址点坐标 TXT

PLOT_LINE = re.compile(r"^(\d+),(\d+\.\d{4}),([^,]*),([^,]*),面,([^,]*),([^,]*),([^,]*),@$")
POINT_LINE = re.compile(r"^J(\d+),(\d+),(\d{7}\.\d{3}),(39\d{6}\.\d{3})$")


def parse_coordinate_txt(text):
    header, plots = {}, []
    section = None
    for line in text.split("\n"):
        if line in ("[属性描述]", "[地块坐标]"):
            section = line
        elif section == "[属性描述]" and "=" in line:
            key, value = line.split("=", 1)
            header[key] = value
        elif PLOT_LINE.match(line):
            count, hectares, number, name = PLOT_LINE.match(line).groups()[:4]
            plots.append({"count": int(count), "ha": float(hectares), "number": number, "name": name, "points": []})
        elif POINT_LINE.match(line):
            plots[-1]["points"].append(POINT_LINE.match(line).groups())
        else:
            assert line == "", f"unexpected line {line!r}"
    return header, plots


def test_coordinate_txt_is_gbk_and_parses_back_to_the_projects(county):
    raw = (county.folder / TXT).read_bytes()
    text = raw.decode("gbk")
    assert b"\r\n" not in raw
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")  # really GBK, not UTF-8
    header, plots = parse_coordinate_txt(text)
    assert list(header)[:3] == ["格式版本号", "数据产生单位", "数据产生日期"]
    assert header["带号"] == "39" and header["坐标系"] == "2000国家大地坐标系" and header["精度"] == "0.001"

    projects = county.layer("XMHX")
    assert len(plots) == len(projects)
    for plot, (geometry, attributes) in zip(plots, projects):
        assert plot["name"] == attributes["XMMC"]
        assert plot["ha"] == attributes["YDMJ"]
        assert plot["count"] == len(plot["points"])
        rings = collections.defaultdict(list)
        for number, ring, northing, easting in plot["points"]:
            rings[int(ring)].append((int(number), float(easting), float(northing)))
        for points in rings.values():
            assert points[0] == points[-1]  # closed by repeating the first point and its number
        assert len(rings) == 1 + sum(len(part.interiors) for part in geometry.geoms)
        outer = shapely.Polygon([point[1:] for point in rings[1]])
        assert outer.area == pytest.approx(shapely.Polygon(geometry.geoms[0].exterior).area, abs=1e-3)
    assert sum({point[1] for point in plot["points"]} == {"1", "2"} for plot in plots) == 1  # the hole: 圈号 2
