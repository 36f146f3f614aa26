"""core.conflicts.detection: difference patches of hand-built plans with exactly known areas and types.

Parcels are squares near the central meridian of EPSG:4527 (zone 39), where the ellipsoidal
area equals the plane area to about 1e-8, so plane areas are the expected figures.
"""
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from multiplan.core.areas import polygon_areas
from multiplan.core.conflicts.detection import (ConflictSettings, Layer, Plan, detect_conflicts, field_spec,
                                                layer_table, plan_count_of, type_name)

CRS = "EPSG:4527"
X0, Y0 = 39_500_000.0, 3_500_000.0
REL = 1e-6


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def plan(name, boxes_and_codes, standard):
    geoms = np.array([box(*b) for b, _ in boxes_and_codes], dtype=object)
    return Plan(name, geoms, [code for _, code in boxes_and_codes], standard)


def layer(*boxes, **kw):
    return Layer(np.array([box(*b) for b in boxes], dtype=object), **kw)


def areas_by_type(result):
    summary = result.summary.set_index("type")
    return {code: row.area_m2 for code, row in summary.iterrows() if row.area_m2 > 0}


def urban_plan():  # 城规: west half 二类居住 (construction), east half 农林用地
    return plan("城规", [((0, 0, 100, 100), "R2"), ((100, 0, 200, 100), "E2")], "chenggui")


def land_plan():  # 土规: a 50 m strip of 城镇用地 in the west, 耕地 elsewhere, 城镇用地 at the east end
    return plan("土规", [((0, 0, 50, 100), "211"), ((50, 0, 170, 100), "111"), ((170, 0, 200, 100), "211")], "tugui")


def test_construction_in_one_plan_only_both_ways():
    result = detect_conflicts([urban_plan(), land_plan()], CRS)
    assert areas_by_type(result) == pytest.approx({"JS_10": 5000.0, "JS_01": 3000.0, "YZ": 12000.0}, rel=REL)
    patches = result.patches.set_index("type")
    assert patches.loc["JS_10", "plan0_code"] == "R2" and patches.loc["JS_10", "plan1_code"] == "111"
    assert bool(patches.loc["JS_10", "plan0_construction"]) and not bool(patches.loc["JS_10", "plan1_construction"])
    assert patches.loc["JS_01", "plan1_ydyh_code"] is None  # 211 城镇用地 has no single 用地用海 class
    assert type_name("JS_10", result.plan_names) == "城规建设土规非建设"
    assert type_name("JS_01", result.plan_names, "en") == "construction in 土规, not in 城规"
    assert result.total_area_m2 == pytest.approx(20_000.0, rel=REL)


def test_both_construction_with_different_uses_and_level_two():
    a = plan("城规", [((0, 0, 100, 100), "R2")], "chenggui")  # → 070102 (07 居住)
    b = plan("国空", [((0, 0, 60, 100), "0901"), ((60, 0, 100, 100), "070101")], "ydyh2023")
    level1 = detect_conflicts([a, b], CRS)
    assert areas_by_type(level1) == pytest.approx({"YT": 6000.0, "YZ": 4000.0}, rel=REL)
    level2 = detect_conflicts([a, b], CRS, settings=ConflictSettings(compare_level=2))
    assert areas_by_type(level2) == pytest.approx({"YT": 6000.0, "YZ": 4000.0}, rel=REL)  # 0701 = 0701
    level3 = detect_conflicts([a, plan("国空", [((0, 0, 100, 100), "0702")], "ydyh2023")], CRS,
                              settings=ConflictSettings(compare_level=2))
    assert areas_by_type(level3) == pytest.approx({"YT": 10_000.0}, rel=REL)


def test_nonconstruction_differences_only_when_asked():
    a = plan("林规", [((0, 0, 100, 100), "0301")], "ydyh2023")
    b = plan("土规", [((0, 0, 100, 100), "111")], "tugui")  # 01 耕地
    assert areas_by_type(detect_conflicts([a, b], CRS)) == pytest.approx({"YZ": 10_000.0}, rel=REL)
    asked = detect_conflicts([a, b], CRS, settings=ConflictSettings(report_nonconstruction=True))
    assert areas_by_type(asked) == pytest.approx({"FJ": 10_000.0}, rel=REL)


def test_control_line_types_take_priority_in_the_documented_order():
    a = plan("城规", [((0, 0, 100, 100), "R2"), ((100, 0, 300, 100), "E2")], "chenggui")
    b = plan("土规", [((0, 0, 300, 100), "111")], "tugui")
    result = detect_conflicts(
        [a, b], CRS,
        ecological=layer((0, 0, 20, 100), (150, 0, 200, 100)),  # over construction, then over plain land
        farmland=layer((20, 0, 40, 100), (180, 0, 220, 100)),  # over construction; 180-200 overlaps red line
        urban_boundary=layer((60, 0, 100, 100), (190, 0, 260, 100)))  # KB over red line, farmland, nothing
    found = areas_by_type(result)
    assert found["HX_JS"] == pytest.approx(2000.0, rel=REL)
    assert found["NT_JS"] == pytest.approx(2000.0, rel=REL)
    assert found["HX_NT"] == pytest.approx(2000.0, rel=REL)  # 180-200
    assert "KB_HX" not in found  # the red line in the UDB (190-200) is also farmland: HX_NT wins
    assert found["KB_NT"] == pytest.approx(2000.0, rel=REL)  # 200-220 farmland inside the UDB
    assert found["KBW_JS"] == pytest.approx(2000.0, rel=REL)  # 40-60 construction outside the UDB
    assert found["JS_10"] == pytest.approx(4000.0, rel=REL)  # 60-100 construction inside the UDB
    assert found["YZ"] == pytest.approx(30_000.0 - 14_000.0, rel=REL)
    flags = result.patches.set_index("type")
    assert flags.loc["HX_NT", "in_ecological"].all() and flags.loc["HX_NT", "in_farmland"].all()
    assert sorted(flags.loc["HX_NT", "in_urban_boundary"]) == [False, True]  # split at the UDB edge
    assert bool(flags.loc["JS_10", "in_urban_boundary"])


def test_urban_boundary_over_the_red_line_alone():
    a = plan("城规", [((0, 0, 100, 100), "E2")], "chenggui")
    b = plan("土规", [((0, 0, 100, 100), "111")], "tugui")
    result = detect_conflicts([a, b], CRS, ecological=layer((0, 0, 50, 100)), urban_boundary=layer((30, 0, 100, 100)))
    assert areas_by_type(result) == pytest.approx({"KB_HX": 2000.0, "YZ": 8000.0}, rel=REL)


def test_unknown_codes_become_their_own_type_and_are_counted():
    a = plan("城规", [((0, 0, 100, 100), "R2"), ((100, 0, 200, 100), "XX9")], "chenggui")
    b = plan("土规", [((0, 0, 200, 100), "211")], "tugui")
    result = detect_conflicts([a, b], CRS)
    assert areas_by_type(result) == pytest.approx({"WZ": 10_000.0, "YZ": 10_000.0}, rel=REL)
    assert result.unknown_codes == {"城规": {"XX9": 1}, "土规": {}}


def test_slivers_by_area_and_by_width_are_set_aside_and_counted():
    # a 1 m wide strip, and apart from it a 5 m square drawn twice (listed first, so it wins over
    # the E2 parcel it lies in)
    a = plan("城规", [((150, 50, 155, 55), "R2"), ((0, 0, 100, 100), "E2"), ((100, 0, 101, 100), "R2"),
                     ((101, 0, 200, 100), "E2"), ((150, 50, 155, 55), "R2")], "chenggui")
    b = plan("土规", [((0, 0, 200, 100), "111")], "tugui")
    result = detect_conflicts([a, b], CRS)
    assert result.patches.empty
    slivers = result.slivers.set_index("sliver_reason")
    assert slivers.loc["width", "area_m2"] == pytest.approx(100.0, rel=REL)  # 1 m × 100 m
    assert slivers.loc["area", "area_m2"] == pytest.approx(25.0, rel=REL)  # 5 m × 5 m < 0.1 亩
    row = result.summary.set_index("type").loc["JS_10"]
    assert (row["count"], row["sliver_count"]) == (0, 2)
    assert row["sliver_area_m2"] == pytest.approx(125.0, rel=REL)
    # pairs: square/E2 parcel, square/duplicate, E2 parcel/duplicate; the E2 parcel and the
    # duplicate each lose 25 m² to the square
    assert result.overlaps_resolved == {"城规": (3, pytest.approx(50.0))}
    assert result.total_area_m2 == pytest.approx(20_000.0, rel=REL)
    no_width = detect_conflicts([a, b], CRS, settings=ConflictSettings(min_width=0, min_area=0))
    assert len(no_width.patches) == 2 and no_width.slivers.empty


def test_patches_are_split_by_admin_units_and_numbered_stably():
    a = plan("城规", [((0, 0, 200, 100), "R2")], "chenggui")
    b = plan("土规", [((0, 0, 200, 100), "111")], "tugui")
    admin = layer((0, 0, 120, 100), (120, 0, 200, 100), codes=["320101", "320102"], names=["甲镇", "乙镇"])
    result = detect_conflicts([a, b], CRS, admin=admin)
    patches = result.patches.set_index("patch_id")
    assert list(patches.index) == ["CY3201010001", "CY3201020001"]
    assert patches.loc["CY3201010001", "area_m2"] == pytest.approx(12_000.0, rel=REL)
    assert patches.loc["CY3201020001", "admin_name"] == "乙镇"
    by_admin = result.by_admin.set_index("admin_code")
    assert by_admin.loc["320102", "area_m2"] == pytest.approx(8_000.0, rel=REL)


def test_touching_pieces_that_say_the_same_are_one_patch():
    # Two R2 parcels over one 耕地 parcel: one patch spanning both; an M1 parcel next to them and
    # an R2 parcel touching only at a corner stay separate patches.
    a = plan("城规", [((0, 0, 50, 50), "R2"), ((50, 0, 100, 50), "R2"), ((100, 0, 150, 50), "M1"),
                     ((150, 50, 200, 100), "R2")], "chenggui")
    b = plan("土规", [((0, 0, 200, 100), "111")], "tugui")
    patches = detect_conflicts([a, b], CRS).patches.sort_values("x").reset_index(drop=True)
    assert list(patches["plan0_code"]) == ["R2", "M1", "R2"]
    assert list(patches["area_m2"]) == pytest.approx([5000.0, 2500.0, 2500.0], rel=REL)
    # Without feature_ids, features are named by their 1-based number (as layer_io.feature_ids does).
    assert list(patches["plan0_fid"]) == ["1,2", "3", "4"] and list(patches["plan1_fid"]) == ["1", "1", "1"]


def test_ids_do_not_depend_on_feature_order():
    features = [((0, 0, 50, 50), "R2"), ((50, 0, 100, 50), "M1"), ((0, 50, 100, 100), "R2"), ((100, 0, 150, 100), "B1")]
    b = plan("土规", [((0, 0, 150, 100), "111")], "tugui")
    first = detect_conflicts([plan("城规", features, "chenggui"), b], CRS).patches
    second = detect_conflicts([plan("城规", features[::-1], "chenggui"), b], CRS).patches
    assert list(first["patch_id"]) == list(second["patch_id"])
    assert all(shapely.equals(first["geometry"].to_numpy(), second["geometry"].to_numpy()))
    assert list(first["plan0_code"]) == list(second["plan0_code"])


def test_three_plans_one_of_which_does_not_cover():
    a = plan("城规", [((0, 0, 100, 100), "R2")], "chenggui")
    b = plan("土规", [((0, 0, 100, 100), "111")], "tugui")
    c = plan("林规", [((0, 0, 50, 100), "0301")], "ydyh2023")
    result = detect_conflicts([a, b, c], CRS)
    assert areas_by_type(result) == pytest.approx({"JS_100": 5000.0, "JS_10-": 5000.0}, rel=REL)
    assert type_name("JS_10-", result.plan_names) == "城规建设土规非建设"


def test_plans_that_do_not_overlap_only_count_single_coverage():
    a = plan("城规", [((0, 0, 10, 10), "R2")], "chenggui")
    b = plan("土规", [((50, 50, 60, 60), "111")], "tugui")
    result = detect_conflicts([a, b], CRS)
    assert result.patches.empty and "no_conflicts" in result.warnings
    assert areas_by_type(result) == pytest.approx({"DG": 200.0}, rel=REL)


def test_bad_input_is_refused_with_a_reason():
    a, b = urban_plan(), land_plan()
    with pytest.raises(ValueError, match="two plans"):
        detect_conflicts([a], CRS)
    with pytest.raises(ValueError, match="projected"):
        detect_conflicts([a, b], "EPSG:4490")
    with pytest.raises(ValueError, match="names must differ"):
        detect_conflicts([a, Plan("城规", b.geometries, b.codes, b.standard)], CRS)


def test_layer_table_has_every_field_of_the_spec():
    result = detect_conflicts([urban_plan(), land_plan()], CRS, admin=layer((0, 0, 200, 100), codes=["1"], names=["县"]))
    table = layer_table(result.patches, result.plan_names, "ellipsoidal")
    assert list(table.columns) == [name for name, _, _ in field_spec(2)]
    assert plan_count_of(table.columns) == 2
    assert set(table["GH1"]) == {"城规"} and set(table["SHZT"]) == {"未审查"}
    assert table["AREA_MU"].sum() == pytest.approx(8000.0 * 3 / 2000, rel=REL)


CODES_A = ["R2", "M1", "E2", "E1"]
CODES_B = ["211", "111", "131", "212"]
rectangles = st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(1, 20), st.integers(1, 20))


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(rectangles, st.sampled_from(CODES_A)), min_size=1, max_size=6),
       st.lists(st.tuples(rectangles, st.sampled_from(CODES_B)), min_size=1, max_size=6),
       st.lists(rectangles, max_size=3), st.floats(0, 30))
def test_all_categories_and_slivers_add_up_to_the_union(a_items, b_items, red_items, min_area):
    def boxes(items):
        return [((x, y, x + w, y + h), code) for (x, y, w, h), code in items]

    a, b = plan("城规", boxes(a_items), "chenggui"), plan("土规", boxes(b_items), "tugui")
    red = layer(*[(x, y, x + w, y + h) for x, y, w, h in red_items]) if red_items else None
    result = detect_conflicts([a, b], CRS, ecological=red, settings=ConflictSettings(min_area=min_area))
    everything = np.concatenate([a.geometries, b.geometries] + ([red.geometries] if red else []))
    union_area = polygon_areas([shapely.union_all(everything)], CRS)[0]
    summary = result.summary
    assert summary["area_m2"].sum() + summary["sliver_area_m2"].sum() == pytest.approx(union_area, rel=1e-7, abs=1e-4)
    assert (result.patches["area_m2"] >= min_area).all()
    assert (result.slivers["area_m2"] > 0).all()


# -- issue 16: decimals, feature identity and the layer's language ------------------------------------

def test_area_fields_have_the_decimals_of_their_unit():
    spec = {name: (kind, n) for name, kind, n in field_spec(2)}
    assert (spec["AREA_M2"], spec["AREA_HA"], spec["AREA_MU"]) == ((float, 2), (float, 4), (float, 2))
    assert {name: n for name, kind, n in field_spec(2, slivers=True) if name.startswith("AREA_") and kind is float} == {
        "AREA_M2": 2, "AREA_HA": 4, "AREA_MU": 2}
    # 1234.5678 m² = 1.8518517 亩: the layer holds 1.85, not 1.8519
    a = plan("城规", [((0, 0, 12.345678, 100), "R2")], "chenggui")
    b = plan("土规", [((0, 0, 12.345678, 100), "111")], "tugui")
    table = layer_table(detect_conflicts([a, b], CRS).patches, ["城规", "土规"])
    assert table["AREA_M2"].iloc[0] == pytest.approx(1234.57, abs=1e-9)
    assert table["AREA_HA"].iloc[0] == pytest.approx(0.1235, abs=1e-9)
    assert table["AREA_MU"].iloc[0] == pytest.approx(1.85, abs=1e-9)


def test_patches_name_plan_features_by_the_ids_given():
    a = Plan("城规", np.array([box(0, 0, 50, 50), box(50, 0, 100, 50)]), ["R2", "R2"], "chenggui",
             feature_ids=["BSM-7", "BSM-9"])
    b = Plan("土规", np.array([box(0, 0, 100, 50)]), ["111"], "tugui", feature_ids=["3201"])
    patches = detect_conflicts([a, b], CRS).patches
    assert list(patches["plan0_fid"]) == ["BSM-7,BSM-9"] and list(patches["plan1_fid"]) == ["3201"]
    assert list(layer_table(patches, ["城规", "土规"])["GH1BSM"]) == ["BSM-7,BSM-9"]


@pytest.mark.parametrize("language, type_text, reason, method", [
    ("zh", "城规建设土规非建设", "宽度小于最小宽度", "椭球面积，CGCS2000 椭球"),
    ("en", "construction in 城规, not in 土规", "narrower than the minimum width", "ellipsoidal, CGCS2000 ellipsoid"),
    ("bilingual", "城规建设土规非建设", "宽度小于最小宽度", "椭球面积，CGCS2000 椭球"),
])
def test_layer_texts_follow_the_report_language(language, type_text, reason, method):
    from multiplan.core.report import report_language

    a = plan("城规", [((0, 0, 100, 1), "R2")], "chenggui")  # 1 m wide: a sliver by width
    b = plan("土规", [((0, 0, 100, 1), "111")], "tugui")
    result = detect_conflicts([a, b], CRS, settings=ConflictSettings(min_area=0))
    with report_language(language):
        slivers = layer_table(result.slivers, result.plan_names, slivers=True)
    assert (slivers["CYLXMC"].iloc[0], slivers["SPYY"].iloc[0], slivers["AREA_MTHD"].iloc[0]) == (
        type_text, reason, method)


@pytest.mark.parametrize("seed", range(6))
def test_component_labels_are_the_smallest_node_of_each_component(seed):
    """Against a plain breadth-first search: random sparse graphs, a long chain numbered
    backwards (the worst case for label propagation) and isolated nodes."""
    from collections import deque

    from multiplan.core.conflicts.detection import _components

    rng = np.random.default_rng(seed)
    count = 3_000
    a, b = rng.integers(0, count, 1_500), rng.integers(0, count, 1_500)
    chain = np.arange(count - 1, count - 800, -1)  # 2999-2998-…-2200
    a, b = np.r_[a, chain[:-1]], np.r_[b, chain[1:]]
    neighbours = [[] for _ in range(count)]
    for x, y in zip(a.tolist(), b.tolist()):
        neighbours[x].append(y)
        neighbours[y].append(x)
    expected = np.full(count, -1)
    for start in range(count):  # in increasing order: the first node reached is the smallest
        if expected[start] < 0:
            expected[start] = start
            queue = deque([start])
            while queue:
                for other in neighbours[queue.popleft()]:
                    if expected[other] < 0:
                        expected[other] = start
                        queue.append(other)
    assert np.array_equal(_components(count, a, b), expected)
    assert np.array_equal(_components(5, np.empty(0, int), np.empty(0, int)), np.arange(5))


def test_pieces_merge_by_coverage_union_or_else_by_union_all_to_the_same_shapes(monkeypatch):
    """Matching edges take the coverage union; a vertex on the neighbour's edge (refused), pieces
    that overlap (invalid result) and pieces a hair apart all end as union_all makes them."""
    from multiplan.core.conflicts.detection import _unions

    left = shapely.box(0, 0, 1, 1)
    groups = [
        np.array([left, shapely.box(1, 0, 2, 1), shapely.box(0, 1, 2, 2)], dtype=object),  # a T at (1, 1)
        np.array([left, shapely.box(1, 0, 2, 1)], dtype=object),  # edges match
        np.array([left, shapely.Polygon([(1, 0), (2, 0), (2, 1), (1, 1), (1, 0.5)])], dtype=object),  # vertex on edge
        np.array([left, shapely.box(0.5, 0, 1.5, 1)], dtype=object),  # overlap
        np.array([left, shapely.box(1 + 1e-9, 0, 2, 1)], dtype=object),  # a hair apart
        np.array([shapely.box(0, 0, 1, 1), shapely.box(2, 2, 3, 3)], dtype=object),  # apart
    ]
    fallbacks = []
    union_all = shapely.union_all
    monkeypatch.setattr(shapely, "union_all", lambda group: fallbacks.append(len(group)) or union_all(group))
    merged = _unions(groups)
    monkeypatch.undo()
    assert fallbacks == [3, 2, 2]  # the T, the vertex on an edge, the overlap
    for group, result in zip(groups, merged):
        expected = shapely.union_all(group)
        assert result.is_valid and shapely.equals(result, expected)
        assert shapely.get_num_geometries(result) == shapely.get_num_geometries(expected)
        assert result.area == pytest.approx(expected.area, abs=1e-9)
    many = _unions([np.array([shapely.box(i, 0, i + 1, 1), shapely.box(i + 1, 0, i + 2, 1)], dtype=object)
                    for i in range(0, 6_000, 3)])  # in threads
    assert [round(g.area, 9) for g in many] == [2.0] * 2_000 and all(g.geom_type == "Polygon" for g in many)
