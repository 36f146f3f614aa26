#!/usr/bin/env python3
"""Benchmark: a 双评价 suitability evaluation on 10,000 × 10,000 cells, block by block (MultiPlan)
against the routes a technician takes without it.

    source scripts/env.sh && .venv/bin/python bench/bench_suitability.py [--size 10000]
        [--block-size 1024] [--skip gdal_calc,numpy,qgis] [--timeout 3600] [--workdir DIR]

1. Generates 6 factor rasters of ``--size`` × ``--size`` cells of 5 m in EPSG:4527 (a county of
   50 km × 50 km at 10,000) as tiled (256), DEFLATE-compressed float32 GeoTIFFs: slope (°),
   elevation (m), relief (m), water resources (index 0-1), distance to roads (m), hazard
   (index 0-1), each a deterministic smooth field (sums of separable sinusoids, wavelengths
   1.5-25 km; the terrain factors share a terrain field, so plains score high on all of them),
   nodata (-9999) outside an irregular county outline; plus a constraint raster (uint8,
   1 = 生态保护红线 or river) over about 15 % of the county. With ``--workdir`` the
   rasters are kept and reused by later runs of the same size.
2. Runs the same evaluation, each route in a fresh child process (its own peak memory, killed
   after ``--timeout``): reclassify the 6 factors by range tables into scores 1-5 (min < v ≤ max),
   weighted sum with AHP weights (core.suitability.ahp on a 6 × 6 matrix, CR printed), veto (constraint
   cells → 0), 5 levels by breaks 1.8 / 2.6 / 3.4 / 4.2 (level 1 = most suitable); nodata
   anywhere → nodata. Outputs: score (float32) and level (uint8) GeoTIFFs.
   (a) MultiPlan: core.suitability.raster_blocks.run_blocks with core.suitability.mce, 1024 × 1024 windows, plus the
       area of each level (core.suitability.mce.AreaTally);
   (b) gdal_calc: the GDAL command-line route, osgeo_utils.gdal_calc.Calc (= gdal_calc.py) once
       per step: 6 reclassifications, the weighted sum with the veto, the levels (8 GeoTIFFs,
       same creation options as (a));
   (c) numpy, whole arrays: a technician's script reading every raster whole with
       ``ReadAsArray``, numpy over the arrays in memory, ``WriteArray`` of the whole results;
   (d) QGIS 3.22 Processing (headless): native:reclassifybytable × 6, qgis:rastercalculator
       (weighted sum × veto), native:reclassifybytable for the levels; QGIS's default GeoTIFF
       options (uncompressed), so it writes more bytes but compresses nothing.
3. Prints each route's time and peak memory (ru_maxrss of its child), the ratio route / (a),
   and how many cells of each route's levels differ from (a)'s (read block by block); checks
   that (a) stayed under 2 GB. The data are generated in a child too: Linux carries a
   process's peak RSS across fork + exec into the child's ru_maxrss, so the parent stays small
   (its own figure is printed as the floor). Figures from one run at 10,000 are at the end.
"""
import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("MULTIPLAN_PLUGINS", str(ROOT / ".build" / "plugins")))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_quality import start_qgis  # noqa: E402

EPSG = 4527  # CGCS2000 / 3-degree Gauss-Kruger zone 39, metres
ORIGIN = (39_480_000.0, 3_520_000.0)  # top-left corner
CELL = 5.0
NODATA = -9999.0
MEMORY_LIMIT_MB = 2048.0
ROUTES = ("multiplan", "gdal_calc", "numpy", "qgis")
CREATION_OPTIONS = ["TILED=YES", "BLOCKXSIZE=256", "BLOCKYSIZE=256", "COMPRESS=DEFLATE", "BIGTIFF=IF_SAFER",
                    "NUM_THREADS=ALL_CPUS"]

# name: (low, high, seed, range table (min, max, score), None = open end). Slope classes are the
# 城镇建设 ones of the 2019 draft (domain notes §2.2); the others are plausible bench values.
# TERRAIN: how much of each factor follows a shared terrain field (mountains: steep, high,
# rugged, far from roads, more hazards, less water), the rest is the factor's own field.
TERRAIN = {"slope": 0.8, "elevation": 0.9, "relief": 0.8, "water": -0.3, "road": 0.6, "hazard": 0.5}
FACTORS = {
    "slope": (0, 40, 1, [(None, 3, 5), (3, 8, 4), (8, 15, 3), (15, 25, 2), (25, None, 1)]),
    "elevation": (0, 4000, 2, [(None, 500, 5), (500, 1000, 4), (1000, 2000, 3), (2000, 3500, 2), (3500, None, 1)]),
    "relief": (0, 300, 3, [(None, 30, 5), (30, 60, 4), (60, 100, 3), (100, 200, 2), (200, None, 1)]),
    "water": (0, 1, 4, [(None, 0.2, 1), (0.2, 0.4, 2), (0.4, 0.6, 3), (0.6, 0.8, 4), (0.8, None, 5)]),
    "road": (0, 8000, 5, [(None, 500, 5), (500, 1000, 4), (1000, 2000, 3), (2000, 4000, 2), (4000, None, 1)]),
    "hazard": (0, 1, 6, [(None, 0.2, 5), (0.2, 0.4, 4), (0.4, 0.6, 3), (0.6, 0.8, 2), (0.8, None, 1)]),
}
# AHP judgements, in the order of FACTORS: slope and hazard matter most, elevation least.
AHP_MATRIX = [
    [1, 5, 2, 3, 3, 1],
    [1 / 5, 1, 1 / 3, 1 / 2, 1 / 2, 1 / 5],
    [1 / 2, 3, 1, 2, 2, 1 / 2],
    [1 / 3, 2, 1 / 2, 1, 1, 1 / 3],
    [1 / 3, 2, 1 / 2, 1, 1, 1 / 3],
    [1, 5, 2, 3, 3, 1],
]
BREAKS = [1.8, 2.6, 3.4, 4.2]  # score → levels 5 (≤ 1.8) … 1 (> 4.2)
LEVEL_NAMES = {1: "适宜", 2: "较适宜", 3: "一般适宜", 4: "较不适宜", 5: "不适宜"}
OPEN = 1e30  # open range ends for tools that need numbers


def peak_memory_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def ahp():
    from multiplan.core.suitability.ahp import ahp_weights, check_consistency

    result = ahp_weights(AHP_MATRIX, names=list(FACTORS))
    check_consistency(result)
    return result


# --------------------------------------------------------------------------- data

def smooth(x, y, seed):
    """A field in [0, 1] from separable sinusoids of x (columns) and y (rows): outer products
    only, so a 256-row strip of 10,000 columns costs a few ms. Includes oblique waves through
    sin(u + v) = sin u cos v + cos u sin v."""
    rng = np.random.default_rng(seed)
    total = np.zeros((len(y), len(x)))
    amplitude = 0.0
    for _ in range(3):
        kx, ky = 2 * np.pi / rng.uniform(1500, 25000, 2)
        px, py, a = rng.uniform(0, 2 * np.pi), rng.uniform(0, 2 * np.pi), rng.uniform(0.5, 1.0)
        u, v = kx * x + px, ky * y + py
        total += a * np.outer(np.cos(v), np.sin(u))  # a product wave
        total += a * (np.outer(np.cos(v), np.sin(u)) + np.outer(np.sin(v), np.cos(u)))  # sin(u + v)
        amplitude += 2 * a
    return (total / amplitude + 1) / 2


def county(x, y, size):
    """True inside an irregular county outline (a wobbly ellipse over most of the square)."""
    cx, cy = ORIGIN[0] + size * CELL / 2, ORIGIN[1] - size * CELL / 2
    dx, dy = (x[None, :] - cx) / (0.48 * size * CELL), (y[:, None] - cy) / (0.45 * size * CELL)
    angle = np.arctan2(dy, dx)
    return np.hypot(dx, dy) < 1 + 0.06 * np.sin(5 * angle) + 0.04 * np.cos(3 * angle + 1)


def write_rasters(folder, size):
    """The 6 factors and the constraint, strip by strip; returns {name: path}."""
    from osgeo import gdal, osr

    folder.mkdir(parents=True, exist_ok=True)
    paths = {name: folder / f"{name}.tif" for name in [*FACTORS, "red_line"]}
    if all(p.exists() for p in paths.values()) and gdal.Open(str(paths["slope"])).RasterXSize == size:
        print(f"reusing the rasters in {folder}")
        return {name: str(p) for name, p in paths.items()}
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    started = time.perf_counter()
    datasets = {}
    for name, path in paths.items():
        float_band = name != "red_line"
        options = CREATION_OPTIONS + (["PREDICTOR=3"] if float_band else ["PREDICTOR=2"])
        dataset = gdal.GetDriverByName("GTiff").Create(str(path), size, size, 1,
                                                       gdal.GDT_Float32 if float_band else gdal.GDT_Byte, options)
        dataset.SetGeoTransform((ORIGIN[0], CELL, 0, ORIGIN[1], 0, -CELL))
        dataset.SetProjection(srs.ExportToWkt())
        if float_band:
            dataset.GetRasterBand(1).SetNoDataValue(NODATA)
        datasets[name] = dataset
    x = ORIGIN[0] + (np.arange(size) + 0.5) * CELL
    for top in range(0, size, 256):
        y = ORIGIN[1] - (np.arange(top, min(top + 256, size)) + 0.5) * CELL
        inside = county(x, y, size)
        terrain = smooth(x, y, 0) ** 1.5  # more plain than mountain
        for name, (low, high, seed, _) in FACTORS.items():
            share = TERRAIN[name]
            shared = terrain if share > 0 else 1 - terrain
            field = abs(share) * shared + (1 - abs(share)) * smooth(x, y, seed)
            values = (low + field * (high - low)).astype(np.float32)
            values[~inside] = NODATA
            datasets[name].GetRasterBand(1).WriteArray(values, 0, top)
        river = np.abs(y[:, None] - (ORIGIN[1] - 0.55 * size * CELL) - 2000 * np.sin(x[None, :] / 3000)) < 150
        red_line = (smooth(x, y, 99) > 0.72) | river
        datasets["red_line"].GetRasterBand(1).WriteArray(red_line.astype(np.uint8), 0, top)
    for dataset in datasets.values():
        dataset.FlushCache()
    datasets.clear()
    megabytes = sum(p.stat().st_size for p in paths.values()) / 2 ** 20
    print(f"generated {len(paths)} rasters of {size:,} × {size:,} cells ({megabytes:,.0f} MB on disk) in "
          f"{time.perf_counter() - started:.1f} s in {folder}")
    return {name: str(p) for name, p in paths.items()}


# --------------------------------------------------------------------------- (a) MultiPlan

def run_multiplan(paths, out, block_size):
    from multiplan.core.suitability import mce
    from multiplan.core.suitability.raster_blocks import RasterOutput, run_blocks

    started = time.perf_counter()
    weights = ahp().weights
    tally = mce.AreaTally()

    def evaluate(arrays, window):
        scores = [mce.reclassify(arrays[name], FACTORS[name][3]) for name in FACTORS]
        total = mce.weighted_sum(scores, weights)
        total = mce.apply_veto(total, mce.constraint_mask(arrays["red_line"]))
        levels = mce.grade_by_breaks(total, BREAKS)
        tally.add(levels, window.cell_area_m2())
        return {"score": total, "level": levels}

    run = run_blocks(paths, evaluate, {"score": str(out / "score.tif"),
                                       "level": RasterOutput(str(out / "level.tif"), "uint8")},
                     block_size=block_size)
    table = tally.table(LEVEL_NAMES)
    return {"seconds": time.perf_counter() - started, "windows": run.windows, "level": str(out / "level.tif"),
            "areas_km2": {f"{row.grade} {row.name}": row.area_m2 / 1e6 for row in table.itertuples()}}


# --------------------------------------------------------------------------- (b) gdal_calc

def range_expression(table, letter="A"):
    """numpy expression of a range table (min < v ≤ max), as one would type for gdal_calc.py."""
    terms = []
    for low, high, score in table:
        tests = ([f"({letter} > {low!r})"] if low is not None else []) + (
            [f"({letter} <= {high!r})"] if high is not None else [])
        terms.append(f"{score!r} * ({' & '.join(tests)})")
    return " + ".join(terms)


def level_table():
    edges = [None, *BREAKS, None]
    return [(edges[k], edges[k + 1], len(BREAKS) + 1 - k) for k in range(len(BREAKS) + 1)]


def run_gdal_calc(paths, out, _):
    from osgeo_utils.gdal_calc import Calc

    steps, started = {}, time.perf_counter()
    weights = ahp().weights
    letters = "ABCDEF"
    scores = {}
    for name in FACTORS:
        step = time.perf_counter()
        scores[name] = str(out / f"{name}_score.tif")
        Calc(range_expression(FACTORS[name][3]), outfile=scores[name], NoDataValue=NODATA, type="Float32",
             creation_options=CREATION_OPTIONS, overwrite=True, quiet=True, A=paths[name])
        steps[f"gdal_calc reclassify {name}"] = time.perf_counter() - step
    step = time.perf_counter()
    weighted = " + ".join(f"{w!r} * {letter}" for w, letter in zip(weights, letters))
    Calc(f"where(G > 0, 0, {weighted})", outfile=str(out / "score.tif"), NoDataValue=NODATA, type="Float32",
         creation_options=CREATION_OPTIONS, overwrite=True, quiet=True,
         G=paths["red_line"], **dict(zip(letters, scores.values())))
    steps["gdal_calc weighted sum + veto"] = time.perf_counter() - step
    step = time.perf_counter()
    Calc(range_expression(level_table()), outfile=str(out / "level.tif"), NoDataValue=0, type="Byte",
         creation_options=CREATION_OPTIONS, overwrite=True, quiet=True, A=str(out / "score.tif"))
    steps["gdal_calc levels"] = time.perf_counter() - step
    return {"seconds": time.perf_counter() - started, "steps": steps, "level": str(out / "level.tif")}


# --------------------------------------------------------------------------- (c) numpy, whole arrays

def run_numpy(paths, out, _):
    from osgeo import gdal

    steps, started = {}, time.perf_counter()
    weights = ahp().weights
    reference = gdal.Open(paths["slope"])
    arrays = {name: gdal.Open(path).ReadAsArray() for name, path in paths.items()}
    steps["read whole rasters"] = time.perf_counter() - started
    step = time.perf_counter()
    missing = np.zeros(arrays["slope"].shape, dtype=bool)
    for name in FACTORS:
        missing |= arrays[name] == NODATA
    score = np.zeros(missing.shape, dtype=np.float32)
    for weight, name in zip(weights, FACTORS):
        value, table = arrays.pop(name), FACTORS[name][3]
        conditions = [(value > (-OPEN if low is None else low)) & (value <= (OPEN if high is None else high))
                      for low, high, _ in table]
        score += np.float32(weight) * np.select(conditions, [s for _, _, s in table]).astype(np.float32)
        del value, conditions
    score[arrays.pop("red_line") > 0] = 0
    level = np.select([score <= BREAKS[0], score <= BREAKS[1], score <= BREAKS[2], score <= BREAKS[3]],
                      [5, 4, 3, 2], 1).astype(np.uint8)
    score[missing], level[missing] = NODATA, 0
    steps["numpy on whole arrays"] = time.perf_counter() - step
    step = time.perf_counter()
    for name, array, kind, nodata in (("score", score, gdal.GDT_Float32, NODATA), ("level", level, gdal.GDT_Byte, 0)):
        dataset = gdal.GetDriverByName("GTiff").Create(str(out / f"{name}.tif"), array.shape[1], array.shape[0], 1,
                                                       kind, CREATION_OPTIONS)
        dataset.SetGeoTransform(reference.GetGeoTransform())
        dataset.SetProjection(reference.GetProjection())
        dataset.GetRasterBand(1).SetNoDataValue(nodata)
        dataset.GetRasterBand(1).WriteArray(array)
        dataset = None
    steps["write whole rasters"] = time.perf_counter() - step
    return {"seconds": time.perf_counter() - started, "steps": steps, "level": str(out / "level.tif")}


# --------------------------------------------------------------------------- (d) QGIS Processing


def flat_table(table):
    return [v for low, high, score in table for v in ((-OPEN if low is None else low),
                                                       (OPEN if high is None else high), score)]


def run_qgis(paths, out, _):
    app, processing = start_qgis()  # app must live while Processing runs
    steps, started = {}, time.perf_counter()
    weights = ahp().weights

    def step(label, algorithm, parameters):
        begun = time.perf_counter()
        result = processing.run(algorithm, parameters)
        steps[label] = time.perf_counter() - begun
        print(json.dumps({"step": label, "seconds": steps[label]}), flush=True)
        return result["OUTPUT"]

    scores = []
    for name in FACTORS:
        scores.append(step(f"native:reclassifybytable {name}", "native:reclassifybytable", {
            "INPUT_RASTER": paths[name], "RASTER_BAND": 1, "TABLE": flat_table(FACTORS[name][3]),
            "NO_DATA": NODATA, "RANGE_BOUNDARIES": 0, "NODATA_FOR_MISSING": True, "DATA_TYPE": 5,
            "OUTPUT": str(out / f"{name}_s.tif")}))
    expression = "(" + " + ".join(f"\"{name}_s@1\" * {w!r}" for name, w in zip(FACTORS, weights)) + \
        ") * (\"red_line@1\" = 0)"
    score = step("qgis:rastercalculator (weighted sum × veto)", "qgis:rastercalculator", {
        "EXPRESSION": expression, "LAYERS": [*scores, paths["red_line"]], "CELLSIZE": 0,
        "EXTENT": None, "CRS": None, "OUTPUT": str(out / "score.tif")})
    level = step("native:reclassifybytable levels", "native:reclassifybytable", {
        "INPUT_RASTER": score, "RASTER_BAND": 1, "TABLE": flat_table(level_table()), "NO_DATA": 0,
        "RANGE_BOUNDARIES": 0, "NODATA_FOR_MISSING": True, "DATA_TYPE": 0, "OUTPUT": str(out / "level.tif")})
    return {"seconds": time.perf_counter() - started, "steps": steps, "level": level}


# --------------------------------------------------------------------------- driver

RUNNERS = {"multiplan": run_multiplan, "gdal_calc": run_gdal_calc, "numpy": run_numpy, "qgis": run_qgis}
TITLES = {"multiplan": "(a) MultiPlan run_blocks + core.suitability.mce", "gdal_calc": "(b) gdal_calc.py chain",
          "numpy": "(c) numpy on whole arrays", "qgis": "(d) QGIS 3.22 Processing chain"}


def worker(route, paths_json, out, block_size):
    if route == "generate":  # paths_json: [folder, size]
        folder, size = json.loads(paths_json)
        print("RESULT " + json.dumps(write_rasters(Path(folder), size)), flush=True)
        os._exit(0)
    result = RUNNERS[route](json.loads(paths_json), Path(out), block_size)
    result["peak_mb"] = peak_memory_mb()
    print("RESULT " + json.dumps(result, ensure_ascii=False), flush=True)
    sys.stderr.flush()
    os._exit(0)  # skip interpreter/QGIS teardown


def child(route, paths, out, block_size, timeout):
    """Run one route in a child process; returns (result or None, finished steps, timed out)."""
    out.mkdir(parents=True, exist_ok=True)
    for old in out.iterdir():
        old.unlink()
    command = [sys.executable, __file__, "--worker", route, "--paths", json.dumps(paths), "--out", str(out),
               "--block-size", str(block_size)]
    try:
        done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        stdout, timed_out = done.stdout, False
        if done.returncode != 0:
            sys.stderr.write(f"{route} child exited with {done.returncode}\n{done.stderr[-4000:]}\n")
    except subprocess.TimeoutExpired as expired:
        stdout, timed_out = expired.stdout or "", True
        stdout = stdout.decode() if isinstance(stdout, bytes) else stdout
    lines = stdout.splitlines()
    results = [json.loads(line[7:]) for line in lines if line.startswith("RESULT ")]
    steps = {s["step"]: s["seconds"] for s in (json.loads(line) for line in lines if line.startswith('{"step"'))}
    return (results[0] if results else None), steps, timed_out


def generate(folder, size):
    """write_rasters in a child process, so the parent's memory (a floor under the children's
    ru_maxrss) stays small."""
    command = [sys.executable, __file__, "--worker", "generate", "--paths", json.dumps([str(folder), size])]
    done = subprocess.run(command, capture_output=True, text=True)
    lines = done.stdout.splitlines()
    print("\n".join(line for line in lines if not line.startswith("RESULT ")))
    if done.returncode != 0 or not lines or not lines[-1].startswith("RESULT "):
        sys.exit(f"generating the rasters failed:\n{done.stderr[-4000:]}")
    return json.loads(lines[-1][7:])


def count_differences(level_a, level_b):
    """Cells whose level differs between two level rasters (nodata = NaN counts as a value)."""
    from multiplan.core.suitability.raster_blocks import run_blocks

    counts = {"cells": 0, "different": 0}

    def compare(arrays, window):
        a, b = arrays["a"], arrays["b"]
        counts["cells"] += a.size
        counts["different"] += int((~((a == b) | (np.isnan(a) & np.isnan(b)))).sum())

    run_blocks({"a": level_a, "b": level_b}, compare)
    return counts["different"], counts["cells"]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=10_000, help="cells per side (default 10000)")
    parser.add_argument("--block-size", type=int, default=1024, help="MultiPlan's window side (default 1024)")
    parser.add_argument("--skip", default="", help="comma-separated routes to skip: gdal_calc, numpy, qgis")
    parser.add_argument("--timeout", type=float, default=3600.0, help="seconds before a route is killed")
    parser.add_argument("--workdir", help="keep (and reuse) the rasters here (default: a temporary folder)")
    parser.add_argument("--worker", choices=[*ROUTES, "generate"], help=argparse.SUPPRESS)
    parser.add_argument("--paths", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.paths, args.out, args.block_size)
    skip = {s.strip() for s in args.skip.split(",") if s.strip()}
    weights = ahp()
    print(f"AHP weights {dict(zip(FACTORS, np.round(weights.weights, 4).tolist()))}, "
          f"λmax {weights.lambda_max:.4f}, CR {weights.cr:.4f}")

    with tempfile.TemporaryDirectory(prefix="multiplan-suitability-") as temporary:
        work = Path(args.workdir or temporary)
        paths = generate(Path(work) / f"factors_{args.size}", args.size)
        print(f"(parent's ru_maxrss {peak_memory_mb():,.0f} MB: Linux carries it across fork + exec, so it "
              f"is a floor under every child's figure)")
        results, failed = {}, False
        for route in ROUTES:
            if route in skip:
                continue
            result, steps, timed_out = child(route, paths, work / f"out_{route}", args.block_size, args.timeout)
            if result is None:
                state = f"TIMED OUT after {args.timeout:.0f} s" if timed_out else "FAILED"
                print(f"\n{TITLES[route]:<40} {state}")
                for name, seconds in steps.items():
                    print(f"      {name:<48} {seconds:9.2f} s")
                failed = failed or not timed_out
                continue
            results[route] = result
            print(f"\n{TITLES[route]:<40} {result['seconds']:9.2f} s   peak {result['peak_mb']:,.0f} MB")
            for name, seconds in result.get("steps", {}).items():
                print(f"      {name:<48} {seconds:9.2f} s")
            if route == "multiplan":
                print(f"      {result['windows']} windows; area per level (km²): " + ", ".join(
                    f"{level} {km2:,.1f}" for level, km2 in result["areas_km2"].items()))
            elif "multiplan" in results:
                different, cells = count_differences(results["multiplan"]["level"], result["level"])
                print(f"      levels differing from (a): {different:,} of {cells:,} cells")

        if "multiplan" in results:
            a = results["multiplan"]
            print(f"\nsize {args.size:,} × {args.size:,}: route / (a) time ratios: " + ", ".join(
                f"{route} {results[route]['seconds'] / a['seconds']:.1f}" for route in results if route != "multiplan"))
            print(f"(a) peak memory {a['peak_mb']:,.0f} MB: under {MEMORY_LIMIT_MB:,.0f} MB "
                  f"{'yes' if a['peak_mb'] < MEMORY_LIMIT_MB else 'NO'}")
        else:
            failed = True
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

# Figures, size 10,000 (10⁸ cells per raster; one run, 2 shared CPUs, GDAL 3.6.2, numpy 1.24.2,
# QGIS 3.22; `bench/bench_suitability.py --size 10000 --workdir DIR`, about 1.5 min plus 44 s to
# generate the 7 rasters, 465 MB on disk). AHP weights slope 0.2934, elevation 0.0536, relief
# 0.1672, water 0.0962, road 0.0962, hazard 0.2934; λmax 6.0194, CR 0.0031.
#   (a) MultiPlan run_blocks + core.suitability.mce    10.77 s  peak   362 MB  (100 windows of 1024²;
#       the next window's 7 inputs decoded in threads while this one is computed)
#       area per level (km²): 1 适宜 4.3, 2 较适宜 171.2, 3 一般适宜 731.7, 4 较不适宜 584.4,
#       5 不适宜 209.2
#   (b) gdal_calc.py chain                 24.44 s  peak 1,436 MB  (6 × ~3 s reclassify, 3.8 s
#       weighted sum + veto, 1.5 s levels); levels identical to (a)
#   (c) numpy on whole arrays              26.29 s  peak 4,276 MB  (read 14.5, numpy 10.4, write
#       1.4 s); levels identical to (a)
#   (d) QGIS 3.22 Processing chain         34.88 s  peak 1,459 MB  (reclassifybytable 3.7-4.4 s
#       each, rastercalculator 9.6 s, levels 1.3 s); 5 of 10⁸ cells at another level than (a)
#       (its calculator sums in double precision, (a) in float32: scores on a break)
#   ratios route / (a): gdal_calc 2.3, numpy 2.4, qgis 3.2; (a) under 2 GB: yes.
# Before issue 21 (a) took 19.4 s (1.6x / 1.7x / 1.8x): one thread read every window, and the
# ellipsoidal area factor of each window parsed the CRS and made two transformers (3.8 s).
# (b) and (d) peak near 1.4 GB because GDAL's block cache (5 % of RAM) fills with tiles; (a)
# drops them after each window.
