"""core.blueprint: the coordinated land-use layer from hand-built plans and patch decisions."""
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from multiplan.core.areas import polygon_areas
from multiplan.core.blueprint import SET_CODE_SOURCE, build_blueprint
from multiplan.core.conflicts import ConflictSettings, Plan, detect_conflicts, layer_table

CRS = "EPSG:4527"
X0, Y0 = 39_500_000.0, 3_500_000.0
REL = 1e-6


def box(x0, y0, x1, y1):
    return shapely.box(X0 + x0, Y0 + y0, X0 + x1, Y0 + y1)


def plans():
    urban = Plan("城规", np.array([box(0, 0, 100, 100), box(100, 0, 200, 100)]), ["R2", "E2"], "chenggui")
    land = Plan("土规", np.array([box(0, 0, 50, 100), box(50, 0, 200, 100)]), ["211", "111"], "tugui")
    return [urban, land]


def patches_with(suggestion=None, decision=None):
    """The single JS_10 patch (50-100: 城规 R2, 土规 耕地) with the given decision fields."""
    result = detect_conflicts(plans(), CRS)
    table = layer_table(result.patches, result.plan_names, "ellipsoidal")
    table["JYCL"], table["CLJD"] = suggestion, decision
    table["JYLY"] = "规则理由"
    return table, result.patches["geometry"].to_numpy()


def area_by_code(result):
    table = result.table.assign(code=result.table["ydyh_code"].fillna("-"))
    return table.groupby("code")["area_m2"].sum().to_dict()


def assert_partition(result, expected_area):
    geoms = result.geometries
    assert result.table["area_m2"].sum() == pytest.approx(expected_area, rel=REL)
    union = polygon_areas([shapely.union_all(geoms)], CRS)[0]
    assert union == pytest.approx(expected_area, rel=REL)  # no overlaps: the parts add up to the union
    a, b = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    assert not shapely.relate_pattern(geoms[a[a < b]], geoms[b[a < b]], "2********").any()


def test_keeping_the_second_plan_in_a_patch():
    table, geoms = patches_with(suggestion="GH2")
    result = build_blueprint(plans(), table, geoms, CRS)
    assert area_by_code(result) == pytest.approx({"070102": 5000.0, "01": 5000.0, "-": 10_000.0}, rel=REL)
    assert_partition(result, 20_000.0)
    patch_rows = result.table[result.table["patch_id"].notna()]
    assert list(patch_rows["source_plan"]) == ["土规"] and list(patch_rows["source_code"]) == ["111"]
    change = result.changes.iloc[0]
    assert (change["before_plan"], change["before_code"], change["after_plan"], change["after_code"]) == \
        ("城规", "R2", "土规", "111")
    assert change["changed_area_m2"] == pytest.approx(5000.0, rel=REL)
    assert change["reason"] == "规则理由" and bool(change["applied"]) and result.pending == 0


def test_an_untouched_feature_keeps_its_own_geometry():
    table, geoms = patches_with(suggestion="GH2")
    result = build_blueprint(plans(), table, geoms, CRS)
    east = result.table.index[result.table["source_code"] == "E2"]
    assert len(east) == 1
    assert shapely.equals(result.geometries[east[0]], box(100, 0, 200, 100))


def test_a_set_code_and_a_reviewed_decision_overriding_the_suggestion():
    table, geoms = patches_with(suggestion="GH2", decision="DM:0103")
    result = build_blueprint(plans(), table, geoms, CRS)
    row = result.table[result.table["patch_id"].notna()].iloc[0]
    assert (row["ydyh_code"], row["ydyh_name"], row["source_plan"]) == ("0103", "旱地", SET_CODE_SOURCE)
    assert not row["construction"]
    assert result.changes.iloc[0]["decision"] == "DM:0103"
    assert_partition(result, 20_000.0)


def test_deferred_and_undecided_patches_keep_the_base_use():
    for suggestion in ("DEFER", None):
        table, geoms = patches_with(suggestion=suggestion)
        result = build_blueprint(plans(), table, geoms, CRS)
        assert result.pending == 1
        assert area_by_code(result)["070102"] == pytest.approx(10_000.0, rel=REL)
        assert result.changes.iloc[0]["changed_area_m2"] == 0 and not result.changes.iloc[0]["applied"]


def test_plan_priority_sets_the_base():
    table, geoms = patches_with(suggestion="DEFER")
    result = build_blueprint(plans(), table, geoms, CRS, plan_priority=[2, 1])
    assert set(result.table["source_plan"]) == {"土规"}
    assert_partition(result, 20_000.0)


def test_invalid_decisions_and_priorities_are_refused():
    table, geoms = patches_with(suggestion="GH3")
    with pytest.raises(ValueError, match="GH3"):
        build_blueprint(plans(), table, geoms, CRS)
    table, geoms = patches_with(suggestion="KEEP")
    with pytest.raises(ValueError, match="invalid decision"):
        build_blueprint(plans(), table, geoms, CRS)
    table, geoms = patches_with(suggestion="GH1")
    with pytest.raises(ValueError, match="priority"):
        build_blueprint(plans(), table, geoms, CRS, plan_priority=[1, 1])


rectangles = st.tuples(st.integers(0, 30), st.integers(0, 30), st.integers(1, 20), st.integers(1, 20))


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(rectangles, st.sampled_from(["R2", "M1", "E2"])), min_size=1, max_size=5),
       st.lists(st.tuples(rectangles, st.sampled_from(["211", "111", "131"])), min_size=1, max_size=5),
       st.sampled_from(["GH1", "GH2", "DM:0103", "DEFER"]))
def test_the_blueprint_covers_the_union_of_the_plans_once(a_items, b_items, decision):
    def plan(name, items, standard):
        return Plan(name, np.array([box(x, y, x + w, y + h) for (x, y, w, h), _ in items]),
                    [code for _, code in items], standard)

    both = [plan("城规", a_items, "chenggui"), plan("土规", b_items, "tugui")]
    detected = detect_conflicts(both, CRS, settings=ConflictSettings(min_area=0, min_width=0))
    table = layer_table(detected.patches, detected.plan_names, "ellipsoidal")
    table["JYCL"] = decision
    result = build_blueprint(both, table, detected.patches["geometry"].to_numpy(), CRS)
    union = polygon_areas([shapely.union_all(np.concatenate([p.geometries for p in both]))], CRS)[0]
    assert result.table["area_m2"].sum() == pytest.approx(union, rel=1e-7, abs=1e-4)
    geoms = result.geometries
    a, b = shapely.STRtree(geoms).query(geoms, predicate="intersects")
    overlap = shapely.area(shapely.intersection(geoms[a[a < b]], geoms[b[a < b]])).sum() if (a < b).any() else 0.0
    assert overlap < 1e-4


# -- issue 16: feature identity and the language of texts --------------------------------------------

def test_blueprint_features_are_named_by_the_plans_feature_ids():
    named = [Plan(p.name, p.geometries, p.codes, p.standard, feature_ids=ids)
             for p, ids in zip(plans(), (["A1", "A2"], ["B1", "B2"]))]
    table, geoms = patches_with(suggestion="GH2")
    result = build_blueprint(named, table, geoms, CRS)
    by_code = dict(zip(result.table["source_code"], result.table["source_fid"]))
    assert by_code == {"R2": "A1", "E2": "A2", "111": "B2"}
    # without ids: 1-based feature numbers (never 0-based positions or a provider's fid)
    plain = build_blueprint(plans(), table, geoms, CRS)
    assert dict(zip(plain.table["source_code"], plain.table["source_fid"])) == {"R2": "1", "E2": "2", "111": "2"}
    # what is decided does not depend on the names
    assert list(plain.table["area_m2"]) == pytest.approx(list(result.table["area_m2"]), rel=1e-12)


@pytest.mark.parametrize("language, source, adjusted, deferred", [
    ("zh", "协调调整", "调整为 0103 旱地", "暂缓，保留基础规划用途"),
    ("en", "coordinated adjustment", "change to 0103 旱地", "deferred, base use kept"),
])
def test_change_log_and_layer_texts_follow_the_report_language(language, source, adjusted, deferred):
    from multiplan.core.report import report_language

    with report_language(language):
        table, geoms = patches_with(suggestion="GH2", decision="DM:0103")
        result = build_blueprint(plans(), table, geoms, CRS)
        table, geoms = patches_with(suggestion="DEFER")
        pending = build_blueprint(plans(), table, geoms, CRS)
    assert result.table.loc[result.table["patch_id"].notna(), "source_plan"].iloc[0] == source
    assert (result.changes.iloc[0]["after_plan"], result.changes.iloc[0]["decision_name"]) == (source, adjusted)
    assert pending.changes.iloc[0]["decision_name"] == deferred
