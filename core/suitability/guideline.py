"""The guideline's three evaluations (双评价): agricultural production and urban construction
suitability, ecological protection importance. Block by block, driven by the tables of
:mod:`core.suitability.rules` (defaults in ``resources/suitability/``, UNVERIFIED thresholds all editable).

Agricultural / urban suitability (levels 1 = best … 5 = worst):

1. 土地资源: slope from the DEM (Horn, metres on geographic grids too) graded by the slope table;
   urban also takes elevation and 地形起伏度 (relief: max − min in a window whose size follows the
   cell size, ``relief_window.csv``) through its rules;
2. judgement matrices: land × 水资源 (and, for agriculture, × 气候) when those rasters are given;
3. rules in order (pollution, salinisation, hazards, environment, climate, 区位 …); rules whose
   factor is not given are skipped and listed;
4. 集中连片度: connected patches of usable land (levels 1-4, 8-connected) are measured
   (ellipsoidal area in 亩) and their cells moved by the contiguity table;
5. cells of 生态保护极重要区 (the ecology raster at its most important value) become level 5:
   agriculture and construction are evaluated outside them (2020 guideline);
6. collapse: levels → 适宜 / 一般适宜 / 不适宜 (``collapse.csv``).

Ecological importance: service-function and sensitivity rasters (levels, or values graded by
natural breaks with the highest = 1) each give the most important level over their group; the
5-level importance is the most important of both (“取最大值”), the 3 classes come from the
service × sensitivity judgement matrix (or the 5 levels' classes when one group is missing);
protected areas, when given, are level 1.
"""
import re
import uuid
from dataclasses import dataclass, field

import numpy as np
import shapely
from osgeo import gdal, ogr

from ..areas import polygon_areas
from ..progress import report, scaled
from ..report import Text
from ..units import to_mu
from . import mce, rules
from .raster_blocks import (DEFAULT_BLOCK_SIZE, RasterInput, RasterOutput, _gdal_errors, metres_per_unit,
                            metric_cell_size, open_raster, remove_vsimem, run_blocks, sample_raster, Grid)
from .terrain import horn_slope, moving_range

AGRICULTURAL, URBAN = "agricultural", "urban"
KINDS = {
    AGRICULTURAL: {"slope": "agricultural_slope.csv", "rules": "agricultural_rules.csv",
                   "matrices": (("water", "agricultural_land_water.csv"), ("climate", "agricultural_land_climate.csv")),
                   "contiguity": "agricultural_contiguity.csv"},
    URBAN: {"slope": "urban_slope.csv", "rules": "urban_rules.csv",
            "matrices": (("water", "urban_land_water.csv"),), "contiguity": "urban_contiguity.csv"},
}
#: Factor rasters the rules may name (besides elevation and relief, from the DEM).
FACTOR_KEYS = ("water", "climate", "soil_pollution", "salinization", "silt", "hazard", "hazard2", "air",
               "water_env", "location")
USABLE_MAX_LEVEL = 4  # patches for 连片度 are of levels 1-4; level 5 is unusable anyway
CLASS_NAMES = {1: "适宜", 2: "一般适宜", 3: "不适宜"}
ECOLOGY_CLASS_NAMES = {1: "极重要", 2: "重要", 3: "一般"}
LEVEL_NAMES = ("高", "较高", "中等", "较低", "低")
#: Factors and DEM-derived values as reports name them: (中文, English).
FACTOR_NAMES = {"water": ("水资源", "water resources"), "climate": ("气候", "climate"),
                "soil_pollution": ("土壤污染", "soil pollution"), "salinization": ("盐渍化", "salinisation"),
                "silt": ("粉砂含量", "silt content"), "hazard": ("灾害", "hazard"), "hazard2": ("第二种灾害", "second hazard"),
                "air": ("大气环境", "air environment"), "water_env": ("水环境", "water environment"),
                "location": ("区位", "location"), "elevation": ("高程", "elevation"), "relief": ("地形起伏度", "relief")}
_ACTIONS = {"set": ("等级设为 {}", "level set to {}"), "downgrade": ("降 {} 级", "down {} level(s)"),
            "upgrade": ("升 {} 级", "up {} level(s)"), "none": ("不变", "unchanged")}
_TRAILING_ENGLISH = re.compile(r"\s*\([^()]*[A-Za-z][^()]*\)\s*$")


def factor_text(key):
    """A factor key (``soil_pollution``) as reports name it."""
    return Text(*FACTOR_NAMES.get(key, (key, key)))


def matrix_step(key):
    """The judgement-matrix step of factor ``key``."""
    name = factor_text(key)
    return Text(f"土地资源 × {name.zh}判断矩阵", f"land × {name.en} matrix")


def rule_text(rule):
    """A rule as the report names it: its note without the English aside (土壤污染 3 级：降 1 级),
    in English its condition and action (soil_pollution == 3: down 1 level(s))."""
    action = _ACTIONS.get(rule.action, (f"{rule.action} {{}}", f"{rule.action} {{}}"))
    english = f"{rule.condition}: {action[1].format(rule.value)}"
    note = _TRAILING_ENGLISH.sub("", (rule.note or "").strip())
    if not note:
        condition = re.sub(r"[A-Za-z_][A-Za-z_0-9]*", lambda m: FACTOR_NAMES.get(m.group(0), (m.group(0),))[0],
                           rule.condition)
        note = f"{condition}：{action[0].format(rule.value)}"
    return Text(note, english)


def _names(values):
    """{value: name} with each name a Term (English from core.suitability.weighted.ENGLISH_NAMES)."""
    from .weighted import grade_term

    return {key: grade_term(name) for key, name in values.items()}


@dataclass
class GuidelineResult:
    level_table: object  # area per level
    class_table: object  # area per class
    zone_table: object = None  # per admin unit and class
    steps: list = field(default_factory=list)  # (step, area changed m²) lines for the report
    skipped: list = field(default_factory=list)  # rules / matrices not applied, with the reason
    tables: list = field(default_factory=list)  # table files used
    log: list = field(default_factory=list)  # alignment lines
    patches: dict = field(default_factory=dict)  # contiguity class → patch count
    level_names: dict = field(default_factory=dict)
    class_names: dict = field(default_factory=dict)


def relief_window(cell_size_m, folder=None):
    """Window (cells) for 地形起伏度 by cell size: ``relief_window.csv`` rows (max cell size, window)."""
    for row in rules.read_rows("relief_window.csv", folder):
        limit = row.get("max_cell_size", "")
        if limit == "" or cell_size_m < float(limit):
            return int(float(row["window"]))
    raise ValueError("relief_window.csv has no row for this cell size; add one with an empty max_cell_size")


ECOLOGY_EXCLUDED = Text("生态保护极重要区内的像元设为最低等级", "extremely important ecological areas excluded")
WATER_EXCLUDED = Text("水域（河流、湖泊、水库、坑塘）内的像元设为最低等级", "water bodies (rivers, lakes, reservoirs, ponds) "
                                                               "excluded")


def evaluate_suitability(kind, dem, levels_path, classes_path, factors=None, ecology=None, ecology_value=1,
                         zones=None, area=None, folder=None, contiguity=True, grid=None, progress=None,
                         block_size=DEFAULT_BLOCK_SIZE, exclusions=(), slope_path=None, relief_path=None):
    """Agricultural or urban suitability (see the module docstring).

    ``dem``: path; ``factors``: {key in FACTOR_KEYS: path of a level raster (or, for silt, the
    content)}; ``ecology``: ecological class or level raster, cells equal to ``ecology_value``
    excluded; ``zones``: admin unit id raster; ``area``: raster, non-zero = the evaluation area
    (e.g. the county burned), else the DEM's extent; ``grid``: evaluation grid (default the DEM's);
    ``exclusions``: further ``(raster path, value, step text)``: cells equal to the value become the
    lowest level (water bodies, ecology polygons burned as 1); ``slope_path`` / ``relief_path``: also
    write the slope (degrees) and, for the urban kind, the 地形起伏度 (m) the levels come from.
    Writes the final levels (uint8 1..5) and classes (uint8 1..3), returns a :class:`GuidelineResult`.
    """
    spec = KINDS[kind]
    factors = {k: v for k, v in (factors or {}).items() if v}
    unknown = set(factors) - set(FACTOR_KEYS)
    if unknown:
        raise ValueError(f"unknown factors {sorted(unknown)}; use {', '.join(FACTOR_KEYS)}")
    slope_rows = rules.range_table(spec["slope"], folder)
    rule_list = rules.read_rules(spec["rules"], folder)
    matrices = [(key, rules.matrix_table(name, folder)) for key, name in spec["matrices"]]
    collapse = _collapse(folder)
    result = GuidelineResult(None, None, level_names=_names(dict(enumerate(LEVEL_NAMES, 1))),
                             class_names=_names(CLASS_NAMES))
    result.tables = [str(rules.table_path(name, folder)[0]) for name in
                     (spec["slope"], spec["rules"], *(n for _, n in spec["matrices"]), spec["contiguity"],
                      "collapse.csv", "relief_window.csv")]
    available = set(factors) | {"elevation", "relief"}
    for key, _ in matrices:
        if key not in factors:
            name = factor_text(key)
            result.skipped.append(Text(f"{matrix_step(key).zh}：未提供{name.zh}栅格",
                                       f"{matrix_step(key).en}: no {name.en} raster given"))
    for rule in rule_list:
        missing = rule.factors - available
        if missing and rule.action != "none":
            names = [factor_text(key) for key in sorted(missing)]
            result.skipped.append(Text(f"规则“{rule_text(rule).zh}”：未提供{'、'.join(n.zh for n in names)}栅格",
                                       f"rule “{rule_text(rule).en}”: no {', '.join(n.en for n in names)} raster given"))

    reference = grid or Grid.of(open_raster(dem), "DEM")
    if reference.srs() is None:
        raise ValueError("the DEM has no CRS, so slopes cannot be computed; assign one")
    metric = reference.cell_size[0] * metres_per_unit(reference)
    window = relief_window(metric, folder) if kind == URBAN else 1
    halo = max(1, window // 2)
    inputs = {"DEM": RasterInput(str(dem), resampling="bilinear", dtype="float64")}
    inputs.update({key: RasterInput(str(path), resampling="near" if key != "silt" else "bilinear")
                   for key, path in factors.items()})
    if area:
        inputs["area"] = RasterInput(str(area), resampling="near")
    steps = _StepTally()

    def integrate(arrays, win):
        dem_block = arrays["DEM"]
        # Horn's slope is computed for every cell of the block but its outer ring: the window's rows
        # plus halo − 1 either side, each with its own metres per degree on a geographic grid.
        dx, dy = metric_cell_size(win.grid, win.rows(halo - 1))
        slope = horn_slope(dem_block, dx, dy)
        inner = {key: _crop(arrays[key], halo) for key in factors}
        inner["elevation"] = _crop(dem_block, halo).astype(np.float32)
        if kind == URBAN:
            inner["relief"] = moving_range(dem_block, window, halo)
        levels = rules.levels_from_ranges(_crop_by(slope, halo - 1), slope_rows)
        if "area" in arrays:
            levels[~mce.constraint_mask(_crop(arrays["area"], halo))] = 0
        area = win.cell_area_m2()
        for key, matrix in matrices:
            if key in inner:
                before = levels
                levels = rules.lookup(matrix, levels, rules.levels_from_values(inner[key]))
                steps.add(matrix_step(key), before, levels, area)
        levels = rules.apply_rules(levels, rule_list, inner,
                                   lambda rule, before, after: steps.add(Text(f"规则：{rule_text(rule).zh}",
                                                                              f"rule: {rule_text(rule).en}"),
                                                                         before, after, area))
        out = {"levels": levels}
        if slope_path:
            out["slope"] = np.where(np.isnan(inner["elevation"]), -9999.0, _crop_by(slope, halo - 1)).astype(np.float32)
        if relief_path and "relief" in inner:
            out["relief"] = np.where(np.isnan(inner["relief"]), -9999.0, inner["relief"]).astype(np.float32)
        return out

    work = f"/vsimem/multiplan_levels_{uuid.uuid4().hex}.tif"
    actions = None
    try:
        outputs = {"levels": RasterOutput(work, "uint8", 0)}
        if slope_path:
            outputs["slope"] = RasterOutput(str(slope_path), "float32", -9999.0)
        if relief_path and kind == URBAN:
            outputs["relief"] = RasterOutput(str(relief_path), "float32", -9999.0)
        run = run_blocks(inputs, integrate, outputs, scaled(progress, 0, 0.5), block_size, reference=grid or "DEM",
                         halo=halo)
        result.log = list(run.log)
        if contiguity:
            actions = _contiguity_actions(work, rules.read_rows(spec["contiguity"], folder), result,
                                          scaled(progress, 0.5, 0.75))
        excluded = ([(ecology, ecology_value, ECOLOGY_EXCLUDED)] if ecology else []) + list(exclusions)
        _finish(work, actions, excluded, zones, collapse, levels_path, classes_path, result, steps,
                scaled(progress, 0.75, 1.0), block_size)
    finally:
        remove_vsimem(work)
        if actions:
            remove_vsimem(actions)
    result.steps = steps.lines()
    from .weighted import style_scores

    for path in (slope_path, relief_path if kind == URBAN else None):
        if path:  # green (flat) to red (steep)
            style_scores(path, low_colour=(26, 150, 65), high_colour=(215, 25, 28))
    report(progress, 1.0)
    return result


def _collapse(folder):
    mapping = np.zeros(rules.LEVELS + 1, dtype=np.uint8)
    for k, row in enumerate(rules.read_rows("collapse.csv", folder), 2):
        level, klass = int(float(row["level"])), int(float(row["class"]))
        if not (1 <= level <= rules.LEVELS and 1 <= klass <= 3):
            raise ValueError(f"collapse.csv line {k}: level 1..5 to class 1..3")
        mapping[level] = klass
    if not mapping[1:].all():
        raise ValueError("collapse.csv must give a class for each level 1..5")
    return mapping


def _crop(array, halo):
    return array[halo:-halo, halo:-halo] if halo else array


def _crop_by(array, extra):
    return array[extra:-extra, extra:-extra] if extra > 0 else array


def _most_important(level_arrays):
    """Per cell the most important (lowest) level of several uint8 level arrays, ignoring 0
    (nodata, which never wins the minimum); None when there are none."""
    if not level_arrays:
        return None
    levels = np.minimum.reduce([np.where(level == 0, 255, level) for level in level_arrays])
    return np.where(levels == 255, 0, levels).astype(np.uint8)


class _ClassTallies:
    """Areas per level, per class and (with zones) per zone and class, block by block; then the
    tables in the result and the styles beside the two rasters."""

    def __init__(self, zoned):
        self.levels, self.classes = mce.AreaTally(), mce.AreaTally()
        self.zones = mce.AreaTally() if zoned else None

    def add(self, levels, classes, cell_area, zones=None):
        self.levels.add(levels, cell_area)
        self.classes.add(classes, cell_area)
        if self.zones is not None:
            self.zones.add(classes, cell_area, np.nan_to_num(zones, nan=0), zone_nodata=0)

    def finish(self, result, levels_path, classes_path, class_colours=None, level_colours=None):
        from .weighted import style_grades

        style_grades(levels_path, result.level_names, colours=level_colours)
        style_grades(classes_path, result.class_names, colours=class_colours)
        result.level_table = self.levels.table(result.level_names)
        result.class_table = self.classes.table(result.class_names)
        result.zone_table = self.zones.table(result.class_names) if self.zones is not None else None


class _StepTally:
    """Area whose level each step changed, summed over the blocks (for the report's 步骤 sheet)."""

    def __init__(self):
        self.changed = {}

    def add(self, step, before, after, cell_area):
        moved = (before != after)
        area = float(np.sum(np.broadcast_to(np.asarray(cell_area, dtype=np.float64), moved.shape)[moved]))
        self.changed[step] = self.changed.get(step, 0.0) + area

    def lines(self):
        return list(self.changed.items())


# --------------------------------------------------------------------------- 集中连片度

def _contiguity_actions(levels_path, table, result, progress):
    """A raster of level shifts per cell from the patch each usable cell belongs to (0 = none;
    encoded as 100 + shift for downgrade/upgrade, 200 + level for set)."""
    bands = _contiguity_rows(table)
    with _gdal_errors():
        levels = gdal.Open(levels_path)
        grid = Grid.of(levels, "levels")
        usable = f"/vsimem/multiplan_usable_{uuid.uuid4().hex}.tif"
        run_blocks({"levels": levels_path},
                   lambda a, w: {"usable": ((a["levels"] >= 1) & (a["levels"] <= USABLE_MAX_LEVEL)).astype(np.uint8)},
                   {"usable": RasterOutput(usable, "uint8", 0)})
        mask = gdal.Open(usable)
        source = ogr.GetDriverByName("Memory").CreateDataSource("patches")
        layer = source.CreateLayer("patches", grid.srs(), ogr.wkbPolygon)
        layer.CreateField(ogr.FieldDefn("value", ogr.OFTInteger))
        band = mask.GetRasterBand(1)
        gdal.Polygonize(band, band, layer, 0, ["8CONNECTED=8"])
        report(progress, 0.5)
        geometries = [shapely.from_wkb(bytes(f.GetGeometryRef().ExportToWkb())) for f in layer]
    remove_vsimem(usable)
    codes = np.zeros(len(geometries), dtype=np.int32)
    if geometries:
        areas_mu = to_mu(polygon_areas(geometries, grid.crs_wkt))
        for k, area in enumerate(areas_mu):
            for low, high, name, code in bands:
                if (low is None or area >= low) and (high is None or area < high):
                    codes[k] = code
                    result.patches[name] = result.patches.get(name, 0) + 1
                    break
    from .rasterise import rasterise

    actions = f"/vsimem/multiplan_contiguity_{uuid.uuid4().hex}.tif"
    shifting = codes != 0
    rasterise(np.asarray(geometries, dtype=object)[shifting] if len(geometries) else [], grid, actions,
              values=codes[shifting], dtype="int16", nodata=0)
    report(progress, 1.0)
    del layer, source, mask, levels
    return actions


def _contiguity_rows(table):
    rows = []
    for k, row in enumerate(table, 2):
        if row.get("metric", "area_mu") != "area_mu":
            raise ValueError(f"contiguity table line {k}: only the metric area_mu (patch area in 亩) is supported")
        action, value = row.get("action", "none").lower(), int(float(row.get("value") or 0))
        code = {"none": 0, "downgrade": 100 + value, "upgrade": 100 - value, "set": 200 + value}.get(action)
        if code is None:
            raise ValueError(f"contiguity table line {k}: action “{action}”; use none, downgrade, upgrade or set")
        low = float(row["min"]) if row.get("min") else None
        high = float(row["max"]) if row.get("max") else None
        rows.append((low, high, row.get("class", ""), code))
    return rows


def _apply_contiguity(levels, codes):
    codes = np.nan_to_num(codes, nan=0).astype(np.int16)
    out = levels.astype(np.int16)
    shift = (codes > 0) & (codes < 200) & (levels > 0)
    out[shift] = np.clip(out[shift] + codes[shift] - 100, 1, rules.LEVELS)
    fixed = (codes >= 200) & (levels > 0)
    out[fixed] = codes[fixed] - 200
    return out.astype(rules.LEVEL_DTYPE)


def _finish(work, actions, exclusions, zones, collapse, levels_path, classes_path, result, steps,
            progress, block_size):
    inputs = {"levels": RasterInput(work, resampling="near")}
    if actions:
        inputs["contiguity"] = RasterInput(actions, resampling="near")
    for number, (path, _, _) in enumerate(exclusions):
        inputs[f"exclusion {number}"] = RasterInput(str(path), resampling="near")
    if zones:
        inputs["zones"] = RasterInput(str(zones), resampling="near", dtype="float64")
    tallies = _ClassTallies(zones is not None)

    def finish(arrays, window):
        levels = rules.levels_from_values(arrays["levels"])
        area = window.cell_area_m2()
        if actions:
            before = levels
            levels = _apply_contiguity(levels, arrays["contiguity"])
            steps.add(Text("集中连片度", "contiguity"), before, levels, area)
        for number, (_, value, step) in enumerate(exclusions):
            before = levels
            excluded = (np.nan_to_num(arrays[f"exclusion {number}"], nan=-1) == value) & (levels > 0)
            levels = np.where(excluded, rules.LEVELS, levels).astype(rules.LEVEL_DTYPE)
            steps.add(step, before, levels, area)
        classes = collapse[levels]
        tallies.add(levels, classes, area, arrays.get("zones"))
        return {"levels": levels, "classes": classes}

    run_blocks(inputs, finish, {"levels": RasterOutput(levels_path, "uint8", 0),
                                "classes": RasterOutput(classes_path, "uint8", 0)}, progress, block_size)
    tallies.finish(result, levels_path, classes_path)


# --------------------------------------------------------------------------- ecology

def evaluate_ecology(services, sensitivities, levels_path, classes_path, values_are_levels=True, protected=None,
                     zones=None, area=None, folder=None, progress=None, block_size=DEFAULT_BLOCK_SIZE):
    """Ecological protection importance (see the module docstring). ``services`` and
    ``sensitivities``: lists of raster paths; ``protected``: a 0/1 raster of protected areas."""
    services, sensitivities = list(services or []), list(sensitivities or [])
    if not services and not sensitivities and not protected:
        raise ValueError("give at least one service-function or sensitivity raster")
    to_class, level_names, class_names = rules.level_classes("ecological_levels.csv", folder)
    result = GuidelineResult(None, None, level_names=_names(level_names), class_names=_names(class_names))
    result.tables = [str(rules.table_path("ecological_levels.csv", folder)[0])]
    if not rules.table_path(RETIRED_ECOLOGICAL_MATRIX, folder)[1]:
        result.skipped.append(Text(f"{RETIRED_ECOLOGICAL_MATRIX} 不再使用：分类由重要性等级决定（取两者较高等级）",
                                   f"{RETIRED_ECOLOGICAL_MATRIX} is no longer used: the class follows the importance "
                                   "level (the more important of the two)"))
    inputs, breaks = {}, {}
    for group, paths in (("service", services), ("sensitivity", sensitivities)):
        for k, path in enumerate(paths, 1):
            name = f"{group} {k}"
            inputs[name] = RasterInput(str(path), resampling="near" if values_are_levels else "bilinear")
            if not values_are_levels:  # natural breaks of the whole raster, highest values = level 1
                breaks[name] = mce.jenks_breaks(sample_raster(path), rules.LEVELS)
    if protected:
        inputs["protected"] = RasterInput(str(protected), resampling="near")
    if area:
        inputs["area"] = RasterInput(str(area), resampling="near")
    if zones:
        inputs["zones"] = RasterInput(str(zones), resampling="near", dtype="float64")
    tallies = _ClassTallies(zones is not None)

    def group_level(arrays, group):
        return _most_important([mce.grade_by_breaks(arrays[name], breaks[name]) if name in breaks
                                else rules.levels_from_values(arrays[name])
                                for name in inputs if name.startswith(group)])

    def combine(arrays, window):
        service, sensitivity = group_level(arrays, "service"), group_level(arrays, "sensitivity")
        levels = _most_important([g for g in (service, sensitivity) if g is not None])
        if levels is None:
            levels = np.full(window.shape, rules.LEVELS, dtype=np.uint8)
        # The class follows the level (the more important of service and sensitivity, “取最大值”), so a
        # 极重要 cell is never in the 一般 class the other evaluations do not exclude.
        classes = to_class[levels]
        if "protected" in arrays:
            inside = mce.constraint_mask(arrays["protected"])
            levels[inside], classes[inside] = 1, 1
        if "area" in arrays:
            outside = ~mce.constraint_mask(arrays["area"])
            levels[outside], classes[outside] = 0, 0
        tallies.add(levels, classes, window.cell_area_m2(), arrays.get("zones"))
        return {"levels": levels, "classes": classes}

    run = run_blocks(inputs, combine, {"levels": RasterOutput(levels_path, "uint8", 0),
                                       "classes": RasterOutput(classes_path, "uint8", 0)}, progress, block_size)
    # importance is drawn in greens, darkest for 极重要 (not the suitability's green-to-red: 一般 is no warning)
    tallies.finish(result, levels_path, classes_path, class_colours=((0, 100, 0), (120, 190, 80), (230, 230, 200)),
                   level_colours=((0, 100, 0), (65, 150, 60), (140, 200, 110), (205, 232, 165), (240, 240, 215)))
    result.log = list(run.log)
    report(progress, 1.0)
    return result


#: The service × sensitivity matrix of earlier versions gave classes that contradicted the levels
#: (a lake of service level 1 and sensitivity 5 was 极重要 by level, 一般 by class); an edited copy
#: in a tables folder is reported as unused.
RETIRED_ECOLOGICAL_MATRIX = "ecological_matrix.csv"


def levels_raster(values, rows, output, grid=None, progress=None):
    """A level raster (uint8) from a value raster (e.g. distance to towns) by (min, max, level) rows."""
    return run_blocks({"values": values}, lambda a, w: {"levels": rules.levels_from_ranges(a["values"], rows)},
                      {"levels": RasterOutput(output, "uint8", 0)}, progress, reference=grid or "values")
