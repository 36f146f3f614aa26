"""动态更新 on hand-built blueprints: version 1, an approved change as version 2, every version
extracted as it was, refusals that leave the store untouched, a killed update that loses nothing."""
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest
import shapely

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.areas import polygon_areas
from multiplan.core.versions import store
from multiplan.core.versions.update import ChangePackage, ControlLines, UpdateRefused

CRS = "EPSG:4527"
CELLS = [shapely.box(X0 + 100 * i, Y0, X0 + 100 * (i + 1), Y0 + 100) for i in range(4)]  # 4 ha, 1 ha each
CODES = ["0101", "0301", "0701", "1701"]


@pytest.fixture
def blueprint(tmp_path):
    path = tmp_path / "一张蓝图_版本库.gpkg"
    attributes = pd.DataFrame({"YDYHDM": CODES, "YDYHMC": ["水田", "乔木林地", "城镇住宅用地", "河流水面"],
                               "YDYHYJL": [c[:2] for c in CODES], "JSYD": [0, 0, 1, 0], "DMLY": ["城规"] * 4,
                               "AREA_HA": [1.0] * 4})
    store.create_store(path, np.array(CELLS, dtype=object), attributes, CRS, approval="县政府〔2025〕1号",
                       date="2025-03-01", reason="一张蓝图初版")
    return path


def change(*boxes, codes, approval="县政府〔2026〕8号", **kwargs):
    return ChangePackage(np.array([shapely.box(*b) for b in boxes], dtype=object), list(codes), approval,
                         reason="局部修改", date="2026-06-01", **kwargs)


def coverage_m2(snapshot):
    return float(polygon_areas([shapely.union_all(snapshot.geometries)], CRS)[0])


def test_version_1_is_the_blueprint(blueprint):
    first = store.as_of(blueprint)
    assert first.version == 1 and list(first.attributes["YDYHDM"]) == CODES and list(first.ids) == [1, 2, 3, 4]
    assert all(shapely.equals(a, b) for a, b in zip(first.geometries, CELLS))
    assert store.versions(blueprint)[["BBH", "PWH", "LX", "TBS"]].values.tolist() == [[1, "县政府〔2025〕1号", "初始", 4]]


def test_a_change_makes_the_next_version_a_clean_coverage_and_keeps_the_old_one(blueprint):
    # 50 m × 100 m across cells 1 and 2 becomes 0702 (a rural homestead is not urban: no line breached)
    before = store.as_of(blueprint)
    number, rows = store.apply_change(blueprint, change((X0 + 75, Y0, X0 + 125, Y0 + 100), codes=["0703"]))
    assert number == 2
    after = store.as_of(blueprint)
    assert after.version == 2 and len(after.ids) == 4 - 2 + 2 + 1
    # the union is the county, nothing overlaps
    assert coverage_m2(after) == pytest.approx(coverage_m2(before), abs=1e-6)
    assert polygon_areas(after.geometries, CRS).sum() == pytest.approx(coverage_m2(before), abs=1e-6)
    new = after.attributes[after.attributes["YDYHDM"] == "0703"]
    assert len(new) == 1 and new["YDYHMC"].iloc[0] == "农村宅基地" and new["DMLY"].iloc[0] == "变更：县政府〔2026〕8号"
    expected = polygon_areas([shapely.box(X0 + 75, Y0, X0 + 125, Y0 + 100)], CRS)[0]
    assert new["AREA_HA"].iloc[0] == pytest.approx(round(expected / 10_000, 4))
    # the remainders keep their attributes, with their own (smaller) areas
    kept = after.attributes[after.attributes["YDYHDM"].isin(["0101", "0301"])]
    assert sorted(kept["AREA_HA"]) == pytest.approx(sorted(np.round(polygon_areas(
        [shapely.box(X0, Y0, X0 + 75, Y0 + 100), shapely.box(X0 + 125, Y0, X0 + 200, Y0 + 100)], CRS) / 10_000, 4)))
    # the change log and the versions table
    assert sorted(zip(rows["CZ"], rows["YDYHDM"])) == sorted(
        [("废止", "0101"), ("废止", "0301"), ("新增", "0101"), ("新增", "0301"), ("新增", "0703")])
    assert list(store.versions(blueprint)["PWH"]) == ["县政府〔2025〕1号", "县政府〔2026〕8号"]
    # version 1 is still there, exactly, by number and by date
    for old in (store.as_of(blueprint, version=1), store.as_of(blueprint, date="2025-12-31")):
        assert old.version == 1 and list(old.ids) == [1, 2, 3, 4]
        assert all(shapely.equals(a, b) for a, b in zip(old.geometries, CELLS))


def test_successive_changes_number_the_versions_and_never_delete(blueprint):
    store.apply_change(blueprint, change((X0 + 10, Y0 + 10, X0 + 20, Y0 + 20), codes=["0703"]))
    store.apply_change(blueprint, change((X0 + 15, Y0 + 10, X0 + 30, Y0 + 20), codes=["0101"], approval="县政府〔2027〕2号"))
    assert list(store.versions(blueprint)["BBH"]) == [1, 2, 3]
    third = store.as_of(blueprint)
    assert coverage_m2(third) == pytest.approx(coverage_m2(store.as_of(blueprint, version=1)), abs=1e-6)
    codes_at = third.attributes.assign(area=polygon_areas(third.geometries, CRS)).groupby("YDYHDM")["area"].sum()
    small = polygon_areas([shapely.box(X0 + 10, Y0 + 10, X0 + 15, Y0 + 20)], CRS)[0]
    assert codes_at["0703"] == pytest.approx(small, rel=1e-9)
    assert len(store.changes(blueprint)) == len(store.changes(blueprint, 2)) + len(store.changes(blueprint, 3))
    with pytest.raises(store.StoreError, match="version 9 does not exist"):
        store.as_of(blueprint, version=9)


@pytest.mark.parametrize("package, rule", [
    (lambda: change((X0 + 10, Y0 + 10, X0 + 60, Y0 + 60), (X0 + 40, Y0 + 40, X0 + 90, Y0 + 90), codes=["0703", "0703"]),
     "SELF_OVERLAP"),
    (lambda: change((X0 + 350, Y0 + 10, X0 + 450, Y0 + 60), codes=["0703"]), "OUTSIDE"),
    (lambda: change((X0 + 10, Y0 + 10, X0 + 60, Y0 + 60), codes=["9999"]), "UNKNOWN_CODE"),
    (lambda: change((X0 + 10, Y0 + 10, X0 + 60, Y0 + 60), codes=["0703"], approval=""), "NO_APPROVAL"),
])
def test_a_bad_package_is_refused_and_the_store_is_unchanged(blueprint, package, rule):
    with pytest.raises(UpdateRefused) as refused:
        store.apply_change(blueprint, package())
    assert refused.value.rule == rule and refused.value.text.zh.startswith("拒绝变更")
    assert list(store.versions(blueprint)["BBH"]) == [1] and len(store.as_of(blueprint).ids) == 4


def test_construction_the_control_lines_forbid_is_refused_unless_the_approval_adjusts_them(blueprint):
    lines = ControlLines(ecology=np.array([shapely.box(X0 + 300, Y0, X0 + 400, Y0 + 100)], dtype=object),
                         farmland=np.array([CELLS[0]], dtype=object),
                         urban_boundary=np.array([shapely.box(X0 + 200, Y0, X0 + 300, Y0 + 100)], dtype=object))
    for box, rule in (((X0 + 310, Y0 + 10, X0 + 330, Y0 + 30), "HX"), ((X0 + 10, Y0 + 10, X0 + 30, Y0 + 30), "NT"),
                      ((X0 + 110, Y0 + 10, X0 + 130, Y0 + 30), "KB")):
        with pytest.raises(UpdateRefused) as refused:
            store.apply_change(blueprint, change(box, codes=["0701"]), lines=lines)
        assert refused.value.rule == rule
        assert refused.value.items[0][1] == pytest.approx(polygon_areas([shapely.box(*box)], CRS)[0], rel=1e-9)
    assert list(store.versions(blueprint)["BBH"]) == [1]
    number, _ = store.apply_change(blueprint, change((X0 + 110, Y0 + 10, X0 + 130, Y0 + 30), codes=["0701"],
                                                     adjusts_lines=True), lines=lines)
    assert number == 2
    # the version records which line the approval adjusted, and by how much
    waived = polygon_areas([shapely.box(X0 + 110, Y0 + 10, X0 + 130, Y0 + 30)], CRS)[0]
    table = store.versions(blueprint).set_index("BBH")
    assert table.at[2, "TZKZX"] == f"城镇开发边界 {waived:.2f} 平方米" and table.at[1, "TZKZX"] is None


def test_a_failure_while_the_version_is_written_rolls_everything_back(blueprint, monkeypatch):
    before = store.as_of(blueprint)

    def broken(dataset, rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store, "_insert_changes", broken)
    with pytest.raises(RuntimeError, match="disk full"):
        store.apply_change(blueprint, change((X0 + 75, Y0, X0 + 125, Y0 + 100), codes=["0703"]))
    after = store.as_of(blueprint)
    assert list(store.versions(blueprint)["BBH"]) == [1] and store.changes(blueprint).empty
    assert list(after.ids) == list(before.ids)  # no piece retired, none added
    monkeypatch.undo()
    assert store.apply_change(blueprint, change((X0 + 75, Y0, X0 + 125, Y0 + 100), codes=["0703"]))[0] == 2


KILLED_UPDATE = """
import os, sys
sys.path.insert(0, {plugins!r}); sys.path.insert(0, {tests!r})
import numpy as np, shapely
from multiplan.core.versions import store
from multiplan.core.versions.update import ChangePackage
from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
original = store._insert_changes
def killed(dataset, rows):  # the pieces are retired and inserted, the transaction is not committed
    original(dataset, rows)
    os.kill(os.getpid(), 9)
store._insert_changes = killed
store.apply_change({path!r}, ChangePackage(np.array([shapely.box(X0 + 75, Y0, X0 + 125, Y0 + 100)], dtype=object),
                                           ["0703"], "县政府〔2026〕8号"))
"""


def test_a_killed_update_leaves_the_previous_version_intact(blueprint, repo_root):
    from pathlib import Path

    script = KILLED_UPDATE.format(plugins=str(Path(store.__file__).parents[3]), tests=str(repo_root / "tests"),
                                  path=str(blueprint))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert done.returncode == -9, done.stderr
    assert list(store.versions(blueprint)["BBH"]) == [1]
    current = store.as_of(blueprint)
    assert list(current.ids) == [1, 2, 3, 4] and len(store.changes(blueprint)) == 0
    # and the store still takes the change afterwards
    assert store.apply_change(blueprint, change((X0 + 75, Y0, X0 + 125, Y0 + 100), codes=["0703"]))[0] == 2


def test_two_versions_compared_give_the_changed_pieces_the_classes_and_the_approvals(blueprint):
    from multiplan.core.versions.compare import approvals_between, compare_blueprints

    store.apply_change(blueprint, change((X0 + 75, Y0, X0 + 125, Y0 + 100), codes=["0703"]))
    store.apply_change(blueprint, change((X0 + 300, Y0, X0 + 400, Y0 + 50), codes=["0101"], approval="县政府〔2027〕2号"))
    first, third = store.as_of(blueprint, version=1), store.as_of(blueprint, version=3)
    result = compare_blueprints(first.geometries, first.attributes["YDYHDM"], third.geometries,
                                third.attributes["YDYHDM"], CRS,
                                approvals=approvals_between(store.versions(blueprint), 3, 1))
    by_pair = result.changed.groupby(["code_a", "code_b"])["area_m2"].sum()
    m2 = lambda *box: polygon_areas([shapely.box(*box)], CRS)[0]  # noqa: E731
    assert by_pair[("0101", "0703")] == pytest.approx(m2(X0 + 75, Y0, X0 + 100, Y0 + 100), rel=1e-9)
    assert by_pair[("0301", "0703")] == pytest.approx(m2(X0 + 100, Y0, X0 + 125, Y0 + 100), rel=1e-9)
    assert by_pair[("1701", "0101")] == pytest.approx(m2(X0 + 300, Y0, X0 + 400, Y0 + 50), rel=1e-9)
    assert len(by_pair) == 3 and result.changed_m2 == pytest.approx(by_pair.sum())
    classes = result.by_class.set_index("class_code")
    assert classes.loc["17", "change_m2"] == pytest.approx(-m2(X0 + 300, Y0, X0 + 400, Y0 + 50), rel=1e-6)
    assert list(result.approvals["PWH"]) == ["县政府〔2026〕8号", "县政府〔2027〕2号"]
    matrix = result.matrix.set_index("class_code")  # hectares, rows version 1, columns version 3
    assert matrix.at["01", "b:07"] == pytest.approx(m2(X0 + 75, Y0, X0 + 100, Y0 + 100) / 10_000, rel=1e-9)
    assert matrix.at["17", "b:01"] == pytest.approx(m2(X0 + 300, Y0, X0 + 400, Y0 + 50) / 10_000, rel=1e-9)


def test_an_update_written_meanwhile_by_someone_else_refuses_this_one(blueprint, monkeypatch):
    """Two offices update a shared store at once: the second to write finds the version it read
    is no longer the current one and writes nothing (no two versions 2, no piece in both)."""
    from multiplan.core.versions import update

    real_plan = store.plan_update
    done = []

    def planned_while_another_update_lands(*args, **kwargs):
        planned = real_plan(*args, **kwargs)
        if not done:
            done.append("writing")
            done[0] = store.apply_change(blueprint, change((X0 + 310, Y0, X0 + 390, Y0 + 50), codes=["0703"]))
        return planned

    monkeypatch.setattr(store, "plan_update", planned_while_another_update_lands)
    with pytest.raises(store.StoreError, match="meanwhile"):
        store.apply_change(blueprint, change((X0 + 75, Y0, X0 + 125, Y0 + 100), codes=["0703"]))
    assert done[0][0] == 2 and list(store.versions(blueprint)["BBH"]) == [1, 2]
    assert set(store.changes(blueprint)["BBH"]) == {2}
    assert update.plan_update is real_plan  # only the store's name was replaced
