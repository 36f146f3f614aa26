"""multiplan:quality_check: invalid geometries, overlaps, gaps, slivers, duplicates, codes, CRS."""
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

from ...core import quality_check as qc
from ...core.crs import describe_crs
from ...core.report import area_note, write_workbook
from ...core.units import to_mu
from ..layer_io import crs_for_core, read_layer, read_map_layer, to_qgs_geometry, unique_name, working_crs_for
from ..messages import ellipsoidal_label, write_error
from ..sinks import fields_from_spec, plain
from .base import MultiPlanAlgorithm

OUTPUT_FIELDS = [("CHECK", str, 20), ("CHECK_NAME", str, 30), ("SEVERITY", str, 10), ("LAYER", str, 100),
                 ("FEATURE_ID", int, 0), ("OTHER_ID", int, 0), ("CODE", str, 20), ("AREA_M2", float, 2),
                 ("AREA_MU", float, 4), ("MESSAGE", str, 254), ("X", float, 3), ("Y", float, 3)]


class QualityCheckAlgorithm(MultiPlanAlgorithm):
    INPUTS, BOUNDARY, CODE_FIELD, STANDARD = "INPUTS", "BOUNDARY", "CODE_FIELD", "STANDARD"
    MIN_OVERLAP_AREA, MIN_GAP_AREA, SLIVER_MIN_AREA = "MIN_OVERLAP_AREA", "MIN_GAP_AREA", "SLIVER_MIN_AREA"
    USE_SANDIAO_THRESHOLDS, SLIVER_MIN_WIDTH, EXPECTED_CRS = "USE_SANDIAO_THRESHOLDS", "SLIVER_MIN_WIDTH", "EXPECTED_CRS"
    OUTPUT, REPORT, REPAIRED_FOLDER = "OUTPUT", "REPORT", "REPAIRED_FOLDER"
    PROBLEM_COUNT, ERROR_COUNT = "PROBLEM_COUNT", "ERROR_COUNT"
    GROUP_ID = "data"
    STANDARDS = (None, "sandiao", "chenggui", "tugui", "ydyh2023")

    def name(self):
        return "quality_check"

    def displayName(self):  # noqa: N802
        return self.tr("Data quality check")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Checks one or more polygon layers and lists every problem as a feature of the error layer "
            "(check, severity, layer, feature id, related feature, code, ellipsoidal area in m² and mu, "
            "message, location) and in an Excel report (summary sheet with 小计 per layer, one sheet per "
            "check, Chinese and English headers).\n\n"
            "Checks: invalid geometries (reason and location), empty geometries, duplicate geometries, "
            "overlaps within a layer, gaps inside the boundary layer (only when a boundary is given), "
            "slivers (below the minimum mapping area of the class — by default the 三调 thresholds 200 m² "
            "construction, 400 m² cultivated/forest/grass, 600 m² other, selected by the code field — or "
            "narrower than the minimum width), unknown or empty land-use codes (when a standard is chosen) "
            "and layers not in the expected CRS (by default: not CGCS2000). The gap check applies to every "
            "checked layer: check coverages (land-use survey, three zones) and non-covering layers (the "
            "three lines) in separate runs.\n\n"
            "Overlaps and gaps smaller than the minimum area (default 1e-5 mu ≈ 0.0067 m², floating-point "
            "noise) are ignored. Layers are compared in one working CRS (logged). The optional repair folder "
            "receives for every layer a repaired copy (geometries made valid, slivers merged into the "
            "neighbour with the longest shared edge); the input layers are never modified.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterMultipleLayers(self.INPUTS, self.tr("Layers to check"),
                                                               QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BOUNDARY, self.tr("Boundary for the gap check (e.g. the county)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.CODE_FIELD, self.tr("Land-use code field (used in layers that have it)"), defaultValue="DLBM",
            optional=True))
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
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Problems"),
                                                            QgsProcessing.TypeVectorPolygon))
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
        working_crs = working_crs_for(map_layers, feedback)
        boundary = self._boundary(parameters, context, feedback, working_crs)

        problem_frames, layers, names = [], [], set()
        for number, map_layer in enumerate(map_layers):
            layer = read_map_layer(map_layer, context, feedback, working_crs)
            layer.name = unique_name(layer.name, names)
            problem_frames.append(self._crs_problem(parameters, context, map_layer, layer.name))
            codes = self._codes(layer, code_field, feedback)
            ids = np.array([feature.id() for feature in layer.features], dtype=np.int64)
            feedback.pushInfo(self.tr("Checking “{}” ({} features)…").format(layer.name, len(ids)))
            start, end = 10 + 70 * number / len(map_layers), 10 + 70 * (number + 1) / len(map_layers)
            problems = self.run_core(qc.check_layer, layer.name, layer.geometries, ids, working_crs, codes,
                                     boundary, settings, progress=self.progress_callback(feedback, start, end))
            problem_frames.append(problems)
            layers.append((map_layer, layer, problems))
        problems = qc.combine(problem_frames)
        problems["message"] = [self._message(row, settings) for row in problems.itertuples()]
        self._log_summary(problems, feedback)

        dest_id = self._write_problems(parameters, context, problems, working_crs, feedback)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        summary = qc.summarise(problems, [layer.name for _, layer, _ in layers])
        note = area_note(ellipsoidal_label())
        write_workbook(report, qc.report_sheets(problems, summary, note))
        results = {self.OUTPUT: dest_id, self.REPORT: report, self.PROBLEM_COUNT: len(problems),
                   self.ERROR_COUNT: int((problems["severity"] == qc.ERROR).sum())}
        folder = self.parameterAsString(parameters, self.REPAIRED_FOLDER, context)
        if folder:
            self._write_repaired(folder, layers, context, feedback)
            results[self.REPAIRED_FOLDER] = folder
        return results

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
        expected = self.parameterAsCrs(parameters, self.EXPECTED_CRS, context)
        actual = map_layer.crs()
        described = describe_crs(actual.authid() if actual.authid().startswith("EPSG:") else actual.toWkt())
        if expected.isValid():
            if actual == expected:
                return qc.combine([])
            detail = self.tr("{} instead of {}").format(described.describe(), expected.authid())
        elif described.is_cgcs2000:
            return qc.combine([])
        else:
            detail = self.tr("{}, not CGCS2000").format(described.describe())
        return qc.crs_problem(name, detail)

    def _codes(self, layer, code_field, feedback):
        if not code_field:
            return None
        if layer.fields.indexOf(code_field) < 0:
            feedback.pushInfo(self.tr("“{}” has no field {}: codes and class-specific sliver thresholds are not "
                                      "checked for it.").format(layer.name, code_field))
            return None
        return np.array([None if value is None else str(value) for value in layer.values(code_field)], dtype=object)

    def _message(self, row, settings):
        area = 0.0 if row.area_m2 != row.area_m2 else row.area_m2
        other = "" if row.other_id is None else int(row.other_id)
        if row.check == qc.INVALID:
            return self.tr("Invalid geometry: {} at ({:.3f}, {:.3f})").format(row.detail, row.x, row.y)
        if row.check == qc.EMPTY:
            return self.tr("The feature has no geometry")
        if row.check == qc.DUPLICATE:
            return self.tr("Same geometry as feature {}").format(other)
        if row.check == qc.OVERLAP:
            return self.tr("Overlaps feature {} on {:.2f} m²").format(other, area)
        if row.check == qc.GAP:
            return self.tr("Gap of {:.2f} m² inside the boundary covered by no feature").format(area)
        if row.check == qc.SLIVER:
            if row.detail == qc.SLIVER_AREA:
                return self.tr("Sliver: {:.2f} m² is below the minimum mapping area of {:g} m²").format(area, row.threshold)
            if row.detail == qc.SLIVER_WIDTH:
                return self.tr("Sliver: narrower than {:g} m").format(settings.sliver_min_width)
            return self.tr("Sliver: {:.2f} m² is below {:g} m² and narrower than {:g} m").format(
                area, row.threshold, settings.sliver_min_width)
        if row.check == qc.UNKNOWN_CODE:
            return self.tr("Code {} is not in the {} table").format(row.code, row.detail)
        if row.check == qc.NULL_CODE:
            return self.tr("The land-use code is empty")
        return self.tr("Layer CRS: {}").format(row.detail)

    def _log_summary(self, problems, feedback):
        if problems.empty:
            feedback.pushInfo(self.tr("No problems found."))
            return
        for (layer, check), group in problems.groupby(["layer", "check"]):
            zh, en = qc.CHECK_NAMES[check]
            feedback.pushInfo(self.tr("{}: {} × {} {}").format(layer, len(group), zh, en))

    def _write_problems(self, parameters, context, problems, working_crs, feedback):
        fields = fields_from_spec(OUTPUT_FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
                                             QgsCoordinateReferenceSystem(working_crs))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for row in problems.itertuples():
            if feedback.isCanceled():
                raise self.cancelled_error()
            feature = QgsFeature(fields)
            geometry = row.geometry
            if geometry is not None and shapely.get_type_id(geometry) == 7:  # collection → its polygons
                geometry = shapely.union_all(shapely.get_parts(geometry)[
                    np.isin(shapely.get_type_id(shapely.get_parts(geometry)), (3, 6))])
            feature.setGeometry(to_qgs_geometry(geometry))
            zh, en = qc.CHECK_NAMES[row.check]
            feature.setAttributes([plain(value) for value in (
                row.check, f"{zh} {en}", row.severity, row.layer, row.feature_id, row.other_id, row.code,
                None if row.area_m2 != row.area_m2 else round(row.area_m2, 2),
                None if row.area_m2 != row.area_m2 else round(to_mu(row.area_m2), 4),
                row.message[:254], row.x, row.y)])
            if not sink.addFeature(feature):
                raise write_error(sink)
        return dest_id

    def _write_repaired(self, folder, layers, context, feedback):
        os.makedirs(folder, exist_ok=True)
        for map_layer, layer, problems in layers:
            # Repair in the layer's own CRS: read it again only if the checks ran in another one.
            own_crs = crs_for_core(layer.source_crs, layer.name)
            own = layer if layer.crs == own_crs else read_map_layer(map_layer, context, feedback)
            position = {feature.id(): index for index, feature in enumerate(own.features)}
            slivers = problems[problems["check"] == qc.SLIVER]
            repaired, changed, merges = qc.repair_layer(own.geometries, [position[fid] for fid in slivers["feature_id"]])
            path = os.path.join(folder, f"{_safe_name(layer.name)}_repaired.gpkg")
            options = QgsVectorFileWriter.SaveVectorOptions()
            options.driverName, options.layerName, options.fileEncoding = "GPKG", layer.name, "UTF-8"
            writer = QgsVectorFileWriter.create(path, own.fields, QgsWkbTypes.MultiPolygon, own.source_crs,
                                                QgsCoordinateTransformContext(), options)
            written = 0
            for feature, geometry in zip(own.features, repaired):
                if geometry is None:
                    continue  # a sliver merged into its neighbour
                feature.setGeometry(to_qgs_geometry(geometry))
                writer.addFeature(feature)
                written += 1
            del writer
            merged = int(merges["merged"].sum()) if len(merges) else 0
            feedback.pushInfo(self.tr("Repaired copy of “{}”: {} ({} geometries made valid, {} slivers merged, "
                                      "{} features).").format(layer.name, path, int(changed.sum()), merged, written))



def _safe_name(name):
    return re.sub(r'[\\/:*?"<>|\s]+', "_", name) or "layer"
