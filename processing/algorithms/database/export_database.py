"""multiplan:export_database (成果建库): MultiPlan's results in the standard's layers and fields."""
from pathlib import Path

import numpy as np
import shapely
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination)

from ....core.database.export import DEFAULT_MAPPING, Source, delivery_crs, export_database, load_mapping
from ....core.database.schema import DEFAULT_SCHEMA, SchemaError, load_schema
from ...crs_messages import crs_text
from ...layer_io import read_layer
from ..base import MultiPlanAlgorithm


class ExportDatabaseAlgorithm(MultiPlanAlgorithm):
    COUNTY, TOWNSHIPS, ECOLOGY, FARMLAND, URBAN, ZONES, BLUEPRINT = (
        "COUNTY", "TOWNSHIPS", "ECOLOGY", "FARMLAND", "URBAN", "ZONES", "BLUEPRINT")
    INDICATORS, SCHEMA, MAPPING, OUTPUT = "INDICATORS", "SCHEMA", "MAPPING", "OUTPUT"
    LAYER_COUNT, FEATURE_COUNT, LEFT_OUT_COUNT = "LAYER_COUNT", "FEATURE_COUNT", "LEFT_OUT_COUNT"
    GROUP_ID = "database"
    WHOLE_FILE_OUTPUTS = ("OUTPUT",)  # an existing database is replaced whole, never added to

    def name(self):
        return "export_database"

    def displayName(self):  # noqa: N802
        return self.tr("Export the planning database (成果建库)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Writes the county's results into the layers and fields of the planning database standard: the "
            "county and township boundaries, the three control lines (生态保护红线, 永久基本农田, 城镇开发边界), "
            "the three zones (三区), the coordinated blueprint (一张蓝图 → 规划用地用海) and the planning "
            "indicators (the CSV of the planning indicators tool → the table 规划指标), filling 标识码 "
            "(BSM), 要素代码 (YSDM, where the standard file gives it), the county code and name, codes and "
            "ellipsoidal areas. Output: a new GeoPackage (.gpkg) or FileGDB (.gdb).\n\n"
            "Which input fills which field is an editable table (resources/database/导出映射.csv, documented in "
            "resources/database/README.md); the standard is the same CSV file the database check uses. "
            "Inputs not given are not written, and the log lists every layer of the standard left out and "
            "every field left empty. The database is written in the county's CRS when that is a CGCS2000 "
            "3-degree Gauss-Krüger zone, else in the zone of the county's centre. Run the database check "
            "on the result before delivering it.")

    def initAlgorithm(self, config=None):  # noqa: N802
        polygons = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(self.COUNTY, self.tr("County boundary (县级行政区)"),
                                                              polygons))
        for name, label in ((self.TOWNSHIPS, self.tr("Townships (乡镇级行政区)")),
                            (self.ECOLOGY, self.tr("Ecological protection red line (生态保护红线)")),
                            (self.FARMLAND, self.tr("Permanent basic farmland (永久基本农田)")),
                            (self.URBAN, self.tr("Urban development boundary (城镇开发边界)")),
                            (self.ZONES, self.tr("Three zones (三区)")),
                            (self.BLUEPRINT, self.tr("Coordinated blueprint (一张蓝图)"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, polygons, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.INDICATORS, self.tr("Planning indicators table (CSV of the planning indicators tool)"), extension="csv",
            optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.SCHEMA, self.tr("Database standard (CSV; empty: the bundled 市级国土空间总体规划数据库规范)"),
            extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.MAPPING, self.tr("Export table (CSV; empty: the bundled 导出映射.csv)"), extension="csv",
            optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT, self.tr("Planning database"), fileFilter="GeoPackage (*.gpkg);;FileGDB (*.gdb)"))
        self.addOutput(QgsProcessingOutputNumber(self.LAYER_COUNT, self.tr("Number of layers written")))
        self.addOutput(QgsProcessingOutputNumber(self.FEATURE_COUNT, self.tr("Number of features written")))
        self.addOutput(QgsProcessingOutputNumber(self.LEFT_OUT_COUNT, self.tr("Features left out (no area)")))

    def run_algorithm(self, parameters, context, feedback):
        try:
            schema = load_schema(self.parameterAsFile(parameters, self.SCHEMA, context) or DEFAULT_SCHEMA)
            rules = load_mapping(self.parameterAsFile(parameters, self.MAPPING, context) or DEFAULT_MAPPING)
        except SchemaError as error:
            raise QgsProcessingException(str(error.text)) from None
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        if Path(output).suffix.lower() not in (".gpkg", ".gdb"):
            raise QgsProcessingException(self.tr("The planning database must be a .gpkg or .gdb file name."))
        county = read_layer(self, parameters, self.COUNTY, context, feedback)
        present = county.geometries[~shapely.is_missing(county.geometries)]
        if not len(present):
            raise QgsProcessingException(self.tr("The county layer has no boundary."))
        crs = delivery_crs(county.crs, tuple(shapely.total_bounds(present)))
        if crs != county.crs:
            feedback.pushInfo(self.tr("The county is in {}; the database is written in {}.").format(
                crs_text(county.crs), crs_text(crs)))
        sources = {}
        for name in (self.COUNTY, self.TOWNSHIPS, self.ECOLOGY, self.FARMLAND, self.URBAN, self.ZONES, self.BLUEPRINT):
            if not self.given(parameters, name):
                continue
            data = read_layer(self, parameters, name, context, feedback, crs)
            values = {field.name(): np.array(data.values(field.name()) + [None], dtype=object)[:-1]
                      for field in data.fields}
            sources[name] = Source(data.name, data.geometries, values, crs)
            if feedback.isCanceled():
                raise self.cancelled_error()
        indicators = self.parameterAsFile(parameters, self.INDICATORS, context)
        if indicators:
            sources[self.INDICATORS] = self._indicators(indicators)
        feedback.setProgress(30)
        try:
            result = self.run_core(export_database, output, schema, sources, rules,
                                   progress=self.progress_callback(feedback, 30, 100))
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot write the planning database: {}").format(error)) from None
        for item in result.written:
            feedback.pushInfo(self.tr("{} {}: {} features.").format(item.layer, item.alias, item.features))
            if item.unfilled_fields:
                feedback.pushInfo(self.tr("{}: no input fills {}; left empty.").format(
                    item.layer, ", ".join(item.unfilled_fields)))
            if item.degenerate:
                feedback.pushWarning(self.tr("{}: {} features have no area on the 0.1 mm delivery grid (slivers) and "
                                             "were left out.").format(item.layer, item.degenerate))
            for field_name, wanted in item.missing_fields.items():
                feedback.pushWarning(self.tr("{}: the input has none of the fields {} for {}.").format(
                    item.layer, "、".join(wanted), field_name))
            for field_name, missing in item.missing_values.items():
                feedback.pushWarning(self.tr("{}: {} of {} features have no value for {}.").format(
                    item.layer, missing, item.features, field_name))
        unknown = [item.layer for item in result.written if item.ysdm_unknown]
        if unknown:
            feedback.pushWarning(self.tr("The standard file gives no 要素代码 (YSDM) for {}: left empty; fill the "
                                         "ysdm column of the standard file when the code is known.").format(
                self.tr(", ").join(unknown)))  # 、 between the names in Chinese
        skipped = [f"{item.layer} {item.alias}" for item in result.skipped]
        if skipped:
            feedback.pushWarning(self.tr("Not written (no input for them): {}.").format(self.tr(", ").join(skipped)))
        return {self.OUTPUT: output, self.LAYER_COUNT: len(result.written),
                self.FEATURE_COUNT: sum(item.features for item in result.written),
                self.LEFT_OUT_COUNT: sum(item.degenerate for item in result.written)}

    def _indicators(self, path):
        """The planning indicators CSV (any of its header languages) as a table source."""
        from ....core.intake.landuse import read_text_table

        try:
            table = read_text_table(path)
        except (OSError, ValueError) as error:
            raise QgsProcessingException(self.tr("Cannot read the planning indicators table {}: {}").format(
                Path(path).name, error)) from None
        values = {name: np.array([value if value != "" else None for value in table[name]] + [None], dtype=object)[:-1]
                  for name in table.columns}
        return Source(Path(path).stem, np.full(len(table), None, dtype=object), values, None)
