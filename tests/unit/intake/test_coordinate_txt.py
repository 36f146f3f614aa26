"""core.intake.coordinate_txt: 界址点坐标 TXT round trips, real-world variants and errors with line numbers."""
import pytest
import shapely

from factories import square, square_with_hole
from multiplan.core.areas import polygon_areas
from multiplan.core.intake.coordinate_txt import CoordinateTxtError, read_coordinate_txt, write_coordinate_txt

HEADER = "[属性描述]\n坐标系=2000国家大地坐标系\n几度分带=3\n投影类型=高斯克吕格\n计量单位=米\n带号=39\n精度=0.001\n[地块坐标]\n"


def plot(geometry, number="1", **extra):
    return {"geometry": geometry, "number": number, "name": f"地块{number}", "use": "工业", "landuse_code": "1001",
            **extra}


def write_text(tmp_path, text, encoding="gbk", name="红线.txt"):
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_round_trip_keeps_geometry_attributes_and_area(tmp_path):
    two_parts = shapely.MultiPolygon([square(50, x0=39_501_000), square(30, x0=39_501_100)])
    plots = [plot(square(100)), plot(square_with_hole(200, 60, x0=39_500_300), "2"), plot(two_parts, "3")]
    path = tmp_path / "项目 红线.txt"
    write_coordinate_txt(path, plots, header={"数据产生单位": "示范县自然资源局"})
    result = read_coordinate_txt(path)
    assert result.warnings == [] and result.crs == "EPSG:4527" and result.encoding == "gbk"
    assert result.header["数据产生单位"] == "示范县自然资源局"
    assert [p.number for p in result.plots] == ["1", "2", "3"]
    assert [p.name for p in result.plots] == ["地块1", "地块2", "地块3"]
    for written, read in zip(plots, result.plots):
        assert read.geometry.normalize().equals_exact(written["geometry"].normalize(), tolerance=1e-6)
    assert [round(p.area_m2, 3) for p in result.plots] == [round(a, 3) for a in polygon_areas([p["geometry"] for p in plots], 4527)]
    assert result.plots[1].geometry.area == 200 * 200 - 60 * 60  # the hole survived


def test_plot_line_fields_and_point_count(tmp_path):
    path = tmp_path / "a.txt"
    write_coordinate_txt(path, [plot(square(100))])
    lines = path.read_text(encoding="gbk").splitlines()
    first_plot = lines.index("[地块坐标]") + 1
    assert lines[first_plot].startswith("5,1.0000,1,地块1,面,,工业,1001,@")
    assert lines[first_plot + 1].startswith("J1,1,35001") and lines[-1].split(",")[0] == "J1"


def test_swapped_columns_are_detected_and_read_correctly(tmp_path):
    text = HEADER + ("5,1.0000,1,地块1,面,,,,@\n"
                     "J1,1,39500000.000,3500100.000\nJ2,1,39500100.000,3500100.000\n"
                     "J3,1,39500100.000,3500000.000\nJ4,1,39500000.000,3500000.000\nJ1,1,39500000.000,3500100.000\n")
    result = read_coordinate_txt(write_text(tmp_path, text))
    assert result.plots[0].geometry.normalize().equals(square(100).normalize())
    assert any("swapped" in warning.en for warning in result.warnings)


def test_eastings_without_zone_prefix_take_the_header_zone(tmp_path):
    text = HEADER + ("5,1.0000,1,地块1,面,,,,@\nJ1,1,3500100,500000\nJ2,1,3500100,500100\n"
                     "J3,1,3500000,500100\nJ4,1,3500000,500000\nJ1,1,3500100,500000\n")
    result = read_coordinate_txt(write_text(tmp_path, text))
    assert result.plots[0].geometry.normalize().equals(square(100).normalize())
    assert any("no zone prefix" in warning.en for warning in result.warnings)


def test_unclosed_ring_wrong_count_and_wrong_area_are_warnings_with_lines(tmp_path):
    text = HEADER + ("9,2.5000,7,地块7,面,,,,@\nJ1,1,3500100,39500000\nJ2,1,3500100,39500100\n"
                     "J3,1,3500000,39500100\nJ4,1,3500000,39500000\n")
    result = read_coordinate_txt(write_text(tmp_path, text))
    assert result.plots[0].geometry.area == 10_000.0
    joined = "\n".join(w.en for w in result.warnings)
    assert "line 9: ring 1 of plot 7 was not closed" in joined
    assert "line 9: plot 7 says 9 points" in joined
    assert "line 9: plot 7 declares 2.5000 ha but its ellipsoidal area is 1.0000 ha" in joined
    chinese = "\n".join(w.zh for w in result.warnings)  # a Chinese log reads them in Chinese
    assert "第 9 行：地块 7 的第 1 圈未闭合，已闭合" in chinese
    assert "第 9 行：地块 7 标明面积 2.5000 公顷，椭球面积为 1.0000 公顷" in chinese


def test_holes_found_by_containment_whatever_the_ring_numbers(tmp_path):
    # A tool that numbers the hole 1 and the outer ring 2.
    text = HEADER + ("10,0.0300,1,地块1,面,,,,@\n"
                     "J1,1,3500080,39500020\nJ2,1,3500080,39500080\nJ3,1,3500020,39500080\nJ4,1,3500020,39500020\nJ1,1,3500080,39500020\n"
                     "J5,2,3500100,39500000\nJ6,2,3500100,39500200\nJ7,2,3500000,39500200\nJ8,2,3500000,39500000\nJ5,2,3500100,39500000\n")
    geometry = read_coordinate_txt(write_text(tmp_path, text)).plots[0].geometry
    assert geometry.geom_type == "Polygon" and len(geometry.interiors) == 1
    assert geometry.area == 200 * 100 - 60 * 60


def test_utf8_with_bom_and_xian80_header(tmp_path):
    text = HEADER.replace("2000国家大地坐标系", "1980西安坐标系") + (
        "5,1.0000,1,地块1,面,,,,@\nJ1,1,3500100,39500000\nJ2,1,3500100,39500100\n"
        "J3,1,3500000,39500100\nJ4,1,3500000,39500000\nJ1,1,3500100,39500000\n")
    result = read_coordinate_txt(write_text(tmp_path, "\ufeff" + text, "utf-8"))
    assert result.encoding == "utf-8" and result.crs == "EPSG:2363"  # Xian 1980 / 3-degree GK zone 39
    assert any("not CGCS2000" in warning.en for warning in result.warnings)


@pytest.mark.parametrize("body,line,message", [
    ("J1,1,3500100,39500000\n", 9, "before any plot"),
    ("5,1.0,1,地块1,面,,,,@\nJ1,1,3500100,abc\n", 10, "X, Y numbers"),
    ("5,1.0,1,地块1,面,@\n", 9, "at least 9 fields"),
    ("x,1.0,1,地块1,面,,,,@\n", 9, "must be numbers"),
    ("5,1.0,1,地块1,面,,,,@\nJ1,1,3500100,39500000\nJ2,1,3500100,39500100\nJ1,1,3500100,39500000\n", 9,
     "fewer than 3 distinct points"),
])
def test_malformed_files_name_the_line(tmp_path, body, line, message):
    with pytest.raises(CoordinateTxtError, match=message) as error:
        read_coordinate_txt(write_text(tmp_path, HEADER + body))
    assert error.value.line == line and str(error.value).startswith(f"line {line}:")


def test_file_without_plots_or_in_another_encoding_is_an_error(tmp_path):
    with pytest.raises(CoordinateTxtError, match="no \\[地块坐标\\] section"):
        read_coordinate_txt(write_text(tmp_path, "[属性描述]\n带号=39\n"))
    with pytest.raises(CoordinateTxtError, match="line 1: the file is not valid utf-8"):
        read_coordinate_txt(write_text(tmp_path, "[属性描述]\n坐标系=2000国家大地坐标系\n"), encoding="utf-8")


def test_zone_that_does_not_exist_for_the_band_width_is_an_error_naming_the_line(tmp_path):
    """Issue 16 §3: 几度分带=6 with zone-39 eastings used to be placed in EPSG:4517 (3-degree zone 29)."""
    from multiplan.core.intake.coordinate_txt import CoordinateTxtZoneError

    text = HEADER.replace("几度分带=3", "几度分带=6") + (
        "5,1.0000,1,地块1,面,,,,@\nJ1,1,3500100,39500000\nJ2,1,3500100,39500100\n"
        "J3,1,3500000,39500100\nJ4,1,3500000,39500000\nJ1,1,3500100,39500000\n")
    with pytest.raises(CoordinateTxtZoneError) as error:
        read_coordinate_txt(write_text(tmp_path, text))
    assert (error.value.zone, error.value.width, error.value.line, error.value.width_line) == (39, 6, 10, 3)
    assert str(error.value).startswith("line 10: zone 39") and "13 to 23" in str(error.value)


def test_header_zone_that_does_not_exist_is_an_error_naming_the_header_line(tmp_path):
    from multiplan.core.intake.coordinate_txt import CoordinateTxtZoneError

    text = HEADER.replace("带号=39", "带号=50") + (
        "5,1.0000,1,地块1,面,,,,@\nJ1,1,3500100,500000\nJ2,1,3500100,500100\n"
        "J3,1,3500000,500100\nJ4,1,3500000,500000\nJ1,1,3500100,500000\n")
    with pytest.raises(CoordinateTxtZoneError) as error:
        read_coordinate_txt(write_text(tmp_path, text))
    assert (error.value.zone, error.value.line, error.value.source) == (50, 6, "header")  # the 带号 line


def test_six_degree_file_in_a_real_six_degree_zone_still_reads(tmp_path):
    text = HEADER.replace("几度分带=3", "几度分带=6").replace("带号=39", "带号=20") + (
        "5,1.0000,1,地块1,面,,,,@\nJ1,1,3500100,20500000\nJ2,1,3500100,20500100\n"
        "J3,1,3500000,20500100\nJ4,1,3500000,20500000\nJ1,1,3500100,20500000\n")
    assert read_coordinate_txt(write_text(tmp_path, text)).crs == "EPSG:4498"


def test_points_that_cannot_lie_in_the_declared_crs_are_an_error(tmp_path):
    from multiplan.core.intake.coordinate_txt import CoordinateTxtOutsideCrsError

    # Northings of a few metres: the plot would lie on the equator, not in China.
    text = HEADER + ("5,1.0000,1,地块1,面,,,,@\nJ1,1,100,39500000\nJ2,1,100,39500100\n"
                     "J3,1,0,39500100\nJ4,1,0,39500000\nJ1,1,100,39500000\n")
    with pytest.raises(CoordinateTxtOutsideCrsError) as error:
        read_coordinate_txt(write_text(tmp_path, text))
    assert error.value.line == 9 and error.value.outside.crs_info.epsg == 4527


def test_writer_refuses_a_band_width_the_zone_does_not_have(tmp_path):
    from multiplan.core.crs import ZoneError

    with pytest.raises(ZoneError):
        write_coordinate_txt(tmp_path / "a.txt", [plot(square(100))], header={"几度分带": "6"})
