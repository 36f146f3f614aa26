"""Area units used in Chinese planning reports."""

SQUARE_METRES_PER_HECTARE = 10_000.0
#: 1 亩 = 2000/3 m² (666.67 m²), the statutory conversion.
SQUARE_METRES_PER_MU = 2000.0 / 3.0


def to_hectares(square_metres):
    """Square metres → 公顷 (works on floats and numpy arrays)."""
    return square_metres / SQUARE_METRES_PER_HECTARE


def to_mu(square_metres):
    """Square metres → 亩 (works on floats and numpy arrays)."""
    return square_metres / SQUARE_METRES_PER_MU
