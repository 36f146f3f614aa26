"""控制线优化建议 on hand-built lines: every rule's change with its exact area, the balance, the
expansion multiple brought to the limit, and the accepted proposals applied give lines the
三区三线 check finds no error in."""
import numpy as np
import pytest
import shapely

from factories import CENTRAL_MERIDIAN_EASTING as X0, NORTHING as Y0
from multiplan.core.areas import polygon_areas
from multiplan.core.control_lines import optimisation as op
from multiplan.core.control_lines.checks import ERROR, check_control_lines

CRS = "EPSG:4527"


def box(x1, y1, x2, y2):
    return shapely.box(X0 + x1, Y0 + y1, X0 + x2, Y0 + y2)


def m2(geometry):
    return float(polygon_areas([geometry], CRS)[0])


def arr(*geometries):
    return np.array(geometries, dtype=object)


RED, FARM, URBAN = box(0, 0, 100, 100), box(50, 0, 150, 100), box(80, 0, 300, 100)
BASE, PROJECT = box(200, 0, 280, 100), box(300, 0, 320, 100)


@pytest.fixture(scope="module")
def proposals():
    return op.propose(CRS, ecological=arr(RED), farmland=arr(FARM), urban=arr(URBAN), base_construction=arr(BASE),
                      projects=arr(PROJECT))


def total(proposals, line, rule, action):
    table = proposals.table
    return table[(table["line"] == line) & (table["rule"] == rule) & (table["action"] == action)]["area_m2"].sum()


def test_each_rule_with_its_area(proposals):
    assert total(proposals, op.NT, "NT_NO_HX", op.REMOVE) == pytest.approx(m2(box(50, 0, 100, 100)), abs=1e-3)
    assert total(proposals, op.KB, "KB_NO_HX", op.REMOVE) == pytest.approx(m2(box(80, 0, 100, 100)), abs=1e-3)
    assert total(proposals, op.KB, "KB_NO_NT", op.REMOVE) == pytest.approx(m2(box(100, 0, 150, 100)), abs=1e-3)
    assert total(proposals, op.KB, "KB_PROJECTS", op.ADD) == pytest.approx(m2(PROJECT), abs=1e-3)


def test_the_expansion_multiple_is_brought_to_the_limit(proposals):
    expansion = proposals.expansion
    assert expansion["before"] == pytest.approx(m2(URBAN) / m2(BASE), rel=1e-9)
    assert expansion["after"] <= 1.3 and expansion["after"] == pytest.approx(1.3, abs=0.01)
    # the farthest ground from today's construction goes; the project just added stays
    removed = shapely.union_all([g for g, rule in zip(proposals.geometries, proposals.table["rule"])
                                 if rule == "KB_EXPANSION"])
    assert removed.intersection(PROJECT).area == 0 and removed.intersection(BASE).area == 0
    assert removed.covers(box(150, 0, 195, 100))


def test_balance_adds_up(proposals):
    for row in proposals.balance.itertuples():
        assert row.before_m2 - row.removed_m2 + row.added_m2 == pytest.approx(row.after_m2, abs=0.05)


def test_accepted_proposals_pass_the_check():
    proposals = op.propose(CRS, ecological=arr(RED), farmland=arr(FARM), urban=arr(URBAN), base_construction=arr(BASE),
                           projects=arr(PROJECT))
    accepted = np.ones(len(proposals.table), dtype=bool)
    lines = {line: op.apply(line, arr(original), proposals, accepted)[0]
             for line, original in ((op.HX, RED), (op.NT, FARM), (op.KB, URBAN))}
    result = check_control_lines(CRS, ecological=lines[op.HX], farmland=lines[op.NT], urban_boundary=lines[op.KB],
                                 base_construction=arr(BASE))
    assert not (result.violations["severity"] == ERROR).any()
    before = check_control_lines(CRS, ecological=arr(RED), farmland=arr(FARM), urban_boundary=arr(URBAN),
                                 base_construction=arr(BASE))
    assert set(before.violations.loc[before.violations["severity"] == ERROR, "rule"]) == {"HX_NT", "KB_HX", "EXPANSION"}
    # a rejected proposal is not applied
    rejected = accepted.copy()
    rejected[(proposals.table["rule"] == "KB_PROJECTS").to_numpy()] = False
    urban, sources = op.apply(op.KB, arr(URBAN), proposals, rejected)
    assert -1 not in sources and shapely.union_all(urban).intersection(PROJECT).area == 0


def test_fragments_and_holes():
    # a red line with a 100 m² hole is filled; farmland keeps its holes (other land between patches)
    # but drops its 100 m² fragment
    holed = box(0, 0, 100, 100).difference(box(40, 40, 50, 50))
    farm = arr(box(300, 0, 400, 100).difference(box(340, 40, 350, 50)), box(500, 0, 510, 10))
    proposals = op.propose(CRS, ecological=arr(holed), farmland=farm)
    table = proposals.table
    assert total(proposals, op.HX, "FRAGMENTS", op.ADD) == pytest.approx(m2(box(40, 40, 50, 50)), abs=1e-3)
    assert total(proposals, op.NT, "FRAGMENTS", op.REMOVE) == pytest.approx(m2(box(500, 0, 510, 10)), abs=1e-3)
    assert total(proposals, op.NT, "FRAGMENTS", op.ADD) == 0
    assert len(table) == 2


def test_rules_can_be_switched_off(tmp_path):
    path = tmp_path / "规则.csv"
    path.write_text("rule,enabled,value\nKB_EXPANSION,1,1.5\nKB_NO_NT,0,\n", encoding="gbk")
    rules = op.load_rules(path)
    assert rules == {"KB_EXPANSION": 1.5}
    proposals = op.propose(CRS, farmland=arr(FARM), urban=arr(URBAN), rules=rules)
    assert proposals.table.empty
    bad = tmp_path / "bad.csv"
    bad.write_text("rule,enabled,value\nXX,1,\nFRAGMENTS,2,\n", encoding="utf-8")
    with pytest.raises(op.OptimisationError) as error:
        op.load_rules(bad)
    assert "未知规则" in error.value.text.zh and "第 3 行" in error.value.text.zh


def test_by_township():
    units = (arr(box(0, 0, 200, 100), box(200, 0, 400, 100)), ["001", "002"], ["甲镇", "乙镇"])
    proposals = op.propose(CRS, ecological=arr(RED), farmland=arr(FARM), urban=arr(URBAN), units=units)
    table = proposals.table
    assert set(table["unit_name"]) <= {"甲镇", "乙镇"}
    county = proposals.balance[(proposals.balance["line"] == op.KB) & (proposals.balance["unit_code"] == "")].iloc[0]
    towns = proposals.balance[(proposals.balance["line"] == op.KB) & (proposals.balance["unit_code"] != "")]
    assert towns["after_m2"].sum() == pytest.approx(county["after_m2"], abs=0.05)


def test_lines_follow_the_integrated_boundaries():
    # the urban boundary's edge 1.5 m off the survey's parcel line: it follows the line (a 1.5 m strip added)
    reference = arr(box(0, 0, 201.5, 100), box(201.5, 0, 300, 100))
    proposals = op.propose(CRS, urban=arr(box(0, 0, 200, 100)), reference=reference,
                           rules={"FOLLOW": 2.0})
    assert total(proposals, op.KB, "FOLLOW", op.ADD) == pytest.approx(m2(box(200, 0, 201.5, 100)), abs=1e-3)
    assert total(proposals, op.KB, "FOLLOW", op.REMOVE) == 0
    off = op.propose(CRS, urban=arr(box(0, 0, 200, 100)), reference=reference, rules={})
    assert off.table.empty
