"""multiplan:check_control_lines: the three control lines and the three zones checked against each other."""
import re

from qgis.core import (QgsCoordinateReferenceSystem, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputBoolean, QgsProcessingOutputNumber, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsWkbTypes)

from ....core.control_lines import checks as cl
from ....core.control_lines.control_line_report import AREA_METHOD, FIELDS, layer_table, write_line_totals, write_report
from ....core.geometry import present
from ....core.report import area_note, pick
from ....core.units import to_hectares, to_mu
from ...layer_io import code_text, feature_ids, read_layer, unique_name, working_crs_for
from ...sinks import fields_from_spec, write_table
from ..base import MultiPlanAlgorithm

#: Fields that identify a line's features in 一张图 data, tried before BSM / 标识码 / OBJECTID
#: (processing.layer_io.feature_ids); else the 1-based feature number, never the fid.
ID_FIELDS = {"ecological": ("HXBH",), "farmland": ("JBNTTBBH",), "urban_boundary": ("BJBH",)}
DEFAULT_ZONE_CODES = "1=urban;2=agricultural;3=ecological"


def parse_zone_codes(text):
    """``"1=urban;2=农业空间"`` → ``{"1": "urban", "2": "agricultural"}`` (ValueError when unreadable).

    Classes may be named as core.control_lines.checks.ZONE_ALIASES knows them (城镇空间, 生态 …).
    """
    mapping = {}
    for item in filter(None, (part.strip() for part in re.split(r"[;；,，\n]", text or ""))):
        match = re.fullmatch(r"([^=:：]+?)\s*[=:：]\s*(.+)", item)
        zone = cl.ZONE_ALIASES.get(match.group(2).strip().lower()) if match else None
        if zone is None:
            raise ValueError(item)
        mapping[match.group(1).strip()] = zone
    return mapping


class CheckControlLinesAlgorithm(MultiPlanAlgorithm):
    ECOLOGICAL, FARMLAND, URBAN_BOUNDARY = "ECOLOGICAL_REDLINE", "FARMLAND", "URBAN_BOUNDARY"
    ZONES, ZONE_FIELD, ZONE_CODES, COUNTY = "ZONES", "ZONE_FIELD", "ZONE_CODES", "COUNTY"
    BASE_CONSTRUCTION, SUITABILITY = "BASE_CONSTRUCTION", "SUITABILITY"
    SUITABILITY_FIELD, UNSUITABLE_LABELS = "SUITABILITY_FIELD", "UNSUITABLE_LABELS"
    EXPANSION_LIMIT, FRAGMENT_MIN_AREA, MIN_WIDTH = "EXPANSION_LIMIT", "FRAGMENT_MIN_AREA", "MIN_WIDTH"
    MIN_AREA = "MIN_AREA"
    OUTPUT, REPORT, LINE_TOTALS = "OUTPUT", "REPORT", "LINE_TOTALS"
    VIOLATION_COUNT, ERROR_COUNT, WARNING_COUNT = "VIOLATION_COUNT", "ERROR_COUNT", "WARNING_COUNT"
    EXPANSION_MULTIPLE, PASSED = "EXPANSION_MULTIPLE", "PASSED"
    GROUP_ID = "control"
    OUTPUT_STYLES = {"OUTPUT": "severity:YZCD"}
    # Parameter → core input, in the order they are read.
    LAYERS = ((ECOLOGICAL, "ecological"), (FARMLAND, "farmland"), (URBAN_BOUNDARY, "urban_boundary"),
              (ZONES, "zones"), (BASE_CONSTRUCTION, "base_construction"), (SUITABILITY, "suitability"))

    def name(self):
        return "check_control_lines"

    def displayName(self):  # noqa: N802
        return self.tr("Check control lines and zones (三区三线)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Checks the three control lines (ecological protection red line 生态保护红线, permanent basic farmland "
            "永久基本农田, urban development boundary 城镇开发边界) and the three zones (urban, agricultural and "
            "ecological space, 三区) against each other, the county boundary and, when given, the base-year urban "
            "construction land and the suitability evaluation (双评价). Every input is optional, but at least two "
            "layers besides the admin units are needed; the rules whose inputs are missing or empty are listed as "
            "not checked, with the reason.\n\n"
            "Rules (severity): HX_NT red line overlaps farmland (error); KB_HX urban boundary overlaps red line "
            "(error); KB_NT urban boundary takes farmland (warning: 不占或少占); SQ_GAP part of the county in no "
            "zone (error); SQ_OVERLAP zones overlap (error); SQ_OUTSIDE zone outside the county (warning); "
            "HX_ZONE / NT_ZONE / KB_ZONE a line outside its space (warning); FRAGMENT a polygon part of a line "
            "smaller than the fragment area (default 400 m²) or narrower than the minimum width (default 2 m) "
            "(warning); EXPANSION urban boundary area / base construction land above the limit (error; the "
            "default 1.3 is configurable and UNVERIFIED); NT_UNSUITABLE / KB_UNSUITABLE farmland or urban "
            "boundary on land graded unsuitable (warning). Polygons that only touch give nothing, and overlap, gap "
            "and outside pieces below the minimum area (default 1 m²: where shared edges do not match exactly, "
            "e.g. 1 mm along 1 km) are not violations; the log and the report say how many were left out. Set it "
            "to 0 to list every piece, raise it for data digitised at a coarser scale. The summary's 结论 is "
            "不通过 for a rule of severity error with violations and 需关注 for a warning rule with violations; "
            "the check passes when no error remains.\n\n"
            "The zone field holds codes mapped to classes by the zone codes parameter (default "
            "1=urban;2=agricultural;3=ecological: the codes are not standardised, so check them); names such as "
            "城镇空间, 农业空间, 生态空间 are understood as they are. Feature ids in the output are the layer's "
            "HXBH, JBNTTBBH or BJBH (for the red line, farmland and urban boundary), else BSM, 标识码 or OBJECTID "
            "when the field exists and is filled and unique, else the feature's number in the layer (1 = first), "
            "the same whatever format the layer is stored in; the log says which.\n\n"
            "Outputs: a violations layer (rule GZBH, name GZMC, severity YZCD, layer TC and feature ids YSBH, the "
            "other layer DBTC and its ids DBBH, admin unit XZQDM/XZQMC, ellipsoidal area MJ in m², MJGQ in 公顷, "
            "MJMU in 亩 (2, 4 and 2 decimals), a point inside ZXZB_X/ZXZB_Y, value ZHI and limit XZ, and a "
            "sentence SM; the EXPANSION row's geometry is the whole urban boundary, its MJ the area above the "
            "limit), an Excel report (summary per rule with 结论, violations with 小计 per rule, each line's area, "
            "per admin unit when given, and the expansion multiple) and optionally each line's total area as CSV. With admin units every violation is split by them. Overlaps inside one layer are "
            "counted once; invalid geometries are repaired on a copy and reported; the inputs are never changed.")

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon = [QgsProcessing.TypeVectorPolygon]
        for name, label in ((self.ECOLOGICAL, self.tr("Ecological protection red line (生态保护红线)")),
                            (self.FARMLAND, self.tr("Permanent basic farmland (永久基本农田)")),
                            (self.URBAN_BOUNDARY, self.tr("Urban development boundary (城镇开发边界)")),
                            (self.ZONES, self.tr("Three zones (三区: urban, agricultural, ecological space)"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, polygon, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.ZONE_FIELD, self.tr("Zone code field"), defaultValue="KJLXDM", parentLayerParameterName=self.ZONES,
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.ZONE_CODES, self.tr("Zone codes (code=urban|agricultural|ecological, pairs separated by ;)"),
            defaultValue=DEFAULT_ZONE_CODES, optional=True))
        for name, label in ((self.COUNTY, self.tr("County boundary (县域)")),
                            (self.BASE_CONSTRUCTION, self.tr("Base-year urban construction land (现状城镇建设用地)")),
                            (self.SUITABILITY, self.tr("Suitability evaluation results (双评价)"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, polygon, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.SUITABILITY_FIELD, self.tr("Suitability grade field"), parentLayerParameterName=self.SUITABILITY,
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.UNSUITABLE_LABELS, self.tr("Grades that count as unsuitable (separated by commas)"),
            defaultValue="不适宜,unsuitable", optional=True))
        self.add_admin_parameters(self.tr("Admin units (e.g. townships 乡镇)"))
        defaults = cl.threshold_parameters()  # core's ControlLineSettings: the dock and the batch chain use them too
        for name, label in (
                (self.EXPANSION_LIMIT, self.tr("Expansion limit: urban boundary / base construction land "
                                               "(default 1.3, unverified, configurable)")),
                (self.FRAGMENT_MIN_AREA, self.tr("Fragment minimum area (m²)")),
                (self.MIN_WIDTH, self.tr("Fragment minimum width (m, 0 = no width test)")),
                (self.MIN_AREA, self.tr("Ignore overlap and gap pieces below (m², default 1: edges that do not "
                                        "match exactly)"))):
            self.addParameter(QgsProcessingParameterNumber(name, label, QgsProcessingParameterNumber.Double,
                                                           defaultValue=defaults[name], minValue=0.0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Control-line violations"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Check report (Excel)"),
                                                                fileFilter="Excel (*.xlsx)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.LINE_TOTALS, self.tr("Line areas (CSV)"), fileFilter="CSV (*.csv)", optional=True,
            createByDefault=False))
        for name, label in ((self.VIOLATION_COUNT, self.tr("Number of violations")),
                            (self.ERROR_COUNT, self.tr("Number of errors")),
                            (self.WARNING_COUNT, self.tr("Number of warnings")),
                            (self.EXPANSION_MULTIPLE, self.tr("Expansion multiple (empty when not checked)"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))
        self.addOutput(QgsProcessingOutputBoolean(self.PASSED, self.tr("Passed (no error-level violation)")))

    # -- run -------------------------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        given = [name for name, _ in self.LAYERS if self.given(parameters, name)]
        given += [self.COUNTY] if self.given(parameters, self.COUNTY) else []
        if len(given) < 2:
            raise QgsProcessingException(self.tr(
                "Choose at least two layers to check against each other (e.g. the ecological red line and the "
                "permanent basic farmland, or the three zones and the county boundary)."))
        settings = self._settings(parameters, context)
        zone_codes = self._zone_codes(parameters, context)
        with_admin = self.given(parameters, self.ADMIN)
        map_layers = [self.map_layer(parameters, name, context)
                      for name in given + ([self.ADMIN] if with_admin else [])]
        working_crs = working_crs_for(map_layers, feedback)

        inputs, labels = self._read_inputs(parameters, context, feedback, given, working_crs, zone_codes)
        county = self._county(parameters, context, feedback, working_crs) if self.COUNTY in given else None
        admin = self._admin(parameters, context, feedback, working_crs) if with_admin else None
        try:
            result = self.run_core(cl.check_control_lines, working_crs, county=county, admin=admin, settings=settings,
                                   progress=self.progress_callback(feedback, 10, 85), **inputs)
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot check the control lines: {}").format(error)) from None
        if not result.summary["checked"].any():
            raise QgsProcessingException(self.tr(
                "None of the checks can run with these inputs: {}. Add the layers they need.").format(
                "; ".join(f"{rule} ({reason})" for rule, reason in result.skipped)))
        self._log(result, feedback, settings)
        return self._write_outputs(parameters, context, feedback, result, working_crs, settings, labels)

    def _read_inputs(self, parameters, context, feedback, given, working_crs, zone_codes):
        """The given layers as core LineLayers, and the line name each layer stands for (for messages)."""
        inputs, labels, names = {}, {}, set()
        for name, key in self.LAYERS:
            if name not in given:
                continue
            data = read_layer(self, parameters, name, context, feedback, working_crs)
            data.name = unique_name(data.name, names)
            if not self._has_geometry(data, feedback):
                continue
            classes = None
            if key == "zones":
                classes = self._zone_classes(parameters, context, data, zone_codes, feedback)
            elif key == "suitability":
                classes = self._suitability_classes(parameters, context, data)
            ids = feature_ids(data, preferred=ID_FIELDS.get(key, ()))
            feedback.pushInfo(ids.describe(data.name))
            inputs[key] = cl.LineLayer(data.geometries, ids.values, data.name, classes)
            labels[data.name] = cl.line_label(key)
        return inputs, labels

    def _settings(self, parameters, context):
        labels = self.parameterAsString(parameters, self.UNSUITABLE_LABELS, context)
        labels = tuple(label.strip() for label in re.split(r"[,，;；]", labels or "") if label.strip())
        thresholds = {attribute: self.parameterAsDouble(parameters, name, context)
                      for name, attribute in cl.THRESHOLD_PARAMETERS.items()}
        return cl.ControlLineSettings(unsuitable_labels=labels, **thresholds)

    def _zone_codes(self, parameters, context):
        text = self.parameterAsString(parameters, self.ZONE_CODES, context)
        try:
            return parse_zone_codes(text)
        except ValueError as error:
            raise QgsProcessingException(self.tr(
                "Cannot read the zone codes at “{}”: write code=class pairs separated by ; with the classes urban, "
                "agricultural or ecological (or 城镇空间, 农业空间, 生态空间), e.g. {}.").format(
                error, DEFAULT_ZONE_CODES)) from None

    def _has_geometry(self, data, feedback):
        if len(data.geometries) and present(data.geometries).any():
            return True
        feedback.pushWarning(self.tr("“{}” has no features with a geometry: the checks that need it are "
                                     "skipped.").format(data.name))
        return False

    def _zone_classes(self, parameters, context, data, zone_codes, feedback):
        field = self.chosen_field(parameters, self.ZONE_FIELD, context, data)
        if not field:
            feedback.pushWarning(self.tr("No zone code field: the checks of each line in its space are skipped."))
            return None
        codes = [code_text(value) for value in data.values(field)]
        classes = [zone_codes.get(code, code) for code in codes]
        unknown = sorted({code or self.tr("(empty)") for code, zone in zip(codes, classes)
                          if zone is None or cl.ZONE_ALIASES.get(zone.lower()) is None})
        if unknown:
            feedback.pushWarning(self.tr("“{}”: zone codes {} are neither in the zone codes nor a zone name; those "
                                         "polygons belong to no space.").format(data.name, ", ".join(unknown)))
        return classes

    def _suitability_classes(self, parameters, context, data):
        field = self.chosen_field(parameters, self.SUITABILITY_FIELD, context, data)
        if not field:
            raise QgsProcessingException(self.tr("Choose the suitability grade field of “{}” "
                                                 "(parameter SUITABILITY_FIELD).").format(data.name))
        return [code_text(value) for value in data.values(field)]

    def _county(self, parameters, context, feedback, working_crs):
        data = read_layer(self, parameters, self.COUNTY, context, feedback, working_crs)
        return data.geometries if self._has_geometry(data, feedback) else None

    def _admin(self, parameters, context, feedback, working_crs):
        data = read_layer(self, parameters, self.ADMIN, context, feedback, working_crs)
        if not self._has_geometry(data, feedback):
            return None
        code_field = self._admin_field(parameters, self.ADMIN_CODE_FIELD, context, data, feedback)
        name_field = self._admin_field(parameters, self.ADMIN_NAME_FIELD, context, data, feedback)
        codes = ([code_text(value) for value in data.values(code_field)] if code_field
                 else [str(number) for number in range(1, len(data) + 1)])
        names = [code_text(value) for value in data.values(name_field)] if name_field else None
        return cl.AdminUnits(data.geometries, codes, names)

    def _admin_field(self, parameters, name, context, data, feedback):
        """As :meth:`_field`, but a missing field only costs the codes or names (as in detect_conflicts)."""
        try:
            return self.chosen_field(parameters, name, context, data)
        except QgsProcessingException as error:
            feedback.pushWarning(self.tr("{} Admin units are listed without it.").format(error))
            return ""

    def _log(self, result, feedback, settings):
        """Counts per rule, in the words of the report (log lines go through tr(); names, reasons
        and severities in the report language)."""
        for name, count in result.repaired.items():
            feedback.pushWarning(self.tr("“{}”: {} invalid geometries were repaired on a copy (run the quality "
                                         "check to fix the data).").format(name, count))
        for name, (pairs, area) in result.self_overlaps.items():
            if area < settings.min_area:  # edges drawn twice, below the tolerance: nothing to act on
                continue
            feedback.pushWarning(self.tr("“{}”: {} pairs of its own features overlap (about {:.2f} m²); the overlap "
                                         "is counted once, for the feature that comes first.").format(
                name, pairs, area))
        for row in result.line_totals.itertuples():
            feedback.pushInfo(self.tr("{} (“{}”): {} features, {:.4f} 公顷 ({:.2f} 亩)").format(
                _name(row.name_zh, row.name_en), row.layer, row.count, to_hectares(row.area_m2),
                to_mu(row.area_m2)))
        reasons = dict(result.skipped)
        severity = {cl.ERROR: self.tr("error"), cl.WARNING: self.tr("warning")}
        for row in result.summary.itertuples():
            name = _name(row.name_zh, row.name_en)
            if not row.checked:
                feedback.pushInfo(self.tr("{} {}: not checked ({}).").format(row.rule, name, reasons[row.rule]))
                continue
            message = self.tr("{} {} ({}): {} violations, {:.2f} m² ({:.2f} 亩)").format(
                row.rule, name, severity[row.severity], row.count, row.area_m2, to_mu(row.area_m2))
            (feedback.pushWarning if row.count else feedback.pushInfo)(message)
            if row.rule in result.ignored:
                pieces, area = result.ignored[row.rule]
                feedback.pushInfo(self.tr("{}: {} pieces below the minimum area of {:g} m² ({:.2f} m² in all) are "
                                          "edge mismatches, not violations.").format(
                    row.rule, pieces, settings.min_area, area))
        expansion = result.expansion
        if expansion is not None:
            feedback.pushInfo(self.tr("Expansion multiple (urban boundary {:.4f} 公顷 / base construction land "
                                      "{:.4f} 公顷): {:.4f}, limit {:g} (configurable, unverified).").format(
                to_hectares(expansion["boundary_m2"]), to_hectares(expansion["base_m2"]), expansion["multiple"],
                expansion["limit"]))
        severities = result.violations["severity"]
        counts = (int((severities == cl.ERROR).sum()), int((severities == cl.WARNING).sum()))
        if result.passed:
            feedback.pushInfo(self.tr("Passed: no error; {} warnings to review.").format(counts[1]))
        else:
            feedback.pushWarning(self.tr("Not passed: {} errors, {} warnings.").format(*counts))

    def _write_outputs(self, parameters, context, feedback, result, working_crs, settings, labels):
        label = AREA_METHOD  # in the report language, not QGIS's (a batch run may ask for Chinese reports)
        table = layer_table(result.violations, label, labels)
        fields = fields_from_spec(FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
                                             QgsCoordinateReferenceSystem(working_crs))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        write_table(sink, fields, table, result.violations["geometry"].to_numpy(), feedback, 85, 93)
        del sink
        results = {self.OUTPUT: dest_id}
        if self.given(parameters, self.LINE_TOTALS):
            totals = self.parameterAsFileOutput(parameters, self.LINE_TOTALS, context)
            write_line_totals(totals, result)
            results[self.LINE_TOTALS] = totals
        if feedback.isCanceled():
            raise self.cancelled_error()
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        write_report(report, result, area_note(label), settings, labels)
        feedback.setProgress(100)
        severities = result.violations["severity"]
        multiple = result.expansion["multiple"] if result.expansion is not None else None
        results.update({self.REPORT: report, self.VIOLATION_COUNT: len(result.violations),
                        self.ERROR_COUNT: int((severities == cl.ERROR).sum()),
                        self.WARNING_COUNT: int((severities == cl.WARNING).sum()),
                        self.EXPANSION_MULTIPLE: multiple, self.PASSED: bool(result.passed)})
        return results


def _name(zh, en):
    """A rule's or line's name for the log, in the report language (English capitalised)."""
    return pick(zh, en[:1].upper() + en[1:])
