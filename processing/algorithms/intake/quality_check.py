"""multiplan:quality_check: invalid geometries, overlaps, gaps, slivers, duplicates, codes, CRS.

Outputs: OUTPUT, the problems as *points* (one feature per problem, where the fault is: the point
GEOS names for an invalid geometry, a point inside the overlap, gap, sliver or duplicate, a point
inside a feature whose code is wrong; none for an empty geometry or a wrong CRS), and AREAS, the
faults that are areas as polygons (the overlap of two features, the gap, the sliver, the
duplicate), never the whole feature they were found in. A Processing sink has one geometry type,
and a point fault drawn as a small square would be a made-up area: so two layers with the same
fields rather than one layer of mixed or collection geometries (which Shapefile cannot hold and
QGIS styles poorly).
"""
import os
import re

import numpy as np
import shapely
from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransformContext, QgsFeature,
                       QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterBoolean, QgsProcessingParameterCrs, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsVectorFileWriter, QgsWkbTypes)

from ....core.crs import describe_crs
from ....core.intake import quality_check as qc
from ....core.report import area_note, write_workbook
from ....core.units import to_mu
from ....core.wording import ELLIPSOIDAL
from ...layer_io import (crs_for_core, feature_ids, read_layer, read_map_layer, to_qgs_geometry, unique_name,
                         working_crs_for)
from ...sinks import fields_from_spec, plain
from ..base import MultiPlanAlgorithm

#: Fields of both outputs. FEATURE_ID/OTHER_ID are texts: the features' own ids (see ID_FIELD);
#: X, Y in the working CRS (logged), LON, LAT the same point in CGCS2000 longitude/latitude. Text
#: widths hold the bilingual wordings in a shapefile, whose widths count bytes (3 per Chinese character).
OUTPUT_FIELDS = [("CHECK", str, 20), ("CHECK_NAME", str, 60), ("SEVERITY", str, 20), ("LAYER", str, 100),
                 ("FEATURE_ID", str, 0), ("OTHER_ID", str, 0), ("CODE", str, 20), ("AREA_M2", float, 2),
                 ("AREA_MU", float, 2), ("MESSAGE", str, 254), ("X", float, 3), ("Y", float, 3),
                 ("LON", float, 7), ("LAT", float, 7)]


class QualityCheckAlgorithm(MultiPlanAlgorithm):
    INPUTS, BOUNDARY, CODE_FIELD, STANDARD = "INPUTS", "BOUNDARY", "CODE_FIELD", "STANDARD"
    ID_FIELD = "ID_FIELD"
    MIN_OVERLAP_AREA, MIN_GAP_AREA, SLIVER_MIN_AREA = "MIN_OVERLAP_AREA", "MIN_GAP_AREA", "SLIVER_MIN_AREA"
    USE_SANDIAO_THRESHOLDS, SLIVER_MIN_WIDTH, EXPECTED_CRS = "USE_SANDIAO_THRESHOLDS", "SLIVER_MIN_WIDTH", "EXPECTED_CRS"
    OUTPUT, AREAS, REPORT, REPAIRED_FOLDER = "OUTPUT", "AREAS", "REPORT", "REPAIRED_FOLDER"
    PROBLEM_COUNT, ERROR_COUNT = "PROBLEM_COUNT", "ERROR_COUNT"
    GROUP_ID = "data"
    OUTPUT_STYLES = {"OUTPUT": "severity:SEVERITY", "AREAS": "severity:SEVERITY"}
    STANDARDS = (None, "sandiao", "chenggui", "tugui", "ydyh2023")

    def name(self):
        return "quality_check"

    def displayName(self):  # noqa: N802
        return self.tr("Data quality check")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Checks one or more polygon layers and lists every problem as a point of the problems layer, "
            "where the fault is (check, severity, layer, feature id, related feature, code, ellipsoidal area "
            "in m² and mu, message, X/Y in the working CRS and longitude/latitude in CGCS2000), the faults "
            "that are areas (overlaps, gaps, slivers, duplicates) also as polygons in the problem areas "
            "layer, and everything in an Excel report (summary sheet with 小计 per layer, one sheet per "
            "check), worded in the report language.\n\n"
            "Checks: invalid geometries (reason and location), empty geometries, duplicate geometries, "
            "overlaps within a layer, gaps inside the boundary layer (only when a boundary is given), "
            "slivers (below the minimum mapping area of the class — by default the 三调 thresholds 200 m² "
            "construction, 400 m² cultivated/forest/grass, 600 m² other, selected by the code field — or "
            "narrower than the minimum width), unknown or empty land-use codes (when a standard is chosen) "
            "and layers not in the expected CRS (by default: not CGCS2000). The gap check applies to every "
            "checked layer: check coverages (land-use survey, three zones) and non-covering layers (the "
            "three lines) in separate runs.\n\n"
            "Features are named by the id field (in layers that have it), else by BSM, 标识码 or OBJECTID "
            "when filled and unique, else by their number in the layer (1 = first), the same in every "
            "format. Overlaps and gaps smaller than the minimum area (default 1e-5 mu ≈ 0.0067 m², "
            "floating-point noise) are ignored. Layers are compared in one working CRS (logged). The "
            "optional repair folder receives for every layer a repaired copy (geometries made valid, "
            "slivers merged into the neighbour with the longest shared edge, features without geometry "
            "kept as they are); the input layers are never modified.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterMultipleLayers(self.INPUTS, self.tr("Layers to check"),
                                                               QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BOUNDARY, self.tr("Boundary for the gap check (e.g. the county)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.CODE_FIELD, self.tr("Land-use code field (used in layers that have it)"), defaultValue="DLBM",
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.ID_FIELD, self.tr("Feature id field (used in layers that have it; else BSM, 标识码 or OBJECTID, "
                                   "else the feature number)"), defaultValue="", optional=True))
        self.addParameter(QgsProcessingParameterEnum(self.STANDARD, self.tr("Check codes against"), options=[
            self.tr("Do not check codes"), self.tr("三调 working classification"), self.tr("城规 GB 50137-2011"),
            self.tr("土规 规划地类"), self.tr("用地用海分类 2023")], defaultValue=1))
        for name, label, default in (
                (self.MIN_OVERLAP_AREA, self.tr("Ignore overlaps smaller than (m²)"), qc.NOISE_AREA),
                (self.MIN_GAP_AREA, self.tr("Ignore gaps smaller than (m²)"), qc.NOISE_AREA),
                (self.SLIVER_MIN_AREA, self.tr("Sliver minimum area without class threshold (m²)"), 200.0),
                (self.SLIVER_MIN_WIDTH, self.tr("Sliver minimum width (m, 0 = no width test)"), 2.0)):
            self.addParameter(QgsProcessingParameterNumber(name, label, QgsProcessingParameterNumber.Double,
                                                           defaultValue=default, minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.USE_SANDIAO_THRESHOLDS, self.tr("Use the 三调 minimum mapping areas by class"), defaultValue=True))
        self.addParameter(QgsProcessingParameterCrs(self.EXPECTED_CRS, self.tr("Expected CRS (empty: any CGCS2000)"),
                                                    optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Problems (points)"),
                                                            QgsProcessing.TypeVectorPoint))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.AREAS, self.tr("Problem areas (overlaps, gaps, slivers, duplicates)"),
            QgsProcessing.TypeVectorPolygon, optional=True, createByDefault=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Excel report"),
                                                                fileFilter="Excel (*.xlsx)"))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.REPAIRED_FOLDER, self.tr("Folder for repaired copies (optional)"), optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.PROBLEM_COUNT, self.tr("Number of problems")))
        self.addOutput(QgsProcessingOutputNumber(self.ERROR_COUNT, self.tr("Number of errors")))

    # -- run -------------------------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        map_layers = self.parameterAsLayerList(parameters, self.INPUTS, context)
        if not map_layers:
            raise QgsProcessingException(self.tr("Choose at least one layer to check."))
        settings = self._settings(parameters, context)
        code_field = self.parameterAsString(parameters, self.CODE_FIELD, context).strip()
        id_field = (self.parameterAsString(parameters, self.ID_FIELD, context) or "").strip()
        working_crs = working_crs_for(map_layers, feedback)
        boundary = self._boundary(parameters, context, feedback, working_crs)

        problem_frames, layers, names = [], [], set()
        for number, map_layer in enumerate(map_layers):
            layer = read_map_layer(map_layer, context, feedback, working_crs)
            layer.name = unique_name(layer.name, names)
            problem_frames.append(self._crs_problem(parameters, context, map_layer, layer.name))
            codes = self._codes(layer, code_field, feedback)
            ids = self._feature_ids(layer, id_field, feedback)
            feedback.pushInfo(self.tr("Checking “{}” ({} features)…").format(layer.name, len(ids)))
            start, end = 10 + 70 * number / len(map_layers), 10 + 70 * (number + 1) / len(map_layers)
            problems = self.run_core(qc.check_layer, layer.name, layer.geometries, ids, working_crs, codes,
                                     boundary, settings, progress=self.progress_callback(feedback, start, end))
            problem_frames.append(problems)
            layers.append((map_layer, layer, problems))
        problems = qc.combine(problem_frames)
        problems["message"] = [qc.message(row, settings) for row in problems.itertuples()]
        self._log_summary(problems, feedback)

        results = {self.PROBLEM_COUNT: len(problems), self.ERROR_COUNT: int((problems["severity"] == qc.ERROR).sum())}
        results.update(self._write_problems(parameters, context, problems, working_crs, feedback))
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        summary = qc.summarise(problems, [layer.name for _, layer, _ in layers])
        write_workbook(report, qc.report_sheets(problems, summary, area_note(ELLIPSOIDAL)))
        results[self.REPORT] = report
        feedback.setProgress(90)
        folder = self.parameterAsString(parameters, self.REPAIRED_FOLDER, context)
        if folder:
            self._write_repaired(folder, layers, context, feedback)
            results[self.REPAIRED_FOLDER] = folder
        return results

    def _feature_ids(self, layer, id_field, feedback):
        """How the layer's features are named (texts, aligned with its features), logged."""
        if id_field and layer.fields.lookupField(id_field) < 0:
            feedback.pushInfo(self.tr("“{}” has no field {}.").format(layer.name, id_field))
            id_field = ""
        ids = feature_ids(layer, id_field)
        feedback.pushInfo(ids.describe(layer.name))
        return ids.values

    def _settings(self, parameters, context):
        return qc.QualitySettings(
            min_overlap_area=self.parameterAsDouble(parameters, self.MIN_OVERLAP_AREA, context),
            min_gap_area=self.parameterAsDouble(parameters, self.MIN_GAP_AREA, context),
            sliver_min_area=self.parameterAsDouble(parameters, self.SLIVER_MIN_AREA, context),
            use_sandiao_thresholds=self.parameterAsBoolean(parameters, self.USE_SANDIAO_THRESHOLDS, context),
            sliver_min_width=self.parameterAsDouble(parameters, self.SLIVER_MIN_WIDTH, context),
            standard=self.STANDARDS[self.parameterAsEnum(parameters, self.STANDARD, context)])

    def _boundary(self, parameters, context, feedback, working_crs):
        if not self.given(parameters, self.BOUNDARY):
            feedback.pushInfo(self.tr("No boundary layer: gaps are not checked."))
            return None
        layer = read_layer(self, parameters, self.BOUNDARY, context, feedback, working_crs)
        present = [g for g in layer.geometries if g is not None]
        if not present:
            raise QgsProcessingException(self.tr("The boundary layer “{}” has no polygons.").format(layer.name))
        return shapely.union_all(shapely.make_valid(np.array(present, dtype=object)))

    def _crs_problem(self, parameters, context, map_layer, name):
        """A problem row when the layer is not in the expected CRS (by default: any CGCS2000 CRS,
        custom projections on the CGCS2000 datum included), or when its CRS distorts planimetric
        areas at the data by more than core.crs.DISTORTION_WARNING (data far from the central
        meridian); the row says by how much."""
        from ....core.crs import projection_distortion
        from ...crs_messages import crs_text, distortion_text

        expected = self.parameterAsCrs(parameters, self.EXPECTED_CRS, context)
        actual = map_layer.crs()
        core_crs = crs_for_core(actual, name)
        described = describe_crs(core_crs)
        extent = map_layer.extent()
        distortion = None if extent.isEmpty() else projection_distortion(
            core_crs, (extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()))
        distorted = distortion is not None and distortion.significant
        if expected.isValid() and actual != expected:
            detail = self.tr("{} instead of {}").format(crs_text(described), expected.authid())
        elif not expected.isValid() and not described.is_cgcs2000:
            detail = self.tr("{}, not CGCS2000").format(crs_text(described))
        elif distorted:
            detail = crs_text(described)
        else:
            return qc.combine([])
        if distorted:
            detail = self.tr("{}; {}").format(detail, distortion_text(distortion))
        return qc.crs_problem(name, detail)

    def _codes(self, layer, code_field, feedback):
        if not code_field:
            return None
        if layer.fields.indexOf(code_field) < 0:
            feedback.pushInfo(self.tr("“{}” has no field {}: codes and class-specific sliver thresholds are not "
                                      "checked for it.").format(layer.name, code_field))
            return None
        return np.array([None if value is None else str(value) for value in layer.values(code_field)], dtype=object)

    def _check_label(self, check):
        """A check's name in the user interface's language (for the log)."""
        return {qc.INVALID: self.tr("invalid geometries"), qc.EMPTY: self.tr("empty geometries"),
                qc.DUPLICATE: self.tr("duplicate geometries"), qc.OVERLAP: self.tr("overlaps"),
                qc.GAP: self.tr("gaps"), qc.SLIVER: self.tr("slivers"), qc.UNKNOWN_CODE: self.tr("unknown codes"),
                qc.NULL_CODE: self.tr("empty codes"), qc.WRONG_CRS: self.tr("CRS not as expected")}[check]

    def _log_summary(self, problems, feedback):
        if problems.empty:
            feedback.pushInfo(self.tr("No problems found."))
            return
        for (layer, check), group in problems.groupby(["layer", "check"], sort=False):
            feedback.pushInfo(self.tr("“{}”: {} {}").format(layer, len(group), self._check_label(check)))

    def _write_problems(self, parameters, context, problems, working_crs, feedback):
        """OUTPUT: every problem as a point where its fault is; AREAS (when asked for): the faults
        that are areas, as polygons. Returns the results naming them."""
        fields = fields_from_spec(OUTPUT_FIELDS)
        crs = QgsCoordinateReferenceSystem(working_crs)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.Point, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        results = {self.OUTPUT: dest_id}
        area_sink = None
        if self.given(parameters, self.AREAS):
            area_sink, areas_id = self.parameterAsSink(parameters, self.AREAS, context, fields,
                                                       QgsWkbTypes.MultiPolygon, crs)
            if area_sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.AREAS))
            results[self.AREAS] = areas_id
        count = max(len(problems), 1)
        for number, row in enumerate(problems.itertuples()):
            if feedback.isCanceled():
                raise self.cancelled_error()
            attributes = self._attributes(row)
            feature = QgsFeature(fields)
            located = not (np.isnan(row.x) or np.isnan(row.y))
            feature.setGeometry(to_qgs_geometry(shapely.Point(row.x, row.y) if located else None, multi=False))
            feature.setAttributes(attributes)
            if not sink.addFeature(feature):
                raise self._write_error(sink, self.OUTPUT)
            if area_sink is not None and row.check in qc.AREA_CHECKS and _polygonal(row.geometry) is not None:
                feature = QgsFeature(fields)
                feature.setGeometry(to_qgs_geometry(_polygonal(row.geometry)))
                feature.setAttributes(attributes)
                if not area_sink.addFeature(feature):
                    raise self._write_error(area_sink, self.AREAS)
            if number % 1000 == 0:
                feedback.setProgress(80 + 5 * number / count)
        return results

    @staticmethod
    def _attributes(row):
        area = None if row.area_m2 != row.area_m2 else float(row.area_m2)
        return [plain(value) for value in (
            row.check, qc.check_name(row.check), qc.severity_name(row.check), row.layer,
            qc.id_text(row.feature_id) or None, qc.id_text(row.other_id) or None, row.code, area,
            None if area is None else to_mu(area), str(row.message), row.x, row.y, row.lon, row.lat)]

    def _write_error(self, sink, name):
        return QgsProcessingException(self.tr("Could not write a feature to output {}: {}").format(
            name, sink.lastError()))

    def _write_repaired(self, folder, layers, context, feedback):
        """One repaired copy per layer in ``folder`` (the run's temporary folder: the base class
        moves it into place only when the whole run succeeds). Every feature is kept — those
        without geometry too — except the slivers merged into a neighbour."""
        os.makedirs(folder, exist_ok=True)
        for number, (map_layer, layer, problems) in enumerate(layers):
            # Repair in the layer's own CRS: read it again only if the checks ran in another one.
            own_crs = crs_for_core(layer.source_crs, layer.name)
            own = layer if layer.crs == own_crs else read_map_layer(map_layer, context, feedback)
            # Features are found by their position; a second read is matched to the first by fid
            # (only to line the two reads up: fids never name features in outputs).
            if own is layer:
                slivers = [int(p) for p in problems.loc[problems["check"] == qc.SLIVER, "position"]]
            else:
                own_position = {feature.id(): index for index, feature in enumerate(own.features)}
                slivers = [own_position[layer.features[int(p)].id()]
                           for p in problems.loc[problems["check"] == qc.SLIVER, "position"]]
            repaired, changed, merges = qc.repair_layer(own.geometries, slivers)
            merged = set(int(p) for p in merges.loc[merges["merged"], "sliver_index"]) if len(merges) else set()
            file_name = f"{_safe_name(layer.name)}_repaired.gpkg"
            path = os.path.join(folder, file_name)
            options = QgsVectorFileWriter.SaveVectorOptions()
            options.driverName, options.layerName, options.fileEncoding = "GPKG", layer.name, "UTF-8"
            writer = QgsVectorFileWriter.create(path, own.fields, QgsWkbTypes.MultiPolygon, own.source_crs,
                                                QgsCoordinateTransformContext(), options)
            if writer is None or writer.hasError() != QgsVectorFileWriter.NoError:
                message = writer.errorMessage() if writer is not None else ""
                raise QgsProcessingException(self.tr("Cannot write the repaired copy {}: {}").format(
                    file_name, message))
            written, empty = 0, []
            total = max(len(own), 1)
            for position, (feature, geometry) in enumerate(zip(own.features, repaired)):
                if feedback.isCanceled():
                    del writer
                    raise self.cancelled_error()
                if position in merged:
                    continue  # a sliver merged into its neighbour
                feature.setGeometry(to_qgs_geometry(geometry))
                if feature.geometry().isNull():
                    empty.append(written)  # the writer stores an empty geometry: made NULL afterwards
                if not writer.addFeature(feature):
                    message = writer.errorMessage()
                    del writer
                    raise QgsProcessingException(self.tr("Cannot write the repaired copy {}: {}").format(
                        file_name, message))
                written += 1
                if position % 1000 == 0:
                    feedback.setProgress(90 + 10 * (number + position / total) / len(layers))
            del writer
            if empty:
                _clear_empty_geometries(path, layer.name, empty)
            feedback.pushInfo(self.tr("Repaired copy of “{}”: {} ({} geometries made valid, {} slivers merged, "
                                      "{} features, {} of them without geometry).").format(
                layer.name, file_name, int(changed.sum()), len(merged), written, len(empty)))
            if empty:
                feedback.pushWarning(self.tr("“{}”: {} features have no geometry; the repaired copy keeps them "
                                             "without geometry (see the empty geometry check).").format(
                    layer.name, len(empty)))


def _clear_empty_geometries(path, layer_name, ordinals):
    """Make the geometries of the ``ordinals``-th features (0-based, in writing order) NULL: QGIS's
    file writer stores a null geometry as an empty MULTIPOLYGON, and a feature that had no
    geometry should not gain one."""
    from osgeo import ogr

    source = ogr.Open(path, update=1)
    layer = source.GetLayerByName(layer_name) or source.GetLayer(0)
    fids = [feature.GetFID() for feature in layer]
    layer.StartTransaction()
    for ordinal in ordinals:
        feature = layer.GetFeature(fids[ordinal])
        feature.SetGeometryDirectly(None)
        layer.SetFeature(feature)
    layer.CommitTransaction()
    layer = source = None


def _polygonal(geometry):
    """The polygons of a fault's geometry (a collection's lines and points dropped), None if none."""
    if geometry is None or shapely.is_empty(geometry):
        return None
    if shapely.get_type_id(geometry) == 7:  # collection → its polygons
        parts = shapely.get_parts(geometry)
        parts = parts[np.isin(shapely.get_type_id(parts), (3, 6))]
        geometry = shapely.union_all(parts) if len(parts) else None
    return None if geometry is None or shapely.is_empty(geometry) else geometry


def _safe_name(name):
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name) or "layer"
