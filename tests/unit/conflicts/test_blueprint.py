"""core.conflicts.blueprint: the coordinated land-use layer from hand-built plans and patch decisions."""
import numpy as np
import pytest
import shapely
from hypothesis import given, settings
from hypothesis import strategies as st

from multiplan.core.areas import polygon_areas
from multiplan.core.conflicts.blueprint import SET_CODE_SOURCE, build_blueprint
from multiplan.core.conflicts.detection import ConflictSettings, Plan, detect_conflicts, layer_table

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
    result = build_blueprint(plans(), table, geoms, CRS, pending="suggestion")
    # 城规 E2 农林用地 (100-200) has no single target: refined from 土规 111 耕地 underneath.
    assert area_by_code(result) == pytest.approx({"070102": 5000.0, "01": 15_000.0}, rel=REL)
    assert_partition(result, 20_000.0)
    patch_rows = result.table[result.table["patch_id"].notna()]
    assert list(patch_rows["source_plan"]) == ["土规"] and list(patch_rows["source_code"]) == ["111"]
    change = result.changes.iloc[0]
    assert (change["before_plan"], change["before_code"], change["after_plan"], change["after_code"]) == \
        ("城规", "R2", "土规", "111")
    assert change["changed_area_m2"] == pytest.approx(5000.0, rel=REL)
    assert change["reason"] == "规则理由" and bool(change["applied"]) and result.pending == 0
    assert change["origin"] == "处理建议（未审查）"  # applied, and said to be only a suggestion


def test_an_untouched_feature_keeps_its_own_geometry():
    table, geoms = patches_with(decision="GH2")
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
    table, geoms = patches_with(decision="GH3")
    with pytest.raises(ValueError, match="GH3"):
        build_blueprint(plans(), table, geoms, CRS)
    table, geoms = patches_with(suggestion="KEEP")
    with pytest.raises(ValueError, match="invalid decision"):
        build_blueprint(plans(), table, geoms, CRS, pending="suggestion")
    with pytest.raises(ValueError, match="pending"):
        build_blueprint(plans(), table, geoms, CRS, pending="guess")
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
    table["CLJD"] = decision
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
    table, geoms = patches_with(decision="GH2")
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


# -- issue 18: every piece of the county carries a code, and says where it came from -------------

from multiplan.core.conflicts.blueprint import CurrentUse  # noqa: E402
from multiplan.core.conflicts.detection import layer_table as _layer_table  # noqa: E402


def no_patches():
    """A patch table with no rows (the plans agree, or nothing was detected)."""
    table = _layer_table(detect_conflicts([Plan("a", np.array([box(0, 0, 1, 1)]), ["R2"], "chenggui"),
                                           Plan("b", np.array([box(0, 0, 1, 1)]), ["211"], "tugui")], CRS).patches,
                         ["a", "b"], "ellipsoidal")
    return table.iloc[0:0], np.empty(0, dtype=object)


def rows_by(result, column="source_code"):
    return {key: group for key, group in result.table.groupby(column)}


def test_tugui_211_over_chenggui_r2_takes_the_residential_code_of_the_urban_plan():
    land = Plan("土规", np.array([box(0, 0, 100, 100)]), ["211"], "tugui")
    urban = Plan("城规", np.array([box(0, 0, 100, 100)]), ["R2"], "chenggui")
    table, geoms = no_patches()
    result = build_blueprint([land, urban], table, geoms, CRS)  # 土规 decides (plan order)
    (row,) = result.table.itertuples(index=False)
    assert (row.ydyh_code, row.method, row.code_source, row.source_plan, row.source_code) == \
        ("070102", "refined", "土规→城规", "土规", "211")
    assert row.ydyh_code.startswith("07") and bool(row.construction)
    assert result.unresolved_area_m2 == 0


def test_chenggui_e2_over_tugui_111_takes_farmland_from_the_land_plan():
    urban = Plan("城规", np.array([box(0, 0, 100, 100)]), ["E2"], "chenggui")
    land = Plan("土规", np.array([box(0, 0, 100, 100)]), ["111"], "tugui")
    table, geoms = no_patches()
    result = build_blueprint([urban, land], table, geoms, CRS)
    (row,) = result.table.itertuples(index=False)
    assert (row.ydyh_code, row.ydyh_name, row.method, row.code_source) == ("01", "耕地", "refined", "城规→土规")
    assert row.area_m2 == pytest.approx(10_000.0, rel=REL)


def test_a_finer_current_use_inside_the_other_plans_class_refines_it():
    """城规 E2 decides; 土规 111 says 01 耕地; the 三调 underneath says 0103 旱地 on one half and 0301
    乔木林地 on the other: 0103 (inside 01) is taken there, 01 stays where the 三调 disagrees."""
    urban = Plan("城规", np.array([box(0, 0, 100, 100)]), ["E2"], "chenggui")
    land = Plan("土规", np.array([box(0, 0, 100, 100)]), ["111"], "tugui")
    current = CurrentUse(np.array([box(0, 0, 50, 100), box(50, 0, 100, 100)]), ["0103", "0301"], ids=["D1", "D2"])
    table, geoms = no_patches()
    result = build_blueprint([urban, land], table, geoms, CRS, current_use=current)
    got = result.table.groupby(["ydyh_code", "method", "code_source"])["area_m2"].sum()
    assert got.to_dict() == pytest.approx({("0103", "refined", "城规→土规→三调"): 5000.0,
                                           ("01", "refined", "城规→土规"): 5000.0}, rel=REL)


def test_aggregate_codes_with_only_the_current_use_underneath():
    urban = Plan("城规", np.array([box(0, 0, 100, 100)]), ["H11"], "chenggui")
    land = Plan("土规", np.array([box(0, 100, 100, 200)]), ["115"], "tugui")
    current = CurrentUse(np.array([box(0, 0, 50, 200), box(50, 0, 100, 200)]), ["0701", "1104"],
                         ids=["DL1", "DL2"])
    table, geoms = no_patches()
    result = build_blueprint([urban, land], table, geoms, CRS, current_use=current)
    got = result.table.groupby(["source_code", "ydyh_code", "method", "code_source"])["area_m2"].sum()
    # H11 over 三调 0701 城镇住宅: 0701; over 1104 坑塘 (not construction): incompatible, umbrella 16 留白用地.
    # 土规 115 其他农用地 over 1104 坑塘: 1704 坑塘水面; over 0701 (construction): no compatible code.
    assert got.to_dict() == pytest.approx({
        ("115", "1704", "refined", "土规→三调"): 5000.0, ("H11", "0701", "refined", "城规→三调"): 5000.0,
        ("H11", "16", "umbrella", "城规"): 5000.0}, rel=REL)
    unresolved = result.table[result.table["method"] == "unresolved"]
    assert list(unresolved["source_code"]) == ["115"] and unresolved["ydyh_code"].isna().all()
    assert result.unresolved_area_m2 == pytest.approx(5000.0, rel=REL)  # kept, listed, never silently empty
    coding = result.coding.set_index(["source_code", "method"])
    assert coding.at[("115", "unresolved"), "area_m2"] == pytest.approx(5000.0, rel=REL)


def test_the_county_is_covered_exactly_and_ground_no_plan_covers_takes_the_current_use():
    urban = Plan("城规", np.array([box(0, 0, 100, 100)]), ["R2"], "chenggui")
    land = Plan("土规", np.array([box(100, 0, 250, 100)]), ["111"], "tugui")  # 50 m outside the county
    current = CurrentUse(np.array([box(0, 0, 300, 100), box(0, 100, 300, 150)]), ["0103", "0301"], ids=["D1", "D2"])
    county = np.array([box(0, 0, 200, 200)])
    table, geoms = no_patches()
    result = build_blueprint([urban, land], table, geoms, CRS, current_use=current, county=county)
    county_area = polygon_areas(county, CRS)[0]
    assert result.county_area_m2 == pytest.approx(county_area, rel=1e-12)
    assert result.table["area_m2"].sum() == pytest.approx(county_area, rel=1e-4)
    assert_partition(result, county_area)
    got = result.table.groupby(["ydyh_code", "method", "code_source"], dropna=False)["area_m2"].sum()
    assert {key: area for key, area in got.items() if key[1] != "unresolved"} == pytest.approx({
        ("070102", "exact", "城规"): 10_000.0, ("01", "exact", "土规"): 10_000.0,
        ("0301", "current", "三调"): 10_000.0}, rel=REL)
    # 200 × 50 m in the north-east of the county: no plan, no current use — kept and unresolved
    unresolved = result.table[result.table["method"] == "unresolved"]
    assert unresolved["area_m2"].sum() == pytest.approx(10_000.0, rel=REL) and unresolved["ydyh_code"].isna().all()
    current_rows = result.table[result.table["method"] == "current"]
    assert set(current_rows["source_fid"]) == {"D2"} and set(current_rows["source_code"]) == {"0301"}
    assert ("plans_outside_county", pytest.approx(5000.0, rel=REL)) in result.warnings


def test_a_county_without_polygons_is_refused():
    table, geoms = no_patches()
    with pytest.raises(ValueError, match="county"):
        build_blueprint(plans(), table, geoms, CRS, county=np.array([shapely.Polygon()]))


def test_pending_patches_keep_the_base_take_the_suggestion_or_stay_open_as_told():
    table, geoms = patches_with(suggestion="GH2")
    kept = build_blueprint(plans(), table, geoms, CRS)  # the default: conservative
    assert kept.pending == 1 and not kept.changes.iloc[0]["applied"]
    assert kept.changes.iloc[0]["origin"] == "待定"
    assert area_by_code(kept)["070102"] == pytest.approx(10_000.0, rel=REL)
    suggested = build_blueprint(plans(), table, geoms, CRS, pending="suggestion")
    assert suggested.pending == 0 and suggested.changes.iloc[0]["origin"] == "处理建议（未审查）"
    left = build_blueprint(plans(), table, geoms, CRS, pending="leave")
    open_rows = left.table[left.table["method"] == "pending"]
    assert open_rows["area_m2"].sum() == pytest.approx(5000.0, rel=REL) and open_rows["ydyh_code"].isna().all()
    assert left.pending == 1 and left.changes.iloc[0]["decision_name"] == "待定，未赋代码"
    assert_partition(left, 20_000.0)
    reviewed = build_blueprint(plans(), *patches_with(suggestion="GH2", decision="GH1"), CRS, pending="suggestion")
    assert reviewed.changes.iloc[0]["origin"] == "审查决定" and reviewed.changes.iloc[0]["decision"] == "GH1"


def copied_tables(folder):
    import shutil

    from multiplan.core.intake import landuse

    folder.mkdir()
    for name in [*landuse.STANDARDS.values(), *landuse.CROSSWALKS.values()]:
        shutil.copy(landuse.TABLES_DIR / name, folder / name)
    return folder


def test_refinement_rules_are_read_from_the_editable_crosswalk(tmp_path):
    from multiplan.core.intake import landuse

    path = copied_tables(tmp_path / "a") / "crosswalk_tugui_ydyh.csv"
    text = path.read_text(encoding="utf-8-sig")
    # an office decides that unspecified 城镇用地 is 0701 城镇住宅用地 rather than 16 留白用地
    path.write_text(text.replace("2301,16\n", "2301,0701\n", 1), encoding="utf-8-sig")
    assert landuse.refinement_rules("tugui", tmp_path / "a")["21"].umbrella == "0701"
    land = Plan("土规", np.array([box(0, 0, 100, 100)]), ["211"], "tugui")
    table, geoms = no_patches()
    result = build_blueprint([land], table, geoms, CRS, tables_dir=tmp_path / "a")
    assert (result.table.iloc[0]["ydyh_code"], result.table.iloc[0]["method"]) == ("16", "umbrella")  # 211's own row
    path = copied_tables(tmp_path / "b") / "crosswalk_tugui_ydyh.csv"
    path.write_text(text.replace(
        "(land in a town whose use is not yet specified),07 08 09 10 11 12 13 14 16 2301,16",
        "(land in a town whose use is not yet specified),07 08 09 10 11 12 13 14 16 2301,99"), encoding="utf-8-sig")
    with pytest.raises(ValueError, match="umbrella '99'"):
        landuse.refinement_rules("tugui", tmp_path / "b")


def test_plans_labelled_with_class_names_are_coded_like_plans_with_codes():
    urban = Plan("城规", np.array([box(0, 0, 100, 100), box(100, 0, 200, 100)]), ["二类居住用地", "农林用地"], "chenggui")
    land = Plan("土规", np.array([box(0, 0, 200, 100)]), ["耕地"], "tugui")
    table, geoms = no_patches()
    result = build_blueprint([urban, land], table, geoms, CRS)
    got = result.table.groupby(["ydyh_code", "method"])["area_m2"].sum().to_dict()
    assert got == pytest.approx({("070102", "exact"): 10_000.0, ("01", "refined"): 10_000.0}, rel=REL)
    assert set(result.table["source_code"]) == {"二类居住用地", "农林用地"}  # the value as the layer has it


def test_the_change_log_names_the_refined_code_of_ground_that_did_not_change():
    urban_e2 = [Plan("城规", np.array([box(0, 0, 100, 100), box(100, 0, 200, 100)]), ["E2", "E2"], "chenggui"),
                Plan("土规", np.array([box(0, 0, 50, 100), box(50, 0, 200, 100)]), ["211", "111"], "tugui")]
    detected = detect_conflicts(urban_e2, CRS)
    patches = layer_table(detected.patches, detected.plan_names, "ellipsoidal")
    result = build_blueprint(urban_e2, patches, detected.patches["geometry"].to_numpy(), CRS)  # pending: base kept
    row = result.changes.iloc[0]
    assert (row["before_code"], row["after_code"]) == ("E2", "E2")
    assert row["before_ydyh"] == row["after_ydyh"] and row["after_ydyh"] is not None  # refined, not empty
