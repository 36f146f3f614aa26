"""界址点坐标 TXT: the red-line coordinate file of 建设用地报批 (land-use approval).

Layout
------
The file follows the layout of the "建设项目用地红线坐标文件内容要求" that the provincial
land-approval systems accept: an ``[属性描述]`` section of ``key=value`` lines, then a
``[地块坐标]`` section with, for each plot, one plot line followed by its point lines::

    [属性描述]
    格式版本号=
    数据产生单位=
    数据产生日期=2024-01-01
    坐标系=2000国家大地坐标系
    几度分带=3
    投影类型=高斯克吕格
    计量单位=米
    带号=39
    精度=0.001
    转换参数=,,,,,,
    [地块坐标]
    5,0.7655,1,地块1,面,,用途,,@
    J1,1,3500100.000,39500100.000
    J2,1,3500100.000,39500187.000
    J3,1,3500012.000,39500187.000
    J4,1,3500012.000,39500100.000
    J1,1,3500100.000,39500100.000

Plot line (comma separated, ending with ``@``):
    界址点数, 地块面积 (公顷, 4 decimals), 地块编号, 地块名称, 记录图形属性 (always 面),
    图幅号, 地块用途, 地类编码, @

Point line:
    点号, 圈号, X, Y

* X is the NORTHING and Y the EASTING *with* the zone number in front (8 integer digits),
  as Chinese surveying writes them; both with the decimals of ``精度`` (3 for 0.001 m).
* 圈号 numbers the rings of a plot: 1 is the outer ring, 2, 3, ... its holes (a multi-part
  plot simply continues the numbering with the next part's outer ring; a reader tells
  outer rings from holes by orientation or containment).
* Every ring is closed by repeating its first point, with the first point's number.
  Point numbers J1, J2, ... run on across the rings of one plot.
* 界址点数 counts the point lines of the plot, closing repeats included.
* Outer rings run clockwise and holes counter-clockwise (as seen on the map), each ring
  starting at the vertex nearest the north-west corner of its bounding box, the usual
  界址点 numbering practice.
* 地块面积 is the ellipsoidal (CGCS2000) area from :func:`core.areas.polygon_areas`, the
  figure 三调 and land approval use, not the planar area of the projected coordinates.

Lines end with ``"\\n"`` (LF). The approval systems we know read LF and CRLF alike; a
caller who must deliver CRLF can convert the file afterwards. The text is encoded in
GBK by default because that is what those systems expect.

:func:`read_coordinate_txt` reads such files back, including the variants found in practice
(swapped X/Y columns, eastings without zone prefix, GBK or UTF-8, unclosed rings, other 圈号
conventions, extra provincial fields before ``@``).
"""
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import numpy as np
import shapely

from ..areas import polygon_areas
from ..crs import ZONE_RANGES, CoordinatesOutsideCrsError, check_coordinates_in_crs, zone_epsg
from ..report import Text
from ..units import SQUARE_METRES_PER_HECTARE, to_hectares
from .quality import reason_text

#: The ``[属性描述]`` keys in their required order, with the values used when the caller
#: does not override them. ``带号`` is filled from the data when not given.
DEFAULT_HEADER = {
    "格式版本号": "",
    "数据产生单位": "",
    "数据产生日期": "",  # today's date when the caller gives none
    "坐标系": "2000国家大地坐标系",
    "几度分带": "3",
    "投影类型": "高斯克吕格",
    "计量单位": "米",
    "带号": "39",
    "精度": "0.001",
    "转换参数": ",,,,,,",
}

GRAPHIC_TYPE = "面"
POINT_PREFIX = "J"
#: Zone-prefixed eastings are at least 10 000 000 m (zone 13 of the 6-degree system).
_MIN_PREFIXED_EASTING = 10_000_000.0


def write_coordinate_txt(path, plots, header=None, encoding="gbk", crs=None):
    """Write ``plots`` as a 界址点坐标 TXT file at ``path``.

    ``plots`` is an iterable of dicts with the keys ``geometry`` (shapely Polygon or
    MultiPolygon in a CGCS2000 Gauss-Krüger CRS *with* the zone number in the false
    easting, e.g. EPSG:4527), ``number``, ``name``, ``use`` and ``landuse_code``
    (optionally ``sheet``, the 图幅号). ``header`` overrides entries of
    :data:`DEFAULT_HEADER` (unknown keys are refused). ``crs`` is only needed for
    6-degree data; by default the CRS is the 3-degree zone read from the eastings.

    Raises ``ValueError`` for data the format cannot carry (eastings without the zone
    prefix, several zones in one file, commas in text fields, empty geometries),
    :class:`core.crs.ZoneError` for a zone the band width (几度分带) does not have, and
    ``UnicodeEncodeError`` when a text field does not exist in ``encoding``.
    """
    plots = list(plots)
    if not plots:
        raise ValueError("no plots to write")
    zone = _zone_of(plots)
    header = _merged_header(header, zone)
    zone_crs = _crs_for_zone(zone, header["几度分带"])  # ZoneError for a zone 几度分带 does not have
    crs = crs if crs is not None else zone_crs
    decimals = _decimals(header["精度"])
    areas = polygon_areas([plot["geometry"] for plot in plots], crs)

    lines = ["[属性描述]"]
    lines += [f"{key}={value}" for key, value in header.items()]
    lines.append("[地块坐标]")
    for plot, area in zip(plots, areas):
        lines += _plot_lines(plot, area, decimals)

    with open(path, "w", encoding=encoding, newline="\n") as stream:
        stream.write("\n".join(lines) + "\n")


def _merged_header(overrides, zone):
    header = dict(DEFAULT_HEADER, 数据产生日期=f"{date.today():%Y-%m-%d}", 带号=str(zone))
    overrides = dict(overrides or {})
    unknown = set(overrides) - set(header)
    if unknown:
        raise ValueError(f"unknown header keys {sorted(unknown)}; allowed: {list(header)}")
    header.update({key: str(value) for key, value in overrides.items()})
    if header["带号"] != str(zone):
        raise ValueError(f"header says 带号={header['带号']} but the eastings are in zone {zone}")
    return header


def _zone_of(plots):
    """The zone number every easting starts with (the format needs exactly one)."""
    zones = set()
    for plot in plots:
        geometry = plot["geometry"]
        if geometry is None or geometry.is_empty:
            raise ValueError(f"plot {plot.get('number')!r} has no geometry")
        eastings = shapely.get_coordinates(geometry)[:, 0]
        if eastings.min() < _MIN_PREFIXED_EASTING:
            raise ValueError(
                f"plot {plot.get('number')!r}: eastings must carry the zone number "
                "(e.g. 39 500 000 m, EPSG:4527), not the bare 500 000 m false easting"
            )
        zones.update(np.unique(np.floor(eastings / 1_000_000)).astype(int).tolist())
    if len(zones) != 1:
        raise ValueError(f"one file holds one projection zone, these plots span {sorted(zones)}")
    return zones.pop()


def _crs_for_zone(zone, zone_width):
    if str(zone_width) not in ("3", "6"):
        raise ValueError(f"几度分带 must be 3 or 6, not {zone_width!r}")
    return f"EPSG:{zone_epsg(zone, int(zone_width))}"  # ZoneError for a zone the band width does not have


def _decimals(precision_text):
    """``精度=0.001`` → 3 decimals (at least 0)."""
    precision = float(precision_text)
    if precision <= 0:
        raise ValueError(f"精度 must be positive, not {precision_text!r}")
    return max(0, int(round(-math.log10(precision))))


def _plot_lines(plot, area_m2, decimals):
    rings = list(_rings(plot["geometry"], decimals))
    point_lines = _point_lines(rings, decimals)
    fields = [
        str(len(point_lines)),
        f"{to_hectares(area_m2):.4f}",
        _text(plot, "number"),
        _text(plot, "name"),
        GRAPHIC_TYPE,
        _text(plot, "sheet"),
        _text(plot, "use"),
        _text(plot, "landuse_code"),
        "@",
    ]
    return [",".join(fields)] + point_lines


def _text(plot, key):
    value = plot.get(key)
    text = "" if value is None else str(value)
    if any(char in text for char in ",\r\n"):
        raise ValueError(f"plot field {key}={text!r} may not contain commas or line breaks")
    return text


def _point_lines(rings, decimals):
    lines, number = [], 0
    for ring_number, ring in enumerate(rings, start=1):
        first = number + 1
        for x, y in ring:
            number += 1
            lines.append(_point_line(number, ring_number, x, y, decimals))
        x, y = ring[0]
        lines.append(_point_line(first, ring_number, x, y, decimals))
    return lines


def _point_line(number, ring_number, easting, northing, decimals):
    # X = northing, Y = zone-prefixed easting: the surveying convention, not GIS x/y.
    return f"{POINT_PREFIX}{number},{ring_number},{northing:.{decimals}f},{easting:.{decimals}f}"


def _rings(geometry, decimals):
    """Open rings (no closing repeat) of every part: the outer ring, then its holes."""
    for polygon in shapely.get_parts(geometry):
        if not isinstance(polygon, shapely.Polygon):
            raise ValueError(f"only polygons can be written, not {polygon.geom_type}")
        yield _normalised_ring(polygon.exterior, clockwise=True, decimals=decimals)
        for hole in polygon.interiors:
            yield _normalised_ring(hole, clockwise=False, decimals=decimals)


def _normalised_ring(ring, clockwise, decimals):
    """Rounded vertices without repeats, oriented and started at the north-west."""
    coords = np.round(np.asarray(ring.coords)[:-1], decimals)
    keep = np.any(coords != np.roll(coords, 1, axis=0), axis=1)  # drop repeated points
    coords = coords[keep] if keep.any() else coords[:1]
    if len(coords) < 3:
        raise ValueError("a ring needs at least three distinct points")
    if _is_clockwise(coords) != clockwise:
        coords = coords[::-1]
    return np.roll(coords, -_north_west_index(coords), axis=0)


def _is_clockwise(coords):
    # Shoelace formula on coordinates relative to the first vertex: zone-prefixed eastings
    # are ~4e7, and their products would lose the small ring's area to rounding.
    x, y = (coords - coords[0]).T
    signed_area = np.sum(x * np.roll(y, -1) - np.roll(x, -1) * y)
    return signed_area < 0


def _north_west_index(coords):
    corner = np.array([coords[:, 0].min(), coords[:, 1].max()])
    return int(np.argmin(np.hypot(*(coords - corner).T)))


# ---------------------------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------------------------

#: 坐标系 values and the EPSG code of their Gauss-Krüger zones (with zone prefix) as f(zone).
_DATUMS = {
    "2000": ("CGCS2000", {3: lambda zone: 4488 + zone, 6: lambda zone: 4478 + zone}),
    "CGCS": ("CGCS2000", {3: lambda zone: 4488 + zone, 6: lambda zone: 4478 + zone}),
    "西安": ("Xian 1980", {3: lambda zone: 2324 + zone, 6: lambda zone: 2314 + zone}),
    "1980": ("Xian 1980", {3: lambda zone: 2324 + zone, 6: lambda zone: 2314 + zone}),
    "北京": ("Beijing 1954", {3: lambda zone: 2376 + zone, 6: lambda zone: 21400 + zone}),
    "1954": ("Beijing 1954", {3: lambda zone: 2376 + zone, 6: lambda zone: 21400 + zone}),
}
#: The declared 地块面积 is checked against the ellipsoidal area: a difference above this share
#: (or above 1 m², the rounding of 4-decimal hectares) gives a warning.
DEFAULT_AREA_TOLERANCE = 0.001


#: The X and Y columns were given easting first (界址点 files put the northing, X, first).
SWAPPED_WARNING = Text("X、Y 两列顺序颠倒（横坐标在前），已按横坐标、纵坐标读取",
                       "the X and Y columns are swapped (easting first); they were read as easting, northing")


class CoordinateTxtError(ValueError):
    """A malformed coordinate file; ``line`` is the 1-based line number (None: whole file)."""

    def __init__(self, message, line=None):
        """``message``: a :class:`core.report.Text` (both wordings) or plain English text."""
        text = message if isinstance(message, Text) else Text(str(message), str(message))
        self.text = Text(f"第 {line} 行：{text.zh}", f"line {line}: {text.en}") if line else text
        super().__init__(self.text.en)
        self.line = line


class CoordinateTxtZoneError(CoordinateTxtError):
    """A zone number that does not exist for the file's band width (几度分带), e.g. zone-39 eastings
    in a 6-degree file (6-degree zones are 13-23). ``line`` is the first line with that zone (a point
    line when the zone comes from the eastings, the 带号 line otherwise); ``width_line`` the
    几度分带 line (None when the header does not say and 3 is assumed); ``source`` is "eastings"
    or "header"."""

    def __init__(self, zone, width, line, width_line, source):
        self.zone, self.width, self.width_line, self.source = zone, width, width_line, source
        self.first, self.last = ZONE_RANGES[width]
        where = "the eastings" if source == "eastings" else "带号"
        super().__init__(f"zone {zone} (from {where}) does not exist in the {width}-degree system of 几度分带={width}"
                         f"{f' (line {width_line})' if width_line else ''}: {width}-degree zones run from "
                         f"{self.first} to {self.last}", line)


class CoordinateTxtOutsideCrsError(CoordinateTxtError):
    """Points that cannot lie in the CRS the header declares (garbage or misplaced columns);
    ``outside`` is the :class:`core.crs.CoordinatesOutsideCrsError` with the CRS, range and look,
    ``line`` the first plot line."""

    def __init__(self, outside, line):
        self.outside = outside
        super().__init__(str(outside), line)


@dataclass
class Plot:
    number: str
    name: str
    use: str
    landuse_code: str
    sheet: str
    declared_area_ha: float
    declared_points: int
    line: int  # line number of the plot line
    geometry: object = None  # shapely (Multi)Polygon in the file's CRS
    area_m2: float = None  # ellipsoidal
    extra: list = field(default_factory=list)  # provincial extra fields before "@"


@dataclass
class CoordinateFile:
    header: dict
    plots: list
    crs: str  # "EPSG:nnnn"
    encoding: str
    warnings: list


def read_coordinate_txt(path, encoding=None, area_tolerance=DEFAULT_AREA_TOLERANCE):
    """Read a 界址点坐标 TXT file into plots with polygons.

    * ``encoding`` None: UTF-8 (with or without BOM) when the bytes are valid UTF-8, else GBK.
    * Point columns are X = northing, Y = zone-prefixed easting. Files with the two columns
      swapped (GIS order) are detected from the digit counts, read correctly and reported.
      Eastings without the zone prefix get the 带号 of the header.
    * Ring numbers (圈号) group a plot's points; rings inside another ring are its holes.
      Unclosed rings are closed (reported).
    * 界址点数 and 地块面积 are checked against the points and the ellipsoidal area; differences
      are warnings, never errors, because provinces count points differently.
    Raises :class:`CoordinateTxtError` with the line number for what cannot be read.
    """
    raw = Path(path).read_bytes()
    text, used_encoding = _decode(raw, encoding)
    warnings = []
    header, plot_blocks, header_lines = _parse_sections(text.splitlines())
    zone_width = _zone_width(header, header_lines)
    swapped = _columns_swapped(plot_blocks)
    if swapped:
        warnings.append(SWAPPED_WARNING)
    zone, zone_line, zone_source = _zone(header, plot_blocks, swapped, warnings, header_lines)
    if not ZONE_RANGES[zone_width][0] <= zone <= ZONE_RANGES[zone_width][1]:
        raise CoordinateTxtZoneError(zone, zone_width, zone_line, header_lines.get("几度分带"), zone_source)
    crs = _crs_of(header, zone, zone_width, warnings, header_lines)
    plots = []
    for plot, points in plot_blocks:
        plot.geometry = _plot_geometry(plot, points, swapped, zone, warnings)
        plots.append(plot)
    try:
        if plots:
            check_coordinates_in_crs(crs, shapely.total_bounds([plot.geometry for plot in plots]))
        areas = polygon_areas([plot.geometry for plot in plots], crs) if plots else []
    except CoordinatesOutsideCrsError as error:
        raise CoordinateTxtOutsideCrsError(error, plots[0].line) from None
    for plot, area in zip(plots, areas):
        plot.area_m2 = float(area)
        declared = plot.declared_area_ha * SQUARE_METRES_PER_HECTARE
        if abs(declared - area) > max(area_tolerance * area, 1.0):
            warnings.append(Text(f"第 {plot.line} 行：地块 {plot.number} 标明面积 {plot.declared_area_ha:.4f} 公顷，"
                                 f"椭球面积为 {to_hectares(area):.4f} 公顷",
                                 f"line {plot.line}: plot {plot.number} declares {plot.declared_area_ha:.4f} ha but "
                                 f"its ellipsoidal area is {to_hectares(area):.4f} ha"))
    return CoordinateFile(header, plots, crs, used_encoding, warnings)


def _decode(raw, encoding):
    if encoding:
        try:
            return raw.decode(encoding), encoding
        except UnicodeDecodeError as error:
            line = raw[:error.start].count(b"\n") + 1
            raise CoordinateTxtError(Text(f"文件不是有效的 {encoding} 文本", f"the file is not valid {encoding}"),
                                     line) from None
    try:
        return raw.decode("utf-8-sig"), "utf-8"
    except UnicodeDecodeError:
        pass
    try:
        return raw.decode("gb18030"), "gbk"
    except UnicodeDecodeError as error:
        line = raw[:error.start].count(b"\n") + 1
        raise CoordinateTxtError(Text("文件既不是 UTF-8 也不是 GBK 文本", "the file is neither UTF-8 nor GBK text"),
                                 line) from None


def _parse_sections(lines):
    """The header, the plot blocks and the line number of every header key."""
    header, header_lines, blocks, section, current = {}, {}, [], None, None
    for number, line in enumerate(lines, start=1):
        line = line.strip().replace("，", ",")  # full-width commas typed by hand
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            section = line[1:-1].strip()
            continue
        if section == "属性描述":
            key, separator, value = line.partition("=")
            if not separator:
                raise CoordinateTxtError(Text(f"[属性描述] 中应为“键=值”，实为 {line!r}",
                                              f"expected key=value in [属性描述], found {line!r}"), number)
            header[key.strip()] = value.strip()
            header_lines[key.strip()] = number
        elif section == "地块坐标":
            fields = [part.strip() for part in line.split(",")]
            if fields[-1] == "@":
                current = (_plot_from_fields(fields, number), [])
                blocks.append(current)
            else:
                if current is None:
                    raise CoordinateTxtError(Text("界址点出现在地块行（以 @ 结尾）之前",
                                                  "a point comes before any plot line (ending with @)"), number)
                current[1].append(_point_from_fields(fields, number))
        elif section is None:
            raise CoordinateTxtError(Text("[属性描述] 节之前有文字", "text before the [属性描述] section"), number)
    if not blocks:
        raise CoordinateTxtError(Text("没有含地块的 [地块坐标] 节", "no [地块坐标] section with plots"))
    return header, blocks, header_lines


def _plot_from_fields(fields, line):
    if len(fields) < 9:
        raise CoordinateTxtError(Text(f"地块行至少应有 9 个字段并以 @ 结尾，实有 {len(fields)} 个",
                                      f"a plot line has at least 9 fields ending with @, found {len(fields)}"), line)
    try:
        points = int(fields[0])
        area = float(fields[1]) if fields[1] else 0.0
    except ValueError:
        raise CoordinateTxtError(Text(f"界址点数和地块面积应为数字，实为 {fields[0]!r}、{fields[1]!r}",
                                      f"界址点数 and 地块面积 must be numbers, found {fields[0]!r}, {fields[1]!r}"),
                                 line) from None
    return Plot(number=fields[2], name=fields[3], use=fields[6], landuse_code=fields[7], sheet=fields[5],
                declared_area_ha=area, declared_points=points, line=line, extra=fields[8:-1])


def _point_from_fields(fields, line):
    if len(fields) < 4:
        raise CoordinateTxtError(Text(f"界址点行应为“点号,圈号,X,Y”，实有 {len(fields)} 个字段",
                                      f"a point line is 点号,圈号,X,Y; found {len(fields)} fields"), line)
    try:
        return fields[0], int(fields[1]), float(fields[2]), float(fields[3]), line
    except ValueError:
        raise CoordinateTxtError(Text(f"圈号应为整数，X、Y 应为数字，实为 {fields[1:4]}",
                                      f"圈号 must be an integer and X, Y numbers; found {fields[1:4]}"), line) from None


def _zone_width(header, header_lines):
    width = header.get("几度分带", "3").strip() or "3"
    if width not in ("3", "6"):
        raise CoordinateTxtError(Text(f"几度分带应为 3 或 6，不是 {width!r}", f"几度分带 must be 3 or 6, not {width!r}"),
                                 header_lines.get("几度分带"))
    return int(width)


def _columns_swapped(blocks):
    """True when the first numeric column holds the (8-digit) eastings and the second the northings."""
    first = np.array([point[2] for _, points in blocks for point in points])
    second = np.array([point[3] for _, points in blocks for point in points])
    if not len(first):
        return False
    return bool(np.median(first) >= _MIN_PREFIXED_EASTING > np.median(second))


def _zone(header, blocks, swapped, warnings, header_lines):
    """The zone number, the line it was read from and whether from the "eastings" or the "header"."""
    points = [point for _, plot_points in blocks for point in plot_points]
    eastings = np.array([point[2] if swapped else point[3] for point in points])
    declared = header.get("带号", "").strip()
    if len(eastings) and np.median(eastings) >= _MIN_PREFIXED_EASTING:
        point_zones = np.floor(eastings / 1e6).astype(int)
        zones = np.unique(point_zones)
        if len(zones) != 1:
            other = next(index for index, zone in enumerate(point_zones) if zone != point_zones[0])
            raise CoordinateTxtError(Text(f"横坐标跨多个投影带：{zones.tolist()}（第 {points[0][4]} 行为第 "
                                          f"{point_zones[0]} 带）",
                                          f"the eastings span several zones: {zones.tolist()} (zone {point_zones[0]} "
                                          f"from line {points[0][4]})"), points[other][4])
        if declared and declared != str(zones[0]):
            warnings.append(Text(f"文件头带号={declared}，但横坐标位于第 {zones[0]} 带；按第 {zones[0]} 带读取",
                                 f"header says 带号={declared} but the eastings are in zone {zones[0]}; using {zones[0]}"))
        return int(zones[0]), points[0][4], "eastings"
    if not declared.isdigit():
        raise CoordinateTxtError(Text("横坐标不带带号，文件头也没有带号",
                                      "the eastings have no zone prefix and the header has no 带号"),
                                 header_lines.get("带号"))
    warnings.append(Text(f"横坐标不带带号，已按文件头加上第 {declared} 带",
                         f"the eastings have no zone prefix; zone {declared} from the header was added"))
    return int(declared), header_lines.get("带号"), "header"


def _crs_of(header, zone, zone_width, warnings, header_lines):
    system = header.get("坐标系", "2000国家大地坐标系")
    for key, (datum, epsg_of) in _DATUMS.items():
        if key in system:
            if datum != "CGCS2000":
                warnings.append(Text(f"坐标系={system} 是 {datum}，不是 CGCS2000：与其他数据比较前请先转换",
                                     f"坐标系={system} is {datum}, not CGCS2000: reproject before comparing with "
                                     "other data"))
            return f"EPSG:{epsg_of[zone_width](zone)}"
    raise CoordinateTxtError(Text(f"未知坐标系 {system!r}（应为 2000国家大地坐标系、1980西安坐标系或1954北京坐标系）",
                                  f"unknown 坐标系 {system!r} (expected 2000国家大地坐标系, 1980西安坐标系 or "
                                  "1954北京坐标系)"), header_lines.get("坐标系"))


def _plot_geometry(plot, points, swapped, zone, warnings):
    rings = {}
    for _, ring_number, x, y, _line in points:
        northing, easting = (y, x) if swapped else (x, y)
        if easting < _MIN_PREFIXED_EASTING:
            easting += zone * 1e6
        rings.setdefault(ring_number, []).append((easting, northing))
    counted = len(points)
    if plot.declared_points not in (counted, counted - len(rings)):
        warnings.append(Text(f"第 {plot.line} 行：地块 {plot.number} 标明 {plot.declared_points} 个界址点，文件列出 "
                             f"{counted} 个", f"line {plot.line}: plot {plot.number} says {plot.declared_points} "
                             f"points, the file lists {counted}"))
    polygons = []
    for ring_number, coords in rings.items():
        if coords[0] != coords[-1]:
            warnings.append(Text(f"第 {plot.line} 行：地块 {plot.number} 的第 {ring_number} 圈未闭合，已闭合",
                                 f"line {plot.line}: ring {ring_number} of plot {plot.number} was not closed; "
                                 "closed it"))
            coords = coords + [coords[0]]
        if len(set(coords)) < 3:
            raise CoordinateTxtError(Text(f"地块 {plot.number} 的第 {ring_number} 圈不同的界址点少于 3 个",
                                          f"ring {ring_number} of plot {plot.number} has fewer than 3 distinct "
                                          "points"), plot.line)
        polygons.append(shapely.Polygon(coords))
    return _assemble(polygons, plot, warnings)


def _assemble(rings, plot, warnings):
    """Outer rings with the rings they contain as holes (圈号 conventions differ between tools)."""
    rings = sorted(rings, key=lambda ring: -ring.area)
    parts = []  # [shell, [holes]]
    for ring in rings:
        container = next((part for part in parts if part[0].contains(ring)), None)
        if container is None:
            parts.append([ring, []])
        else:
            container[1].append(ring.exterior.coords)
    polygons = [shapely.Polygon(shell.exterior.coords, holes) for shell, holes in parts]
    geometry = polygons[0] if len(polygons) == 1 else shapely.MultiPolygon(polygons)
    if not geometry.is_valid:
        reason = reason_text(shapely.is_valid_reason(geometry))
        warnings.append(Text(f"第 {plot.line} 行：地块 {plot.number} 不是有效的面（{reason.zh}），已修复",
                             f"line {plot.line}: plot {plot.number} is not a valid polygon ({reason.en}); it was "
                             "repaired"))
        geometry = shapely.make_valid(geometry)
    return geometry
