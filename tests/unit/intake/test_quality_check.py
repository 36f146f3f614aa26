"""core.intake.quality_check: all checks on one hand-built layer, with exactly known problems."""
import numpy as np
import pytest
import shapely

import re

from factories import bowtie, reproject, square
from multiplan.core.intake.quality_check import (CHECKS, DUPLICATE, EMPTY, GAP, INVALID, NULL_CODE, OVERLAP, SLIVER,
                                                 UNKNOWN_CODE, QualitySettings, check_layer, crs_problem, message,
                                                 repair_layer, report_sheets, summarise)
from multiplan.core.progress import Cancelled
from multiplan.core.report import EN, ZH, area_note, report_language, write_workbook
from multiplan.core.wording import ELLIPSOIDAL

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
    assert (row["check"], row["severity"], row["layer"]) == ("WRONG_CRS", "warning", "STBHHX")


def test_faults_are_marked_where_they_are_not_by_the_whole_feature():
    """An 81 km² polygon whose ring crosses itself in one small loop is marked by the crossing
    point, not by its 81 km²; an overlap by the overlap; a code problem by a point in the feature."""
    big = shapely.Polygon([(X0, Y0), (X0 + 9000, Y0), (X0 + 9000, Y0 + 9000), (X0, Y0 + 9000), (X0, Y0 + 4510),
                           (X0 - 10, Y0 + 4490), (X0 - 10, Y0 + 4510), (X0, Y0 + 4490), (X0, Y0)])
    assert big.area > 80e6 and not big.is_valid
    wide, east = shapely.box(X0 + 20_000, Y0, X0 + 20_110, Y0 + 100), square(100, X0 + 20_100, Y0)
    found = check_layer("DLTB", [big, wide, east], ["1", "2", "3"], 4527, ["0101", "0101", "9999"],
                        settings=QualitySettings(standard="sandiao"))
    invalid = by_check(found, INVALID).iloc[0]
    assert invalid["geometry"] is None and np.isnan(invalid["area_m2"])  # a point fault has no area
    assert (invalid["x"], invalid["y"]) == (X0 - 5, Y0 + 4500)
    overlap = by_check(found, OVERLAP).iloc[0]
    assert overlap["geometry"].equals(shapely.box(X0 + 20_100, Y0, X0 + 20_110, Y0 + 100))
    assert overlap["geometry"].contains(shapely.Point(overlap["x"], overlap["y"]))
    assert overlap["area_m2"] == pytest.approx(1_000.0, rel=1e-5)
    code = by_check(found, UNKNOWN_CODE).iloc[0]
    assert code["geometry"] is None and east.contains(shapely.Point(code["x"], code["y"]))
    assert code["area_m2"] == pytest.approx(10_000.0, rel=1e-4)  # the area of the feature concerned


def test_every_located_fault_has_cgcs2000_longitude_and_latitude(problems):
    located = problems[problems["x"].notna()]
    points = reproject(shapely.MultiPoint(list(zip(located["x"], located["y"]))), "EPSG:4527", "EPSG:4490")
    expected = np.array([(point.x, point.y) for point in points.geoms])
    assert np.allclose(located[["lon", "lat"]].astype(float).to_numpy(), expected, atol=1e-9, rtol=0)
    assert 116.9 < located["lon"].min() and located["lat"].max() < 31.7  # 117°E, 31.6°N
    assert problems.loc[problems["x"].isna(), ["lon", "lat"]].isna().all().all()  # the empty geometry


def test_ids_name_features_and_positions_tell_them_apart():
    """Ids are texts that may repeat (a user's id field); a duplicate pair is not also reported as an
    overlap, but another pair of features with the same two ids is."""
    a, b = square(100, X0, Y0), shapely.box(X0 + 5000, Y0, X0 + 5110, Y0 + 100)
    found = check_layer("DLTB", [a, a, b, square(100, X0 + 5100, Y0)], ["A", "B", "A", "B"], 4527)
    assert by_check(found, DUPLICATE)[["feature_id", "other_id", "position", "other_position"]].values.tolist() == [
        ["B", "A", 1, 0]]
    assert by_check(found, OVERLAP)[["feature_id", "other_id", "position", "other_position"]].values.tolist() == [
        ["A", "B", 2, 3]]


def test_messages_are_worded_in_the_report_language(problems):
    from deliverables import english_sentences, english_words

    with report_language(ZH):
        texts = [str(message(row)) for row in problems.itertuples()]
    assert len(texts) == len(problems)
    assert [t for t in texts if english_sentences(t) or english_words(t)] == []
    assert "无效几何：自相交，位置 (39505025.000, 3500025.000)" in texts
    with report_language(EN):
        texts = [str(message(row)) for row in problems.itertuples()]
    assert [t for t in texts if re.search(r"[\u4e00-\u9fff]", t)] == []
    assert "Overlaps feature 107 on 1000.00 m²" in texts  # cell (2, 0) = 106 grown into (2, 1) = 107


@pytest.mark.parametrize("language", [ZH, EN])
def test_report_is_in_the_report_language_only(problems, tmp_path, language):
    from deliverables import problems_in, workbook_texts

    with report_language(language):
        table = problems.assign(message=[message(row) for row in problems.itertuples()])
        path = write_workbook(tmp_path / "质检.xlsx", report_sheets(table, summarise(table, ["DLTB"]),
                                                                     area_note(ELLIPSOIDAL)))
    texts = workbook_texts(path)
    if language == ZH:
        assert problems_in(texts, words=True) == []
        assert ("质检.xlsx: sheet name", "图斑缝隙") in texts
    else:
        assert [text for _, text in texts if re.search(r"[\u4e00-\u9fff]", text)] == []
        assert ("质检.xlsx: sheet name", "Gap") in texts


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
