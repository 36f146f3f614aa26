"""A hand-built county of 1 km × 1 km for 实施评估 tests: blueprint, control lines, two townships,
a base survey (2023) and two later years with known changes (all boxes in metres from the origin
(X0, Y0) on the central meridian of EPSG:4527)."""
import numpy as np
import shapely

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.areas import polygon_areas

CRS = "EPSG:4527"


def box(x1, y1, x2, y2):
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def m2(*boxes):
    """Ellipsoidal area (m²) of the union of boxes."""
    return float(polygon_areas([shapely.union_all([box(*b) for b in boxes])], CRS)[0])


WEST, SOUTH_EAST, NORTH_EAST = (0, 0, 500, 1000), (500, 0, 1000, 500), (500, 500, 1000, 1000)
BLUEPRINT = [(WEST, "0103"), (SOUTH_EAST, "0701"), (NORTH_EAST, "0301")]
URBAN, FARMLAND, RED_LINE = [SOUTH_EAST], [(0, 0, 500, 500)], [(500, 800, 1000, 1000)]
TOWNSHIPS = [((0, 0, 500, 1000), "001", "甲镇"), ((500, 0, 1000, 1000), "002", "乙镇")]
# Base 2023 (三调 codes): the south-east's lower half is still 旱地.
BASE = [(WEST, "0103"), ((500, 0, 1000, 250), "0103"), ((500, 250, 1000, 500), "0701"), (NORTH_EAST, "0301")]
# 2024: the lower south-east built up (inside the boundary, planned); 1 ha of basic farmland built on (outside).
Y2024 = [((100, 0, 500, 100), "0103"), ((0, 100, 500, 1000), "0103"), ((0, 0, 100, 100), "0601"),
         ((500, 0, 1000, 250), "0601"), ((500, 250, 1000, 500), "0701"), (NORTH_EAST, "0301")]
# 2025: 1 ha of forest in the red line built on; 1 ha of 旱地 in the north-west turned to grass.
Y2025 = [((100, 0, 500, 100), "0103"), ((0, 100, 500, 900), "0103"), ((0, 900, 400, 1000), "0103"),
         ((400, 900, 500, 1000), "0404"), ((0, 0, 100, 100), "0601"), ((500, 0, 1000, 250), "0601"),
         ((500, 250, 1000, 500), "0701"), ((500, 500, 1000, 900), "0301"), ((500, 900, 600, 1000), "0301"),
         ((600, 900, 700, 1000), "0601"), ((700, 900, 1000, 1000), "0301")]


def boxes(parts):
    return np.array([box(*b) for b, *_ in parts], dtype=object)
