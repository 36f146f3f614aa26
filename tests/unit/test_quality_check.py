"""core.quality_check: all checks on one hand-built layer, with exactly known problems."""
import numpy as np
import pytest
import shapely

from factories import bowtie, square
from multiplan.core.progress import Cancelled
from multiplan.core.quality_check import (CHECKS, DUPLICATE, EMPTY, GAP, INVALID, NULL_CODE, OVERLAP, SLIVER,
                                          UNKNOWN_CODE, QualitySettings, check_layer, crs_problem, repair_layer,
                                          summarise)

X0, Y0 = 39_500_000, 3_500_000


def grid_layer():
    """A 3 × 3 grid of 100 m cells in a 300 m boundary, with one problem of every kind.

    - cell (1, 1) removed: a 10 000 m² gap;
    - a copy of cell (0, 0): a duplicate;
    - cell (2, 0) grown 10 m east into (2, 1): an overlap of 1 000 m²;
    - an extra 15 × 15 m cultivated patch on top of cell (0, 2): a sliver (< 400 m²) and an overlap;
    - a bow-tie far away: invalid; a null geometry: empty.
    """
    cells = {(i, j): square(100, X0 + 100 * i, Y0 + 100 * j) for i in range(3) for j in range(3) if (i, j) != (1, 1)}
    cells[(2, 0)] = shapely.box(X0 + 200, Y0, X0 + 300, Y0 + 110)  # grows 10 m into (2, 1)
    geometries = list(cells.values()) + [square(100, X0, Y0), square(15, X0 + 10, Y0 + 210),
                                         bowtie(50, X0 + 5000, Y0), None]
    codes = ["0701"] * len(cells) + ["0701", "0101", "0301", "9999"]
    codes[1] = None  # cell (0, 1) has no code
    ids = list(range(101, 101 + len(geometries)))
    boundary = shapely.box(X0, Y0, X0 + 300, Y0 + 300)
    return np.array(geometries, dtype=object), ids, codes, boundary


def by_check(problems, check):
    return problems[problems["check"] == check].reset_index(drop=True)


@pytest.fixture(scope="module")
def problems():
    geometries, ids, codes, boundary = grid_layer()
    return check_layer("DLTB", geometries, ids, 4527, codes, boundary, QualitySettings(standard="sandiao"))


def test_every_check_finds_exactly_the_planted_problem(problems):
    assert by_check(problems, GAP)["area_m2"].round(0).tolist() == [10_000.0]
    duplicate = by_check(problems, DUPLICATE)
    assert duplicate[["feature_id", "other_id"]].values.tolist() == [[109, 101]]
    overlaps = by_check(problems, OVERLAP).sort_values("area_m2")
    assert overlaps["area_m2"].round(1).tolist() == [225.0, 1_000.0]  # sliver, grown cell; not the duplicate
    assert by_check(problems, INVALID)[["feature_id", "detail"]].values.tolist() == [[111, "Self-intersection"]]
    assert by_check(problems, INVALID)["x"].iloc[0] == pytest.approx(X0 + 5025)
    assert by_check(problems, EMPTY)["feature_id"].tolist() == [112]
    sliver = by_check(problems, SLIVER)
    assert sliver[["feature_id", "detail", "threshold"]].values.tolist() == [[110, "area", 400.0]]
    assert by_check(problems, UNKNOWN_CODE)[["feature_id", "code"]].values.tolist() == [[112, "9999"]]
    assert by_check(problems, NULL_CODE)["feature_id"].tolist() == [102]


def test_problem_table_has_layer_severity_and_ellipsoidal_area(problems):
    assert set(problems["layer"]) == {"DLTB"}
    assert set(problems.loc[problems["check"] == SLIVER, "severity"]) == {"warning"}
    assert set(problems.loc[problems["check"] == OVERLAP, "severity"]) == {"error"}
    # At the central meridian the ellipsoidal area equals the plane area within 1e-6.
    gap = by_check(problems, GAP)
    assert gap["area_m2"].iloc[0] == pytest.approx(gap["geometry"].iloc[0].area, rel=1e-6)
    # Every problem with a geometry can be found on the map: the gap's point lies in the empty cell.
    assert gap["geometry"].iloc[0].contains(shapely.Point(gap["x"].iloc[0], gap["y"].iloc[0]))
    assert problems.loc[problems["geometry"].notna(), ["x", "y"]].notna().all().all()


def test_cultivated_patch_below_400_is_a_sliver_but_construction_above_200_is_not():
    patches = [square(18, X0, Y0), square(18, X0 + 100, Y0)]  # 324 m² each
    found = check_layer("DLTB", patches, [1, 2], 4527, ["0103", "0702"])
    assert by_check(found, SLIVER)["feature_id"].tolist() == [1]


def test_no_gap_check_without_boundary_and_clean_layer_has_no_problems():
    clean = [square(100, X0 + 100 * i, Y0) for i in range(3)]
    assert check_layer("XZQ", clean, [1, 2, 3], 4527).empty


def test_summary_lists_every_layer_and_check(problems):
    summary = summarise(problems, ["DLTB", "STBHHX"])
    assert len(summary) == 2 * len(CHECKS)
    row = summary[(summary["layer"] == "DLTB") & (summary["check"] == OVERLAP)].iloc[0]
    assert row["count"] == 2 and row["area_m2"] == pytest.approx(1_225.0, rel=1e-5)
    assert summary[summary["layer"] == "STBHHX"]["count"].sum() == 0


def test_crs_problem_row():
    row = crs_problem("STBHHX", "EPSG:4326, expected CGCS2000").iloc[0]
    assert (row["check"], row["severity"], row["layer"]) == ("wrong_crs", "warning", "STBHHX")


def test_repair_makes_valid_and_merges_slivers_without_touching_the_input():
    big, small_neighbour, sliver = square(100, X0, Y0), square(100, X0 + 100, Y0), shapely.box(X0 + 100, Y0 + 100, X0 + 110, Y0 + 130)
    geometries = np.array([big, small_neighbour, sliver, bowtie(10, X0 + 5000, Y0)], dtype=object)
    repaired, changed, merges = repair_layer(geometries, [2])
    assert changed.tolist() == [False, False, False, True] and repaired[3].is_valid and repaired[3].area == 50.0
    assert repaired[2] is None and merges["target_index"].tolist() == [1]  # 10 m shared with cell 1, 0 with cell 0
    assert repaired[1].area == 10_300.0
    assert not geometries[3].is_valid and geometries[2] is sliver  # input untouched


def test_cancel_propagates():
    geometries, ids, codes, boundary = grid_layer()

    def cancel(_fraction):
        raise Cancelled()

    with pytest.raises(Cancelled):
        check_layer("DLTB", geometries, ids, 4527, codes, boundary, progress=cancel)
