"""Factor weights for 双评价 (suitability evaluation): AHP or weights given directly.

Two ways to weight the factors of a weighted linear combination (:mod:`core.suitability.mce`):

* :func:`ahp_weights`: Saaty's Analytic Hierarchy Process. The expert fills a pairwise comparison
  matrix (判断矩阵) on the 1-9 scale, ``a[i][j]`` = how much more important factor i is than j,
  with ``a[j][i] = 1 / a[i][j]``. The weights are the principal eigenvector of the matrix and
  λmax (its eigenvalue) measures how far the judgements are from consistent: for a perfectly
  consistent matrix (``a[i][k] = a[i][j] · a[j][k]``) λmax = n. The consistency ratio
  CR = CI / RI, with CI = (λmax − n) / (n − 1) and RI the mean CI of random reciprocal matrices
  of the same size, is accepted up to 0.1 (Saaty); :func:`check_consistency` enforces that
  unless the user overrides it, and names the judgement that deviates most.
* :func:`normalise_weights`: weights typed in directly (e.g. from a guideline table). They are
  scaled to sum to 1 and the caller is told whether that changed anything, so it can say
  "weights summed to 0.9, normalised" instead of silently rescaling.

Only the upper triangle of the matrix is taken as the judgements; the lower triangle is checked
against it (within :data:`RECIPROCAL_TOLERANCE`, so reciprocals typed with two decimals such as
0.33 or 0.11 pass) and then replaced by exact reciprocals.
"""
from dataclasses import dataclass, field

import numpy as np

#: Saaty's random consistency index RI by matrix size n (index 0 unused). n ≤ 10: Saaty, T. L.
#: (1980) *The Analytic Hierarchy Process*, McGraw-Hill; n = 11-15: Saaty's extension of the
#: same simulation, as tabulated for n = 1..15 in Karlsson, J. and Ryan, K. (1997) "A
#: cost-value approach for prioritizing requirements", IEEE Software 14(5), 67-74, and used by
#: most AHP software. RI(1) = RI(2) = 0: every matrix of size 1 or 2 is consistent, so CR = 0.
#: Other tables exist (Chinese textbooks sometimes use 1.46, 1.49, 1.52, 1.54 for n = 9-12 from
#: later simulations): pass ``random_index`` to use one.
SAATY_RANDOM_INDEX = (None, 0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
                      1.51, 1.48, 1.56, 1.57, 1.59)

CONSISTENCY_LIMIT = 0.1  # Saaty's threshold for CR
RECIPROCAL_TOLERANCE = 0.05
"""Relative tolerance on ``a[i][j] · a[j][i] = 1`` and on the diagonal. Two-decimal reciprocals of
the 1-9 scale are off by at most 0.005 · 9 = 0.045 (0.13 for 1/8 gives 1.04), so they pass; 0.3
typed for 1/3 (0.9) does not."""


class InconsistentJudgements(ValueError):
    """CR exceeds the limit: the comparison matrix should be revised."""


@dataclass
class AhpResult:
    weights: np.ndarray  # (n,) principal eigenvector, sums to 1
    lambda_max: float
    ci: float  # consistency index (λmax − n) / (n − 1), 0 for n ≤ 2
    ri: float  # random index used
    cr: float  # consistency ratio CI / RI, 0 when RI = 0
    matrix: np.ndarray  # the reciprocal matrix the weights were computed from
    names: list = field(default_factory=list)  # factor names, for messages

    @property
    def n(self):
        return len(self.weights)

    def most_inconsistent(self):
        """(i, j, ratio) of the judgement furthest from what the weights imply.

        ``ratio = a[i][j] · w[j] / w[i]`` is 1 for a judgement that agrees with the weights
        (Saaty's ε_ij); the cell with the largest |log ratio| is the one to reconsider first.
        """
        ratios = self.matrix * self.weights[None, :] / self.weights[:, None]
        deviation = np.abs(np.log(ratios))
        i, j = np.unravel_index(np.argmax(np.triu(deviation, 1)), deviation.shape)
        return int(i), int(j), float(ratios[i, j])


def ahp_weights(matrix, names=None, tolerance=RECIPROCAL_TOLERANCE, random_index=None):
    """Weights, λmax, CI, RI and CR of a pairwise comparison matrix (list of rows or array).

    ``names`` label the factors in error messages. ``random_index`` overrides Saaty's RI for
    this matrix size (needed for n > 15). Raises ValueError naming the first bad cell.
    """
    matrix = validate_matrix(matrix, names, tolerance)
    n = len(matrix)
    values, vectors = np.linalg.eig(matrix)
    principal = int(np.argmax(values.real))
    lambda_max = float(values[principal].real)
    vector = np.abs(vectors[:, principal].real)  # Perron vector: one sign, positive entries
    weights = vector / vector.sum()
    ci = max(lambda_max - n, 0.0) / (n - 1) if n > 2 else 0.0
    ri = _random_index(n) if random_index is None else float(random_index)
    cr = ci / ri if ri > 0 else 0.0
    return AhpResult(weights, lambda_max, ci, ri, cr, matrix, _names(names, n))


def validate_matrix(matrix, names=None, tolerance=RECIPROCAL_TOLERANCE):
    """The matrix as float64 with exact reciprocals below the diagonal, or ValueError."""
    try:
        matrix = np.array(matrix, dtype=float)
    except (TypeError, ValueError) as error:
        raise ValueError(f"the comparison matrix must hold numbers only ({error})") from None
    if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1] or matrix.shape[0] == 0:
        raise ValueError(f"the comparison matrix must be square and not empty, not {matrix.shape}")
    labels = _names(names, len(matrix))
    for i, j in zip(*np.nonzero(~np.isfinite(matrix) | (matrix <= 0))):
        raise ValueError(f"{_cell(i, j, labels)} is {matrix[i, j]:g}: comparisons must be positive numbers")
    for i in range(len(matrix)):
        if abs(matrix[i, i] - 1.0) > tolerance:
            raise ValueError(f"{_cell(i, i, labels)} is {matrix[i, i]:g}: a factor compared with itself must be 1")
    for i in range(len(matrix)):
        for j in range(i):  # row by row, so the first offending cell is reported
            if abs(matrix[i, j] * matrix[j, i] - 1.0) > tolerance:
                raise ValueError(
                    f"the comparison matrix is not reciprocal: {_cell(i, j, labels)} is {matrix[i, j]:g} "
                    f"but 1 / {_cell(j, i, labels)} = 1 / {matrix[j, i]:g} = {1.0 / matrix[j, i]:.4g}")
    upper = np.triu(matrix, 1)
    exact = upper + np.tril(1.0 / np.where(upper.T > 0, upper.T, 1.0), -1) + np.eye(len(matrix))
    return exact


def check_consistency(result, limit=CONSISTENCY_LIMIT, override=False):
    """Raise :class:`InconsistentJudgements` when CR > ``limit``, unless ``override``.

    Returns None when CR is within the limit, else (overridden) the warning to show the user.
    """
    if result.cr <= limit:
        return None
    i, j, ratio = result.most_inconsistent()
    labels = result.names
    message = (f"consistency ratio CR = {result.cr:.3f} exceeds {limit:g} (λmax = {result.lambda_max:.3f}, "
               f"n = {result.n}): the judgement furthest from the weights is {_cell(i, j, labels)} = "
               f"{result.matrix[i, j]:.4g}, which the weights would put at {result.matrix[i, j] / ratio:.3g}")
    if override:
        return message + "; accepted because the consistency check was overridden"
    raise InconsistentJudgements(message + "; revise the comparisons or override the check")


def normalise_weights(weights):
    """``(weights scaled to sum 1, changed)``; ``changed`` is False when they already did.

    Negative, non-finite or all-zero weights are errors (a zero weight alone is allowed: that
    factor then counts for nothing but its nodata still propagates).
    """
    try:
        weights = np.array(weights, dtype=float).ravel()
    except (TypeError, ValueError) as error:
        raise ValueError(f"weights must be numbers ({error})") from None
    if not len(weights):
        raise ValueError("no weights given")
    for k in np.flatnonzero(~np.isfinite(weights) | (weights < 0)):
        raise ValueError(f"weight {k + 1} is {weights[k]:g}: weights must be finite and not negative")
    total = weights.sum()
    if total <= 0:
        raise ValueError("all weights are 0: at least one factor must count")
    changed = abs(total - 1.0) > 1e-9
    return (weights / total if changed else weights), changed


def _random_index(n):
    if n >= len(SAATY_RANDOM_INDEX):
        raise ValueError(f"Saaty's random index is tabulated for up to {len(SAATY_RANDOM_INDEX) - 1} "
                         f"factors, not {n}: pass random_index, or group the factors in a hierarchy")
    return SAATY_RANDOM_INDEX[n]


def _names(names, n):
    if names is None:
        return []
    names = [str(name) for name in names]
    if len(names) != n:
        raise ValueError(f"{len(names)} factor names for a {n} × {n} comparison matrix")
    return names


def _cell(i, j, names):
    """A cell for messages, 1-based as users number rows, with factor names when known."""
    where = f"cell (row {i + 1}, column {j + 1})"
    return f"{where} [{names[i]} vs {names[j]}]" if names else where
