"""core.suitability.mce: scoring, weighted sum, veto, grading and area tables on small arrays known by hand."""
import itertools

import numpy as np
import pytest

from multiplan.core.suitability.mce import (AreaTally, ValueSample, apply_veto, area_by_grade, area_by_zone,
                                            constraint_mask, fuzzy_membership, grade_by_breaks, jenks_breaks,
                                            reclassify, sample_values, standardise_linear, weighted_sum)

NAN = np.nan
# Urban construction slope classes of the 双评价 2019 draft (domain notes §2.2): ≤3° 高 ... >25° 低.
URBAN_SLOPE = [(None, 3, 5), (3, 8, 4), (8, 15, 3), (15, 25, 2), (25, None, 1)]


def same(actual, expected):
    np.testing.assert_array_equal(np.asarray(actual), np.asarray(expected, dtype=np.asarray(actual).dtype))


# --------------------------------------------------------------------------- reclassify

def test_reclassify_default_bounds_put_a_boundary_value_in_the_lower_range():
    slope = np.array([0, 3, 3.01, 8, 14.9, 15, 25, 25.5, 60, NAN], dtype=np.float32)
    same(reclassify(slope, URBAN_SLOPE), [5, 5, 4, 4, 3, 3, 2, 1, 1, NAN])


def test_float32_rasters_compare_with_breaks_as_typed():
    # float32(0.1) is 0.10000000149 > 0.1 in float64: the range test is done in float32.
    values = np.array([0.1, 0.2, 0.30000001], dtype=np.float32)
    same(reclassify(values, [(None, 0.1, 1), (0.1, 0.2, 2), (0.2, None, 3)]), [1, 2, 3])


@pytest.mark.parametrize("bounds, expected", [
    ("(]", [NAN, 1, 1, 2, 2, NAN]),  # 0 < v ≤ 10, 10 < v ≤ 20: 0 is in no range
    ("[)", [1, 1, 2, 2, NAN, NAN]),  # 0 ≤ v < 10, 10 ≤ v < 20: 20 is in no range
    ("[]", [1, 1, 1, 2, 2, NAN]),    # both ends: 10 is in both, the first row wins
    ("()", [NAN, 1, NAN, 2, NAN, NAN]),
])
def test_reclassify_bounds_options(bounds, expected):
    values = np.array([0, 5, 10, 15, 20, 25], dtype=np.float32)
    same(reclassify(values, [(0, 10, 1), (10, 20, 2)], bounds=bounds), expected)


def test_values_outside_all_ranges_get_nodata_or_the_default_but_nodata_stays_nodata():
    values = np.array([-1, 5, 99, NAN])
    same(reclassify(values, [(0, 10, 1)]), [NAN, 1, NAN, NAN])
    same(reclassify(values, [(0, 10, 1)], default=0), [0, 1, 0, NAN])


def test_reclassify_takes_integer_rasters_and_returns_float32():
    codes = np.array([[1, 2], [3, 4]], dtype=np.uint8)
    scores = reclassify(codes, [(None, 2, 10), (2, None, 20)])
    assert scores.dtype == np.float32
    same(scores, [[10, 10], [20, 20]])


@pytest.mark.parametrize("table, message", [
    ([], "empty"), ([(0, 1)], "range 1"), ([(5, 1, 2)], "minimum 5 is above maximum 1"), ([(0, 1, None)], "no score"),
])
def test_bad_range_tables_are_refused(table, message):
    with pytest.raises(ValueError, match=message):
        reclassify(np.zeros(2), table)


def test_unknown_bounds_are_refused():
    with pytest.raises(ValueError, match="unknown bounds"):
        reclassify(np.zeros(2), [(0, 1, 1)], bounds="[[")


# --------------------------------------------------------------------------- standardise, fuzzy

def test_linear_standardisation_increasing_decreasing_and_to_a_score_range():
    values = np.array([0, 5, 10, 20, -5, NAN])
    same(standardise_linear(values, 0, 10), [0, 0.5, 1, 1, 0, NAN])
    same(standardise_linear(values, 0, 10, increasing=False), [1, 0.5, 0, 0, 1, NAN])
    same(standardise_linear(values, 0, 10, out_range=(1, 5)), [1, 3, 5, 5, 1, NAN])
    same(standardise_linear(values), [0.2, 0.4, 0.6, 1, 0, NAN])  # the array's own −5 … 20
    with pytest.raises(ValueError, match="maximum > minimum"):
        standardise_linear(values, 3, 3)


def test_fuzzy_linear_and_sigmoidal_rising_falling_and_symmetric():
    x = np.array([-5, 0, 2.5, 5, 10, 15, 20, 25, 30, 40, NAN])
    same(fuzzy_membership(x, a=0, b=10, shape="linear"), [0, 0, 0.25, 0.5, 1, 1, 1, 1, 1, 1, NAN])
    rising = fuzzy_membership(x, a=0, b=10)  # sigmoidal: sin²(t·π/2)
    np.testing.assert_allclose(rising[:5], [0, 0, np.sin(np.pi / 8) ** 2, 0.5, 1], atol=1e-7)
    same(fuzzy_membership(x, c=20, d=30, shape="linear"), [1, 1, 1, 1, 1, 1, 1, 0.5, 0, 0, NAN])
    same(fuzzy_membership(x, 0, 10, 20, 30, shape="linear"), [0, 0, 0.25, 0.5, 1, 1, 1, 0.5, 0, 0, NAN])
    symmetric = fuzzy_membership(x, 0, 10, 20, 30)
    np.testing.assert_allclose(symmetric[[3, 5, 7]], [0.5, 1, 0.5], atol=1e-7)


@pytest.mark.parametrize("points", [(None, None, None, None), (0, None, None, None), (5, 1, None, None),
                                    (0, 10, 5, 20)])
def test_fuzzy_control_points_must_increase(points):
    with pytest.raises(ValueError):
        fuzzy_membership(np.zeros(3), *points)


# --------------------------------------------------------------------------- weighted sum, veto

def test_weighted_sum_by_hand():
    slope = np.array([[5, 3], [1, 4]], dtype=np.float32)
    water = np.array([[1, 5], [2, 4]], dtype=np.float32)
    soil = np.array([[3, 3], [5, 4]], dtype=np.float32)
    total = weighted_sum([slope, water, soil], [0.5, 0.3, 0.2])
    assert total.dtype == np.float32
    np.testing.assert_allclose(total, [[2.5 + 0.3 + 0.6, 1.5 + 1.5 + 0.6], [0.5 + 0.6 + 1.0, 4.0]], rtol=1e-6)


def test_any_factor_nodata_makes_the_sum_nodata_even_with_weight_zero():
    a = np.array([1, NAN, 1, 1], dtype=np.float32)
    b = np.array([1, 1, NAN, 1], dtype=np.float32)
    c = np.array([1, 1, 1, NAN], dtype=np.float32)
    same(weighted_sum([a, b, c], [0.5, 0.5, 0.0]), [1, NAN, NAN, NAN])


def test_weighted_sum_checks_counts_and_shapes():
    with pytest.raises(ValueError, match="2 factors but 1 weights"):
        weighted_sum([np.zeros(2), np.zeros(2)], [1])
    with pytest.raises(ValueError, match="factor 2 has shape"):
        weighted_sum([np.zeros(2), np.zeros(3)], [0.5, 0.5])


def test_veto_sets_constraint_cells_unsuitable_and_keeps_nodata():
    score = np.array([[0.8, 0.5, NAN], [0.9, 0.7, 0.6]], dtype=np.float32)
    red_line = np.array([[True, False, True], [False, False, False]])
    water = np.array([[False, False, False], [False, True, False]])
    same(apply_veto(score, red_line), [[0, 0.5, NAN], [0.9, 0.7, 0.6]])
    same(apply_veto(score, [red_line, water], unsuitable=-1), [[-1, 0.5, NAN], [0.9, -1, 0.6]])
    assert score[0, 0] == np.float32(0.8)  # the input is not modified


def test_constraint_mask_from_a_raster_ignores_zero_and_nodata():
    same(constraint_mask(np.array([0, 1, 2, NAN])), [False, True, True, False])
    same(constraint_mask(np.array([0, 1, 255], dtype=np.uint8)), [False, True, True])


# --------------------------------------------------------------------------- grading

def test_grading_by_breaks_value_on_a_break_goes_to_the_lower_class():
    values = np.array([0.1, 0.2, 0.3, 0.5, 0.9, NAN], dtype=np.float32)
    same(grade_by_breaks(values, [0.2, 0.5]), [3, 3, 2, 2, 1, 0])  # grade 1 = highest
    same(grade_by_breaks(values, [0.2, 0.5], highest_first=False), [1, 1, 2, 2, 3, 0])
    assert grade_by_breaks(values, [0.2, 0.5]).dtype == np.uint8
    with pytest.raises(ValueError, match="increase"):
        grade_by_breaks(values, [0.5, 0.2])


def test_jenks_on_a_clearly_clustered_sample_breaks_at_the_gaps():
    values = np.array([22, 1, 11, 2, 20, 3, 10, 21, 12], dtype=float)
    assert jenks_breaks(values, 3) == [3, 12]
    assert jenks_breaks(np.append(values, [NAN, NAN]), 3) == [3, 12]  # nodata is left out
    assert jenks_breaks(values, 1) == []


def test_jenks_breaks_minimise_the_within_class_sum_of_squares():
    rng = np.random.default_rng(3)
    values = np.round(rng.gamma(2.0, 10.0, 14), 1)
    distinct = np.unique(values)

    def ssd(breaks):
        grades = grade_by_breaks(values, breaks, highest_first=False)
        return sum(((values[grades == g] - values[grades == g].mean()) ** 2).sum() for g in np.unique(grades))

    best = min(ssd(list(b)) for b in itertools.combinations(distinct[:-1], 3))  # brute force, 4 classes
    assert ssd(jenks_breaks(values, 4)) == pytest.approx(best)


def test_jenks_counts_repeated_values_and_handles_few_distinct_values():
    # 1 × 0, 100 × 5, 1 × 10: the weight of the repeated 5 decides the classes.
    values = np.array([0] + [5] * 100 + [10], dtype=float)
    assert jenks_breaks(values, 2) in ([0.0], [5.0])
    assert jenks_breaks(np.array([1.0, 1.0, 2.0]), 5) == [1.0]  # two values: two classes


def test_jenks_on_a_large_array_uses_a_deterministic_sample():
    rng = np.random.default_rng(0)
    clusters = [c + rng.uniform(-1, 1, 40_000) for c in (0, 50, 100)]
    values = np.concatenate(clusters)
    rng.shuffle(values)
    breaks = jenks_breaks(values, 3, sample_size=5_000)
    assert breaks == jenks_breaks(values, 3, sample_size=5_000)
    assert 0.9 < breaks[0] <= 1 and 50.9 < breaks[1] <= 51  # the top of clusters 1 and 2
    labels = grade_by_breaks(values, breaks, highest_first=False)
    assert (labels == np.round(values / 50) + 1).mean() > 0.999


def test_value_sample_is_uniform_over_the_blocks_it_is_fed():
    sample = ValueSample(size=2_000, seed=1)
    sample.add(np.zeros(100_000)).add(np.full(50_000, NAN)).add(np.ones(100_000))
    values = sample.values
    assert len(values) == 2_000 and 0.45 < values.mean() < 0.55
    assert len(sample_values(np.array([1.0, NAN, 2.0]), size=10)) == 2


# --------------------------------------------------------------------------- areas

def test_area_per_grade_with_hectares_mu_and_shares():
    grades = np.array([[1, 2], [2, 0]], dtype=np.uint8)  # 0 = nodata
    table = area_by_grade(grades, cell_area=2000 / 3, grade_names={1: "适宜", 2: "不适宜"})
    assert table["grade"].tolist() == [1, 2] and table["name"].tolist() == ["适宜", "不适宜"]
    assert table["cells"].tolist() == [1, 2]
    assert table["area_mu"].tolist() == pytest.approx([1, 2])
    assert table["area_ha"].tolist() == pytest.approx([2 / 30, 4 / 30])
    assert table["share"].tolist() == pytest.approx([1 / 3, 2 / 3])


def test_area_per_zone_and_grade():
    grades = np.array([[1, 2, 2], [2, 3, 0]], dtype=np.uint8)
    zones = np.array([[360726, 360726, 360727], [360727, 360727, -1]])
    table = area_by_zone(grades, zones, cell_area=100.0, zone_nodata=-1)
    assert list(zip(table["zone"], table["grade"], table["cells"], table["area_m2"])) == [
        (360726, 1, 1, 100.0), (360726, 2, 1, 100.0), (360727, 2, 2, 200.0), (360727, 3, 1, 100.0)]
    assert table["share"].tolist() == pytest.approx([0.5, 0.5, 2 / 3, 1 / 3])


def test_area_with_a_cell_area_per_row_and_block_by_block_equals_whole():
    rng = np.random.default_rng(5)
    grades = rng.integers(0, 6, (40, 30)).astype(np.uint8)
    zones = rng.integers(1, 4, (40, 30)).astype(np.float64)
    zones[0, :5] = NAN  # no zone
    row_area = np.linspace(900, 950, 40)[:, None]  # a geographic grid: cells shrink northwards
    whole = AreaTally().add(grades, row_area, zones).table()
    tally = AreaTally()
    for top in range(0, 40, 16):
        tally.add(grades[top:top + 16], row_area[top:top + 16], zones[top:top + 16])
    blocks = tally.table()
    assert blocks[["zone", "grade", "cells"]].equals(whole[["zone", "grade", "cells"]])
    np.testing.assert_allclose(blocks["area_m2"], whole["area_m2"], rtol=1e-12)
    expected = sum(row_area[r, 0] for r, c in zip(*np.nonzero((grades == 3) & (zones == 2))))
    assert whole.set_index(["zone", "grade"]).loc[(2, 3), "area_m2"] == pytest.approx(expected)
