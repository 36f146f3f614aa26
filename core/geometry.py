"""Small helpers on arrays of shapely geometries shared by the overlay-based modules."""
import os
from concurrent.futures import ThreadPoolExecutor

import numpy as np
import shapely

from .progress import report

POLYGON, MULTIPOLYGON = 3, 6  # shapely.GeometryType ids


def as_array(geoms):
    return np.asarray(geoms, dtype=object)


def present(geoms):
    """Mask of geometries that are neither null nor empty."""
    return ~shapely.is_missing(geoms) & ~shapely.is_empty(geoms)


def polygonal(geoms):
    """Only the polygonal parts of each geometry (MultiPolygon), e.g. after make_valid.

    make_valid and overlay results can be GeometryCollections mixing polygons with the lines
    or points where rings touched; a polygon layer and area figures only want the polygons.
    Geometries without polygonal parts become empty polygons; nulls stay null.
    """
    out = as_array(geoms).copy()
    types = shapely.get_type_id(out)
    other = (types >= 0) & (types != POLYGON) & (types != MULTIPOLYGON)
    if not other.any():
        return out
    # Explode twice: a collection's members may themselves be multi-geometries.
    parts, owner = shapely.get_parts(out[other], return_index=True)
    parts, member = shapely.get_parts(parts, return_index=True)
    owner = owner[member]
    keep = (shapely.get_type_id(parts) == POLYGON) & ~shapely.is_empty(parts)
    merged = np.full(int(other.sum()), None, dtype=object)
    if keep.any():
        shapely.multipolygons(parts[keep], indices=owner[keep], out=merged)
    merged[shapely.is_missing(merged)] = shapely.Polygon()
    out[other] = merged
    return out


def valid_polygonal(geoms, valid=None):
    """A copy with invalid geometries made valid (polygonal parts only); valid ones shared.
    ``valid``: ``shapely.is_valid`` of ``geoms`` when the caller has it already."""
    out = as_array(geoms).copy()
    fix = present(out) & ~(shapely.is_valid(out) if valid is None else valid)
    if fix.any():
        out[fix] = polygonal(shapely.make_valid(out[fix]))
    return polygonal(out)


def worker_count():
    """Threads for GEOS-heavy array functions (shapely releases the GIL inside them)."""
    return max(1, min(4, os.cpu_count() or 1))


def in_threads(function, *arrays, pieces=16, threads=None):
    """``function(*arrays)`` computed on slices in parallel threads, results concatenated.

    Only for shapely array functions, which release the GIL; on 2 cores an overlay of a county
    runs about 1.7 times faster this way.
    """
    count = len(arrays[0])
    threads = threads or worker_count()

    def run(*slices):
        # GEOS may raise the FPU's invalid flag internally; numpy would warn about it for
        # object arrays although every result is a geometry. errstate is per thread.
        with np.errstate(invalid="ignore"):
            return function(*slices)

    if threads == 1 or count < 2_000:
        return run(*arrays)
    bounds = np.linspace(0, count, min(pieces, count) + 1).astype(int)
    spans = list(zip(bounds[:-1], bounds[1:]))
    with ThreadPoolExecutor(threads) as pool:
        parts = list(pool.map(lambda span: run(*(a[span[0]:span[1]] for a in arrays)), spans))
    return np.concatenate(parts)


def map_in_threads(function, items, progress=None, threads=None):
    """``[function(item) for item in items]`` computed in parallel threads, in order.

    For loops whose body is shapely array work (which releases the GIL), e.g. one union per
    tile. ``progress`` (see :mod:`core.progress`) is called in the calling thread after each
    item with the fraction done; if it raises (a cancelled run), the items not yet started
    are dropped and the exception propagates once the running ones finish.
    """
    items = list(items)
    threads = threads or worker_count()

    def run(item):
        with np.errstate(invalid="ignore"):
            return function(item)

    results = []
    if threads == 1 or len(items) < 2:
        for item in items:
            results.append(run(item))
            report(progress, len(results) / len(items))
        return results
    pool = ThreadPoolExecutor(threads)
    try:
        futures = [pool.submit(run, item) for item in items]
        for future in futures:
            results.append(future.result())
            report(progress, len(results) / len(items))
    finally:
        pool.shutdown(wait=True, cancel_futures=True)
    return results


def query_in_threads(tree, geoms, predicate=None, pieces=8, threads=None):
    """``tree.query(geoms, predicate)`` as ``(input positions, tree positions)``, on slices of
    ``geoms`` in parallel threads (the STRtree query releases the GIL; twice as fast on 2 cores).

    Pairs come in the order of the input positions, as from one query.
    """
    geoms = as_array(geoms)
    count = len(geoms)
    threads = threads or worker_count()
    if threads == 1 or count < 2_000:
        return tree.query(geoms, predicate=predicate)
    bounds = np.linspace(0, count, min(pieces, count) + 1).astype(int)
    spans = list(zip(bounds[:-1], bounds[1:]))

    def run(span):
        found = tree.query(geoms[span[0]:span[1]], predicate=predicate)
        found[0] += span[0]
        return found

    with ThreadPoolExecutor(threads) as pool:
        parts = list(pool.map(run, spans))
    return np.concatenate(parts, axis=1)
