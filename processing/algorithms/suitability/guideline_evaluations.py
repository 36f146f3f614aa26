"""The guideline's three evaluations (双评价): multiplan:agricultural_suitability,
multiplan:urban_suitability and multiplan:ecological_importance (logic in core.suitability.guideline)."""
from pathlib import Path

from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterBoolean, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterDestination, QgsProcessingParameterRasterLayer,
                       QgsProcessingParameterString)

from ....core.report import Text, area_note
from ....core.suitability import guideline, rules
from ....core.suitability.suitability_report import (grade_sheet, notes_sheet, steps_sheet, write_suitability_report,
                                                     zone_sheet)
from ....core.suitability.weighted import grade_term
from ....core.wording import CELL_AREAS, alignment, file_name, text
from ...raster_inputs import burn_layer, grid_of, raster_path, temporary_tif
from ..base import MultiPlanAlgorithm


class _GuidelineAlgorithm(MultiPlanAlgorithm):
    """What the three evaluations share: evaluation area, admin units, tables, outputs, report."""

    AREA = "AREA"
    TABLES_FOLDER, LEVELS, OUTPUT, REPORT = "TABLES_FOLDER", "LEVELS", "OUTPUT", "REPORT"
    GROUP_ID = "suitability"
    CLASS_OUTPUTS = ()  # (output name, class value, label)

    def add_area_parameter(self):
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREA, self.tr("Evaluation area (e.g. the county boundary; default: the whole raster)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))

    def add_common_parameters(self):
        self.add_admin_parameters()
        self.addParameter(QgsProcessingParameterFile(
            self.TABLES_FOLDER, self.tr("Folder of edited tables (replaces the defaults of the same name)"),
            QgsProcessingParameterFile.Folder, optional=True))
        self.addParameter(QgsProcessingParameterRasterDestination(self.LEVELS, self.tr("Levels (1 = best … 5)")))
        self.addParameter(QgsProcessingParameterRasterDestination(self.OUTPUT, self.tr("Classes")))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Evaluation report (Excel)"),
                                                                fileFilter="Excel (*.xlsx)"))
        for name, _, label in self.CLASS_OUTPUTS:
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def optional_output(self, parameters, name, context):
        """The path of an optional raster output, or None when it was not asked for."""
        if not self.given(parameters, name):
            return None
        return self.parameterAsOutputLayer(parameters, name, context) or None

    def folder(self, parameters, context):
        folder = self.parameterAsFile(parameters, self.TABLES_FOLDER, context)
        return folder or None

    def area_mask(self, parameters, context, grid, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.AREA, context)
        return burn_layer(layer, grid, context, feedback, "area")[0] if layer is not None else None

    def finish(self, parameters, context, feedback, result, zone_names, title):
        """Log the result and write the report, both in the report language (tables by file name)."""
        title = Text(*title)
        for line in result.log:
            feedback.pushInfo(self.tr("Alignment: {}").format(alignment(line)))
        for line in result.skipped:
            feedback.pushInfo(self.tr("Not applied: {}").format(line))
        for step, area in result.steps:
            feedback.pushInfo(self.tr("{}: level changed on {:.4f} 公顷.").format(step, area / 10_000))
        for row in result.class_table.itertuples():
            feedback.pushInfo(self.tr("{}: {:.4f} 公顷 ({:.2%}).").format(row.name, row.area_ha, row.share))
        note = area_note(CELL_AREAS)
        sheets = [grade_sheet(result.class_table, note, text("{}分类面积", "{}: area per class", title), "分类面积"),
                  grade_sheet(result.level_table, note, text("{}分级面积", "{}: area per level", title), "分级面积")]
        if result.zone_table is not None:
            sheets.append(zone_sheet(result.zone_table, zone_names, note,
                                     Text("分区分类面积", "Area per admin unit and class")))
        if result.steps or result.skipped:
            sheets.append(steps_sheet(result.steps, result.skipped, note))
        lines = [Text("使用的评价表：{}（插件默认表）", "Table used: {} (the plugin's default)").format(file_name(path))
                 if Path(path).parent == rules.DEFAULT_FOLDER else
                 Text("使用的评价表：{}（所选文件夹中的修改版）", "Table used: {} (edited copy from the tables folder)").format(
                     file_name(path)) for path in result.tables]
        if result.patches:
            patches = [(grade_term(name), count) for name, count in result.patches.items()]
            lines.append(Text("集中连片度图斑数：" + "，".join(f"{name.zh} {count}" for name, count in patches),
                              "Contiguity patches: " + ", ".join(f"{name.en} {count}" for name, count in patches)))
        lines += [text("栅格对齐：{}", "Alignment: {}", alignment(line)) for line in result.log]
        sheets.append(notes_sheet(lines, note))
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        write_suitability_report(report, sheets)
        areas = dict(zip(result.class_table["grade"], result.class_table["area_ha"]))
        outputs = {self.REPORT: report}
        for name, value, _ in self.CLASS_OUTPUTS:
            outputs[name] = float(areas.get(value, 0.0))
        return outputs

    def run_guarded(self, function, *args, **kwargs):
        """Run a core evaluation (a failed or cancelled run's rasters are discarded by the base class)."""
        try:
            return self.run_core(function, *args, **kwargs)
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot evaluate: {}").format(error)) from None


class _SuitabilityAlgorithm(_GuidelineAlgorithm):
    DEM, ECOLOGY, ECOLOGY_VALUE, CONTIGUITY = "DEM", "ECOLOGY", "ECOLOGY_VALUE", "CONTIGUITY"
    WATER_BODIES, ECOLOGY_AREAS = "WATER_BODIES", "ECOLOGY_AREAS"
    SLOPE, RELIEF = "SLOPE", "RELIEF"
    HAS_RELIEF = False
    SUITABLE_HA, GENERAL_HA, UNSUITABLE_HA = "SUITABLE_HA", "GENERAL_HA", "UNSUITABLE_HA"
    KIND = ""
    FACTORS = ()  # (parameter name, core key, label)

    @property
    def CLASS_OUTPUTS(self):  # noqa: N802
        return ((self.SUITABLE_HA, 1, self.tr("Suitable area (公顷)")),
                (self.GENERAL_HA, 2, self.tr("Generally suitable area (公顷)")),
                (self.UNSUITABLE_HA, 3, self.tr("Unsuitable area (公顷)")))

    def factor_labels(self):
        return {
            "water": self.tr("Water resource level raster (水资源, 1 = best … 5)"),
            "climate": self.tr("Climate level raster (气候, 1 = best … 5)"),
            "soil_pollution": self.tr("Soil pollution level raster (土壤污染, 1 … 5 = worst)"),
            "salinization": self.tr("Salinisation level raster (盐渍化, 1 = most severe)"),
            "silt": self.tr("Silt content raster (粉砂含量, 0..1)"),
            "hazard": self.tr("Hazard level raster (灾害, 1 = most dangerous)"),
            "hazard2": self.tr("Second hazard level raster (e.g. 地震, 1 = most dangerous)"),
            "air": self.tr("Air environment level raster (大气环境, 5 = worst)"),
            "water_env": self.tr("Water environment level raster (水环境, 5 = worst)"),
            "location": self.tr("Location level raster (区位, 1 = best … 5)"),
        }

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, self.tr("DEM (elevation in metres)")))
        self.add_area_parameter()
        labels = self.factor_labels()
        for name, key in self.FACTORS:
            self.addParameter(QgsProcessingParameterRasterLayer(name, labels[key], optional=True))
        self.add_extra_parameters()
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.ECOLOGY, self.tr("Ecological importance classes (cells of the value below are excluded)"),
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.ECOLOGY_VALUE, self.tr("Value of 生态保护极重要区 in that raster"), QgsProcessingParameterNumber.Integer,
            defaultValue=1))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ECOLOGY_AREAS, self.tr("生态保护极重要区 as polygons (e.g. the red line; excluded, optional)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.WATER_BODIES, self.tr("Water bodies (rivers, lakes, reservoirs, ponds: excluded, optional)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.CONTIGUITY, self.tr("Correct by 集中连片度 (patch area)"), defaultValue=True))
        self.add_common_parameters()
        self.addParameter(QgsProcessingParameterRasterDestination(
            self.SLOPE, self.tr("Slope (degrees, optional)"), optional=True, createByDefault=False))
        if self.HAS_RELIEF:
            self.addParameter(QgsProcessingParameterRasterDestination(
                self.RELIEF, self.tr("地形起伏度 relief (m, optional)"), optional=True, createByDefault=False))

    def add_extra_parameters(self):
        pass

    def extra_factors(self, parameters, context, grid, feedback, folder):
        return {}

    def run_algorithm(self, parameters, context, feedback):
        dem_layer = self.parameterAsRasterLayer(parameters, self.DEM, context)
        if dem_layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, self.DEM))
        dem = raster_path(dem_layer)
        grid = grid_of(dem)
        folder = self.folder(parameters, context)
        factors = {}
        for name, key in self.FACTORS:
            layer = self.parameterAsRasterLayer(parameters, name, context)
            if layer is not None:
                factors[key] = raster_path(layer)
        factors.update(self.extra_factors(parameters, context, grid, feedback, folder) if "location" not in factors
                       else {})
        ecology_layer = self.parameterAsRasterLayer(parameters, self.ECOLOGY, context)
        zones, zone_names = self.admin_zones(parameters, context, grid, feedback)
        area = self.area_mask(parameters, context, grid, feedback)
        levels = self.parameterAsOutputLayer(parameters, self.LEVELS, context)
        classes = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        slope = self.optional_output(parameters, self.SLOPE, context)
        relief = self.optional_output(parameters, self.RELIEF, context) if self.HAS_RELIEF else None
        exclusions, vectors = [], set()
        for name, step in ((self.ECOLOGY_AREAS, guideline.ECOLOGY_EXCLUDED), (self.WATER_BODIES, guideline.WATER_EXCLUDED)):
            layer = self.parameterAsVectorLayer(parameters, name, context)
            if layer is not None:
                exclusions.append((burn_layer(layer, grid, context, feedback, name.lower())[0], 1, step))
                vectors.add(name)
        self._log_inputs(feedback, factors, ecology_layer is not None, vectors, area is not None, zones is not None)
        result = self.run_guarded(
            guideline.evaluate_suitability, self.KIND, dem, levels, classes, factors,
            ecology=raster_path(ecology_layer) if ecology_layer else None,
            ecology_value=self.parameterAsInt(parameters, self.ECOLOGY_VALUE, context), zones=zones, area=area,
            folder=folder, contiguity=self.parameterAsBool(parameters, self.CONTIGUITY, context),
            progress=self.progress_callback(feedback, 5, 95), exclusions=exclusions, slope_path=slope,
            relief_path=relief)
        outputs = self.finish(parameters, context, feedback, result, zone_names, self.TITLE)
        outputs.update({self.LEVELS: levels, self.OUTPUT: classes})
        outputs.update({name: path for name, path in ((self.SLOPE, slope), (self.RELIEF, relief)) if path})
        return outputs


    def _log_inputs(self, feedback, factors, ecology_raster, vectors, area, admin):
        """Every input the evaluation uses, in one line, and a warning when no water bodies are given
        (a lake on flat ground then counts as suitable land)."""
        given = [guideline.factor_text(key) for key in sorted(factors)]
        words = [Text("高程（DEM）", "elevation (DEM)")] + given
        if ecology_raster or self.ECOLOGY_AREAS in vectors:
            words.append(Text("生态保护极重要区", "extremely important ecological areas"))
        if self.WATER_BODIES in vectors:
            words.append(Text("水域", "water bodies"))
        if area:
            words.append(Text("评价范围", "evaluation area"))
        if admin:
            words.append(Text("行政区", "admin units"))
        feedback.pushInfo(self.tr("Inputs used: {}.").format(
            Text("、".join(w.zh for w in words), ", ".join(w.en for w in words))))
        if self.WATER_BODIES not in vectors:  # a water resource raster grades land's water supply, not lakes
            feedback.pushWarning(self.tr("No water bodies given: rivers and lakes are evaluated as land, so a lake on "
                                         "flat ground counts as suitable (a water resource raster grades the water "
                                         "supply of land; it does not mark lakes). Give the water bodies (e.g. the "
                                         "三调 water polygons)."))


class AgriculturalSuitabilityAlgorithm(_SuitabilityAlgorithm):
    KIND, TITLE = guideline.AGRICULTURAL, ("农业生产适宜性", "Agricultural production suitability")
    FACTORS = (("WATER", "water"), ("CLIMATE", "climate"), ("SOIL_POLLUTION", "soil_pollution"),
               ("SALINIZATION", "salinization"), ("SILT", "silt"), ("HAZARD", "hazard"))

    def name(self):
        return "agricultural_suitability"

    def displayName(self):  # noqa: N802
        return self.tr("Agricultural production suitability (农业生产适宜性)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "The guideline's agricultural production suitability (资源环境承载能力和国土空间开发适宜性评价指南), from a "
            "DEM and optional level rasters. Steps: 土地资源 from the slope (computed from the DEM, correct for "
            "geographic CRSs; classes ≤2°, 2–6°, 6–15°, 15–25°, >25° → levels 1 高 … 5 低); the land × water and "
            "land × climate judgement matrices when those rasters are given; the rules (soil pollution 5 → lowest, "
            "3 → down 1; salinisation 1 → down 1; silt content 0.6–0.8 → down 1, > 0.8 → lowest; hazard 1 → level "
            "1 becomes 2); 集中连片度: patches of usable land (levels 1–4) under 400 亩 / 150 亩 go down 1 / 2 levels; "
            "cells of 生态保护极重要区 (the ecology raster) become unsuitable; collapse 1–2 → 适宜, 3–4 → 一般适宜, 5 "
            "→ 不适宜.\n\n"
            "Level rasters use 1 = best … 5 = worst unless said otherwise; rules whose raster is not given are "
            "skipped and listed in the log and the report. Every threshold and matrix is a CSV table in the "
            "plugin's resources/suitability folder (the defaults follow an implementation of the 2019 draft and "
            "are UNVERIFIED against the 2020 text): copy the ones to change into a folder and give it as “folder "
            "of edited tables”.\n\n"
            "Outputs: levels (1..5) and classes (1 适宜, 2 一般适宜, 3 不适宜) rasters with colours, and an Excel "
            "report: area per class and level in m², 公顷 and 亩 (ellipsoidal cell areas), per admin unit when "
            "given, the area each step changed, the tables used.")


class UrbanSuitabilityAlgorithm(_SuitabilityAlgorithm):
    KIND, TITLE = guideline.URBAN, ("城镇建设适宜性", "Urban construction suitability")
    HAS_RELIEF = True
    FACTORS = (("WATER", "water"), ("CLIMATE", "climate"), ("HAZARD", "hazard"), ("HAZARD2", "hazard2"),
               ("AIR", "air"), ("WATER_ENV", "water_env"), ("LOCATION", "location"))
    LOCATION_FEATURES = "LOCATION_FEATURES"

    def name(self):
        return "urban_suitability"

    def displayName(self):  # noqa: N802
        return self.tr("Urban construction suitability (城镇建设适宜性)")

    def add_extra_parameters(self):
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.LOCATION_FEATURES, self.tr("Towns and roads for 区位 when no location raster is given"),
            QgsProcessing.TypeVectorAnyGeometry, optional=True))

    def extra_factors(self, parameters, context, grid, feedback, folder):
        layers = self.parameterAsLayerList(parameters, self.LOCATION_FEATURES, context)
        if not layers:
            return {}
        distances = []
        for layer in layers:
            path, _ = burn_layer(layer, grid, context, feedback, "distance", how="distance")
            distances.append(path)
        level_path = temporary_tif("location")
        rows = rules.range_table("urban_location.csv", folder)
        nearest = self._nearest(distances, grid)
        self.run_core(guideline.levels_raster, nearest, rows, level_path)
        feedback.pushInfo(self.tr("区位: distance to the nearest of {} layers graded by urban_location.csv.").format(
            len(layers)))
        return {"location": level_path}

    @staticmethod
    def _nearest(paths, grid):
        if len(paths) == 1:
            return paths[0]
        import numpy as np

        from ....core.suitability.raster_blocks import RasterOutput, run_blocks

        output = temporary_tif("nearest")
        run_blocks({f"d{k}": p for k, p in enumerate(paths)},
                   lambda arrays, window: {"d": np.fmin.reduce([arrays[k] for k in sorted(arrays)])},
                   {"d": RasterOutput(output, "float32", -9999.0)})
        return output

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "The guideline's urban construction suitability, from a DEM and optional level rasters. Steps: 土地资源 "
            "from the slope (≤3°, 3–8°, 8–15°, 15–25°, >25° → levels 1 … 5), elevation (3500–5000 m down 1, > 5000 m "
            "lowest) and 地形起伏度 (relief in a window of 15/12/9/3 cells for cells under 30/50/100 m and larger: "
            "100–200 m down 1, > 200 m down 2), all from the DEM; the land × water matrix; hazards (1 → lowest, 2 → "
            "down 2, 3 → down 1; second hazard 1 → down 1); air and water environment (both 5 → down 2, one → down "
            "1); climate 1 → down 1; 区位 (5 → down 2, 4 → down 1, 1 → levels 2–4 up 1) from a location raster, or "
            "from the distance to the nearest town or road given as vector layers (≤2 km, 2–5, 5–10, 10–20, > 20 km "
            "→ 1 … 5, urban_location.csv, UNVERIFIED: the guideline uses drive time); 集中连片度 (patches under 150 "
            "亩 / 45 亩 down 1 / 2); 生态保护极重要区 excluded; collapse into 适宜 / 一般适宜 / 不适宜.\n\n"
            "Rules whose raster is missing are skipped and listed. All tables are CSV files in resources/suitability "
            "(UNVERIFIED defaults, editable: give a folder of edited copies). Outputs as for the agricultural "
            "evaluation.")


class EcologicalImportanceAlgorithm(_GuidelineAlgorithm):
    SERVICES, SENSITIVITIES, VALUES_ARE_LEVELS, PROTECTED = "SERVICES", "SENSITIVITIES", "VALUES_ARE_LEVELS", "PROTECTED"
    LEVEL_FIELD, CELL_SIZE = "LEVEL_FIELD", "CELL_SIZE"
    EXTREME_HA, IMPORTANT_HA, ORDINARY_HA = "EXTREMELY_IMPORTANT_HA", "IMPORTANT_HA", "ORDINARY_HA"
    TITLE = ("生态保护重要性", "Ecological protection importance")

    @property
    def CLASS_OUTPUTS(self):  # noqa: N802
        return ((self.EXTREME_HA, 1, self.tr("Extremely important area (极重要, 公顷)")),
                (self.IMPORTANT_HA, 2, self.tr("Important area (重要, 公顷)")),
                (self.ORDINARY_HA, 3, self.tr("Ordinary area (一般, 公顷)")))

    def name(self):
        return "ecological_importance"

    def displayName(self):  # noqa: N802
        return self.tr("Ecological protection importance (生态保护重要性)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "The guideline's ecological protection importance: the more important of ecosystem service importance "
            "(水源涵养, 水土保持, 生物多样性维护, 防风固沙 …) and ecological sensitivity (水土流失, 石漠化, 土地沙化 …) "
            "(“取最大值”). Each input raster holds levels 1 = most important … 5, or values graded into 5 levels by "
            "natural breaks with the highest values most important (untick “inputs are levels”). The 5-level "
            "importance (1 极重要, 2 高度重要, 3 中度重要, 4 较低重要, 5 一般) is the most important level over all "
            "inputs; the 3 classes (1 极重要, 2 重要, 3 一般) follow the levels (ecological_levels.csv), so a cell "
            "is never 极重要 by level and 一般 by class. "
            "Protected areas (自然保护地), when given, are level 1. Rasters are aligned to the first input's grid.\n\n"
            "Outputs: levels and classes rasters with colours, an Excel report with the areas (m², 公顷, 亩, "
            "ellipsoidal cell areas) per class and level, per admin unit when given. The classes raster is the "
            "ecology input of the agricultural and urban evaluations (value 1 excluded).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.SERVICES, self.tr("Ecosystem service importance (生态系统服务功能重要性): rasters, or polygons with a "
                                   "level field"), QgsProcessing.TypeMapLayer, optional=True))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.SENSITIVITIES, self.tr("Ecological sensitivity (生态敏感性): rasters, or polygons with a level field"),
            QgsProcessing.TypeMapLayer, optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.LEVEL_FIELD, self.tr("Level field of polygon inputs (1 = most important … 5)"), defaultValue="DJ",
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.CELL_SIZE, self.tr("Cell size when every input is a polygon layer (m)"),
            QgsProcessingParameterNumber.Double, defaultValue=30.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.VALUES_ARE_LEVELS, self.tr("Inputs are levels 1 (most important) … 5"), defaultValue=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PROTECTED, self.tr("Protected areas (自然保护地, level 1)"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.add_area_parameter()
        self.add_common_parameters()

    def run_algorithm(self, parameters, context, feedback):
        groups = {name: self.parameterAsLayerList(parameters, name, context) for name in (self.SERVICES,
                                                                                          self.SENSITIVITIES)}
        layers = groups[self.SERVICES] + groups[self.SENSITIVITIES]
        if not layers:
            raise QgsProcessingException(self.tr(
                "Give at least one ecosystem service importance or ecological sensitivity raster."))
        grid = self._grid(parameters, context, layers, feedback)
        field = (self.parameterAsString(parameters, self.LEVEL_FIELD, context) or "DJ").strip()
        services, sensitivities = ([self._as_raster(layer, grid, context, feedback, field) for layer in groups[name]]
                                   for name in (self.SERVICES, self.SENSITIVITIES))
        protected_layer = self.parameterAsVectorLayer(parameters, self.PROTECTED, context)
        protected = burn_layer(protected_layer, grid, context, feedback, "protected")[0] if protected_layer else None
        zones, zone_names = self.admin_zones(parameters, context, grid, feedback)
        area = self.area_mask(parameters, context, grid, feedback)
        levels = self.parameterAsOutputLayer(parameters, self.LEVELS, context)
        classes = self.parameterAsOutputLayer(parameters, self.OUTPUT, context)
        result = self.run_guarded(
            guideline.evaluate_ecology, services, sensitivities, levels, classes,
            values_are_levels=self.parameterAsBool(parameters, self.VALUES_ARE_LEVELS, context), protected=protected,
            zones=zones, area=area, folder=self.folder(parameters, context),
            progress=self.progress_callback(feedback, 5, 95))
        outputs = self.finish(parameters, context, feedback, result, zone_names, self.TITLE)
        outputs.update({self.LEVELS: levels, self.OUTPUT: classes})
        return outputs

    def _grid(self, parameters, context, layers, feedback):
        """The first raster input's grid; with polygon inputs only, a grid of CELL_SIZE over them."""
        from qgis.core import QgsRasterLayer

        from ...raster_inputs import polygon_grid

        rasters = [layer for layer in layers if isinstance(layer, QgsRasterLayer)]
        if rasters:
            return grid_of(raster_path(rasters[0]))
        return polygon_grid(layers, self.parameterAsDouble(parameters, self.CELL_SIZE, context), context, feedback)

    def _as_raster(self, layer, grid, context, feedback, field):
        """A raster input as it is; a polygon layer's level field burned on the grid."""
        from qgis.core import QgsRasterLayer

        if isinstance(layer, QgsRasterLayer):
            return raster_path(layer)
        if layer.fields().lookupField(field) < 0:
            raise QgsProcessingException(self.tr("“{}” has no level field {}: choose the field with the levels "
                                                 "1 … 5.").format(layer.name(), field))
        # ground no polygon covers: the lowest level, 一般
        return burn_layer(layer, grid, context, feedback, "ecology_levels", how="field", field=field,
                          background=rules.LEVELS)[0]
