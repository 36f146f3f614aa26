#!/usr/bin/env python3
"""Benchmark: MultiPlan's overlap and gap checks against the QGIS 3.22 Processing chain.

    source scripts/env.sh && .venv/bin/python bench/bench_quality.py [--n 200000] [--skip-qgis]
                                                                   [--qgis-timeout 1800]

1. Generates a county-scale coverage of N polygons (default 200,000 parcels of about 1 ha,
   a ~2,000 km² county) in EPSG:4527 metres: quadrilaterals between the nodes of a jittered
   100 m grid, kept inside an irregular county outline. Neighbours share their nodes, so it is a
   true coverage. Then ~0.1 % of the parcels are shifted by 1.5 m (overlaps with their
   neighbours, and a crescent gap behind them) and ~0.1 % are dropped (holes). Affected parcels
   are at least 4 cells apart, so their problems never merge. Written with OGR to a GeoPackage
   (layer DLTB with a spatial index, layer XZQ = the county boundary).
2. Times, each in a fresh child process (so peak memory is per method and a hung QGIS run can
   be killed):
   (a) MultiPlan: read DLTB with OGR into shapely (from_wkb), core.intake.quality.find_overlaps,
       core.intake.quality.find_gaps within XZQ;
   (b) what a QGIS 3.22 user runs for the same checks (3.22 Processing has no Geometry Checker
       algorithm): overlaps = native:intersection of DLTB with itself, counting output features
       whose two BSM differ (each pair appears twice); gaps = native:dissolve of DLTB, then
       native:difference XZQ minus the dissolved layer, then native:multiparttosingleparts to
       count the gaps. Outputs are GeoPackages in the work folder.
3. Prints both times, the ratio (b)/(a), the counts each found (they must agree above a
   float-noise floor, see NOISE_M2) and the peak memory (VmHWM) of each child. If QGIS
   exceeds ``--qgis-timeout`` it is killed and the ratio is reported as a lower bound.

Figures from one run at N = 200,000 are at the end of this file.
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

EPSG = 4527  # CGCS2000 / 3-degree Gauss-Kruger zone 39 (CM 117°E), eastings with zone prefix
CENTRE = (39_500_000.0, 3_500_000.0)  # about 117°E 31.6°N
CELL = 100.0  # grid spacing (m): parcels of about 1 ha
SHIFT = (1.5, 0.0)  # metres a shifted parcel moves
LAYER, BOUNDARY_LAYER, ID_FIELD = "DLTB", "XZQ", "BSM"
# Counts are compared above 1e-5 亩 (0.0067 m², the float-noise tolerance of Chinese QA tools,
# domain notes §3.4): GEOS's floating-point overlays leave 1e-8 m² slivers where overlapping
# edges cross, in both tools but not at the same places. Raw counts are printed too.
NOISE_M2 = 2000.0 / 3.0 * 1e-5


# --------------------------------------------------------------------------- data

def county_coverage(n, seed=0, jitter=0.3):
    """``n`` jittered-grid quadrilaterals inside an irregular county outline, and that outline.

    Cells are ranked by how far out their centre lies relative to a wavy radius r(θ); the n
    innermost are kept, so the county has a ragged border but no holes of its own.
    """
    import shapely

    rng = np.random.default_rng(seed)
    half = int(np.ceil(np.sqrt(n / np.pi) * 1.35)) + 2  # the wavy outline fits in this square
    side = 2 * half
    nodes = (np.arange(side + 1) - half) * CELL
    xs, ys = np.meshgrid(CENTRE[0] + nodes, CENTRE[1] + nodes)
    xs = xs + rng.uniform(-jitter, jitter, xs.shape) * CELL
    ys = ys + rng.uniform(-jitter, jitter, ys.shape) * CELL
    i, j = (a.ravel() for a in np.meshgrid(np.arange(side), np.arange(side)))
    cx, cy = (i + 0.5 - half), (j + 0.5 - half)
    theta = np.arctan2(cy, cx)
    wave = 1 + 0.18 * np.sin(3 * theta) + 0.07 * np.cos(7 * theta + 1) + 0.04 * np.sin(13 * theta)
    keep = np.sort(np.argsort(np.hypot(cx, cy) / wave, kind="stable")[:n])
    i, j = i[keep], j[keep]
    ring_i = np.stack([i, i + 1, i + 1, i, i], axis=1)
    ring_j = np.stack([j, j, j + 1, j + 1, j], axis=1)
    cells = shapely.polygons(np.stack([xs[ring_j, ring_i], ys[ring_j, ring_i]], axis=2))
    # Safe here, unlike on user data: these cells are a true coverage by construction.
    boundary = shapely.coverage_union_all(cells)
    return cells, boundary, i, j


def inject_problems(cells, i, j, fraction=0.001, seed=0):
    """Shift ``fraction`` of the parcels by SHIFT and drop as many; returns (cells, ids, info).

    Victims come from a 4-cell sub-lattice of parcels whose 8 neighbours all exist, so no two
    problems touch and each shift or drop is one separate issue.
    """
    import shapely

    rng = np.random.default_rng(seed + 1)
    present = set(zip(i.tolist(), j.tolist()))
    lattice = np.flatnonzero((i % 4 == 0) & (j % 4 == 0))
    inner = [k for k in lattice  # ~n/16 candidates: a loop over them is set-up, not the check
             if all((i[k] + di, j[k] + dj) in present for di in (-1, 0, 1) for dj in (-1, 0, 1))]
    count = max(1, int(round(fraction * len(cells))))
    victims = rng.choice(np.array(inner), 2 * count, replace=False)
    shifted, dropped = np.sort(victims[:count]), np.sort(victims[count:])
    cells = cells.copy()
    cells[shifted] = shapely.transform(cells[shifted], lambda xy: xy + np.array(SHIFT))
    keep = np.ones(len(cells), dtype=bool)
    keep[dropped] = False
    ids = np.arange(1, len(cells) + 1)  # BSM 标识码
    return cells[keep], ids[keep], {"shifted": int(count), "dropped": int(count)}


def write_geopackage(path, cells, ids, boundary):
    """DLTB (with BSM and a spatial index, as the GPKG driver makes by default) and XZQ."""
    import shapely
    from osgeo import ogr, osr

    ogr.UseExceptions()
    srs = osr.SpatialReference()
    srs.ImportFromEPSG(EPSG)
    ds = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
    layer = ds.CreateLayer(LAYER, srs, ogr.wkbPolygon, ["SPATIAL_INDEX=YES"])
    layer.CreateField(ogr.FieldDefn(ID_FIELD, ogr.OFTInteger64))
    definition = layer.GetLayerDefn()
    ds.StartTransaction()
    for wkb, bsm in zip(shapely.to_wkb(cells), ids.tolist()):  # OGR has no bulk write in 3.6
        feature = ogr.Feature(definition)
        feature.SetField(ID_FIELD, bsm)
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb))
        layer.CreateFeature(feature)
    ds.CommitTransaction()
    county = ds.CreateLayer(BOUNDARY_LAYER, srs, ogr.wkbMultiPolygon)
    feature = ogr.Feature(county.GetLayerDefn())
    feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(shapely.to_wkb(shapely.multipolygons([boundary]))))
    county.CreateFeature(feature)
    ds = None


# --------------------------------------------------------------------------- (a) MultiPlan

def read_polygons(path, layer_name):
    """Geometries of a layer as a shapely array, through OGR's Arrow stream when available."""
    import shapely
    from osgeo import ogr

    ogr.UseExceptions()
    ds = ogr.Open(str(path))
    layer = ds.GetLayerByName(layer_name)
    if hasattr(layer, "GetArrowStreamAsNumPy"):  # GDAL ≥ 3.6: batches of WKB, no Python loop
        column = layer.GetGeometryColumn() or "wkb_geometry"
        stream = layer.GetArrowStreamAsNumPy(options=["USE_MASKED_ARRAYS=NO"])
        wkb = np.concatenate([batch[column] for batch in stream])
    else:
        wkb = np.array([f.GetGeometryRef().ExportToIsoWkb() for f in layer], dtype=object)
    return shapely.from_wkb(wkb)


def run_multiplan(gpkg):
    from multiplan.core.intake.quality import find_gaps, find_overlaps

    times = {}
    start = time.perf_counter()
    geoms = read_polygons(gpkg, LAYER)
    boundary = read_polygons(gpkg, BOUNDARY_LAYER)[0]
    times["read (OGR → shapely)"] = time.perf_counter() - start
    step = time.perf_counter()
    overlaps = find_overlaps(geoms)
    times["find_overlaps"] = time.perf_counter() - step
    step = time.perf_counter()
    gaps = find_gaps(geoms, boundary=boundary)
    times["find_gaps"] = time.perf_counter() - step
    return {"features": int(len(geoms)), "overlaps": int((overlaps["area"] > NOISE_M2).sum()),
            "gaps": int((gaps["area"] > NOISE_M2).sum()), "raw_overlaps": int(len(overlaps)), "raw_gaps": int(len(gaps)),
            "overlap_area": float(overlaps["area"].sum()), "gap_area": float(gaps["area"].sum()),
            "steps": times, "seconds": time.perf_counter() - start}


# --------------------------------------------------------------------------- (b) QGIS chain

def start_qgis():
    """A headless QgsApplication with Processing; returns (app, processing module).

    Keep ``app`` referenced while Processing runs. Shared by the other benchmarks.
    """
    from qgis.core import QgsApplication

    QgsApplication.setPrefixPath("/usr", True)
    app = QgsApplication([], False)
    app.initQgis()
    sys.path.append("/usr/share/qgis/python/plugins")
    import processing
    from processing.core.Processing import Processing

    Processing.initialize()
    return app, processing


def run_qgis(gpkg, out_dir):
    """The QGIS 3.22 chain, step by step; prints each finished step so a timeout keeps them."""
    from qgis.core import QgsFeatureRequest, QgsVectorLayer

    app, processing = start_qgis()  # noqa: F841 (app must live while Processing runs)
    dltb, xzq = f"{gpkg}|layername={LAYER}", f"{gpkg}|layername={BOUNDARY_LAYER}"
    out = Path(out_dir)
    result = {"steps": {}}

    def step(name, algorithm, parameters):
        started = time.perf_counter()
        output = processing.run(algorithm, parameters)["OUTPUT"]
        result["steps"][name] = time.perf_counter() - started
        print(json.dumps({"step": name, "seconds": result["steps"][name]}), flush=True)
        return output

    start = time.perf_counter()
    intersections = step("native:intersection (self)", "native:intersection", {
        "INPUT": dltb, "OVERLAY": dltb, "INPUT_FIELDS": [ID_FIELD], "OVERLAY_FIELDS": [ID_FIELD],
        "OVERLAY_FIELDS_PREFIX": "b_", "OUTPUT": str(out / "self_intersection.gpkg")})
    counted = time.perf_counter()
    layer = QgsVectorLayer(intersections, "intersections", "ogr")
    request = QgsFeatureRequest().setFilterExpression(f'"{ID_FIELD}" <> "b_{ID_FIELD}"')
    pair_areas = [f.geometry().area() for f in layer.getFeatures(request)]
    result["steps"]["count overlap pairs"] = time.perf_counter() - counted
    dissolved = step("native:dissolve", "native:dissolve", {"INPUT": dltb, "OUTPUT": str(out / "dissolved.gpkg")})
    difference = step("native:difference (XZQ − dissolved)", "native:difference", {
        "INPUT": xzq, "OVERLAY": dissolved, "OUTPUT": str(out / "gaps.gpkg")})
    singles = step("native:multiparttosingleparts", "native:multiparttosingleparts", {
        "INPUT": difference, "OUTPUT": str(out / "gaps_single.gpkg")})
    gap_areas = [f.geometry().area() for f in QgsVectorLayer(singles, "gaps", "ogr").getFeatures()]
    result.update({"overlaps": sum(a > NOISE_M2 for a in pair_areas) // 2, "raw_overlaps": len(pair_areas) // 2,
                   "gaps": sum(a > NOISE_M2 for a in gap_areas), "raw_gaps": len(gap_areas),
                   "seconds": time.perf_counter() - start})
    return result  # no exitQgis(): the worker ends with os._exit, QGIS teardown can crash


# --------------------------------------------------------------------------- driver

def peak_memory_mb():
    """This process's peak resident memory in MB.

    VmHWM (the high-water mark of this process's own address space) rather than ru_maxrss: a
    child started by fork/vfork + exec inherits its parent's ru_maxrss, so a parent that generated
    the data first would inflate every child's figure.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024.0  # kB
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # Linux: KiB


def worker(method, gpkg, out_dir):
    result = run_multiplan(gpkg) if method == "multiplan" else run_qgis(gpkg, out_dir)
    result["peak_mb"] = peak_memory_mb()
    print("RESULT " + json.dumps(result), flush=True)
    sys.stderr.flush()
    os._exit(0)  # skip interpreter/QGIS teardown, which may segfault after the work is done


def child(method, gpkg, out_dir, timeout=None):
    """Run one method in a child process; returns (result or None, finished steps, timed_out)."""
    command = [sys.executable, __file__, "--worker", method, "--gpkg", str(gpkg), "--out", str(out_dir)]
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


def print_steps(steps):
    for name, seconds in steps.items():
        print(f"      {name:<40} {seconds:9.2f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--n", type=int, default=200_000, help="number of parcels (default 200000)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--skip-qgis", action="store_true", help="time MultiPlan only")
    parser.add_argument("--qgis-timeout", type=float, default=1800.0, help="seconds before the QGIS chain is killed")
    parser.add_argument("--workdir", help="keep the GeoPackages here (default: a temporary folder)")
    parser.add_argument("--worker", choices=["multiplan", "qgis"], help=argparse.SUPPRESS)
    parser.add_argument("--gpkg", help=argparse.SUPPRESS)
    parser.add_argument("--out", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        return worker(args.worker, args.gpkg, args.out)

    with tempfile.TemporaryDirectory(prefix="multiplan-bench-") as temporary:
        work = Path(args.workdir or temporary)
        work.mkdir(parents=True, exist_ok=True)
        gpkg = work / "county.gpkg"
        gpkg.unlink(missing_ok=True)
        started = time.perf_counter()
        cells, boundary, i, j = county_coverage(args.n, args.seed)
        cells, ids, injected = inject_problems(cells, i, j, seed=args.seed)
        write_geopackage(gpkg, cells, ids, boundary)
        print(f"Generated {args.n:,} parcels in EPSG:{EPSG} (county {boundary.area / 1e6:,.0f} km²), "
              f"shifted {injected['shifted']} by {SHIFT[0]} m, dropped {injected['dropped']}: "
              f"{len(cells):,} features in {gpkg} ({time.perf_counter() - started:.1f} s, "
              f"peak {peak_memory_mb():,.0f} MB)")

        a, _, _ = child("multiplan", gpkg, work)
        if a is None:
            print("MultiPlan run failed", file=sys.stderr)
            return 1
        print(f"\n(a) MultiPlan (OGR + core.intake.quality):   {a['seconds']:9.2f} s   peak {a['peak_mb']:,.0f} MB")
        print_steps(a["steps"])
        print(f"      overlapping pairs {a['overlaps']:,} ({a['overlap_area']:,.1f} m²), "
              f"gaps {a['gaps']:,} ({a['gap_area']:,.1f} m²) above {NOISE_M2:.4f} m²; "
              f"raw {a['raw_overlaps']:,} / {a['raw_gaps']:,}")
        if args.skip_qgis:
            return 0

        b, steps, timed_out = child("qgis", gpkg, work, timeout=args.qgis_timeout)
        if timed_out or b is None:
            state = f"TIMED OUT after {args.qgis_timeout:.0f} s" if timed_out else "FAILED"
            print(f"\n(b) QGIS 3.22 Processing chain:        {state}; finished steps:")
            print_steps(steps)
            if timed_out:
                print(f"\nratio (b)/(a) > {args.qgis_timeout / a['seconds']:.1f} (lower bound: QGIS did not finish)")
            return 0 if timed_out else 1
        print(f"\n(b) QGIS 3.22 Processing chain:        {b['seconds']:9.2f} s   peak {b['peak_mb']:,.0f} MB")
        print_steps(b["steps"])
        print(f"      overlapping pairs {b['overlaps']:,}, gaps {b['gaps']:,} above {NOISE_M2:.4f} m²; "
              f"raw {b['raw_overlaps']:,} / {b['raw_gaps']:,}")
        print(f"\nratio (b)/(a) = {b['seconds'] / a['seconds']:.1f}")
        agree = (a["overlaps"], a["gaps"]) == (b["overlaps"], b["gaps"])
        if not agree:
            print(f"WARNING: counts differ: MultiPlan {a['overlaps']} overlaps / {a['gaps']} gaps, "
                  f"QGIS {b['overlaps']} / {b['gaps']}", file=sys.stderr)
        return 0


if __name__ == "__main__":
    sys.exit(main())

# Figures, N = 200,000 (one run, 2 CPUs / 23 GB, GEOS 3.11.1, shapely 2.1.2, GDAL 3.6.2,
# QGIS 3.22; `bench/bench_quality.py --n 200000 --workdir DIR`, about 2.5 min in all):
#   county 2,000 km², 199,800 features (200 parcels shifted 1.5 m, 200 dropped)
#   (a) MultiPlan   8.00 s  (read 0.34, find_overlaps 3.86, find_gaps 3.79)  peak 306 MB
#   (b) QGIS 3.22 118.98 s  (self-intersection 110.19, dissolve 8.63, difference 0.08,
#                            multipart→single 0.02)                          peak 283 MB
#   ratio (b)/(a) = 14.9; both found 722 overlapping pairs and 400 gaps above 0.0067 m²
#   (raw, with the 1e-8 m² float noise: 747 / 484 MultiPlan, 747 / 501 QGIS).
# Before both checks ran on both cores (issue 21) (a) took 12.7 s on the same machine that day
# (9.3x); an earlier run on a faster day gave (a) 9.98 s, (b) 59.4 s (6.0x). The QGIS chain's
# time varies more between runs than MultiPlan's, so compare ratios from one run only.
# At N = 20,000: (a) about 1.0 s, (b) about 5.5–8 s.
