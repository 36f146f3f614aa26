"""Two blueprint versions compared (版本对比): the pieces whose 用地用海 code changed, the area per
class before and after, the transfer matrix, and the approvals that explain the change."""
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..geometry import as_array
from ..intake.landuse import load_classification
from ..overlay import union_overlay
from ..progress import report, scaled
from ..statistics.area_statistics import _measure, classify_codes
from ..statistics.transfer import compare_overlay, transfer_matrix

CHANGED_COLUMNS = ["code_a", "name_a", "code_b", "name_b", "area_m2"]


@dataclass
class BlueprintComparison:
    changed: pd.DataFrame  # CHANGED_COLUMNS, one row per changed piece
    changed_geometries: np.ndarray
    by_class: pd.DataFrame  # class_code, class_name, a_m2, b_m2, change_m2 (level-``level`` classes)
    matrix: pd.DataFrame  # the transfer matrix (ha) of :func:`core.statistics.transfer.transfer_matrix`
    approvals: pd.DataFrame  # the versions between the two (BBH, RQ, PWH, LX, YY), empty for two layers
    changed_m2: float


def compare_blueprints(geometries_a, codes_a, geometries_b, codes_b, crs, level=1, approvals=None, progress=None,
                       tables_dir=None):
    """Version A against version B (both clean coverages in ``crs``, codes 用地用海)."""
    geometries_a, geometries_b = as_array(geometries_a), as_array(geometries_b)
    codes_a = np.asarray([None if c is None else str(c) for c in codes_a], dtype=object)
    codes_b = np.asarray([None if c is None else str(c) for c in codes_b], dtype=object)
    classification_a = classify_codes(codes_a, "ydyh2023", level, tables_dir)
    classification_b = classify_codes(codes_b, "ydyh2023", level, tables_dir)
    overlay = union_overlay([geometries_a, geometries_b], progress=scaled(progress, 0.0, 0.7))
    # one overlay and one measurement serve both the changed pieces and the class tables
    areas = _measure(overlay.geometries, crs, scaled(progress, 0.7, 0.95))
    in_a, in_b = overlay.sources[:, 0], overlay.sources[:, 1]
    both = (in_a >= 0) & (in_b >= 0)
    before = np.where(both, codes_a[np.where(both, in_a, 0)], None) if len(codes_a) else np.full(len(in_a), None)
    after = np.where(both, codes_b[np.where(both, in_b, 0)], None) if len(codes_b) else np.full(len(in_b), None)
    changed = both & (before != after)
    names = dict(load_classification("ydyh2023", tables_dir)[["code", "name"]].itertuples(index=False))
    frame = pd.DataFrame({"code_a": before[changed], "name_a": [names.get(c) for c in before[changed]],
                          "code_b": after[changed], "name_b": [names.get(c) for c in after[changed]],
                          "area_m2": areas[changed]}, columns=CHANGED_COLUMNS)
    comparison = compare_overlay(overlay, areas, classification_a, classification_b)
    report(progress, 1.0)
    approvals = approvals if approvals is not None else pd.DataFrame(columns=["BBH", "RQ", "PWH", "LX", "YY"])
    return BlueprintComparison(frame, overlay.geometries[changed], comparison.changes, transfer_matrix(comparison),
                               approvals, float(areas[changed].sum()))


def approvals_between(versions, a, b):
    """The versions after the older of ``a``/``b`` up to the newer: the approvals that explain
    the difference (``versions`` is :func:`core.versions.store.versions`)."""
    low, high = sorted((int(a), int(b)))
    rows = versions[(versions["BBH"] > low) & (versions["BBH"] <= high)]
    return rows[["BBH", "RQ", "PWH", "LX", "YY"]].reset_index(drop=True)
