"""multiplan:project_compliance: project red-lines checked against the control lines (项目空间预审)."""
import os
from bisect import bisect_left
from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely
from qgis.core import (QgsCoordinateTransform, QgsCsException, QgsFeatureRequest,
                       QgsProcessing,
                       QgsProcessingException, QgsProcessingFeatureSource, QgsProcessingOutputNumber,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsRectangle, QgsWkbTypes)
from qgis.core import NULL as NULL_VARIANT
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ....core.control_lines import compliance as cp
from ....core.control_lines import compliance_report as cr
from ....core.crs import as_pyproj_crs, reproject_geometries
from ....core.geometry import present, valid_polygonal
from ....core.intake.coordinate_txt import (SWAPPED_WARNING, CoordinateTxtError, CoordinateTxtOutsideCrsError,
                                            CoordinateTxtZoneError, read_coordinate_txt)
from ....core.report import Text, area_note, pick
from ... import compliance_page as cpage
from ...crs_messages import outside_crs_message, txt_zone_message
from ...layer_io import (IDENTIFIER_FIELDS, FeatureIds, code_text, crs_for_core, display_name, feature_ids, qgs_crs,
                         read_layer, source_with_detected_encoding, wkb_of, working_crs_for)
from ...messages import cancelled_error
from ...sinks import fields_from_spec, write_table
from ..base import MultiPlanAlgorithm

WINDOW_MARGIN = 500.0  # m: review features are read within this distance of each project (or the buffer)
WINDOW_PAD = 10.0  # m: slack for the window's transformation into each layer's CRS


@dataclass
class _Input:
    """One review-layer parameter: its kind, class field parameter and how the field defaults."""

    parameter: str
    kind: str
    label: str
    field: str = None  # the class field parameter
    field_fallbacks: tuple = ()  # fields used when the class field parameter is empty
    id_fields: tuple = ()  # fields naming the features, tried before BSM / 标识码 / OBJECTID


@dataclass
class _Projects:
    geometries: np.ndarray  # as read, in the working CRS (invalid ones not yet repaired)
    ids: list
    names: list
    crs: str
    source: str  # for the report: file or layer name


@dataclass
class _Read:
    """A review layer's features near the projects."""

    review: cp.ReviewLayer
    total: int  # features in the whole layer
    extent: tuple = None  # (xmin, ymin, xmax, ymax) of the whole layer in the working CRS


class ProjectComplianceAlgorithm(MultiPlanAlgorithm):
    PROJECTS, PROJECT_ID_FIELD, PROJECT_NAME_FIELD = "PROJECTS", "PROJECT_ID_FIELD", "PROJECT_NAME_FIELD"
    PROJECT_TXT, TXT_ENCODING = "PROJECT_TXT", "TXT_ENCODING"
    ECOLOGICAL, FARMLAND, URBAN_BOUNDARY = "ECOLOGICAL_REDLINE", "FARMLAND", "URBAN_BOUNDARY"
    ZONES, ZONE_FIELD, PLAN, PLAN_FIELD = "ZONES", "ZONE_FIELD", "PLAN", "PLAN_FIELD"
    SURVEY, SURVEY_FIELD, SUITABILITY, SUITABILITY_FIELD = "SURVEY", "SURVEY_FIELD", "SUITABILITY", "SUITABILITY_FIELD"
    BUFFER_DISTANCE, FARMLAND_CLASSES, UNSUITABLE_LABELS = "BUFFER_DISTANCE", "FARMLAND_CLASSES", "UNSUITABLE_LABELS"
    MIN_AREA, COUNTY = "MIN_AREA", "COUNTY"
    OUTPUT, PROJECTS_OUTPUT, REPORT, REPORT_HTML = "OUTPUT", "PROJECTS_OUTPUT", "REPORT", "REPORT_HTML"
    PROJECT_COUNT, PASS_COUNT, ATTENTION_COUNT, FAIL_COUNT = (
        "PROJECT_COUNT", "PASS_COUNT", "ATTENTION_COUNT", "FAIL_COUNT")
    GROUP_ID = "control"
    OUTPUT_STYLES = {"OUTPUT": "overlaps", "PROJECTS_OUTPUT": "compliance:ZTDM"}
    ENCODINGS = (None, "gbk", "utf-8")
    # Labels marked for translation here, translated where the parameters are declared.
    INPUTS = (
        _Input(ECOLOGICAL, cp.ECOLOGICAL,
               QT_TRANSLATE_NOOP("ProjectComplianceAlgorithm", "Ecological protection red line (生态保护红线)"),
               id_fields=("HXBH",)),
        _Input(FARMLAND, cp.FARMLAND,
               QT_TRANSLATE_NOOP("ProjectComplianceAlgorithm", "Permanent basic farmland (永久基本农田)"),
               id_fields=("JBNTTBBH",)),
        _Input(URBAN_BOUNDARY, cp.URBAN_BOUNDARY,
               QT_TRANSLATE_NOOP("ProjectComplianceAlgorithm", "Urban development boundary (城镇开发边界)"),
               id_fields=("BJBH",)),
        _Input(ZONES, cp.ZONES, QT_TRANSLATE_NOOP("ProjectComplianceAlgorithm", "Zones (三区 or 功能分区)"),
               ZONE_FIELD, ("KJLXMC", "KJLXDM")),
        _Input(PLAN, cp.PLAN, QT_TRANSLATE_NOOP("ProjectComplianceAlgorithm", "Plan (规划用途, e.g. 用地用海 codes)"),
               PLAN_FIELD),
        _Input(SURVEY, cp.SURVEY,
               QT_TRANSLATE_NOOP("ProjectComplianceAlgorithm", "Land-use survey (国土调查 地类图斑)"), SURVEY_FIELD),
        _Input(SUITABILITY, cp.SUITABILITY,
               QT_TRANSLATE_NOOP("ProjectComplianceAlgorithm", "Suitability evaluation (双评价)"), SUITABILITY_FIELD),
    )  # labels marked for translation here, translated where the parameters are declared

    def name(self):
        return "project_compliance"

    def displayName(self):  # noqa: N802
        return self.tr("Project compliance pre-review (项目空间预审)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Checks construction project red-lines (项目用地红线), from a polygon layer or a 界址点坐标 TXT file, "
            "against the ecological red line, permanent basic farmland, the urban development boundary, zones, a "
            "plan, the land-use survey and the suitability evaluation (双评价). Many projects are checked in one "
            "run, each with its own rows and report section.\n\n"
            "Rules (a pre-review flags, the approving authority decides): HX red line overlapped by more than the "
            "minimum overlap area → fail; overlapped by at most that area (a digitising sliver), touched along an "
            "edge (zero area) or within the buffer distance → attention, with the area; NT basic farmland the "
            "same; KB partly or entirely outside the urban boundary → attention; GD occupies cultivated land "
            "(classes starting with the farmland classes, default 01) in the survey or plan → attention; SYX lies "
            "in land whose suitability class contains an unsuitable label → attention. A project's status is its "
            "worst rule: 通过 pass, 需关注 attention, 不通过 fail. Zones are reported, not judged.\n\n"
            "Minimum overlap area (MIN_AREA, default 0.01 亩 = 6.67 m²): red-lines and control lines are drawn "
            "independently, and an edge a few centimetres off along 100 m leaves a sliver of a few m². Such an "
            "overlap is not passed: the project needs attention and the sliver's area is reported, so it can be "
            "checked. 0.01 亩 is the smallest area the reports give in 亩; 0 makes every overlap a fail.\n\n"
            "Features are named by their own identifiers: projects by the project id field (empty: XMBH, BSM, 标识码 "
            "or OBJECTID when filled and unique, else the feature number, 1 = first); review features by HXBH, "
            "JBNTTBBH or BJBH (red line, farmland, urban boundary), BSM, 标识码 or OBJECTID when filled and unique, "
            "else their feature number. The same in every file format.\n\n"
            "Outputs: the overlap layer (one feature per project, layer and class, ellipsoidal area in m², 公顷 "
            "and 亩 and the share of the project), optionally the projects with their status, an Excel report "
            "(项目汇总, 规则判定, 叠加明细, 空间关系) and optionally one HTML page with two maps per project: a "
            "location map of the project within the county (COUNTY) and its townships (ADMIN), or within the "
            "extent of the review layers when neither is given, and a close-up over the review layers. Reports, "
            "pages and layer texts are in the report language (MultiPlan setting; Chinese under a Chinese QGIS).\n\n"
            "Only the features near the projects are read, through the layers' spatial index: those within 500 m "
            "of each project (or the buffer distance if larger). The nearest distance of a clear project is "
            "measured from that window outwards: when nothing lies within it, the window is widened until the "
            "nearest feature is found, so every distance reported is exact. One project against county-scale "
            "layers (100,000 polygons each) takes well under a second. Projects in another CRS than the layers, "
            "TXT files with swapped X/Y columns and self-intersecting red-lines are handled and reported in the "
            "log and the report.")

    def initAlgorithm(self, config=None):  # noqa: N802
        projects = QgsProcessingParameterFeatureSource(
            self.PROJECTS, self.tr("Project red-lines (polygon layer)"), [QgsProcessing.TypeVectorPolygon],
            optional=True)
        projects.setHelp(self.tr("Either this layer or a coordinate TXT file, not both."))
        self.addParameter(projects)
        self.addParameter(QgsProcessingParameterField(
            self.PROJECT_ID_FIELD, self.tr("Project id field (empty: XMBH, BSM or OBJECTID when filled and unique, "
                                           "else the feature number)"),
            parentLayerParameterName=self.PROJECTS, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.PROJECT_NAME_FIELD, self.tr("Project name field (empty: XMMC if present)"),
            parentLayerParameterName=self.PROJECTS, optional=True))
        txt = QgsProcessingParameterFile(self.PROJECT_TXT, self.tr("…or project red-lines as a coordinate TXT file "
                                                                   "(界址点坐标)"),
                                         fileFilter=self.tr("Coordinate files (*.txt *.TXT)"), optional=True)
        txt.setHelp(self.tr("A 界址点坐标 TXT file of land-use approval; swapped X/Y columns are detected."))
        self.addParameter(txt)
        self.addParameter(QgsProcessingParameterEnum(self.TXT_ENCODING, self.tr("TXT encoding"), defaultValue=0,
                                                     options=[self.tr("Detect (UTF-8, else GBK)"), "GBK", "UTF-8"]))
        for item in self.INPUTS:
            self.addParameter(QgsProcessingParameterFeatureSource(
                item.parameter, self.tr(item.label), [QgsProcessing.TypeVectorPolygon], optional=True))
            if item.field == self.ZONE_FIELD:
                label = self.tr("Zone class field (empty: KJLXMC or KJLXDM if present)")
            elif item.field == self.SURVEY_FIELD:
                label = self.tr("Survey land-use code field")
            elif item.field == self.PLAN_FIELD:
                label = self.tr("Plan land-use code field (needed for the GD rule)")
            elif item.field == self.SUITABILITY_FIELD:
                label = self.tr("Suitability class field (needed for the SYX rule)")
            else:
                continue
            self.addParameter(QgsProcessingParameterField(
                item.field, label, parentLayerParameterName=item.parameter, optional=True,
                defaultValue="DLBM" if item.field == self.SURVEY_FIELD else None))
        min_area = QgsProcessingParameterNumber(
            self.MIN_AREA, self.tr("Minimum overlap area (m², default 0.01 亩 = 6.67 m²: digitising slivers)"),
            QgsProcessingParameterNumber.Double, defaultValue=round(cp.MIN_OVERLAP_AREA, 6), minValue=0.0)
        min_area.setHelp(self.tr("A project overlapping the red line or basic farmland by at most this area needs "
                                 "attention (with the area) instead of failing: such slivers come from lines "
                                 "digitised independently. 0: every overlap fails."))
        self.addParameter(min_area)
        buffer = QgsProcessingParameterNumber(
            self.BUFFER_DISTANCE, self.tr("Buffer distance (m, 0 = off)"), QgsProcessingParameterNumber.Double,
            defaultValue=0.0, minValue=0.0)
        buffer.setHelp(self.tr("Projects within this distance of the red line or basic farmland, without "
                               "touching it, need attention (relation “near”)."))
        self.addParameter(buffer)
        classes = QgsProcessingParameterString(self.FARMLAND_CLASSES, self.tr("Cultivated land classes (耕地, "
                                                                              "code prefixes, comma separated)"),
                                               defaultValue="01")
        classes.setHelp(self.tr("Survey or plan classes starting with one of these count as cultivated land "
                                "(三调 0101–0103, 用地用海 01)."))
        self.addParameter(classes)
        labels = QgsProcessingParameterString(self.UNSUITABLE_LABELS,
                                              self.tr("Unsuitable suitability labels (comma separated)"),
                                              defaultValue="不适宜,unsuitable")
        labels.setHelp(self.tr("Suitability classes containing one of these (case ignored) are unsuitable for "
                               "construction: rule SYX needs attention."))
        self.addParameter(labels)
        county = QgsProcessingParameterFeatureSource(
            self.COUNTY, self.tr("County boundary (县域) for the location map"), [QgsProcessing.TypeVectorPolygon],
            optional=True)
        county.setHelp(self.tr("The location map of the HTML page shows each project within the county."))
        self.addParameter(county)
        self.add_admin_parameters(self.tr("Townships (乡镇) for the location map"))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Overlaps"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(self.PROJECTS_OUTPUT, self.tr("Projects with status"),
                                                            QgsProcessing.TypeVectorPolygon, optional=True,
                                                            createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Pre-review report (Excel)"),
                                                                fileFilter="Excel (*.xlsx)"))
        page = QgsProcessingParameterFileDestination(
            self.REPORT_HTML, self.tr("Pre-review page with maps (HTML)"), fileFilter="HTML (*.html *.htm)",
            optional=True, createByDefault=False)
        page.setHelp(self.tr("One self-contained page: per project its status, verdicts, overlaps, a location map "
                             "(the project within the county and its townships) and a close-up map over the "
                             "review layers."))
        self.addParameter(page)
        for name, label in ((self.PROJECT_COUNT, self.tr("Number of projects")),
                            (self.PASS_COUNT, self.tr("Projects that pass")),
                            (self.ATTENTION_COUNT, self.tr("Projects that need attention")),
                            (self.FAIL_COUNT, self.tr("Projects that fail"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    # -- run -------------------------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        inputs = [item for item in self.INPUTS if self.given(parameters, item.parameter)]
        if not inputs:
            raise QgsProcessingException(self.tr(
                "Choose at least one layer to check the projects against (red line, farmland, urban boundary, "
                "zones, plan, survey or suitability)."))
        notes = []
        projects = self._read_projects(parameters, context, feedback, notes)
        feedback.setProgress(5)
        buffer = self.parameterAsDouble(parameters, self.BUFFER_DISTANCE, context)
        margin = max(buffer, WINDOW_MARGIN)
        with_maps = bool(self.parameterAsFileOutput(parameters, self.REPORT_HTML, context))
        windows = _windows(projects.geometries, margin + WINDOW_PAD, with_maps)
        read = []
        for number, item in enumerate(inputs):
            if feedback.isCanceled():
                raise self.cancelled_error()
            read.append(self._read_near(parameters, item, context, feedback, projects, windows, margin))
            feedback.setProgress(5 + 35 * (number + 1) / len(inputs))
        settings = cp.ComplianceSettings(
            buffer_distance=buffer, min_area=self.parameterAsDouble(parameters, self.MIN_AREA, context),
            farmland_classes=_split(self.parameterAsString(parameters, self.FARMLAND_CLASSES, context)) or ("01",),
            unsuitable_labels=_split(self.parameterAsString(parameters, self.UNSUITABLE_LABELS, context)))
        try:
            result = self.run_core(cp.check_projects, projects.geometries, projects.crs, [r.review for r in read],
                                   projects.ids, projects.names, settings, self.progress_callback(feedback, 40, 70))
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot check the projects: {}").format(error)) from None
        self._log(result, projects, read, margin, feedback, notes)
        return self._write_outputs(parameters, context, feedback, result, projects, read, settings, margin, notes)

    # -- projects ----------------------------------------------------------------------------------
    def _read_projects(self, parameters, context, feedback, notes):
        has_layer = self.given(parameters, self.PROJECTS)
        txt = self.parameterAsFile(parameters, self.PROJECT_TXT, context) if parameters.get(self.PROJECT_TXT) \
            not in (None, "") else ""
        if has_layer == bool(txt):
            raise QgsProcessingException(self.tr(
                "Give the project red-lines either as a polygon layer (PROJECTS) or as a coordinate TXT file "
                "(PROJECT_TXT), not both and not neither."))
        projects = self._read_txt(parameters, txt, context, feedback, notes) if txt else \
            self._read_project_layer(parameters, context, feedback)
        if not len(projects.geometries):
            raise QgsProcessingException(self.tr("There are no projects to check in {}.").format(projects.source))
        feedback.pushInfo(self.tr("{} projects from {}.").format(len(projects.geometries), projects.source))
        return projects

    def _read_txt(self, parameters, path, context, feedback, notes):
        encoding = self.ENCODINGS[self.parameterAsEnum(parameters, self.TXT_ENCODING, context)]
        try:
            parsed = read_coordinate_txt(path, encoding)
        except CoordinateTxtError as error:
            name = os.path.basename(path)
            raise QgsProcessingException(self.tr("Cannot read {}: {}").format(name, _txt_error(error, name))) from None
        except OSError as error:
            raise QgsProcessingException(self.tr("Cannot open {}: {}").format(
                os.path.basename(path), error.strerror or error)) from None
        feedback.pushInfo(self.tr("Coordinate file {} ({}), CRS {}; it is the working CRS.").format(
            os.path.basename(path), parsed.encoding.upper(), cr.crs_text(parsed.crs)))
        for warning in parsed.warnings:
            if warning == SWAPPED_WARNING:
                message = self.tr("The coordinate file has its X and Y columns swapped (easting first, northing "
                                  "second; 界址点 files put the northing X first). MultiPlan detected this and read "
                                  "them the right way round: check the file before submitting it.")
            else:
                message = self.tr("Coordinate file: {}").format(warning)
            feedback.pushWarning(message)
            notes.append(message)
        geometries = np.array([plot.geometry for plot in parsed.plots], dtype=object)
        return _Projects(geometries, [plot.number for plot in parsed.plots],
                         [plot.name or None for plot in parsed.plots], parsed.crs, os.path.basename(path))

    def _read_project_layer(self, parameters, context, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.PROJECTS, context)
        if layer is None:
            raise QgsProcessingException(self.invalidSourceError(parameters, self.PROJECTS))
        crs = crs_for_core(layer.crs(), layer.name(), layer.extent())
        if as_pyproj_crs(crs).is_geographic:
            working = working_crs_for([layer], feedback)
        else:
            working = crs
            feedback.pushInfo(self.tr("Working CRS: {} (the projects' CRS).").format(cr.crs_text(crs)))
        data = read_layer(self, parameters, self.PROJECTS, context, feedback, working)
        names = [field.name() for field in data.fields]
        ids = feature_ids(data, self.parameterAsString(parameters, self.PROJECT_ID_FIELD, context),
                          preferred=("XMBH",))
        feedback.pushInfo(ids.describe(data.name))
        name_field = self.parameterAsString(parameters, self.PROJECT_NAME_FIELD, context) or \
            ("XMMC" if "XMMC" in names else None)
        titles = [None] * len(ids.values) if name_field is None else [
            None if value is None else _text(value) for value in data.values(name_field)]
        if name_field:
            feedback.pushInfo(self.tr("Project names from field {}.").format(name_field))
        else:
            feedback.pushInfo(self.tr("The projects have no name field (XMMC); they are listed by id only."))
        return _Projects(data.geometries, list(ids.values), titles, working, data.name)

    # -- review layers -----------------------------------------------------------------------------
    def _read_near(self, parameters, item, context, feedback, projects, windows, margin):
        """The features of one review layer near the projects, in the working CRS."""
        source = source_with_detected_encoding(self, parameters, item.parameter, context, feedback)
        layer = self.parameterAsVectorLayer(parameters, item.parameter, context)
        shown = display_name(layer) if layer is not None else source.sourceName()
        layer_crs = crs_for_core(source.sourceCrs(), shown, source.sourceExtent())
        field = self._class_field(parameters, item, source.fields(), shown, context)
        class_index = source.fields().indexOf(field) if field else -1
        id_field, id_index = _identifier_field(source, item.id_fields)
        reader = _NearbyReader(source, layer_crs, projects.crs, context, class_index, feedback, id_index)
        reader.read(windows)
        within = len(reader.fids)
        widened = reader.complete_nearest(projects.geometries, margin)
        if reader.reprojected:
            feedback.pushInfo(self.tr("Reprojected the features of “{}” from {} to the working CRS {}.").format(
                shown, cr.crs_text(layer_crs), cr.crs_text(projects.crs)))
        feedback.pushInfo(self.tr("“{}”: {} of {} features read near the projects (within {:g} m){}{}.").format(
            shown, within, reader.total if reader.total >= 0 else "?", margin,
            self.tr(", classes from field {}").format(field) if field else "",
            self.tr("; {} more read to measure the distance of projects farther away").format(
                len(reader.fids) - within) if widened else ""))
        ids = reader.feature_ids(id_field)
        feedback.pushInfo(ids.describe(shown))
        name = cr.layer_title(item.kind, shown)
        review = cp.ReviewLayer(name, item.kind, reader.geometries(), classes=reader.classes if field else None,
                                feature_ids=ids.values)
        return _Read(review, reader.total, _extent_in(source, projects.crs, context))

    def _class_field(self, parameters, item, fields, shown, context):
        if item.field is None:
            return None
        field = self.parameterAsString(parameters, item.field, context)
        if not field:
            return next((name for name in item.field_fallbacks if fields.indexOf(name) >= 0), None)
        if fields.indexOf(field) < 0:
            raise QgsProcessingException(self.tr("Layer “{}” has no field “{}”: choose its class field ({}).")
                                         .format(shown, field, item.field))
        return field

    # -- log -----------------------------------------------------------------------------------
    def _log(self, result, projects, read, margin, feedback, notes):
        by_name = {r.review.name: r for r in read}

        def warn(message):
            feedback.pushWarning(message)
            notes.append(message)

        raw = projects.geometries
        for pid in result.repaired:
            position = projects.ids.index(pid)
            reason = self._validity_reason(shapely.is_valid_reason(raw[position]))
            warn(self.tr("The red line of project {} is not a valid polygon ({}), e.g. self-intersecting; it was "
                         "repaired (make_valid) for the check and the report. Fix the red line before submitting "
                         "it.").format(pid, reason))
        for warning in result.warnings:
            code, _, rest = warning.partition(":")
            if code == "empty_layer":
                if by_name[rest].total == 0:
                    warn(self.tr("“{}” has no features: nothing was checked against it.").format(rest))
                else:
                    feedback.pushInfo(self.tr("“{}” has no feature within {:g} m of the projects.").format(
                        rest, margin))
            elif code == "repaired_features":
                name, _, count = rest.rpartition(":")
                warn(self.tr("“{}”: {} invalid features near the projects were repaired on a copy (run the "
                             "quality check to fix the data).").format(name, count))
            elif code == "no_classes":
                warn(self.tr("“{}” has no class field, so its classes were not judged (rules GD and SYX need "
                             "one).").format(rest))
            elif code == "empty_projects":
                warn(self.tr("Projects {} have no polygon (empty or not a polygon); they need attention.")
                     .format(rest.replace(",", ", ")))
            elif code == "duplicate_project_ids":
                warn(self.tr("Some project ids occur more than once; choose a field with unique ids."))
            else:
                warn(warning)
        for row in cr.project_rows(result).itertuples(index=False):
            title = " ".join(str(part) for part in (row.project_id, row.project_name) if part)
            feedback.pushInfo(self.tr("{}: {}, {:.2f} m² ({:.4f} 公顷, {:.2f} 亩): {}").format(
                title, row.status_label, row.area_m2, row.area_ha, row.area_mu, row.reason))

    def _validity_reason(self, reason):
        """GEOS's reason (e.g. "Self-intersection[39500050 3500050]") in the user's language."""
        words = {"Ring Self-intersection": self.tr("ring self-intersection"),
                 "Self-intersection": self.tr("self-intersection"),
                 "Too few points": self.tr("too few points"),
                 "Hole lies outside shell": self.tr("hole outside the outer ring"),
                 "Nested holes": self.tr("nested holes"),
                 "Interior is disconnected": self.tr("interior is disconnected"),
                 "Nested shells": self.tr("nested outer rings"),
                 "Duplicate Rings": self.tr("duplicate rings"),
                 "Invalid Coordinate": self.tr("invalid coordinate"),
                 "Ring is not closed": self.tr("ring not closed")}
        for word, translated in words.items():
            if str(reason).startswith(word):
                return translated + str(reason)[len(word):]
        return str(reason)

    # -- outputs ---------------------------------------------------------------------------------
    def _write_outputs(self, parameters, context, feedback, result, projects, read, settings, margin, notes):
        """The layers, the workbook and the page; a failed or cancelled run leaves none of them
        (the base class writes every output aside and moves them into place on success)."""
        crs = qgs_crs(projects.crs)
        fields = fields_from_spec(cr.OVERLAP_FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        write_table(sink, fields, cr.overlap_layer_table(result), result.overlaps["geometry"].to_numpy(),
                    feedback, 70, 76)
        del sink
        results = {self.OUTPUT: dest_id}
        repaired = valid_polygonal(projects.geometries)
        if self.given(parameters, self.PROJECTS_OUTPUT):
            project_fields = fields_from_spec(cr.project_fields())
            sink, projects_id = self.parameterAsSink(parameters, self.PROJECTS_OUTPUT, context, project_fields,
                                                     QgsWkbTypes.MultiPolygon, crs)
            if sink is not None:
                write_table(sink, project_fields, cr.project_layer_table(result), repaired, feedback, 76, 80)
                del sink
                results[self.PROJECTS_OUTPUT] = projects_id
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        note = area_note(cr.AREA_METHOD, Text(
            "缓冲距离 {:g} 米；最小重叠面积 {:.2f} 平方米；读取各项目周边 {:g} 米内的要素",
            "buffer distance {:g} m; minimum overlap area {:.2f} m²; features read within {:g} m of each "
            "project").format(settings.buffer_distance, settings.min_area, margin))
        cr.write_report(report, result, note, notes)
        results[self.REPORT] = report
        feedback.setProgress(85)
        page_path = self.parameterAsFileOutput(parameters, self.REPORT_HTML, context)
        if page_path:
            text = self._page(parameters, context, result, projects, repaired, read, settings, margin, notes,
                              feedback)
            with open(page_path, "w", encoding="utf-8") as stream:
                stream.write(text)
            results[self.REPORT_HTML] = page_path
        feedback.setProgress(100)
        statuses = result.projects["status"].tolist()
        results.update({self.PROJECT_COUNT: len(statuses), self.PASS_COUNT: statuses.count(cp.PASS),
                        self.ATTENTION_COUNT: statuses.count(cp.ATTENTION), self.FAIL_COUNT: statuses.count(cp.FAIL)})
        return results

    def _boundaries(self, parameters, context, feedback, crs):
        """County polygons, township polygons and their names for the location map, in ``crs``."""
        county, townships, names = [], [], None
        if self.given(parameters, self.COUNTY):
            county = [g for g in read_layer(self, parameters, self.COUNTY, context, feedback, crs).geometries
                      if g is not None]
        if self.given(parameters, self.ADMIN):
            data = read_layer(self, parameters, self.ADMIN, context, feedback, crs)
            townships = list(data.geometries)
            field = ""
            for parameter in (self.ADMIN_NAME_FIELD, self.ADMIN_CODE_FIELD):
                try:
                    field = self.chosen_field(parameters, parameter, context, data)
                except QgsProcessingException as error:
                    feedback.pushWarning(self.tr("{} The townships are shown without it.").format(error))
                if field:
                    break
            names = [code_text(value) for value in data.values(field)] if field else None
        return county, townships, names

    def _page(self, parameters, context, result, projects, repaired, read, settings, margin, notes, feedback):
        """The HTML page: maps rendered by QGIS from the features read, one section per project."""
        rows = cr.project_rows(result)
        verdicts, overlaps, relations = cr.verdict_rows(result), cr.overlap_rows(result), cr.relation_rows(result)
        hatched = result.overlaps[result.overlaps["kind"].isin([cp.ECOLOGICAL, cp.FARMLAND])]["geometry"]
        drawable = present(repaired)
        shapes = [g if ok else None for g, ok in zip(repaired, drawable)]
        maps = cpage.ProjectMaps(projects.crs, shapes, [cpage.MapLayer(r.review.kind, r.review.geometries)
                                                        for r in read], hatched.tolist())
        county, townships, names = self._boundaries(parameters, context, feedback, projects.crs)
        extents = np.array([r.extent for r in read if r.extent is not None], dtype=float).reshape(-1, 4)
        layers_extent = (extents[:, 0].min(), extents[:, 1].min(), extents[:, 2].max(), extents[:, 3].max()) \
            if len(extents) else None
        location = cpage.LocationMap(projects.crs, shapes, county, townships, names, layers_extent)
        if not county and not len(townships):
            feedback.pushInfo(self.tr("No county boundary (COUNTY) or townships (ADMIN) given: the location maps "
                                      "show the projects within the extent of the review layers."))
        sections = []
        for k, (_, row) in enumerate(rows.iterrows()):
            if feedback.isCanceled():
                raise self.cancelled_error()
            figures = []
            if drawable[k]:
                png, width = location.render(k)
                figures.append(("location", cpage.Figure(png, location.legend(k), width)))
                png, width = maps.render(k)
                figures.append(("closeup", cpage.Figure(png, maps.legend(), width)))
            mine = verdicts["project_id"] == row["project_id"]
            sections.append(cpage.project_section(
                k + 1, row, verdicts[mine], overlaps[overlaps["project_id"] == row["project_id"]],
                relations[relations["project_id"] == row["project_id"]], figures, location.township_names(k)))
            feedback.setProgress(85 + 15 * (k + 1) / len(rows))
        meta = [(pick("日期", "Date"), f"{date.today():%Y-%m-%d}"),
                (pick("项目红线", "Project red-lines"), projects.source),
                (pick("坐标系", "Working CRS"), cr.crs_text(projects.crs)),
                (pick("审查图层", "Layers checked"), cr.punctuation("、", ", ").join(r.review.name for r in read)),
                (pick("面积计算方法", "Area method"), str(cr.AREA_METHOD)),
                (pick("缓冲距离", "Buffer distance"), pick(f"{settings.buffer_distance:g} 米",
                                                        f"{settings.buffer_distance:g} m")),
                (pick("最小重叠面积", "Minimum overlap area"), pick(f"{settings.min_area:.2f} 平方米",
                                                               f"{settings.min_area:.2f} m²")),
                (pick("读取范围", "Features read"), pick(f"各项目周边 {margin:g} 米内，量算最近距离时向外扩展",
                                                      f"within {margin:g} m of each project, farther for "
                                                      f"nearest distances"))]
        return cpage.page(pick("建设项目空间预审报告", "Project compliance pre-review"), meta, notes,
                          cpage.summary_table(rows), sections)


class _NearbyReader:
    """The features of one source near the projects, through its spatial index.

    :meth:`read` fetches the features whose bounding box meets a window (``setFilterRect``, which
    GeoPackages and shapefiles with a .qix answer from their spatial index), each only once, and
    keeps their geometries in the working CRS. :meth:`complete_nearest` then makes every
    project's nearest distance exact: a feature closer than ``r`` to a project meets the window
    of the project's extent grown by ``r``, so a project whose nearest feature read so far lies at
    ``d`` beyond the windows already searched needs one more read, of radius ``d``.
    """

    MAX_ROUNDS = 8  # a project with nothing within its window: the radius grows 4-fold per round

    def __init__(self, source, source_crs, working_crs, context, class_index, feedback, id_index=-1):
        self.source, self.source_crs, self.working_crs = source, source_crs, working_crs
        self.class_index, self.feedback, self.id_index = class_index, feedback, id_index
        self.ids = []  # per feature read: its identifier (id_index ≥ 0)
        self.reprojected = as_pyproj_crs(source_crs) != as_pyproj_crs(working_crs)
        self.transform = QgsCoordinateTransform(qgs_crs(working_crs), source.sourceCrs(),
                                                context.transformContext()) if self.reprojected else None
        self.total = source.featureCount()
        self.fids, self.classes, self._parts = {}, [], []  # fid → position; per feature; geometry arrays

    def read(self, windows):
        wkbs = []
        for xmin, ymin, xmax, ymax in windows:
            rect = QgsRectangle(xmin, ymin, xmax, ymax)
            if self.transform is not None:
                rect = self.transform.transformBoundingBox(rect)
            request = QgsFeatureRequest().setFilterRect(rect)
            request.setSubsetOfAttributes([index for index in (self.class_index, self.id_index) if index >= 0])
            for feature in self.source.getFeatures(request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks):
                if self.feedback.isCanceled():
                    raise cancelled_error()
                if feature.id() in self.fids:
                    continue
                self.fids[feature.id()] = len(self.fids)
                wkbs.append(wkb_of(feature.geometry()))
                self.classes.append(_class_value(feature.attribute(self.class_index))
                                    if self.class_index >= 0 else None)
                if self.id_index >= 0:
                    self.ids.append(code_text(_plain(feature.attribute(self.id_index))))
        if wkbs:
            geometries = shapely.from_wkb(np.array(wkbs, dtype=object), on_invalid="ignore")
            if self.reprojected:
                geometries = reproject_geometries(geometries, self.source_crs, self.working_crs)
            self._parts.append(geometries)

    def geometries(self):
        return np.concatenate(self._parts) if self._parts else np.zeros(0, dtype=object)

    def feature_ids(self, id_field):
        """How the features read are named (:class:`..layer_io.FeatureIds`), as
        :func:`..layer_io.feature_ids` names the features of a whole layer: by ``id_field`` (chosen
        by :func:`_identifier_field`, filled and unique over the whole layer), else by their number
        in the layer (1 = first, in the provider's order of feature ids), never by the fid itself."""
        if id_field:
            return FeatureIds(list(self.ids), id_field)
        order = sorted(self.source.allFeatureIds())
        return FeatureIds([str(bisect_left(order, fid) + 1) for fid in self.fids], "")

    def complete_nearest(self, projects, margin):
        """Read on until each project's nearest feature is among those read; True if it had to."""
        shapes = np.asarray(projects, dtype=object)
        searched = np.full(len(shapes), float(margin))
        widened = False
        for _ in range(self.MAX_ROUNDS):
            if 0 <= self.total <= len(self.fids):
                break  # everything is read
            tree = shapely.STRtree(self.geometries())
            windows = []
            for k in np.flatnonzero(present(shapes)):
                nearest = _nearest_distance(tree, shapes[k])
                if nearest <= searched[k]:
                    continue  # exact: every feature within searched[k] has been read
                searched[k] = nearest if np.isfinite(nearest) else searched[k] * 4
                xmin, ymin, xmax, ymax = shapes[k].bounds
                grow = searched[k] + WINDOW_PAD
                windows.append((xmin - grow, ymin - grow, xmax + grow, ymax + grow))
            if not windows:
                break
            widened = True
            self.read(windows)
        return widened


def _nearest_distance(tree, shape):
    try:
        _, distances = tree.query_nearest(np.array([shape], dtype=object), return_distance=True)
    except shapely.errors.GEOSException:
        return 0.0  # GEOS cannot measure it: leave the distance to core
    return float(distances.min()) if len(distances) else float("inf")


# -- helpers -------------------------------------------------------------------------------------

def _windows(geometries, margin, with_maps):
    """Rectangles (xmin, ymin, xmax, ymax) to read review features in: each project's extent grown
    by ``margin`` (and its map's extent), overlapping rectangles merged so no area is read twice."""
    shapes = geometries[present(geometries)] if len(geometries) else geometries
    if not len(shapes):
        return []
    bounds = shapely.bounds(shapes)
    boxes = shapely.box(bounds[:, 0] - margin, bounds[:, 1] - margin, bounds[:, 2] + margin, bounds[:, 3] + margin)
    if with_maps:
        maps = np.array([cpage.map_extent(b) for b in bounds])
        boxes = shapely.envelope(shapely.union(boxes, shapely.box(maps[:, 0], maps[:, 1], maps[:, 2], maps[:, 3])))
    while True:
        merged = shapely.envelope(shapely.get_parts(shapely.union_all(boxes)))
        if len(merged) == len(boxes):
            return [tuple(b) for b in shapely.bounds(merged)]
        boxes = merged


def _identifier_field(source, preferred=()):
    """(field name, index) of the field naming ``source``'s features, as
    :func:`..layer_io.feature_ids` chooses it: the first of ``preferred`` and
    :data:`..layer_io.IDENTIFIER_FIELDS` whose values are all filled and unique; ("", -1) if none.
    Decided from the provider's unique values, so the whole layer is not read."""
    fields, total = source.fields(), source.featureCount()
    for candidate in list(preferred) + [name for name in IDENTIFIER_FIELDS if name not in preferred]:
        index = fields.lookupField(candidate)
        if index < 0 or total < 0:
            continue
        values = source.uniqueValues(index)
        texts = {code_text(_plain(value)) for value in values}
        if len(values) == total and len(texts) == total and None not in texts:
            return fields.at(index).name(), index
    return "", -1


def _plain(value):
    return None if value is None or value == NULL_VARIANT else value


def _extent_in(source, crs, context):
    """The extent of a whole source, in the working ``crs`` (None when unknown)."""
    extent = source.sourceExtent()
    if extent.isNull() or extent.isEmpty():
        return None
    target = qgs_crs(crs)
    if source.sourceCrs() != target:
        try:
            extent = QgsCoordinateTransform(source.sourceCrs(), target, context.transformContext()) \
                .transformBoundingBox(extent)
        except QgsCsException:
            return None
    return extent.xMinimum(), extent.yMinimum(), extent.xMaximum(), extent.yMaximum()


def _class_value(value):
    """A class attribute as text; integral floats without ".0" (a code read as a number)."""
    if value is None or value == NULL_VARIANT:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _text(value)


def _text(value):
    return str(value).strip() or None


def _split(text):
    return tuple(part.strip() for part in (text or "").replace("，", ",").split(",") if part.strip())


def _txt_error(error, name):
    """A coordinate-file error as the user reads it (zones and CRS problems worded in full)."""
    if isinstance(error, CoordinateTxtZoneError):
        return txt_zone_message(error)
    if isinstance(error, CoordinateTxtOutsideCrsError):
        return outside_crs_message(error.outside, name)
    return str(error.text)
