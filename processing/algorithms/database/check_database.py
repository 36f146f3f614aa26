"""multiplan:check_database (数据库质检): a planning database checked against its standard.

The database is a GeoPackage, a FileGDB folder or a folder of shapefiles; the user picks the
GeoPackage, or any file of the FileGDB or of the shapefile folder (Processing's file widget
cannot pick a folder and a file alike), and the database is the folder it belongs to. It is only
read. Outputs: the problems as points (in CGCS2000 longitude/latitude, since the layers of one
database may use different zones), the Excel 质检报告, and the numbers of errors and warnings.
"""
from pathlib import Path

import shapely
from qgis.core import (QgsCoordinateReferenceSystem, QgsFeature, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterFeatureSink, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber, QgsWkbTypes)

from ....core.database import check
from ....core.database.reading import DatabaseError, read_database
from ....core.database.schema import DEFAULT_SCHEMA, SchemaError, load_schema
from ....core.report import area_note, single, write_workbook
from ....core.wording import ELLIPSOIDAL
from ...layer_io import to_qgs_geometry
from ...sinks import fields_from_spec, plain
from ..base import MultiPlanAlgorithm

OUTPUT_FIELDS = [("RULE", str, 20), ("RULE_NAME", str, 60), ("SEVERITY", str, 20), ("LAYER", str, 60),
                 ("FIELD", str, 30), ("FEATURE", str, 0), ("VALUE", str, 0), ("AREA_M2", float, 2),
                 ("MESSAGE", str, 254), ("X", float, 3), ("Y", float, 3), ("LON", float, 7), ("LAT", float, 7)]


def database_path(path):
    """The database a picked file belongs to: a .gpkg itself, else the .gdb folder or the
    shapefiles' folder containing it (a folder is taken as it is)."""
    path = Path(path)
    if path.is_dir() or path.suffix.lower() == ".gpkg":
        return path
    for parent in path.parents:
        if parent.suffix.lower() == ".gdb":
            return parent
    return path.parent


class CheckDatabaseAlgorithm(MultiPlanAlgorithm):
    DATABASE, SCHEMA, AREA_TOLERANCE, XY_TOLERANCE = "DATABASE", "SCHEMA", "AREA_TOLERANCE", "XY_TOLERANCE"
    OUTPUT, REPORT, ERROR_COUNT, WARNING_COUNT = "OUTPUT", "REPORT", "ERROR_COUNT", "WARNING_COUNT"
    GROUP_ID = "database"
    OUTPUT_STYLES = {"OUTPUT": "severity:SEVERITY"}

    def name(self):
        return "check_database"

    def displayName(self):  # noqa: N802
        return self.tr("Check a planning database (数据库质检)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Checks a planning database against its standard, as the 汇交 quality check does: the database "
            "is a GeoPackage, a FileGDB folder (.gdb) or a folder of shapefiles — pick the GeoPackage, or any "
            "file inside the FileGDB or the shapefile folder. It is only read, never modified.\n\n"
            "The standard is a CSV file describing every layer (name, alias, geometry type, 要素代码 YSDM, rules) "
            "and field (type, length, precision, mandatory, 值域, area unit); by default the bundled "
            "《市级国土空间总体规划数据库规范（试行）》 structure (resources/database, with its sources; items "
            "not verified are marked UNVERIFIED). A province's variant is a copy of that file, edited, given "
            "as the schema.\n\n"
            "Rules (错误 = error, 警告 = warning; a breach of a layer or field the standard file marks UNVERIFIED "
            "is only a warning): missing layers (error) and layers not in the standard "
            "(warning); geometry type; fields missing (error if mandatory), not in the standard (warning), "
            "of another type (error), length or precision (warning); empty mandatory values; values outside "
            "the 值域 or longer than the field; YSDM other than the layer's; duplicate 标识码 (BSM); CRS not "
            "a CGCS2000 3-degree Gauss-Krüger zone or not the zone the data lie in; invalid geometries; "
            "overlaps in layers that must not overlap; gaps in layers that must cover the county (the union "
            "of the county layer), both ignored where narrower than the XY tolerance (default 1 mm: coordinate "
            "rounding); declared areas differing from the ellipsoidal area by more than the "
            "tolerance (plus the field's rounding).\n\n"
            "Outputs: the problems as points (CGCS2000 longitude/latitude), an Excel report (a summary with "
            "the count per rule, then one sheet per rule listing the features by their BSM, with locations), "
            "and the numbers of errors and warnings.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(
            self.DATABASE, self.tr("Database (GeoPackage, or a file of the FileGDB or shapefile folder)"),
            behavior=QgsProcessingParameterFile.File,
            fileFilter="GeoPackage (*.gpkg);;FileGDB (*.gdbtable *.gdbtablx timestamps gdb);;Shapefile (*.shp);;"
                       "All files (*)"))
        self.addParameter(QgsProcessingParameterFile(
            self.SCHEMA, self.tr("Database standard (CSV; empty: the bundled 市级国土空间总体规划数据库规范)"),
            extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.AREA_TOLERANCE, self.tr("Area tolerance (%)"), QgsProcessingParameterNumber.Double,
            defaultValue=100 * check.CheckSettings.area_tolerance, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.XY_TOLERANCE, self.tr("XY tolerance (m): narrower overlaps and gaps are rounding"),
            QgsProcessingParameterNumber.Double, defaultValue=check.CheckSettings.xy_tolerance, minValue=0.0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Problems (points)"),
                                                            QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Excel report (质检报告)"),
                                                                fileFilter="Excel (*.xlsx)"))
        self.addOutput(QgsProcessingOutputNumber(self.ERROR_COUNT, self.tr("Number of errors")))
        self.addOutput(QgsProcessingOutputNumber(self.WARNING_COUNT, self.tr("Number of warnings")))

    def checkParameterValues(self, parameters, context):  # noqa: N802
        """The checked database is only read: no output may be written into it (its file, its
        FileGDB folder or its shapefile folder)."""
        import os

        from ...sinks import static_destination

        picked = self.parameterAsFile(parameters, self.DATABASE, context)
        if picked:
            database = os.path.realpath(str(database_path(picked)))
            for name in (self.OUTPUT, self.REPORT):
                target = (static_destination(parameters.get(name)) or "").split("|")[0].strip()
                if not target or target == "TEMPORARY_OUTPUT" or "://" in target or target.startswith(("memory:",
                                                                                                       "ogr:")):
                    continue
                target = os.path.realpath(target)
                inside = target == database or (os.path.isdir(database) and
                                                os.path.dirname(target) == database) or target.startswith(database + os.sep)
                if inside:
                    return False, self.tr("The checked database is only read: write the {} elsewhere, not into "
                                          "{}.").format(self.tr("problems layer") if name == self.OUTPUT
                                                        else self.tr("report"), os.path.basename(database))
        return super().checkParameterValues(parameters, context)

    def run_algorithm(self, parameters, context, feedback):
        schema = self._schema(parameters, context)
        path = database_path(self.parameterAsFile(parameters, self.DATABASE, context))
        feedback.pushInfo(self.tr("Checking {} against {} ({} layers in the standard).").format(
            path.name, Path(schema.path).name, len(schema.layers)))
        try:
            layers = self.run_core(read_database, path, progress=self.progress_callback(feedback, 0, 20))
        except DatabaseError as error:
            raise QgsProcessingException(self._database_error(error)) from None
        for layer in layers:
            feedback.pushInfo(self.tr("Layer {}: {} features.").format(layer.name, len(layer)))
        settings = check.CheckSettings(
            area_tolerance=self.parameterAsDouble(parameters, self.AREA_TOLERANCE, context) / 100,
            xy_tolerance=self.parameterAsDouble(parameters, self.XY_TOLERANCE, context))
        problems = self.run_core(check.check_database, layers, schema, settings,
                                 progress=self.progress_callback(feedback, 20, 85))
        errors, warnings = check.counts(problems)
        for row in check.summarise(problems).itertuples():
            if row.count:
                feedback.pushInfo(self.tr("{}: {}").format(row.rule_name, row.count))
        feedback.pushInfo(self.tr("{} errors, {} warnings.").format(errors, warnings))
        results = {self.ERROR_COUNT: errors, self.WARNING_COUNT: warnings}
        results[self.OUTPUT] = self._write_points(parameters, context, problems, feedback)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        write_workbook(report, check.report_sheets(problems, area_note(ELLIPSOIDAL)))
        results[self.REPORT] = report
        return results

    def _schema(self, parameters, context):
        given = self.parameterAsFile(parameters, self.SCHEMA, context)
        try:
            return load_schema(given or DEFAULT_SCHEMA)
        except SchemaError as error:
            raise QgsProcessingException(str(error.text)) from None

    def _database_error(self, error):
        name = Path(error.path).name
        if error.reason == "missing":
            return self.tr("The database {} does not exist.").format(name)
        return self.tr("{} is not a GeoPackage, a FileGDB folder (.gdb) or a folder of shapefiles.").format(name)

    def _write_points(self, parameters, context, problems, feedback):
        fields = fields_from_spec(OUTPUT_FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Point,
                                             QgsCoordinateReferenceSystem("EPSG:4490"))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for row in problems.itertuples():
            if feedback.isCanceled():
                raise self.cancelled_error()
            feature = QgsFeature(fields)
            located = row.lon == row.lon and row.lat == row.lat
            feature.setGeometry(to_qgs_geometry(shapely.Point(row.lon, row.lat) if located else None, multi=False))
            area = None if row.area_m2 != row.area_m2 else float(row.area_m2)
            feature.setAttributes([plain(value) for value in (
                row.rule, check.rule_name(row.rule), check.severity_name(row.severity), row.layer, row.field,
                row.feature_id, None if row.value is None else str(row.value), area,
                single(row.message) if row.message is not None else None, row.x, row.y, row.lon, row.lat)])
            if not sink.addFeature(feature):
                raise QgsProcessingException(self.tr("Could not write a feature to output {}: {}").format(
                    self.OUTPUT, sink.lastError()))
        return dest_id
