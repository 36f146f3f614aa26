"""multiplan:project_compliance: project red-lines checked against the control lines (项目空间预审)."""
import os
from dataclasses import dataclass
from datetime import date

import numpy as np
import shapely
from qgis.core import (QgsCoordinateReferenceSystem, QgsCoordinateTransform, QgsFeatureRequest, QgsProcessing,
                       QgsProcessingException, QgsProcessingFeatureSource, QgsProcessingOutputNumber,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsRectangle, QgsWkbTypes)
from qgis.core import NULL as NULL_VARIANT
from qgis.PyQt.QtCore import QT_TRANSLATE_NOOP

from ...core import compliance as cp
from ...core import compliance_report as cr
from ...core.coordinate_txt import CoordinateTxtError, read_coordinate_txt
from ...core.crs import as_pyproj_crs, describe_crs, reproject_geometries
from ...core.geometry import present, valid_polygonal
from ...core.report import area_note
from .. import compliance_page as cpage
from ..layer_io import crs_for_core, display_name, read_layer, source_with_detected_encoding, wkb_of, working_crs_for
from ..messages import cancelled_error, ellipsoidal_label
from ..sinks import discard_outputs, fields_from_spec, output_file, replace_atomically, write_table
from .base import MultiPlanAlgorithm

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


class ProjectComplianceAlgorithm(MultiPlanAlgorithm):
    PROJECTS, PROJECT_ID_FIELD, PROJECT_NAME_FIELD = "PROJECTS", "PROJECT_ID_FIELD", "PROJECT_NAME_FIELD"
    PROJECT_TXT, TXT_ENCODING = "PROJECT_TXT", "TXT_ENCODING"
    ECOLOGICAL, FARMLAND, URBAN_BOUNDARY = "ECOLOGICAL_REDLINE", "FARMLAND", "URBAN_BOUNDARY"
    ZONES, ZONE_FIELD, PLAN, PLAN_FIELD = "ZONES", "ZONE_FIELD", "PLAN", "PLAN_FIELD"
    SURVEY, SURVEY_FIELD, SUITABILITY, SUITABILITY_FIELD = "SURVEY", "SURVEY_FIELD", "SUITABILITY", "SUITABILITY_FIELD"
    BUFFER_DISTANCE, FARMLAND_CLASSES, UNSUITABLE_LABELS = "BUFFER_DISTANCE", "FARMLAND_CLASSES", "UNSUITABLE_LABELS"
    OUTPUT, PROJECTS_OUTPUT, REPORT, REPORT_HTML = "OUTPUT", "PROJECTS_OUTPUT", "REPORT", "REPORT_HTML"
    PROJECT_COUNT, PASS_COUNT, ATTENTION_COUNT, FAIL_COUNT = (
        "PROJECT_COUNT", "PASS_COUNT", "ATTENTION_COUNT", "FAIL_COUNT")
    GROUP_ID = "control"
    ENCODINGS = (None, "gbk", "utf-8")
    # Labels marked for translation here, translated where the parameters are declared.
    INPUTS = (
        _Input(ECOLOGICAL, cp.ECOLOGICAL,
               QT_TRANSLATE_NOOP("ProjectComplianceAlgorithm", "Ecological protection red line (生态保护红线)")),
        _Input(FARMLAND, cp.FARMLAND,
               QT_TRANSLATE_NOOP("ProjectComplianceAlgorithm", "Permanent basic farmland (永久基本农田)")),
        _Input(URBAN_BOUNDARY, cp.URBAN_BOUNDARY,
               QT_TRANSLATE_NOOP("ProjectComplianceAlgorithm", "Urban development boundary (城镇开发边界)")),
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
            "Rules (a pre-review flags, the approving authority decides): HX red line overlapped → fail, touched "
            "along an edge (zero area) or within the buffer distance → attention; NT basic farmland the same; KB "
            "partly or entirely outside the urban boundary → attention; GD occupies cultivated land (classes "
            "starting with the farmland classes, default 01) in the survey or plan → attention; SYX occupies "
            "land whose suitability class contains an unsuitable label → attention. A project's status is its "
            "worst rule: 通过 pass, 需关注 attention, 不通过 fail. Zones are reported, not judged.\n\n"
            "Outputs: the overlap layer (one feature per project, layer and class, ellipsoidal area in m², 公顷 "
            "and 亩 and the share of the project), optionally the projects with their status, an Excel report "
            "(项目汇总, 规则判定, 占用明细, 空间关系) and optionally one HTML page with a map per project.\n\n"
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
            self.PROJECT_ID_FIELD, self.tr("Project id field (empty: XMBH if present, else the feature id)"),
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
        page.setHelp(self.tr("One self-contained page: per project its status, verdicts, overlaps and a map of the "
                             "project over the review layers."))
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
            buffer_distance=buffer,
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
            raise QgsProcessingException(self.tr("Cannot read {}: {}").format(path, error)) from None
        except OSError as error:
            raise QgsProcessingException(self.tr("Cannot open {}: {}").format(path, error)) from None
        feedback.pushInfo(self.tr("Coordinate file {} ({}), CRS {}; it is the working CRS.").format(
            os.path.basename(path), parsed.encoding.upper(), describe_crs(parsed.crs).describe()))
        for warning in parsed.warnings:
            if "swapped" in warning:
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
            feedback.pushInfo(self.tr("Working CRS: {} (the projects' CRS).").format(describe_crs(crs).describe()))
        data = read_layer(self, parameters, self.PROJECTS, context, feedback, working)
        names = [field.name() for field in data.fields]
        id_field = self.parameterAsString(parameters, self.PROJECT_ID_FIELD, context) or \
            ("XMBH" if "XMBH" in names else None)
        name_field = self.parameterAsString(parameters, self.PROJECT_NAME_FIELD, context) or \
            ("XMMC" if "XMMC" in names else None)
        fids = [str(feature.id()) for feature in data.features]
        ids = fids if id_field is None else [fid if value is None else _text(value) or fid
                                            for fid, value in zip(fids, data.values(id_field))]
        titles = [None] * len(fids) if name_field is None else [
            None if value is None else _text(value) for value in data.values(name_field)]
        feedback.pushInfo(self.tr("Project ids from {}, names from {}.").format(
            id_field or self.tr("the feature ids"), name_field or self.tr("nowhere (no name field)")))
        return _Projects(data.geometries, ids, titles, working, data.name)

    # -- review layers -----------------------------------------------------------------------------
    def _read_near(self, parameters, item, context, feedback, projects, windows, margin):
        """The features of one review layer near the projects, in the working CRS."""
        source = source_with_detected_encoding(self, parameters, item.parameter, context, feedback)
        layer = self.parameterAsVectorLayer(parameters, item.parameter, context)
        shown = display_name(layer) if layer is not None else source.sourceName()
        layer_crs = crs_for_core(source.sourceCrs(), shown, source.sourceExtent())
        field = self._class_field(parameters, item, source.fields(), shown, context)
        class_index = source.fields().indexOf(field) if field else -1
        reader = _NearbyReader(source, layer_crs, projects.crs, context, class_index, feedback)
        reader.read(windows)
        within = len(reader.fids)
        widened = reader.complete_nearest(projects.geometries, margin)
        if reader.reprojected:
            feedback.pushInfo(self.tr("Reprojected the features of “{}” from {} to the working CRS {}.").format(
                shown, describe_crs(layer_crs).describe(), describe_crs(projects.crs).describe()))
        feedback.pushInfo(self.tr("“{}”: {} of {} features read near the projects (within {:g} m){}{}.").format(
            shown, within, reader.total if reader.total >= 0 else "?", margin,
            self.tr(", classes from field {}").format(field) if field else "",
            self.tr("; {} more read to measure the distance of projects farther away").format(
                len(reader.fids) - within) if widened else ""))
        name = f"{cr.KIND_NAMES[item.kind][0]}（{shown}）"
        review = cp.ReviewLayer(name, item.kind, reader.geometries(), classes=reader.classes if field else None,
                                feature_ids=list(reader.fids))
        return _Read(review, reader.total)

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
            reason = shapely.is_valid_reason(raw[position])
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
                title, row.status_label, row.area_m2, row.area_ha, row.area_mu, row.reason_en))
            feedback.pushInfo("    " + row.reason_zh)

    # -- outputs ---------------------------------------------------------------------------------
    def _write_outputs(self, parameters, context, feedback, result, projects, read, settings, margin, notes):
        crs = _qgs_crs(projects.crs)
        label = ellipsoidal_label()
        written = []
        try:
            fields = fields_from_spec(cr.OVERLAP_FIELDS)
            sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
                                                 crs)
            if sink is None:
                raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
            written.append(output_file(dest_id))
            write_table(sink, fields, cr.overlap_layer_table(result, label), result.overlaps["geometry"].to_numpy(),
                        feedback, 70, 76)
            del sink
            results = {self.OUTPUT: dest_id}
            repaired = valid_polygonal(projects.geometries)
            if self.given(parameters, self.PROJECTS_OUTPUT):
                project_fields = fields_from_spec(cr.PROJECT_FIELDS)
                sink, projects_id = self.parameterAsSink(parameters, self.PROJECTS_OUTPUT, context, project_fields,
                                                         QgsWkbTypes.MultiPolygon, crs)
                if sink is not None:
                    written.append(output_file(projects_id))
                    write_table(sink, project_fields, cr.project_layer_table(result, label), repaired, feedback,
                                76, 80)
                    del sink
                    results[self.PROJECTS_OUTPUT] = projects_id
            report = self.parameterAsFileOutput(parameters, self.REPORT, context)
            note = area_note(label, "缓冲距离 Buffer distance {:g} m；读取项目周边 {:g} m 内要素 features read within "
                                    "{:g} m of each project".format(settings.buffer_distance, margin, margin))
            replace_atomically(lambda path: cr.write_report(path, result, note, notes), report)
            written.append(report)
            results[self.REPORT] = report
            feedback.setProgress(85)
            page_path = self.parameterAsFileOutput(parameters, self.REPORT_HTML, context)
            if page_path:
                text = self._page(result, projects, repaired, read, settings, margin, notes, feedback)
                replace_atomically(lambda path: _write_text(path, text), page_path)
                results[self.REPORT_HTML] = page_path
        except BaseException:
            discard_outputs(*written)
            raise
        feedback.setProgress(100)
        statuses = result.projects["status"].tolist()
        results.update({self.PROJECT_COUNT: len(statuses), self.PASS_COUNT: statuses.count(cp.PASS),
                        self.ATTENTION_COUNT: statuses.count(cp.ATTENTION), self.FAIL_COUNT: statuses.count(cp.FAIL)})
        return results

    def _page(self, result, projects, repaired, read, settings, margin, notes, feedback):
        """The HTML page: maps rendered by QGIS from the features read, one section per project."""
        rows = cr.project_rows(result)
        verdicts, overlaps, relations = cr.verdict_rows(result), cr.overlap_rows(result), cr.relation_rows(result)
        hatched = result.overlaps[result.overlaps["kind"].isin([cp.ECOLOGICAL, cp.FARMLAND])]["geometry"]
        drawable = present(repaired)
        maps = cpage.ProjectMaps(projects.crs, [g if ok else None for g, ok in zip(repaired, drawable)],
                                 [cpage.MapLayer(r.review.kind, r.review.geometries) for r in read],
                                 hatched.tolist())
        sections = []
        for k, (_, row) in enumerate(rows.iterrows()):
            if feedback.isCanceled():
                raise self.cancelled_error()
            png = width = None
            if drawable[k]:
                png, width = maps.render(k)
            mine = verdicts["project_id"] == row["project_id"]
            sections.append(cpage.project_section(
                k + 1, row, verdicts[mine], overlaps[overlaps["project_id"] == row["project_id"]],
                relations[relations["project_id"] == row["project_id"]], png, maps.legend(), width))
            feedback.setProgress(85 + 15 * (k + 1) / len(rows))
        meta = [("日期", "Date", f"{date.today():%Y-%m-%d}"), ("项目红线", "Project red-lines", projects.source),
                ("坐标系", "Working CRS", describe_crs(projects.crs).describe()),
                ("审查图层", "Layers checked", ", ".join(r.review.name for r in read)),
                ("面积计算方法", "Area method", ellipsoidal_label()),
                ("缓冲距离", "Buffer distance", f"{settings.buffer_distance:g} m"),
                ("读取范围", "Features read", self.tr("within {:g} m of each project, farther for nearest "
                                                     "distances").format(margin))]
        return cpage.page("建设项目空间预审报告 Project compliance pre-review", meta, notes,
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

    def __init__(self, source, source_crs, working_crs, context, class_index, feedback):
        self.source, self.source_crs, self.working_crs = source, source_crs, working_crs
        self.class_index, self.feedback = class_index, feedback
        self.reprojected = as_pyproj_crs(source_crs) != as_pyproj_crs(working_crs)
        self.transform = QgsCoordinateTransform(_qgs_crs(working_crs), source.sourceCrs(),
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
            request.setSubsetOfAttributes([self.class_index] if self.class_index >= 0 else [])
            for feature in self.source.getFeatures(request, QgsProcessingFeatureSource.FlagSkipGeometryValidityChecks):
                if self.feedback.isCanceled():
                    raise cancelled_error()
                if feature.id() in self.fids:
                    continue
                self.fids[feature.id()] = len(self.fids)
                wkbs.append(wkb_of(feature.geometry()))
                self.classes.append(_class_value(feature.attribute(self.class_index))
                                    if self.class_index >= 0 else None)
        if wkbs:
            geometries = shapely.from_wkb(np.array(wkbs, dtype=object), on_invalid="ignore")
            if self.reprojected:
                geometries = reproject_geometries(geometries, self.source_crs, self.working_crs)
            self._parts.append(geometries)

    def geometries(self):
        return np.concatenate(self._parts) if self._parts else np.zeros(0, dtype=object)

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


def _qgs_crs(text):
    if str(text).upper().startswith("EPSG:"):
        return QgsCoordinateReferenceSystem(text)
    return QgsCoordinateReferenceSystem.fromWkt(text)


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


def _write_text(path, text):
    with open(path, "w", encoding="utf-8") as stream:
        stream.write(text)

