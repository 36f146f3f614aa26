"""专题图 planning: which maps, where things go on the page, the tables' figures, the font chosen."""
from datetime import date

import numpy as np
import pytest
import shapely

from multiplan.core.areas import polygon_areas
from multiplan.core.crs import crs_label
from multiplan.core.maps import thematic as th
from multiplan.core.report import EN, ZH, report_language

MU = 2000 / 3


def test_a_map_for_each_input_given_and_the_others_named_as_skipped():
    made, skipped = th.planned_maps({"blueprint", "farmland", "projects"})
    assert [kind.key for kind in made] == ["zones_lines", "landuse", "projects"]
    assert {kind.key for kind in skipped} == set(th.MAP_KEYS) - {"zones_lines", "landuse", "projects"}
    assert th.planned_maps(set()) == ([], list(th.MAPS))


@pytest.mark.parametrize("paper", th.PAPER_NAMES)
def test_every_element_lies_on_the_page_and_the_map_leaves_room_for_the_panel(paper):
    page = th.page_layout(paper)
    width, height = th.PAPERS[paper]
    boxes = [page.title, page.map, page.north, page.scale_bar, page.panel, page.note]
    for box in boxes:
        assert 0 < box.x and box.right < width and 0 < box.y and box.bottom < height, box
    assert page.map.right < page.panel.x  # the graticule labels sit between them
    assert page.panel.bottom < page.note.y and page.title.bottom < page.map.y
    assert page.map.x < page.north.x and page.north.right <= page.map.right  # the arrow inside the map
    assert page.scale_bar.y > page.map.bottom
    assert page.scale == pytest.approx(width / 420)
    with pytest.raises(ValueError):
        th.page_layout("B5")


def test_graticule_steps_and_standard_scales():
    assert th.grid_interval(0.2) == pytest.approx(1 / 20, rel=0.5) and th.grid_interval(0.2) in th.GRID_STEPS
    assert th.grid_interval(0.2, lines=4) == pytest.approx(2 / 60)  # 0.05° wanted: 2′ nearer than 5′
    assert th.grid_interval(0.2, lines=2) == pytest.approx(5 / 60)
    assert th.grid_interval(4.0) == 1.0
    assert th.grid_interval(0) == th.GRID_STEPS[-1]
    assert th.nice_scale(82375.6) == 100_000
    assert th.nice_scale(100_000) == 100_000
    assert th.nice_scale(1_700) == 2_000
    assert th.nice_scale(3_200_000) == 4_000_000
    assert th.nice_scale(13_000) == 15_000
    assert all(th.nice_scale(s) / s <= 4 / 3 + 1e-9 for s in np.geomspace(1_000, 2_000_000, 200))


def test_the_first_installed_chinese_font_wins_in_the_documented_order():
    assert th.font_family(["DejaVu Sans", "WenQuanYi Micro Hei", "Noto Sans CJK SC"]) == "Noto Sans CJK SC"
    assert th.font_family(["wenquanyi micro hei"]) == "wenquanyi micro hei"
    assert th.font_family(["DejaVu Sans"]) == ""


def test_the_legend_keeps_only_classes_present_and_says_when_some_ground_has_no_class():
    assert th.present_classes(["0101", "0702", "0703"], ["01", "02", "07"]) == (["01", "07"], False)
    assert th.present_classes(["0101", None], ["01", "02"]) == (["01"], True)
    assert th.present_classes(["99"], ["01"]) == ([], True)


def test_class_areas_add_up_to_the_total_in_hectares_and_mu():
    rows = th.class_area_rows(["07", "01", "07", None], ["居住用地", "耕地", "居住用地", None],
                              [10_000.0, 30_000.0, 5_000.0, 5_000.0], order=["01", "07"])
    with report_language(ZH):
        total = th.class_area_rows(["01"], ["耕地"], [1.0])[-1]
    assert [row[0] for row in rows] == ["01", "07", "", ""]
    assert rows[0] == ("01", "耕地", 1, 3.0, pytest.approx(30_000 / MU), 0.6)
    assert rows[1][:4] == ("07", "居住用地", 2, 1.5) and rows[1][5] == pytest.approx(0.3)
    assert rows[2][2:4] == (1, 0.5)  # no code: its own row, not lost
    assert rows[-1][2:] == (4, 5.0, pytest.approx(50_000 / MU), 1.0)
    assert total[1] == "合计"
    with report_language(ZH):
        headers, cells = th.table_text(rows)
    assert headers == ["代码", "名称", "个数", "面积（公顷）", "占比"]
    assert cells[0] == ["01", "耕地", "1", "3.00", "60.0%"]


def test_projects_carry_their_ellipsoidal_area_and_townships_largest_overlap_first():
    x0, y0 = 39_500_000.0, 3_500_000.0
    east = shapely.box(x0, y0, x0 + 1000, y0 + 1000)
    west = shapely.box(x0 - 1000, y0, x0, y0 + 1000)
    project = shapely.box(x0 - 100, y0 + 100, x0 + 300, y0 + 200)  # 300 m in the east, 100 m in the west
    alone = shapely.box(x0 + 100, y0 + 500, x0 + 200, y0 + 600)
    outside = shapely.box(x0 + 5000, y0, x0 + 5100, y0 + 100)
    met = th.townships_met([project, alone, outside, None], [west, east], ["西镇", "东镇"])
    assert met == [["东镇", "西镇"], ["东镇"], [], []]
    areas = polygon_areas([project, alone], "EPSG:4527")
    rows = th.project_rows(["P1", "P2"], ["学校", None], areas, met[:2])
    with report_language(ZH):
        rows = th.project_rows(["P1", "P2"], ["学校", None], areas, met[:2])
    assert rows[0][0:2] == ("P1", "学校") and rows[1][1] == ""
    assert rows[0][2] == pytest.approx(areas[0] / 10_000) and rows[0][3] == pytest.approx(areas[0] / MU)
    assert abs(areas[0] - 40_000) < 40  # ellipsoidal, not planar: close to but not exactly 4 ha
    assert rows[0][4] == "东镇、西镇"


def test_the_note_names_sources_system_and_date_in_the_report_language_and_no_path():
    with report_language(ZH):
        note = th.note_text(["一张蓝图", "乡镇界线", "一张蓝图"], date(2026, 12, 7), crs_label("EPSG:4527"))
    assert note.splitlines()[0] == "数据来源：一张蓝图、乡镇界线"
    assert "第 39 带" in note and "2026年12月7日" in note and "/" not in note
    with report_language(EN):
        assert th.note_text(["Blueprint"], date(2026, 12, 7), crs_label("EPSG:4527")).endswith("Made on 2026-12-07")
        assert th.map_title(th.kind_of("landuse"), "Demo") == "Demo: Planned land and sea use (one blueprint)"
        assert th.file_stem(th.kind_of("landuse")) == "landuse"
    with report_language(ZH):
        assert th.map_title(th.kind_of("zones_lines"), "示范县") == "示范县三区三线图"
        assert th.file_stem(th.kind_of("landuse")) == "规划用途图"


def test_pdf_page_count_reads_the_last_page_tree():
    """GDAL's georeferencing appends an incremental update to QGIS's PDF: its page tree counts."""
    from multiplan.core.maps.thematic import pdf_page_count

    first = b"%PDF-1.4\n3 0 obj << /Type /Pages /Kids [4 0 R] /Count 1 >> endobj\n"
    update = b"3 0 obj << /Count 5 /Kids [4 0 R 5 0 R 6 0 R 7 0 R 8 0 R] /Type /Pages >> endobj\n"
    assert pdf_page_count(first) == 1 and pdf_page_count(first + update) == 5 and pdf_page_count(b"%PDF") == 0
