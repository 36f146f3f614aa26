"""core.suitability.carrying_capacity: class areas of hand-built class rasters, the 承载规模 formulas, the
per-unit table and the workbook.

Rasters are 4 × 5 cells of 10 m on CGCS2000 / 3-degree GK zone 39 (EPSG:4527). The expected
areas are counts of cells times the area core gives one cell (Window.cell_area_m2: ellipsoidal,
so not exactly 100 m²), read from that function rather than assumed.

    classes U            ecology E            zones Z
    1 1 1 2 2            1 0 0 1 0            1 1 2 2 2
    3 3 0 2 1            1 0 0 0 0            1 1 2 2 2
    3 0 0 0 3            0 0 0 0 0            0 0 0 0 0
    9 0 0 0 0            0 0 0 0 0            0 0 0 0 0

U has 4 suitable, 3 generally suitable, 4 unsuitable cells and one invalid value (9). E (极重要 =
1) takes one suitable and one generally suitable cell out; the unsuitable cell under it stays
unsuitable: 3 suitable, 2 generally suitable, 2 excluded. Zone 1: 1 suitable, 2 unsuitable, 1
excluded; zone 2: 2 suitable, 2 generally suitable, 1 excluded; in no zone: 2 unsuitable.
"""
import math

import numpy as np
import pandas as pd
import pytest
from openpyxl import load_workbook

from rasters import write_raster

from multiplan.core.progress import Cancelled
from multiplan.core.suitability import carrying_capacity as cc
from multiplan.core.suitability.raster_blocks import run_blocks
from multiplan.core.units import SQUARE_METRES_PER_MU

X0, Y0, CELL = 39_500_000.0, 3_500_000.0, 10.0
TRANSFORM = (X0, CELL, 0.0, Y0, 0.0, -CELL)
U = np.array([[1, 1, 1, 2, 2], [3, 3, 0, 2, 1], [3, 0, 0, 0, 3], [9, 0, 0, 0, 0]], dtype=np.uint8)
E = np.array([[1, 0, 0, 1, 0], [1, 0, 0, 0, 0], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], dtype=np.uint8)
Z = np.array([[1, 1, 2, 2, 2], [1, 1, 2, 2, 2], [0, 0, 0, 0, 0], [0, 0, 0, 0, 0]], dtype=np.int32)
REL = 1e-12


@pytest.fixture
def rasters(tmp_path):
    return {"classes": write_raster(tmp_path / "城镇.tif", U, TRANSFORM, nodata=0),
            "ecology": write_raster(tmp_path / "生态.tif", E, TRANSFORM, nodata=0),
            "zones": write_raster(tmp_path / "乡镇.tif", Z, TRANSFORM, nodata=0)}


def cell_area(path):
    """m² of one cell, as core measures it (one window covers these small rasters)."""
    seen = []
    run_blocks({"raster": path}, lambda arrays, window: seen.append(window.cell_area_m2()))
    assert len(seen) == 1 and np.ndim(seen[0]) == 0
    area = float(seen[0])
    assert area == pytest.approx(CELL * CELL, rel=1e-3) and area != CELL * CELL  # ellipsoidal, not planar
    return area


def approx(value):
    return pytest.approx(value, rel=REL)


# --------------------------------------------------------------------------- tallies

def test_each_class_is_tallied_by_cell_area_and_invalid_values_are_counted(rasters):
    a = cell_area(rasters["classes"])
    tally = cc.tally_classes(rasters["classes"])
    total = tally.total()
    assert (total.suitable_m2, total.general_m2, total.unsuitable_m2) == (approx(4 * a), approx(3 * a), approx(4 * a))
    assert total.excluded_m2 is None
    assert tally.invalid_cells == 1
    assert tally.zones["zone"].tolist() == [cc.OUTSIDE_ZONE]


def test_extremely_important_ecology_takes_suitable_land_out(rasters):
    a = cell_area(rasters["classes"])
    total = cc.tally_classes(rasters["classes"], exclusion=rasters["ecology"]).total()
    assert (total.suitable_m2, total.general_m2, total.unsuitable_m2) == (approx(3 * a), approx(2 * a), approx(4 * a))
    assert total.excluded_m2 == approx(2 * a)


def test_only_class_1_of_the_ecology_excludes(rasters, tmp_path):
    a = cell_area(rasters["classes"])
    important = write_raster(tmp_path / "重要.tif", np.where(E == 1, 2, 3).astype(np.uint8), TRANSFORM, nodata=0)
    total = cc.tally_classes(rasters["classes"], exclusion=important).total()
    assert (total.suitable_m2, total.general_m2, total.excluded_m2) == (approx(4 * a), approx(3 * a), 0.0)


def test_an_ecology_raster_on_another_grid_is_aligned_on_the_fly(rasters, tmp_path):
    a = cell_area(rasters["classes"])
    fine = write_raster(tmp_path / "生态5m.tif", np.kron(E, np.ones((2, 2), dtype=np.uint8)),
                        (X0, 5.0, 0.0, Y0, 0.0, -5.0), nodata=0)
    tally = cc.tally_classes(rasters["classes"], exclusion=fine)
    assert tally.total().excluded_m2 == approx(2 * a) and tally.total().suitable_m2 == approx(3 * a)
    assert len(tally.log) == 1 and "exclusion" in tally.log[0].en and "aligned" in tally.log[0].en


def test_zones_split_the_areas_and_cells_in_no_zone_are_zone_0(rasters):
    a = cell_area(rasters["classes"])
    tally = cc.tally_classes(rasters["classes"], exclusion=rasters["ecology"], zones=rasters["zones"])
    rows = tally.zones.set_index("zone")
    assert rows.index.tolist() == [0, 1, 2]
    expected = {0: (0, 0, 2, 0), 1: (1, 0, 2, 1), 2: (2, 2, 0, 1)}  # suitable, general, unsuitable, excluded cells
    for zone, cells in expected.items():
        assert rows.loc[zone, list(cc._AREA_COLUMNS)].tolist() == [approx(n * a) for n in cells]
    assert tally.zone(2).general_m2 == approx(2 * a)
    assert tally.total().suitable_m2 == approx(3 * a)


def test_a_raster_of_nodata_only_gives_zero_areas(tmp_path):
    empty = write_raster(tmp_path / "空.tif", np.zeros((3, 3), dtype=np.uint8), TRANSFORM, nodata=0)
    tally = cc.tally_classes(empty)
    assert tally.total() == cc.ClassAreas(0.0, 0.0, 0.0, None) and tally.invalid_cells == 0


def test_cancelling_stops_the_tally(rasters):
    def cancel(fraction):
        if fraction > 0:
            raise Cancelled()

    with pytest.raises(Cancelled):
        cc.tally_classes(rasters["classes"], progress=cancel)


# --------------------------------------------------------------------------- formulas

def values(table):
    return dict(zip(table["key"], table["value"]))


def test_urban_capacity_counts_half_of_the_generally_suitable_land():
    a = 99.9
    table = cc.carrying_capacity(cc.CapacityAreas(urban=cc.ClassAreas(3 * a, 2 * a)))
    got = values(table)
    scale = 3 * a + 2 * a * 0.5  # 适宜面积 + 一般适宜面积 × 0.5
    assert got["max_construction_m2"] == approx(scale)
    assert got["max_construction_ha"] == approx(scale / 10_000)
    assert got["max_construction_mu"] == approx(scale / SQUARE_METRES_PER_MU)
    assert got["max_urban_population"] == approx(scale / 100.0)
    assert got["urban_suitable_ha"] == approx(3 * a / 10_000) and got["urban_general_ha"] == approx(2 * a / 10_000)
    formula = table.set_index("key").loc["max_construction_m2", "formula"]
    assert "适宜面积 + 一般适宜面积 × 0.5" in formula.zh and "suitable + generally suitable × 0.5" in formula.en
    assert not any(key.startswith(("agri", "max_cultivated", "grain")) for key in got)
    assert "urban_excluded_ha" not in got  # no ecology given


def test_agricultural_capacity_feeds_people_from_the_grain():
    mu = SQUARE_METRES_PER_MU
    got = values(cc.carrying_capacity(cc.CapacityAreas(agricultural=cc.ClassAreas(100 * mu, 50 * mu))))
    assert got["max_cultivated_mu"] == approx(125.0)  # 100 + 50 × 0.5
    assert got["max_cultivated_ha"] == approx(125 * mu / 10_000)
    assert got["grain_capacity_t"] == approx(50.0)  # 125 亩 × 400 kg
    assert got["grain_population"] == approx(125.0)  # 50 000 kg / 400 kg
    assert not any(key.startswith(("urban", "max_construction")) for key in got)


def test_every_figure_follows_the_settings():
    mu = SQUARE_METRES_PER_MU
    settings = cc.CapacitySettings(urban_general_share=1.0, urban_usable_share=0.8, construction_per_capita_m2=80.0,
                                   agri_general_share=0.0, cultivated_share=0.9, grain_yield_kg_per_mu=500.0,
                                   grain_per_capita_kg=360.0)
    table = cc.carrying_capacity(cc.CapacityAreas(cc.ClassAreas(1000.0, 500.0), cc.ClassAreas(100 * mu, 50 * mu)),
                                 settings)
    got = values(table)
    assert got["max_construction_m2"] == approx(1500.0 * 0.8)
    assert got["max_urban_population"] == approx(1500.0 * 0.8 / 80.0)
    assert got["max_cultivated_mu"] == approx(90.0)
    assert got["grain_capacity_t"] == approx(45.0)
    assert got["grain_population"] == approx(45_000.0 / 360.0)
    formulas = {key: formula.zh for key, formula in zip(table["key"], table["formula"])}
    assert "× 1）× 可利用比例 0.8" in formulas["max_construction_m2"]
    assert "人均 80 平方米/人" in formulas["max_urban_population"]
    assert "500 千克/亩" in formulas["grain_capacity_t"] and "人均 360 千克/人" in formulas["grain_population"]


def test_excluded_land_is_reported_when_ecology_was_applied():
    got = values(cc.carrying_capacity(cc.CapacityAreas(urban=cc.ClassAreas(300.0, 200.0, 400.0, 250.0))))
    assert got["urban_excluded_ha"] == approx(0.025)
    assert got["max_construction_m2"] == approx(400.0)  # the excluded land does not count


def test_missing_inputs_and_bad_settings_are_errors():
    with pytest.raises(ValueError, match="urban or the agricultural"):
        cc.carrying_capacity(cc.CapacityAreas())
    with pytest.raises(ValueError, match="urban_general_share"):
        cc.carrying_capacity(cc.CapacityAreas(urban=cc.ClassAreas(1.0, 1.0)),
                             cc.CapacitySettings(urban_general_share=1.5))
    with pytest.raises(ValueError, match="construction_per_capita_m2"):
        cc.CapacitySettings(construction_per_capita_m2=0.0).validate()
    with pytest.raises(ValueError, match="critical_ratio"):
        cc.CapacitySettings(critical_ratio=0.0).validate()


@pytest.mark.parametrize("population, ratio, status", [(120.0, 1.2, "超载"), (95.0, 0.95, "临界超载"),
                                                       (100.0, 1.0, "临界超载"), (90.0, 0.9, "临界超载"),
                                                       (50.0, 0.5, "不超载")])
def test_current_population_against_capacity(population, ratio, status):
    areas = cc.CapacityAreas(urban=cc.ClassAreas(10_000.0, 0.0))  # 100 people at 100 m² each
    table = cc.carrying_capacity(areas, current=cc.CurrentFigures(population=population)).set_index("key")
    assert table.loc["current_population", "value"] == population
    assert table.loc["urban_population_ratio", "value"] == approx(ratio)
    assert table.loc["urban_population_ratio", "status"].zh == status
    assert "grain_population_ratio" not in table.index


def test_the_critical_band_is_a_setting_and_cultivated_land_is_compared():
    mu = SQUARE_METRES_PER_MU
    areas = cc.CapacityAreas(agricultural=cc.ClassAreas(100 * mu, 0.0))  # 100 亩, 40 t, 100 people
    current = cc.CurrentFigures(population=95.0, cultivated_mu=80.0)
    table = cc.carrying_capacity(areas, cc.CapacitySettings(critical_ratio=0.96), current).set_index("key")
    assert table.loc["grain_population_ratio", "value"] == approx(0.95)
    assert table.loc["grain_population_ratio", "status"] == cc.WITHIN
    assert table.loc["cultivated_ratio", "value"] == approx(0.8)
    assert table.loc["cultivated_ratio", "status"] == cc.WITHIN
    assert "urban_population_ratio" not in table.index


def test_no_capacity_is_overloaded_by_anyone_and_no_current_figures_give_no_rows():
    table = cc.carrying_capacity(cc.CapacityAreas(urban=cc.ClassAreas(0.0, 0.0)),
                                 current=cc.CurrentFigures(population=10.0)).set_index("key")
    assert math.isnan(table.loc["urban_population_ratio", "value"])
    assert table.loc["urban_population_ratio", "status"] == cc.OVERLOADED
    plain = cc.carrying_capacity(cc.CapacityAreas(urban=cc.ClassAreas(1.0, 0.0)))
    assert not plain["key"].str.contains("current|ratio").any() and (plain["status"] == "").all()


def test_indicator_looks_up_a_value():
    table = cc.carrying_capacity(cc.CapacityAreas(urban=cc.ClassAreas(500.0, 0.0)))
    assert cc.indicator(table, "max_urban_population") == approx(5.0)
    assert cc.indicator(table, "grain_population") is None


# --------------------------------------------------------------------------- per admin unit

UNITS = {1: ("001", "甲镇"), 2: ("002", "乙镇"), 3: ("003", "丙镇")}


def test_figures_per_admin_unit_add_up_to_the_totals(rasters):
    a = cell_area(rasters["classes"])
    urban = cc.tally_classes(rasters["classes"], exclusion=rasters["ecology"], zones=rasters["zones"])
    zones = cc.capacity_by_zone(urban, None, units=UNITS)
    assert zones["name"].tolist() == ["甲镇", "乙镇", "丙镇"]  # 丙镇 holds no cell; the outside holds no suitable land
    assert zones["code"].tolist() == ["001", "002", "003"]
    assert zones["max_construction_m2"].tolist() == [approx(1 * a), approx(3 * a), 0.0]  # 2 + 2 × 0.5 in 乙镇
    assert zones["max_urban_population"].tolist() == [approx(a / 100), approx(3 * a / 100), 0.0]
    assert zones["max_cultivated_mu"].isna().all()
    total = values(cc.carrying_capacity(cc.CapacityAreas(urban=urban.total())))
    assert zones["max_construction_m2"].sum() == approx(total["max_construction_m2"])


def test_suitable_land_outside_every_unit_gets_its_own_row(rasters, tmp_path):
    a = cell_area(rasters["classes"])
    agri = write_raster(tmp_path / "农业.tif", np.where(Z == 0, 1, 0).astype(np.uint8), TRANSFORM, nodata=0)
    urban = cc.tally_classes(rasters["classes"], zones=rasters["zones"])
    agricultural = cc.tally_classes(agri, zones=rasters["zones"])
    zones = cc.capacity_by_zone(urban, agricultural, units=UNITS).set_index("zone")
    assert zones.index.tolist() == [1, 2, 3, 0]
    assert zones.loc[0, "name"] == cc.UNASSIGNED
    assert zones.loc[0, "max_cultivated_mu"] == approx(10 * a / SQUARE_METRES_PER_MU)
    assert zones.loc[1, "max_cultivated_mu"] == 0.0
    assert zones.loc[1, "max_construction_m2"] == approx(2 * a)  # 2 suitable cells without the ecology


# --------------------------------------------------------------------------- workbook and CSV

def test_the_workbook_has_the_indicators_the_units_with_a_total_and_the_settings(rasters, tmp_path):
    a = cell_area(rasters["classes"])
    urban = cc.tally_classes(rasters["classes"], exclusion=rasters["ecology"], zones=rasters["zones"])
    settings = cc.CapacitySettings(construction_per_capita_m2=90.0)
    table = cc.carrying_capacity(cc.CapacityAreas(urban=urban.total()), settings, cc.CurrentFigures(population=1.0))
    zones = cc.capacity_by_zone(urban, None, settings, UNITS)
    path = cc.write_report(tmp_path / "承载规模.xlsx", table, "面积 note", settings, zones, ["输入 城镇.tif"])
    workbook = load_workbook(path)
    assert workbook.sheetnames == list(cc.SHEET_NAMES)
    sheet = workbook[cc.SHEET_NAMES[0]]
    assert sheet.cell(3, 1).value == "指标\nIndicator" and sheet.cell(3, 3).value == "数值\nValue"
    rows = {sheet.cell(r, 7).value: r for r in range(4, sheet.max_row + 1)}
    assert sheet.cell(rows["max_construction_m2"], 3).value == pytest.approx(round(4 * a, 2))
    assert sheet.cell(rows["max_urban_population"], 3).value == round(4 * a / 90)
    assert sheet.cell(rows["urban_population_ratio"], 6).value == "不超载"
    assert "面积 note" in sheet.cell(2, 1).value
    units = workbook[cc.SHEET_NAMES[1]]
    headers = [units.cell(3, c).value for c in range(1, units.max_column + 1)]
    assert "城镇建设用地最大规模（平方米）\nMax. urban construction land (m²)" in headers
    assert not any("耕地" in h for h in headers)  # no agricultural side, no empty columns
    column = headers.index("城镇建设用地最大规模（平方米）\nMax. urban construction land (m²)") + 1
    assert [units.cell(r, 2).value for r in range(4, 7)] == ["甲镇", "乙镇", "丙镇"]
    assert units.cell(7, 1).value == str(cc.TOTAL) and units.cell(7, column).value == pytest.approx(4 * a)
    notes = workbook[cc.SHEET_NAMES[2]]
    items = {notes.cell(r, 1).value: notes.cell(r, 2).value for r in range(4, notes.max_row + 1)}
    assert items["人均城镇建设用地（平方米/人） Urban construction land per capita (m²)"] == "90"
    assert "椭球" in items["面积计算方法 Area method"]
    assert "输入 城镇.tif" in [notes.cell(r, 2).value for r in range(4, notes.max_row + 1)]


def test_without_units_there_is_no_unit_sheet_and_the_csv_opens_in_excel(tmp_path):
    table = cc.carrying_capacity(cc.CapacityAreas(agricultural=cc.ClassAreas(1000.0, 0.0)))
    workbook = load_workbook(cc.write_report(tmp_path / "r.xlsx", table, "note"))
    assert workbook.sheetnames == [cc.SHEET_NAMES[0], cc.SHEET_NAMES[2]]
    path = cc.write_table(tmp_path / "承载规模.csv", table)
    assert (tmp_path / "承载规模.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    read = pd.read_csv(path, encoding="utf-8-sig")
    assert read.columns.tolist() == ["代码 Key", "指标 Indicator", "指标（英文） Indicator (en)", "数值 Value", "单位 Unit",
                                     "计算方法 Formula", "承载状态 Status"]
    assert dict(zip(read["代码 Key"], read["数值 Value"]))["max_cultivated_mu"] == approx(1000.0 / SQUARE_METRES_PER_MU)
    assert "耕地最大规模" in read["指标 Indicator"].tolist()
