#!/usr/bin/env python3
"""Benchmark: MultiPlan's detect_conflicts against the QGIS 3.22 Processing chain (两规差异).

    source scripts/env.sh && .venv/bin/python bench/bench_conflicts.py [--sizes 50000,100000,200000]
                                    [--skip-multiplan] [--skip-qgis] [--qgis-timeout 1800] [--workdir DIR]
                                    [--repeat 3]

1. For each N in ``--sizes`` generates two plans of one irregular county, each a coverage of
   about N parcels of ~1 ha (bench_quality.county_coverage, EPSG:4527 metres), in one GeoPackage:
   * ``CGYD`` 城规 (GB 50137-2011 中类 codes in ``YDDM``) and
   * ``TGYT`` 土规 (TD/T 1024-2010 规划地类 in ``GHDLDM``).
   Plan B's grid has its own jitter and is shifted by OFFSET_B (a non-grid offset), so no parcel
   edge of one plan coincides with one of the other, as with two plans drawn by two institutes,
   and the county outlines differ by a thin strip. Codes come from smooth spatial fields of the
   parcel centroid: construction land is where a field of Gaussian bumps (towns, villages,
   mines) plus a little wavy noise exceeds a threshold (CONSTRUCTION_SHARE of plan A), roads
   and a river are shared bands. Plan B uses the same bumps moved, resized, a few dropped and a
   few added, and some with another kind (a town in one plan is a village in the other), so the
   plans disagree on construction both ways over a few % of the county and some construction
   land has a different use. Before timing, an independent plain-shapely overlay of the two
   plans (STRtree + intersection, in the parent, ~16 s at N = 200,000) prints the expected area
   and piece count of each conflict type by the chain's rule below.
2. Times, each in a fresh child process (peak memory per method, a hung run can be killed):
   (a) MultiPlan: ``processing.run("multiplan:detect_conflicts", ...)`` with the plugin's
       provider registered, writing the conflict patches (GeoPackage) and the Excel report;
   (b) the chain a technician runs in QGIS 3.22 for the same answer: native:intersection
       (CGYD × TGYT, both code fields kept), native:fieldcalculator adding a conflict type
       from a CASE expression built from the tables' construction flags and ``space`` column
       (城规有土规无 / 土规有城规无 / 用途不一致 = both construction, different space / 一致),
       native:difference CGYD − TGYT and TGYT − CGYD (ground covered by one plan only).
       Outputs are GeoPackages in the work folder. Each step prints its time as it finishes, so
       a timeout keeps the finished steps; the conflict counts and areas are read afterwards,
       outside the timed chain (a technician would look at them too, so this favours QGIS).
   (c) the script a consultant writes instead (BENCH_PYTHON: pip's geopandas, pyogrio and
       shapely in .build/bench-venv, never a plugin dependency): ``geopandas.read_file`` both
       plans with pyogrio, ``geopandas.overlay(how="intersection")``, area column, ``to_file``;
       with ``--geopandas-union`` also ``how="union"``;
   (d) the floor every overlay pays: ``shapely.STRtree`` query + ``intersection`` + ``area`` on
       arrays already read, single-threaded as a plain script is, nothing written; with pip's
       GEOS (d) and with the system GEOS the plugin uses (d').
3. Prints per N every time, the ratio (b)/(a), peak memory (VmHWM), what each side found and
   MultiPlan's stage profile (core.progress.stage: seconds, share, peak memory when the stage
   ended), then a table N → (a) s, (b) s, ratio, (a) s per 1,000 input polygons (near-linear
   growth shows as a flat column) and one N → (a), (c), (d), (d') with (a)/(d) (target ≤ 1.5),
   (c)/(a) (target > 1). If QGIS exceeds ``--qgis-timeout`` it is killed and the ratio is
   reported as a lower bound. Exits 1 if a side failed (a timeout is not a failure).

The figures of the two sides are a rough comparison, not a test of detect_conflicts: the
chain's 用途不一致 rule (different ``space`` class) is this script's reading of 用途不一致 across
two standards, while detect_conflicts compares harmonised 用地用海 classes (土规 211 城镇用地 has
none, so it is never YT there); detect_conflicts also merges pieces into patches, measures on the
ellipsoid and sets slivers (< 0.1 亩 or < 2 m wide) aside. The 城规有土规无 / 土规有城规无 areas
should agree to within the slivers. Figures from one run are at the end of this file.
"""
import argparse
import functools
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("MULTIPLAN_PLUGINS", str(ROOT / ".build" / "plugins")))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # bench_quality's generator and helpers

from bench_quality import (CELL, CENTRE, EPSG, county_coverage, peak_memory_mb, print_steps,  # noqa: E402
                           read_polygons, start_qgis)

PLAN_A = {"layer": "CGYD", "field": "YDDM", "standard": "chenggui", "enum": 1, "name": "城规"}
PLAN_B = {"layer": "TGYT", "field": "GHDLDM", "standard": "tugui", "enum": 2, "name": "土规"}
OFFSET_B = (37.0, 23.0)  # metres: plan B's grid never lines up with plan A's (CELL = 100 m)
CONSTRUCTION_SHARE = 0.18  # of plan A's parcels
PARCELS_PER_BUMP = 800  # one town, village or mine per this many parcels: same texture at every N
MEMORY_LIMIT_MB = 4096.0
TYPES = ("城规有土规无", "土规有城规无", "用途不一致")  # conflict types; the rest is 一致

# Codes the generator writes (all in resources/tables; checked at start). Construction kinds
# and their codes in each plan; 城规 urban land gets one of URBAN_A by a smooth field.
URBAN, RURAL, OTHER, ROAD = "urban", "rural", "other", "road"
CODES_A = {RURAL: "H14", OTHER: "H5", ROAD: "H22", "water": "E1", "farm": "E2"}
CODES_B = {URBAN: "211", RURAL: "212", OTHER: "213", ROAD: "222", "water": "311"}
URBAN_A = {"R2": 30, "R1": 5, "A1": 5, "A3": 6, "B1": 10, "B2": 4, "M1": 12, "M2": 6, "W1": 5,
           "S1": 7, "U1": 3, "G1": 7}  # code: share (%) of urban land
FARM_B = {"111": 55, "112": 10, "113": 25, "321": 10}  # 土规 non-construction by a terrain field


# --------------------------------------------------------------------------- data

def make_bumps(n, rng):
    """Construction centres for plan A: position, size (σ, m) and kind; about n / PARCELS_PER_BUMP.

    Small bumps are villages, large ones towns, a few are mines. Centres lie within 0.85 of the
    county's mean radius so almost all of every bump is inside it.
    """
    count = max(6, n // PARCELS_PER_BUMP)
    radius = 0.85 * np.sqrt(n / np.pi) * CELL
    r, t = radius * np.sqrt(rng.uniform(0, 1, count)), rng.uniform(0, 2 * np.pi, count)
    centres = np.array(CENTRE) + np.stack([r * np.cos(t), r * np.sin(t)], axis=1)
    sigma = rng.lognormal(np.log(420.0), 0.45, count)
    kind = np.where(sigma < 330.0, RURAL, URBAN).astype(object)
    kind[rng.uniform(0, 1, count) < 0.08] = OTHER
    return {"centre": centres, "sigma": sigma, "kind": kind}


def perturb_bumps(bumps, rng):
    """Plan B's bumps: A's moved by ~0.2 σ, resized by 0.85-1.18, 6 % dropped, 6 % new ones near
    existing bumps (growth areas of one plan only), 12 % of another kind (town ↔ village)."""
    count = len(bumps["sigma"])
    sigma = bumps["sigma"] * rng.uniform(0.85, 1.18, count)
    centres = bumps["centre"] + rng.normal(0, 0.2, (count, 2)) * sigma[:, None]
    kind = bumps["kind"].copy()
    flip = (rng.uniform(0, 1, count) < 0.12) & (kind != OTHER)
    kind[flip] = np.where(kind[flip] == URBAN, RURAL, URBAN)
    keep = rng.uniform(0, 1, count) >= 0.06
    extra = max(1, int(round(0.06 * count)))
    near = rng.choice(count, extra, replace=False)
    new_centres = bumps["centre"][near] + rng.normal(0, 1.5, (extra, 2)) * bumps["sigma"][near, None]
    return {"centre": np.concatenate([centres[keep], new_centres]),
            "sigma": np.concatenate([sigma[keep], rng.lognormal(np.log(420.0), 0.45, extra)]),
            "kind": np.concatenate([kind[keep], np.full(extra, URBAN, dtype=object)])}


def construction_field(xy, bumps, seed):
    """max over bumps of exp(-d²/2σ²) at each point plus a little wavy noise (ragged edges, the
    same in both plans), and which bump gives the maximum. One vectorised pass per bump."""
    best = np.zeros(len(xy))
    which = np.zeros(len(xy), dtype=np.int64)
    for k, (centre, sigma) in enumerate(zip(bumps["centre"], bumps["sigma"])):
        value = np.exp(-((xy - centre) ** 2).sum(axis=1) / (2 * sigma * sigma))
        higher = value > best
        best[higher], which[higher] = value[higher], k
    return best + 0.08 * wavy(xy, (380.0, 610.0, 970.0), seed), which


def wavy(xy, wavelengths, seed):
    """A smooth field in [-1, 1]: mean of sinusoids in random directions (shared by both plans)."""
    rng = np.random.default_rng(seed)
    total = np.zeros(len(xy))
    for wavelength in wavelengths:
        angle, phase = rng.uniform(0, np.pi), rng.uniform(0, 2 * np.pi)
        direction = np.array([np.cos(angle), np.sin(angle)]) * (2 * np.pi / wavelength)
        total += np.sin((xy - np.array(CENTRE)) @ direction + phase)
    return total / len(wavelengths)


def bands(xy, n, seed):
    """Shared linear features: straight roads (~120 m wide) and a meandering river (~240 m)."""
    rng = np.random.default_rng(seed)
    radius = np.sqrt(n / np.pi) * CELL
    road = np.zeros(len(xy), dtype=bool)
    for _ in range(max(2, int(np.sqrt(n) / 60))):
        through = np.array(CENTRE) + rng.uniform(-0.6, 0.6, 2) * radius
        angle = rng.uniform(0, np.pi)
        normal = np.array([-np.sin(angle), np.cos(angle)])
        road |= np.abs((xy - through) @ normal) < 60.0
    angle = rng.uniform(0, np.pi)
    along = (xy - np.array(CENTRE)) @ np.array([np.cos(angle), np.sin(angle)])
    across = (xy - np.array(CENTRE)) @ np.array([-np.sin(angle), np.cos(angle)])
    river = np.abs(across - 0.15 * radius * np.sin(along / (0.25 * radius)) - 0.2 * radius) < 120.0
    return road, river


def quantile_codes(values, codes_with_shares):
    """Codes by rank of ``values``: the lowest share % get the first code, and so on."""
    codes = np.array(list(codes_with_shares), dtype=object)
    shares = np.cumsum(list(codes_with_shares.values()), dtype=float)
    if not len(values):
        return np.empty(0, dtype=object)
    edges = np.quantile(values, shares[:-1] / shares[-1])
    return codes[np.searchsorted(edges, values)]


def plan_codes(xy, field, which, bumps, threshold, road, river, plan, seed):
    """The code of each parcel (centroids ``xy``) of plan ``"A"`` (城规) or ``"B"`` (土规).

    Precedence: road > river > construction bump > farmland, forest etc.
    """
    kind = np.where(field > threshold, bumps["kind"][which], "farm").astype(object)
    kind[river] = "water"
    kind[road] = ROAD
    codes = np.full(len(xy), "", dtype=object)
    for label, code in (CODES_A if plan == "A" else CODES_B).items():
        codes[kind == label] = code
    if plan == "A":  # 城规 urban land: a mix of uses; 土规 calls all of it 211 城镇用地
        urban = kind == URBAN
        codes[urban] = quantile_codes(wavy(xy[urban], (450.0, 700.0), seed + 1), URBAN_A)
    else:  # 土规 farmland, orchards, forest, reserve by a terrain-like field; 城规 says E2 for all
        farm = kind == "farm"
        codes[farm] = quantile_codes(wavy(xy[farm], (2300.0, 3100.0, 1700.0), seed + 2), FARM_B)
    return codes


def generate(n, seed):
    """Plans A and B of one county: (cells_a, codes_a, cells_b, codes_b)."""
    import shapely

    cells_a, _, _, _ = county_coverage(n, seed)
    cells_b, _, _, _ = county_coverage(n, seed + 1000)
    cells_b = shapely.transform(cells_b, lambda xy: xy + np.array(OFFSET_B))
    xy_a = shapely.get_coordinates(shapely.centroid(cells_a))
    xy_b = shapely.get_coordinates(shapely.centroid(cells_b))
    rng = np.random.default_rng(seed + 2000)
    bumps_a = make_bumps(n, rng)
    bumps_b = perturb_bumps(bumps_a, rng)
    field_a, which_a = construction_field(xy_a, bumps_a, seed)
    field_b, which_b = construction_field(xy_b, bumps_b, seed)
    # One absolute threshold for both plans, set so plan A has CONSTRUCTION_SHARE construction.
    threshold = np.quantile(field_a, 1 - CONSTRUCTION_SHARE)
    codes_a = plan_codes(xy_a, field_a, which_a, bumps_a, threshold, *bands(xy_a, n, seed + 3000), "A", seed)
    codes_b = plan_codes(xy_b, field_b, which_b, bumps_b, threshold, *bands(xy_b, n, seed + 3000), "B", seed)
    return cells_a, codes_a, cells_b, codes_b


def lookup(codes, table, column):
    """``table[code][column]`` for an array of codes, one dictionary look-up per distinct code."""
    distinct, inverse = np.unique(codes.astype(str), return_inverse=True)
    return np.array([table[c][column] for c in distinct.tolist()], dtype=object)[inverse]


def classify(codes_a, codes_b):
    """Conflict type of pieces with 城规 code ``codes_a`` and 土规 code ``codes_b`` (arrays);
    the rule conflict_expression gives QGIS."""
    table_a, table_b = code_table(PLAN_A["standard"]), code_table(PLAN_B["standard"])
    build_a, build_b = lookup(codes_a, table_a, 0).astype(bool), lookup(codes_b, table_b, 0).astype(bool)
    space_a, space_b = lookup(codes_a, table_a, 1), lookup(codes_b, table_b, 1)
    kind = np.full(len(codes_a), "一致", dtype=object)
    kind[build_a & ~build_b] = TYPES[0]
    kind[build_b & ~build_a] = TYPES[1]
    kind[build_a & build_b & (space_a != space_b)] = TYPES[2]
    return kind


def expected_conflicts(cells_a, codes_a, cells_b, codes_b):
    """Reference figures from a plain shapely overlay (not MultiPlan's): ha and pieces per
    conflict type, construction share of each plan, ha covered by one plan only."""
    import shapely

    b, a = shapely.STRtree(cells_a).query(cells_b, predicate="intersects")
    pieces = shapely.area(shapely.intersection(cells_a[a], cells_b[b]))
    kind = classify(codes_a[a], codes_b[b])
    total_a, total_b = float(shapely.area(cells_a).sum()), float(shapely.area(cells_b).sum())
    shared = float(pieces.sum())
    build_a = lookup(codes_a, code_table(PLAN_A["standard"]), 0).astype(bool)
    build_b = lookup(codes_b, code_table(PLAN_B["standard"]), 0).astype(bool)
    return {"ha": {t: float(pieces[kind == t].sum()) / 1e4 for t in TYPES},
            "pieces": {t: int(((kind == t) & (pieces > 0)).sum()) for t in TYPES},
            "construction": (float(build_a.mean()), float(build_b.mean())), "county_ha": total_a / 1e4,
            "only_a_ha": (total_a - shared) / 1e4, "only_b_ha": (total_b - shared) / 1e4}


@functools.lru_cache(maxsize=None)
def code_table(standard):
    """code → (construction, space) from resources/tables, through MultiPlan's table reader."""
    from multiplan.core.intake.landuse import load_classification

    table = load_classification(standard)
    return {c: (bool(k), s) for c, k, s in zip(table["code"], table["construction"], table["space"])}


def check_codes():
    """Every code the generator writes must exist in its table (they are edited by users)."""
    for plan, codes in ((PLAN_A, [*CODES_A.values(), *URBAN_A]), (PLAN_B, [*CODES_B.values(), *FARM_B])):
        missing = sorted(set(codes) - set(code_table(plan["standard"])))
        if missing:
            raise SystemExit(f"codes {missing} are not in the {plan['standard']} table")


def write_geopackage(path, plans):
    """One GeoPackage with a polygon layer per plan (code field, spatial index by default)."""
    import shapely
    from osgeo import ogr, osr

    ogr.UseExceptions()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    for plan, cells, codes in plans:
        layer = ds.CreateLayer(plan["layer"], srs, ogr.wkbPolygon, ["SPATIAL_INDEX=YES"])
        field = ogr.FieldDefn(plan["field"], ogr.OFTString)
        field.SetWidth(4)
        layer.CreateField(field)
        definition = layer.GetLayerDefn()
        ds.StartTransaction()
        for wkb, code in zip(shapely.to_wkb(cells), codes.tolist()):  # OGR has no bulk write in 3.6
            feature = ogr.Feature(definition)
            feature.SetField(plan["field"], code)
            feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
            layer.CreateFeature(feature)
        ds.CommitTransaction()
    ds = None


# --------------------------------------------------------------------------- QGIS set-up


def layer_counts(gpkg):
    """Feature count per layer of a GeoPackage written by a run (read with OGR)."""
    from osgeo import ogr

    ogr.UseExceptions()
    ds = ogr.Open(str(gpkg))
    return {ds.GetLayer(i).GetName(): ds.GetLayer(i).GetFeatureCount() for i in range(ds.GetLayerCount())}


# --------------------------------------------------------------------------- (a) MultiPlan

def run_multiplan(gpkg, out_dir):
    from qgis.core import QgsApplication

    app, processing = start_qgis()  # app must live while Processing runs
    from multiplan.processing.provider import MultiPlanProvider

    provider = MultiPlanProvider()  # keep the reference: the registry does not own the Python object
    QgsApplication.processingRegistry().addProvider(provider)
    out = Path(out_dir)
    output, report = out / "conflicts.gpkg", out / "conflicts.xlsx"
    params = {"PLAN_1": f"{gpkg}|layername={PLAN_A['layer']}", "PLAN_1_FIELD": PLAN_A["field"],
              "PLAN_1_STANDARD": PLAN_A["enum"], "PLAN_1_NAME": PLAN_A["name"],
              "PLAN_2": f"{gpkg}|layername={PLAN_B['layer']}", "PLAN_2_FIELD": PLAN_B["field"],
              "PLAN_2_STANDARD": PLAN_B["enum"], "PLAN_2_NAME": PLAN_B["name"],
              "OUTPUT": str(output), "REPORT": str(report)}
    from multiplan.core import progress

    progress.start_profile()
    start = time.perf_counter()
    results = processing.run("multiplan:detect_conflicts", params)
    seconds = time.perf_counter() - start
    numbers = {k: v for k, v in results.items() if isinstance(v, (int, float)) and not isinstance(v, bool)}
    return {"seconds": seconds, "results": numbers, "output_features": layer_counts(output),
            "report_bytes": report.stat().st_size if report.exists() else 0, "stages": progress.stage_times()}


# --------------------------------------------------------------------------- (b) QGIS chain

def in_list(field, codes):
    return f'"{field}" IN (' + ", ".join(f"'{c}'" for c in sorted(codes)) + ")"


def conflict_expression():
    """The CASE a technician types: code lists from the tables' construction flags, and a
    map code → space to call two construction codes of different kinds 用途不一致."""
    table_a, table_b = code_table(PLAN_A["standard"]), code_table(PLAN_B["standard"])
    fa, fb = PLAN_A["field"], PLAN_B["field"]
    build_a = in_list(fa, [c for c, (k, _) in table_a.items() if k])
    build_b = in_list(fb, [c for c, (k, _) in table_b.items() if k])

    def space_map(table, field):
        pairs = ", ".join(f"'{c}', '{s}'" for c, (k, s) in sorted(table.items()) if k)
        return f'map_get(map({pairs}), "{field}")'

    return (f"CASE WHEN {build_a} AND NOT {build_b} THEN '{TYPES[0]}' "
            f"WHEN {build_b} AND NOT {build_a} THEN '{TYPES[1]}' "
            f"WHEN {build_a} AND {build_b} AND {space_map(table_a, fa)} <> {space_map(table_b, fb)} "
            f"THEN '{TYPES[2]}' ELSE '一致' END")


def run_qgis(gpkg, out_dir):
    """The QGIS 3.22 chain, step by step; prints each finished step so a timeout keeps them."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayer

    app, processing = start_qgis()  # app must live while Processing runs
    layer_a, layer_b = f"{gpkg}|layername={PLAN_A['layer']}", f"{gpkg}|layername={PLAN_B['layer']}"
    out = Path(out_dir)
    formula = conflict_expression()  # set-up, not timed
    result = {"steps": {}}

    def step(name, algorithm, parameters):
        started = time.perf_counter()
        output = processing.run(algorithm, parameters)["OUTPUT"]
        result["steps"][name] = time.perf_counter() - started
        print(json.dumps({"step": name, "seconds": result["steps"][name]}), flush=True)
        return output

    intersection = step("native:intersection", "native:intersection", {
        "INPUT": layer_a, "OVERLAY": layer_b, "INPUT_FIELDS": [PLAN_A["field"]],
        "OVERLAY_FIELDS": [PLAN_B["field"]], "OUTPUT": str(out / "intersection.gpkg")})
    typed = step("native:fieldcalculator (CASE)", "native:fieldcalculator", {
        "INPUT": intersection, "FIELD_NAME": "CTLX", "FIELD_TYPE": 2, "FIELD_LENGTH": 10,
        "FIELD_PRECISION": 0, "FORMULA": formula, "OUTPUT": str(out / "conflict_types.gpkg")})
    only_a = step("native:difference (CGYD − TGYT)", "native:difference", {
        "INPUT": layer_a, "OVERLAY": layer_b, "OUTPUT": str(out / "only_cgyd.gpkg")})
    only_b = step("native:difference (TGYT − CGYD)", "native:difference", {
        "INPUT": layer_b, "OVERLAY": layer_a, "OUTPUT": str(out / "only_tgyt.gpkg")})
    result["seconds"] = sum(result["steps"].values())

    # What the chain found (read afterwards, not part of the timed chain).
    request = QgsFeatureRequest().setFilterExpression("\"CTLX\" <> '一致'")
    conflicts = {t: [0, 0.0] for t in TYPES}
    for feature in QgsVectorLayer(typed, "types", "ogr").getFeatures(request):
        entry = conflicts[feature["CTLX"]]
        entry[0] += 1
        entry[1] += feature.geometry().area() / 1e4
    pieces = QgsVectorLayer(typed, "types", "ogr").featureCount()

    def hectares(path):
        return sum(f.geometry().area() for f in QgsVectorLayer(path, "d", "ogr").getFeatures()) / 1e4

    result.update({"pieces": pieces, "conflicts": conflicts,
                   "only_a": [QgsVectorLayer(only_a, "a", "ogr").featureCount(), hectares(only_a)],
                   "only_b": [QgsVectorLayer(only_b, "b", "ogr").featureCount(), hectares(only_b)]})
    return result  # no exitQgis(): the worker ends with os._exit, QGIS teardown can crash


# --------------------------------------------------------------------------- (c) geopandas, (d) the floor
# What a consultant writes without MultiPlan, run with the bench environment's pip packages
# (scripts: see BENCH_PYTHON), never inside QGIS: read both plans with pyogrio, overlay, area,
# write. And the floor any overlay pays: STRtree query + intersection + area on arrays already
# read, single-threaded as a plain script is, without writing.

def read_arrays(gpkg, layer):
    """Geometries of a GeoPackage layer as a shapely array: pyogrio when installed (the bench
    environment), else GDAL's Arrow stream (bench_quality.read_polygons, the plugin's)."""
    import shapely

    try:
        import pyogrio
    except ImportError:
        return read_polygons(gpkg, layer)
    _, _, geometry, _ = pyogrio.raw.read(str(gpkg), layer=layer, read_geometry=True, columns=[])
    return shapely.from_wkb(geometry)


def run_floor(gpkg, out_dir):
    import shapely

    started = time.perf_counter()
    a, b = read_arrays(gpkg, PLAN_A["layer"]), read_arrays(gpkg, PLAN_B["layer"])
    read = time.perf_counter() - started
    start = time.perf_counter()
    tree = shapely.STRtree(b)
    left, right = tree.query(a, predicate="intersects")
    pieces = shapely.intersection(a[left], b[right])
    area = shapely.area(pieces)
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "read_seconds": read, "pieces": int((area > 0).sum()),
            "area_ha": float(area.sum() / 10_000), "geos": ".".join(map(str, shapely.geos_version))}


def run_geopandas(gpkg, out_dir, how="intersection"):
    import geopandas

    start = time.perf_counter()
    a = geopandas.read_file(gpkg, layer=PLAN_A["layer"], engine="pyogrio")
    b = geopandas.read_file(gpkg, layer=PLAN_B["layer"], engine="pyogrio")
    pieces = geopandas.overlay(a, b, how=how, keep_geom_type=True)
    pieces["area_m2"] = pieces.geometry.area
    pieces.to_file(Path(out_dir) / f"geopandas_{how}.gpkg", layer="pieces", engine="pyogrio")
    seconds = time.perf_counter() - start
    return {"seconds": seconds, "pieces": len(pieces), "area_ha": float(pieces["area_m2"].sum() / 10_000),
            "versions": f"geopandas {geopandas.__version__}"}


# --------------------------------------------------------------------------- driver

WORKERS = {"multiplan": run_multiplan, "qgis": run_qgis, "floor": run_floor, "geopandas": run_geopandas,
           "geopandas_union": functools.partial(run_geopandas, how="union")}
#: The bench environment a consultant's script runs in (pip's geopandas, pyogrio, shapely):
#: python3 -m venv .build/bench-venv && .build/bench-venv/bin/pip install geopandas pyogrio
BENCH_PYTHON = ROOT / ".build" / "bench-venv" / "bin" / "python"


def worker(method, gpkg, out_dir):
    result = WORKERS[method](gpkg, out_dir)
    result["peak_mb"] = peak_memory_mb()
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    sys.stderr.flush()
    os._exit(0)  # skip interpreter/QGIS teardown, which may segfault after the work is done


def child(method, gpkg, out_dir, timeout=None, python=None):
    """Run one method in a child process; returns (result or None, finished steps, timed_out)."""
    command = [str(python or sys.executable), __file__, "--worker", method, "--gpkg", str(gpkg), "--out", str(out_dir)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        stdout, timed_out = done.stdout, False
        if done.returncode != 0:
            sys.stderr.write(f"{method} child exited with {done.returncode}\n{done.stderr[-4000:]}\n")
    except subprocess.TimeoutExpired as expired:  # subprocess.run has killed the child
        stdout, timed_out = expired.stdout or "", True
        stdout = stdout.decode() if isinstance(stdout, bytes) else stdout
    lines = stdout.splitlines()
    results = [json.loads(line[7:]) for line in lines if line.startswith("RESULT ")]
    steps = {s["step"]: s["seconds"] for s in (json.loads(line) for line in lines if line.startswith('{"step"'))}
    return (results[0] if results else None), steps, timed_out


def fresh_folder(path):
    """An empty output folder (Processing would refuse or append to files left by a former run)."""
    path.mkdir(parents=True, exist_ok=True)
    for old in path.iterdir():
        if old.is_file():
            old.unlink()
    return path


def prepare(n, seed, gpkg):
    """Generate and write the two plans of size ``n``, print the expected figures; returns the
    number of input polygons. (A function of its own so the arrays are freed before timing.)"""
    gpkg.unlink(missing_ok=True)
    started = time.perf_counter()
    cells_a, codes_a, cells_b, codes_b = generate(n, seed)
    write_geopackage(gpkg, [(PLAN_A, cells_a, codes_a), (PLAN_B, cells_b, codes_b)])
    print(f"\n=== N = {n:,}: {len(cells_a):,} CGYD + {len(cells_b):,} TGYT polygons in EPSG:{EPSG}, "
          f"plan B shifted by {OFFSET_B} m, in {gpkg} ({time.perf_counter() - started:.1f} s)")
    checked = time.perf_counter()
    expected = expected_conflicts(cells_a, codes_a, cells_b, codes_b)
    county = expected["county_ha"]
    print(f"    construction parcels: CGYD {100 * expected['construction'][0]:.1f} %, "
          f"TGYT {100 * expected['construction'][1]:.1f} %; expected conflicts (plain shapely overlay, "
          f"{time.perf_counter() - checked:.1f} s; county {county:,.0f} ha):")
    for kind in TYPES:
        print(f"      {kind:<8} {expected['ha'][kind]:10,.1f} ha ({100 * expected['ha'][kind] / county:4.1f} %) "
              f"in {expected['pieces'][kind]:,} pieces")
    print(f"      one plan only: CGYD {expected['only_a_ha']:,.1f} ha, TGYT {expected['only_b_ha']:,.1f} ha")
    return len(cells_a) + len(cells_b)


def bench_size(n, args, work):
    """Generate, run both sides for one N; returns a row for the summary table and a failure flag."""
    gpkg = work / f"plans_{n}.gpkg"
    row, failed = {"n": n, "inputs": prepare(n, args.seed, gpkg)}, False

    others = [("floor", "floor", args.bench_python, "(d) shapely floor, pip GEOS"),
              ("floor_system", "floor", sys.executable, "(d') shapely floor, system GEOS")]
    if not args.skip_geopandas:
        others.insert(0, ("gpd", "geopandas", args.bench_python, "(c) geopandas intersection"))
        if args.geopandas_union:
            others.insert(1, ("gpd_union", "geopandas_union", args.bench_python, "(c') geopandas union"))
    times = {}  # key → seconds of each run
    # With --repeat, the sides take turns (a, c, d, d', a, c, …) so that a slow spell of the
    # machine falls on all of them, and each is reported by its median run.
    for turn in range(args.repeat):
        heading = f" run {turn + 1} of {args.repeat}" if args.repeat > 1 else ""
        if not args.skip_multiplan and not failed:
            a, _, timed_out = child("multiplan", gpkg, fresh_folder(work / f"multiplan_{n}"), args.multiplan_timeout)
            if a is None:
                state = f"TIMED OUT after {args.multiplan_timeout:.0f} s" if timed_out else "FAILED (see stderr)"
                print(f"\n(a) MultiPlan detect_conflicts{heading}:        {state}")
                failed = True
            else:
                times.setdefault("a", []).append(a["seconds"])
                row["a_mb"] = max(row.get("a_mb", 0.0), a["peak_mb"])
                print(f"\n(a) MultiPlan detect_conflicts{heading}:        {a['seconds']:9.2f} s   "
                      f"peak {a['peak_mb']:,.0f} MB")
                if turn == 0:
                    print("      " + ", ".join(f"{k} {v:,.2f}" if isinstance(v, float) else f"{k} {v:,}"
                                               for k, v in sorted(a["results"].items())))
                    print("      output features: " + ", ".join(f"{k} {v:,}" for k, v in a["output_features"].items())
                          + f"; report {a['report_bytes'] / 1024:,.0f} KiB")
                print_stages(a["stages"], a["seconds"])

        for key, method, python, label in others:
            if not Path(python).exists():
                if turn == 0:
                    print(f"\n{label}: skipped, no {python} (see BENCH_PYTHON in this file)")
                continue
            result, _, timed_out = child(method, gpkg, fresh_folder(work / f"{key}_{n}"), args.multiplan_timeout,
                                         python)
            if result is None:
                print(f"\n{label}{heading}: {'TIMED OUT' if timed_out else 'FAILED (see stderr)'}")
                continue
            times.setdefault(key, []).append(result["seconds"])
            extra = (f"read {result['read_seconds']:.2f} s not counted, GEOS {result['geos']}"
                     if "read_seconds" in result else result.get("versions", ""))
            print(f"\n{label + heading + ':':<38}{result['seconds']:9.2f} s   peak {result['peak_mb']:,.0f} MB   "
                  f"{result['pieces']:,} pieces, {result['area_ha']:,.1f} ha ({extra})")
    for key, values in times.items():
        row[key] = float(np.median(values))
    if args.repeat > 1:
        print("\n    medians of " + str(args.repeat) + " runs: " + ", ".join(
            f"{key} {row[key]:.2f} s ({' / '.join(f'{v:.2f}' for v in values)})" for key, values in times.items()))

    if not args.skip_qgis:
        b, steps, timed_out = child("qgis", gpkg, fresh_folder(work / f"qgis_{n}"), args.qgis_timeout)
        if b is None:
            state = f"TIMED OUT after {args.qgis_timeout:.0f} s" if timed_out else "FAILED"
            print(f"\n(b) QGIS 3.22 Processing chain:        {state}; finished steps:")
            print_steps(steps)
            if timed_out:
                row["b_lower"] = args.qgis_timeout
            failed = failed or not timed_out
        else:
            row["b"] = b["seconds"]
            print(f"\n(b) QGIS 3.22 Processing chain:        {b['seconds']:9.2f} s   peak {b['peak_mb']:,.0f} MB")
            print_steps(b["steps"])
            print(f"      {b['pieces']:,} intersection pieces; " + ", ".join(
                f"{kind} {count:,} ({ha:,.1f} ha)" for kind, (count, ha) in b["conflicts"].items()))
            print(f"      one plan only: CGYD {b['only_a'][0]:,} features ({b['only_a'][1]:,.1f} ha), "
                  f"TGYT {b['only_b'][0]:,} ({b['only_b'][1]:,.1f} ha)")

    if "a" in row and ("b" in row or "b_lower" in row):
        bound = "b" not in row
        ratio = row.get("b", row.get("b_lower")) / row["a"]
        row["ratio"] = (">" if bound else "") + f"{ratio:.1f}"
        note = " (lower bound: QGIS did not finish)" if bound else ""
        print(f"\nratio (b)/(a) {'>' if bound else '='} {ratio:.1f}{note}")
    return row, failed


def print_stages(stages, total):
    """The stage profile of a MultiPlan run (core.progress.stage): seconds and share of the run."""
    print("      stages (s, % of the run, peak MB of the process when the stage ended):")
    for depth, name, seconds, peak in stages:
        print(f"      {'  ' * depth}{name:<{44 - 2 * depth}} {seconds:8.2f} {100 * seconds / total:5.1f} %"
              f" {peak or 0:9,.0f}")


def print_summary(rows):
    print("\n        N   inputs      (a) s      (b) s    ratio   (a) s / 1k inputs   (a) peak MB")
    for row in rows:
        _summary_row(row)
    print("\n        N      (a) s   (c) gpd s  (d) floor s  (d') sys s   (a)/(d)  (c)/(a)  (a)/(d')")
    for row in rows:
        def cell(key, width=11):
            return f"{row[key]:{width}.2f}" if key in row else f"{'-':>{width}}"

        def ratio(top, bottom):
            return f"{row[top] / row[bottom]:9.2f}" if top in row and bottom in row else f"{'-':>9}"
        print(f"{row['n']:9,} {cell('a', 10)} {cell('gpd')} {cell('floor', 12)} {cell('floor_system')}"
              f"{ratio('a', 'floor')}{ratio('gpd', 'a')}{ratio('a', 'floor_system')}")
    peaks = [row["a_mb"] for row in rows if "a_mb" in row]
    if peaks:
        print(f"peak memory under 4 GB: {'yes' if max(peaks) < MEMORY_LIMIT_MB else 'no'} "
              f"(MultiPlan max {max(peaks):,.0f} MB)")


def _summary_row(row):
    b = f"{row['b']:10.1f}" if "b" in row else f"{'>' + format(row['b_lower'], '.0f') if 'b_lower' in row else '-':>10}"
    a = f"{row['a']:10.2f}" if "a" in row else f"{'-':>10}"
    per = f"{1000 * row['a'] / row['inputs']:19.4f}" if "a" in row else f"{'-':>19}"
    mb = f"{row['a_mb']:13,.0f}" if "a_mb" in row else f"{'-':>13}"
    print(f"{row['n']:9,} {row['inputs']:8,} {a} {b} {row.get('ratio', '-'):>8} {per} {mb}")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="50000,100000,200000",
                        help="comma-separated parcel counts per plan (default 50000,100000,200000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-multiplan", action="store_true", help="run the QGIS chain only")
    parser.add_argument("--skip-qgis", action="store_true", help="time MultiPlan only")
    parser.add_argument("--qgis-timeout", type=float, default=1800.0,
                        help="seconds per size before the QGIS chain is killed (default 1800)")
    parser.add_argument("--multiplan-timeout", type=float, default=1800.0,
                        help="seconds per size before MultiPlan is killed (counts as a failure)")
    parser.add_argument("--workdir", help="keep the GeoPackages here (default: a temporary folder)")
    parser.add_argument("--skip-geopandas", action="store_true", help="leave out the geopandas script")
    parser.add_argument("--geopandas-union", action="store_true",
                        help="also time geopandas.overlay(how='union') (slow: 2.5 min at 200,000)")
    parser.add_argument("--repeat", type=int, default=1,
                        help="run MultiPlan, geopandas and the floors this many times each, in turns, and "
                             "report the median of each (the machine's speed varies between runs)")
    parser.add_argument("--bench-python", default=str(BENCH_PYTHON),
                        help="Python with geopandas and pyogrio for (c) and (d) (default .build/bench-venv)")
    parser.add_argument("--worker", choices=sorted(WORKERS), help=argparse.SUPPRESS)
    parser.add_argument("--gpkg", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.gpkg, args.out)
    sizes = [int(s.replace("_", "")) for s in args.sizes.split(",") if s.strip()]
    check_codes()

    rows, failed = [], False
    with tempfile.TemporaryDirectory(prefix="multiplan-bench-") as temporary:
        work = Path(args.workdir or temporary)
        work.mkdir(parents=True, exist_ok=True)
        for n in sizes:
            row, size_failed = bench_size(n, args, work)
            rows.append(row)
            failed = failed or size_failed
        print_summary(rows)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

# Figures (2026-12-07, 2 CPUs, GEOS 3.11.1, shapely 2.1, GDAL 3.6.2, QGIS 3.22; bench env geopandas
# 1.2.0, pyogrio 0.13, shapely 2.2 with GEOS 3.14.1; peak = VmHWM of each child). One run of
# `--sizes 50000,100000,200000` (11 min) and one of `--sizes 400000 --skip-qgis` (3.7 min):
#         N   inputs      (a) s      (b) s    ratio   (a) s / 1k inputs   (a) peak MB
#    50,000  100,000       4.58       69.4     15.1              0.0458           616
#   100,000  200,000       9.29      132.6     14.3              0.0465           916
#   200,000  400,000      20.49      292.0     14.3              0.0512         1,523
#   400,000  800,000      39.02          -        -              0.0488         2,741
#         N      (a) s   (c) gpd s  (d) floor s  (d') sys s   (a)/(d)  (c)/(a)  (a)/(d')
#    50,000       4.58        4.82         3.30        4.07     1.39     1.05     1.13
#   100,000       9.29        9.95         6.29        7.78     1.48     1.07     1.19
#   200,000      20.49       20.26        12.44       14.88     1.65     0.99     1.38
#   400,000      39.02       51.11        25.67       31.16     1.52     1.31     1.25
# Then, after the coverage-union merge and the column-wise ledger, `--sizes 200000 --repeat 3
# --skip-qgis` (medians; runs of (a) 16.07 / 15.31 / 14.83 s):
#   200,000      15.31       19.37        11.67       13.64     1.31     1.27     1.12
#   (a) stages of the median run: read 0.26 + 0.28 s, validity 0.18 s, overlay 9.27 s (intersections
#       in two threads, remainders, the test that neither plan covers ground twice), harmonise and
#       classify 0.76 s, merge into patches 1.05 s, ellipsoidal areas 1.25 s, write features 0.46 s,
#       ledger workbook 0.59 s. The machine's speed varies by a quarter between runs (another hour:
#       medians 18.01 / 22.80 / 15.21 s), hence --repeat.
#   (b) at 200,000: native:intersection, fieldcalculator, two differences: 292.0 s, 884,053
#       intersection pieces.
#   Expected at 200,000 (plain shapely overlay): 城规有土规无 6,645.8 ha, 土规有城规无 6,813.0 ha,
#       用途不一致 (by space) 5,115.5 ha; the chain found exactly these. MultiPlan: 15,672 patches
#       (869 slivers set aside), 16,493.71 ha of difference patches, TOTAL_AREA_HA 200,331.72.
