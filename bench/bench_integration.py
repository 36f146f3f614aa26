#!/usr/bin/env python3
"""Benchmark: 边界整合 of a plan to a reference of the same size, against the overlay detect_conflicts
runs on the same two layers.

    source scripts/env.sh && .venv/bin/python bench/bench_integration.py [--n 200000]

1. The reference: a coverage of N parcels of ~1 ha (bench_quality.county_coverage, EPSG:4527).
   The plan: the same parcels drawn on another base map — every distinct vertex moved by a
   smooth offset of up to 1.2 m (so the plan is still a coverage, and every shared edge is off
   by about a metre, as two institutes' maps are).
2. Times, in this process: (a) ``core.intake.boundaries.integrate`` (plan → reference, 2 m);
   (b) the union overlay of the two layers plus ellipsoidal areas, what ``detect_conflicts``
   computes first (``core.overlay.union_overlay``, ``core.areas.polygon_areas``) — on the
   plan as drawn and on the integrated plan.
3. Prints (a), (b), the ratio (a)/(b) (target ≤ 2), the statuses, and the overlay's pieces
   narrower than 2 m or smaller than 1/10 亩 before and after integration.
"""
import argparse
import collections
import os
import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, os.environ.get("MULTIPLAN_PLUGINS", str(ROOT / ".build" / "plugins")))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_quality import county_coverage  # noqa: E402


def redrawn(cells, amplitude=1.2):
    """The same coverage with every distinct vertex moved by one smooth offset field."""
    import shapely

    coords, owner = shapely.get_coordinates(cells, return_index=True)
    unique, inverse = np.unique(coords, axis=0, return_inverse=True)
    x, y = unique[:, 0], unique[:, 1]
    shifted = unique + amplitude * np.stack([np.sin(x / 310.0 + y / 530.0), np.cos(y / 270.0 - x / 610.0)], axis=1)
    moved = shifted[inverse.reshape(-1)]
    return shapely.polygons(moved.reshape(len(cells), 5, 2))


def slivers(geometries):
    import shapely

    areas = shapely.area(geometries)
    width = 2 * areas / np.maximum(shapely.length(geometries), 1e-12)
    return int(((areas < 200.0 / 3) | (width < 2.0)).sum())


TARGET_RATIO = 2.0  # integration within twice the overlay it prepares (issue 25)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=200_000)
    arguments = parser.parse_args()
    from multiplan.core.areas import polygon_areas
    from multiplan.core.intake import boundaries as bd
    from multiplan.core.overlay import union_overlay

    reference, _, _, _ = county_coverage(arguments.n, seed=0)
    plan = redrawn(reference)
    crs = "EPSG:4527"

    def overlay(layer):
        started = time.perf_counter()
        result = union_overlay([reference, layer])
        polygon_areas(result.geometries, crs)
        return time.perf_counter() - started, result

    before_seconds, before = overlay(plan)
    started = time.perf_counter()
    integrated = bd.integrate(plan, reference, crs)
    seconds = time.perf_counter() - started
    after_seconds, after = overlay(integrated.geometries)
    print(f"N = {arguments.n:,} parcels per layer")
    print(f"(a) integrate: {seconds:.1f} s, {integrated.rounds} round(s); "
          f"{dict(collections.Counter(integrated.status))}")
    print(f"(b) overlay + areas (detect_conflicts' core): {before_seconds:.1f} s on the plan as drawn, "
          f"{after_seconds:.1f} s after integration")
    print(f"ratio (a)/(b): {seconds / before_seconds:.2f} (target ≤ {TARGET_RATIO:g})")
    print(f"slivers in the overlay: {slivers(before.geometries):,} as drawn, {slivers(after.geometries):,} after")
    if seconds / before_seconds > TARGET_RATIO:
        print(f"FAILED: integration takes more than {TARGET_RATIO} times the overlay")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
