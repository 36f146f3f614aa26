"""multiplan:carrying_capacity: the population and cultivated land the suitable land can carry (承载规模, 以人定地)."""
import math
import os

from qgis.core import (QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterLayer, QgsProcessingUtils)

from ....core.geometry import present, valid_polygonal
from ....core.report import Text, area_note
from ....core.suitability import carrying_capacity as cc
from ....core.suitability.raster_blocks import Grid, open_raster
from ....core.suitability.rasterise import rasterise
from ....core.suitability.suitability_report import unit_names
from ....core.wording import alignment, file_name, text
from ...layer_io import code_text, crs_for_core, feature_ids, read_layer
from ...sinks import remove_files
from ..base import MultiPlanAlgorithm

#: How the report's 说明 names the class rasters.
RASTER_NAMES = {"URBAN_SUITABILITY": Text("城镇建设适宜性", "Urban construction suitability"),
                "AGRICULTURAL_SUITABILITY": Text("农业生产适宜性", "Agricultural suitability"),
                "ECOLOGICAL_IMPORTANCE": Text("生态保护重要性", "Ecological importance")}


class CarryingCapacityAlgorithm(MultiPlanAlgorithm):
    URBAN, AGRICULTURAL, ECOLOGICAL = "URBAN_SUITABILITY", "AGRICULTURAL_SUITABILITY", "ECOLOGICAL_IMPORTANCE"
    URBAN_GENERAL_SHARE, URBAN_USABLE_SHARE = "URBAN_GENERAL_SHARE", "URBAN_USABLE_SHARE"
    PER_CAPITA_CONSTRUCTION = "PER_CAPITA_CONSTRUCTION"
    AGRI_GENERAL_SHARE, CULTIVATED_SHARE = "AGRI_GENERAL_SHARE", "CULTIVATED_SHARE"
    GRAIN_YIELD, GRAIN_PER_CAPITA, CRITICAL_RATIO = "GRAIN_YIELD", "GRAIN_PER_CAPITA", "CRITICAL_RATIO"
    CURRENT_POPULATION, CURRENT_CULTIVATED_MU = "CURRENT_POPULATION", "CURRENT_CULTIVATED_MU"
    REPORT, TABLE = "REPORT", "TABLE"
    MAX_CONSTRUCTION_M2, MAX_URBAN_POPULATION = "MAX_CONSTRUCTION_M2", "MAX_URBAN_POPULATION"
    MAX_CULTIVATED_MU, GRAIN_POPULATION = "MAX_CULTIVATED_MU", "GRAIN_POPULATION"
    GROUP_ID = "suitability"
    # Number parameter → CapacitySettings field (shares 0..1, the rest positive).
    SETTINGS = ((URBAN_GENERAL_SHARE, "urban_general_share"), (URBAN_USABLE_SHARE, "urban_usable_share"),
                (PER_CAPITA_CONSTRUCTION, "construction_per_capita_m2"), (AGRI_GENERAL_SHARE, "agri_general_share"),
                (CULTIVATED_SHARE, "cultivated_share"), (GRAIN_YIELD, "grain_yield_kg_per_mu"),
                (GRAIN_PER_CAPITA, "grain_per_capita_kg"), (CRITICAL_RATIO, "critical_ratio"))
    # Output number → indicator key of core.suitability.carrying_capacity.
    OUTPUTS = ((MAX_CONSTRUCTION_M2, "max_construction_m2"), (MAX_URBAN_POPULATION, "max_urban_population"),
               (MAX_CULTIVATED_MU, "max_cultivated_mu"), (GRAIN_POPULATION, "grain_population"))

    def name(self):
        return "carrying_capacity"

    def displayName(self):  # noqa: N802
        return self.tr("Carrying capacity (承载规模, 以人定地)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "From the suitability classes of the 双评价 (1 = 适宜 suitable, 2 = 一般适宜 generally suitable, 3 = 不适宜 "
            "unsuitable, 0 = nodata), computes the largest urban construction land and urban population, and the "
            "largest cultivated land, grain production and population it feeds, that the land can carry.\n\n"
            "城镇建设用地最大规模 = (suitable + generally suitable × share) × usable share; 可承载城镇人口 = that "
            "÷ construction land per capita (GB 50137-2011: 65–115 m² per person). 耕地最大规模 = (suitable + "
            "generally suitable × share) × cultivable share; 粮食生产能力 = cultivated 亩 × yield per 亩 and year; "
            "粮食可承载人口 = grain ÷ grain per capita (400 kg food-security line). Every default is a common "
            "figure, UNVERIFIED: replace it with the province's or the plan's own.\n\n"
            "Give the urban or the agricultural suitability raster, or both. With the ecological importance "
            "classes (1 = 极重要), suitable land inside 生态保护极重要区 is left out, as the 2020 guideline "
            "evaluates agriculture and urban construction outside it. With admin units (e.g. 乡镇), every figure "
            "is also given per unit: the units are rasterised onto the suitability raster's grid (a cell belongs "
            "to the unit holding its centre). Rasters on other grids are aligned on the fly, by nearest "
            "neighbour.\n\n"
            "Current population (现状人口) and current cultivated land (亩), when given (0 = not given), are "
            "compared with the capacity: ratio above 1 超载, from the critical ratio (default 0.9) to 1 临界超载, "
            "below 不超载.\n\n"
            "Areas are cell areas on the ellipsoid. Rasters are read block by block, so county rasters of any "
            "size fit in memory. Outputs: an Excel report (承载规模, 分区 with a 合计 row, 说明 with the "
            "settings) and optionally the indicators as CSV (UTF-8 with BOM, for Excel).")

    def initAlgorithm(self, config=None):  # noqa: N802
        for name, label in ((self.URBAN, self.tr("Urban construction suitability (城镇建设适宜性, classes 1-3)")),
                            (self.AGRICULTURAL, self.tr("Agricultural suitability (农业生产适宜性, classes 1-3)")),
                            (self.ECOLOGICAL, self.tr("Ecological importance (生态保护重要性, 1 = 极重要 excluded)"))):
            self.addParameter(QgsProcessingParameterRasterLayer(name, label, optional=True))
        self.add_admin_parameters(self.tr("Admin units (e.g. townships 乡镇)"))
        defaults = cc.CapacitySettings()
        labels = {
            self.URBAN_GENERAL_SHARE: self.tr("Share of 一般适宜 land counted for urban construction (0-1)"),
            self.URBAN_USABLE_SHARE: self.tr("Usable share for urban construction land (0-1)"),
            self.PER_CAPITA_CONSTRUCTION: self.tr("Urban construction land per capita (人均城镇建设用地, m²)"),
            self.AGRI_GENERAL_SHARE: self.tr("Share of 一般适宜 land counted for agriculture (0-1)"),
            self.CULTIVATED_SHARE: self.tr("Share of that land that can be cultivated (0-1)"),
            self.GRAIN_YIELD: self.tr("Grain yield (kg per 亩 and year)"),
            self.GRAIN_PER_CAPITA: self.tr("Grain per capita (人均粮食, kg per year)"),
            self.CRITICAL_RATIO: self.tr("Critical (临界超载) from ratio current / capacity (0-1)"),
        }
        shares = {self.URBAN_GENERAL_SHARE, self.URBAN_USABLE_SHARE, self.AGRI_GENERAL_SHARE, self.CULTIVATED_SHARE,
                  self.CRITICAL_RATIO}
        for name, key in self.SETTINGS:
            parameter = QgsProcessingParameterNumber(
                name, labels[name], QgsProcessingParameterNumber.Double, defaultValue=getattr(defaults, key),
                minValue=0.0 if name in shares or name == self.GRAIN_YIELD else 1.0,
                maxValue=1.0 if name in shares else 1e9)
            parameter.setHelp(self.tr("Default {:g}: a common figure, unverified; use your plan's own.").format(
                getattr(defaults, key)))
            self.addParameter(parameter)
        for name, label in ((self.CURRENT_POPULATION, self.tr("Current population (现状人口, 0 = not given)")),
                            (self.CURRENT_CULTIVATED_MU, self.tr("Current cultivated land (现状耕地, 亩, 0 = not given)"))):
            self.addParameter(QgsProcessingParameterNumber(name, label, QgsProcessingParameterNumber.Double,
                                                           defaultValue=0.0, minValue=0.0, optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Carrying capacity report (Excel)"), fileFilter="Excel (*.xlsx)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.TABLE, self.tr("Indicators (CSV)"), fileFilter="CSV (*.csv)", optional=True, createByDefault=False))
        for name, label in ((self.MAX_CONSTRUCTION_M2, self.tr("Maximum urban construction land (m²)")),
                            (self.MAX_URBAN_POPULATION, self.tr("Maximum urban population")),
                            (self.MAX_CULTIVATED_MU, self.tr("Maximum cultivated land (亩)")),
                            (self.GRAIN_POPULATION, self.tr("Population supported by the grain"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    # -- run -------------------------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        rasters = {name: self._raster(parameters, name, context)
                   for name in (self.URBAN, self.AGRICULTURAL, self.ECOLOGICAL)}
        sides = [name for name in (self.URBAN, self.AGRICULTURAL) if rasters[name]]
        if not sides:
            raise QgsProcessingException(self.tr(
                "Choose the urban construction suitability raster (URBAN_SUITABILITY), the agricultural "
                "suitability raster (AGRICULTURAL_SUITABILITY) or both."))
        settings = self._settings(parameters, context)
        current = cc.CurrentFigures(self._optional_number(parameters, self.CURRENT_POPULATION, context),
                                    self._optional_number(parameters, self.CURRENT_CULTIVATED_MU, context))
        notes = [text("{}：{}", "{}: {}", RASTER_NAMES[name], file_name(rasters[name][0]))
                 for name in rasters if rasters[name]]
        zones = units = None
        if self.given(parameters, self.ADMIN):
            zones, units = self._zones(parameters, context, feedback, rasters[sides[0]], notes)
        try:
            tallies = {}
            step = 90.0 / len(sides)
            for number, name in enumerate(sides):
                tallies[name] = self._tally(rasters[name], rasters[self.ECOLOGICAL], zones, feedback,
                                            5 + step * number, 5 + step * (number + 1), notes)
        finally:
            if zones:
                remove_files(zones)
        areas = cc.CapacityAreas(*(tallies[name].total() if name in tallies else None
                                   for name in (self.URBAN, self.AGRICULTURAL)))
        table = cc.carrying_capacity(areas, settings, current)
        by_zone = (cc.capacity_by_zone(tallies.get(self.URBAN), tallies.get(self.AGRICULTURAL), settings, units)
                   if zones else None)
        self._log(table, current, areas, feedback, notes)
        results = self._write_outputs(parameters, context, table, by_zone, settings, notes)
        feedback.setProgress(100)
        results.update({name: cc.indicator(table, key) for name, key in self.OUTPUTS})
        return results

    def _raster(self, parameters, name, context):
        """(file path, layer) of a raster parameter, None when not given."""
        if not self.given(parameters, name):
            return None
        layer = self.parameterAsRasterLayer(parameters, name, context)
        if layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, name))
        path = layer.source()
        if layer.providerType() != "gdal" or not os.path.isfile(path):
            raise QgsProcessingException(self.tr(
                "“{}” ({}) is not a raster file GDAL can read block by block; export it to GeoTIFF first.").format(
                layer.name(), name))
        return path, layer

    def _settings(self, parameters, context):
        values = {key: self.parameterAsDouble(parameters, name, context) for name, key in self.SETTINGS}
        try:
            return cc.CapacitySettings(**values).validate()
        except ValueError as error:
            raise QgsProcessingException(self.tr("Invalid setting: {}").format(error)) from None

    def _optional_number(self, parameters, name, context):
        if not self.given(parameters, name):
            return None
        value = self.parameterAsDouble(parameters, name, context)
        return value if value > 0 else None  # 0 = not given

    # -- admin units -------------------------------------------------------------------------------
    def _zones(self, parameters, context, feedback, reference, notes):
        """The admin units burned onto the reference raster's grid (ids 1..n, 0 = none) in a
        temporary GeoTIFF, and {id: (code, name)}; (None, None) when the layer has no polygons."""
        path, layer = reference
        crs = crs_for_core(layer.crs(), layer.name(), layer.extent())
        data = read_layer(self, parameters, self.ADMIN, context, feedback, crs)
        if not len(data.geometries) or not present(data.geometries).any():
            feedback.pushWarning(self.tr("“{}” has no polygons: no figures per admin unit.").format(data.name))
            return None, None
        codes = self._admin_values(parameters, self.ADMIN_CODE_FIELD, context, data, feedback)
        names = self._admin_values(parameters, self.ADMIN_NAME_FIELD, context, data, feedback)
        if not codes:  # the layer's identifier (BSM …) or the 1-based feature number, never the provider's fid
            identity = feature_ids(data)
            codes = identity.values
            feedback.pushInfo(identity.describe(data.name))
        # features with one code are one unit (a township drawn in several parts): one zone id each
        features = {k + 1: (codes[k], names[k] if names else None) for k in range(len(data))}
        joined, first, values, units = unit_names(features), {}, [], {}
        for feature, (code, name) in features.items():
            zone = first.setdefault(code, feature) if code not in ("", None) else feature
            values.append(zone)
            units.setdefault(zone, (code, joined.get(code) or name))
        self.warn_duplicate_units(features, feedback)
        zones = QgsProcessingUtils.generateTempFilename("multiplan_admin_zones.tif")
        try:
            grid = Grid.of(open_raster(path), layer.name())
            burned = rasterise(valid_polygonal(data.geometries), grid, zones, values=values, dtype="int32")
        except ValueError as error:
            remove_files(zones)
            raise QgsProcessingException(self.tr("Cannot rasterise the admin units “{}”: {}").format(
                data.name, error)) from None
        feedback.pushInfo(self.tr("Admin units “{}”: {} units rasterised onto the grid of “{}” (a cell belongs to the "
                                  "unit holding its centre; where units overlap, the later one).").format(
            data.name, burned.count, layer.name()))
        notes.append(Text("行政区“{}”：{} 个行政区已栅格化到“{}”的格网（像元中心落在哪个行政区即属于哪个；行政区重叠处归后者）。",
                          "Admin units “{}”: {} units rasterised onto the grid of “{}” (a cell belongs to the unit "
                          "holding its centre; where units overlap, the later one).").format(
            data.name, burned.count, layer.name()))
        feedback.setProgress(5)
        return zones, units

    def _admin_values(self, parameters, name, context, data, feedback):
        """The chosen field's values as text, None when no field is chosen or the layer lacks it."""
        field = (self.parameterAsString(parameters, name, context) or "").strip()
        if not field:
            return None
        index = data.fields.lookupField(field)
        if index < 0:
            feedback.pushWarning(self.tr("Layer “{}” has no field “{}” (parameter {}); admin units are listed "
                                         "without it.").format(data.name, field, name))
            return None
        return [code_text(value) for value in data.values(data.fields.at(index).name())]

    # -- tallies ---------------------------------------------------------------------------------
    def _tally(self, raster, ecological, zones, feedback, start, end, notes):
        path, layer = raster
        try:
            tally = self.run_core(cc.tally_classes, path, ecological[0] if ecological else None, zones,
                                  self.progress_callback(feedback, start, end))
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot read the classes of “{}”: {}").format(
                layer.name(), error)) from None
        for line in tally.log:
            aligned = alignment(line)
            feedback.pushInfo(self.tr("“{}”: {}").format(layer.name(), aligned))
            notes.append(text("“{}”：{}", "“{}”: {}", layer.name(), aligned))
        if tally.invalid_cells:
            feedback.pushWarning(self.tr("“{}”: {} cells hold values other than 1 适宜, 2 一般适宜, 3 不适宜 (or 0 "
                                         "nodata); they were left out. Is it a suitability class raster?").format(
                layer.name(), tally.invalid_cells))
            notes.append(Text("“{}”：{} 个像元的值不是 1 适宜、2 一般适宜、3 不适宜（或 0 无数据），已剔除。请确认它是适宜性分类栅格。",
                              "“{}”: {} cells hold values other than 1 suitable, 2 generally suitable, 3 unsuitable "
                              "(or 0 nodata); they were left out. Is it a suitability class raster?").format(
                layer.name(), tally.invalid_cells))
        total = tally.total()
        if not total.suitable_m2 + total.general_m2 + total.unsuitable_m2 + (total.excluded_m2 or 0.0) > 0:
            feedback.pushWarning(self.tr("“{}” has no cell classed 1, 2 or 3: its capacity is 0.").format(layer.name()))
            notes.append(Text("“{}”没有值为 1、2 或 3 的像元：其承载规模为 0。",
                              "“{}” has no cell classed 1, 2 or 3: its capacity is 0.").format(layer.name()))
        return tally

    # -- log and outputs -------------------------------------------------------------------------
    def _log(self, table, current, areas, feedback, notes):
        if current.cultivated_mu is not None and areas.agricultural is None:
            feedback.pushWarning(self.tr("The current cultivated land is not compared: there is no agricultural "
                                         "suitability."))
            notes.append(Text("未比较现状耕地：没有农业生产适宜性结果。",
                              "The current cultivated land is not compared: there is no agricultural suitability."))
        for row in table.itertuples(index=False):
            value = self.tr("not available") if math.isnan(row.value) else \
                f"{row.value:,.{cc.decimals(row.unit)}f} {cc.UNIT_TERMS.get(row.unit, row.unit)}".rstrip()
            status = f" {row.status}" if row.status else ""
            message = f"{Text(row.name_zh, row.name_en)}: {value}{status}"
            (feedback.pushWarning if row.status == cc.OVERLOADED else feedback.pushInfo)(message)

    def _write_outputs(self, parameters, context, table, by_zone, settings, notes):
        results = {}
        if self.given(parameters, self.TABLE):
            csv = self.parameterAsFileOutput(parameters, self.TABLE, context)
            cc.write_table(csv, table)
            results[self.TABLE] = csv
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        note = area_note(Text("像元椭球面积（见“说明”表）", "cell areas on the ellipsoid (see the Notes sheet)"))
        cc.write_report(report, table, note, settings, by_zone, notes)
        results[self.REPORT] = report
        return results
