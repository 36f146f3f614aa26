"""Every MultiPlan algorithm, in the order the provider registers them."""
from .ellipsoidal_area import EllipsoidalAreaAlgorithm
from .reclassify_landuse import ReclassifyLanduseAlgorithm

ALGORITHMS = [
    EllipsoidalAreaAlgorithm,
    ReclassifyLanduseAlgorithm,
]
