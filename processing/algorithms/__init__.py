"""Every MultiPlan algorithm, in the order the provider registers them."""
from .ellipsoidal_area import EllipsoidalAreaAlgorithm

ALGORITHMS = [
    EllipsoidalAreaAlgorithm,
]
