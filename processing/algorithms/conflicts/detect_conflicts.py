"""multiplan:detect_conflicts: difference patches of two or more plans and the control lines."""
from qgis.core import (QgsCoordinateReferenceSystem, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterBoolean, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber, QgsWkbTypes)

from ....core.conflicts import detection as cf
from ....core.conflicts.conflict_report import sliver_note, write_ledger
from ....core.report import area_note
from ....core.units import to_hectares, to_mu
from ...layer_io import feature_ids, read_layer, working_crs_for
from ...plan_inputs import add_plan_parameters, plan_map_layers, read_plans
from ...sinks import fields_from_spec, write_table
from ..base import MultiPlanAlgorithm

MAX_CODES_LOGGED = 10


class DetectConflictsAlgorithm(MultiPlanAlgorithm):
    ECOLOGICAL, FARMLAND, URBAN_BOUNDARY, APPROVED = "ECOLOGICAL_REDLINE", "FARMLAND", "URBAN_BOUNDARY", "APPROVED"
    COMPARE_LEVEL, REPORT_NONCONSTRUCTION = "COMPARE_LEVEL", "REPORT_NONCONSTRUCTION"
    MIN_AREA, MIN_WIDTH, TABLES = "MIN_AREA", "MIN_WIDTH", "TABLES_FOLDER"
    OUTPUT, SLIVERS, REPORT = "OUTPUT", "SLIVERS", "REPORT"
    PATCH_COUNT, SLIVER_COUNT, CONFLICT_AREA_HA, TOTAL_AREA_HA = (
        "PATCH_COUNT", "SLIVER_COUNT", "CONFLICT_AREA_HA", "TOTAL_AREA_HA")
    GROUP_ID = "conflicts"
    OUTPUT_STYLES = {"OUTPUT": "patches", "SLIVERS": "slivers"}

    def name(self):
        return "detect_conflicts"

    def displayName(self):  # noqa: N802
        return self.tr("Detect multi-plan conflicts (差异图斑)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Overlays two to four plans (e.g. 城规, 土规, forestry or environmental plans), each with its land-use "
            "code field and standard, with the control lines (ecological red line, permanent basic farmland, urban "
            "development boundary), approved projects and admin units, and writes every difference patch "
            "(差异图斑) with a stable id CYTBBH, each plan's code, class and harmonised 用地用海 class, the conflict "
            "type, the control lines it lies in, its admin unit and its ellipsoidal area in m², 公顷 and 亩.\n\n"
            "Each piece of ground gets the first type that applies: construction in the red line (HX_JS), "
            "construction on basic farmland (NT_JS), red line over farmland (HX_NT), urban boundary over red line "
            "(KB_HX) or farmland (KB_NT), urban construction outside the urban boundary (KBW_JS), unknown code (WZ), "
            "plans disagreeing on construction (JS_10 = plan 1 construction, plan 2 not: 城规有土规无; JS_01 the "
            "reverse), all construction with different uses (YT), optionally all non-construction with different "
            "classes (FJ). Ground where the plans agree, or only one plan covers, is counted in the report only.\n\n"
            "Patches smaller than the minimum area (default 0.1 亩) or narrower than the minimum width (default "
            "2 m) are slivers: they go to the optional slivers layer and are counted in the report, never dropped. "
            "Overlaps inside a plan are resolved in favour of the feature that comes first and reported. The Excel "
            "report holds the conflict ledger (冲突台账) with summaries by type and admin unit. Run "
            "“Suggest conflict resolutions” next.")

    def initAlgorithm(self, config=None):  # noqa: N802
        add_plan_parameters(self)
        for name, label in ((self.ECOLOGICAL, self.tr("Ecological protection red line (生态保护红线)")),
                            (self.FARMLAND, self.tr("Permanent basic farmland (永久基本农田)")),
                            (self.URBAN_BOUNDARY, self.tr("Urban development boundary (城镇开发边界)")),
                            (self.APPROVED, self.tr("Approved projects (已批项目)"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, [QgsProcessing.TypeVectorPolygon],
                                                                  optional=True))
        self.add_admin_parameters(self.tr("Admin units (e.g. townships 乡镇)"))
        self.addParameter(QgsProcessingParameterEnum(
            self.COMPARE_LEVEL, self.tr("Compare uses at 用地用海 level"),
            options=[self.tr("Level 1 (01 耕地, 07 居住用地 …)"), self.tr("Level 2 (0101 水田, 0701 城镇住宅用地 …)")],
            defaultValue=0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.REPORT_NONCONSTRUCTION, self.tr("Also report non-construction classes that differ (FJ)"),
            defaultValue=False))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_AREA, self.tr("Minimum patch area (m², default 0.1 亩)"), QgsProcessingParameterNumber.Double,
            defaultValue=round(cf.DEFAULT_MIN_AREA, 4), minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_WIDTH, self.tr("Minimum patch width (m, 0 = no width test)"),
            QgsProcessingParameterNumber.Double, defaultValue=cf.DEFAULT_MIN_WIDTH, minValue=0.0))
        self.addParameter(QgsProcessingParameterFile(
            self.TABLES, self.tr("Folder with edited classification tables (optional)"),
            behavior=QgsProcessingParameterFile.Folder, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Difference patches"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFeatureSink(self.SLIVERS, self.tr("Slivers set aside"),
                                                            QgsProcessing.TypeVectorPolygon, optional=True,
                                                            createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Conflict ledger (Excel)"),
                                                                fileFilter="Excel (*.xlsx)"))
        for name, label in ((self.PATCH_COUNT, self.tr("Number of difference patches")),
                            (self.SLIVER_COUNT, self.tr("Number of slivers set aside")),
                            (self.CONFLICT_AREA_HA, self.tr("Area of the difference patches (ha)")),
                            (self.TOTAL_AREA_HA, self.tr("Area of all inputs (ha)"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    # -- run -------------------------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        map_layers = [layer for _, layer in plan_map_layers(self, parameters, context)]
        map_layers += [layer for layer in (self._map_layer(parameters, name, context) for name in
                                           (self.ECOLOGICAL, self.FARMLAND, self.URBAN_BOUNDARY, self.APPROVED,
                                            self.ADMIN)) if layer is not None]
        working_crs = working_crs_for(map_layers, feedback)
        plans = read_plans(self, parameters, context, feedback, working_crs)
        extras = {name: self._extra(parameters, name, context, feedback, working_crs)
                  for name in (self.ECOLOGICAL, self.FARMLAND, self.URBAN_BOUNDARY, self.APPROVED, self.ADMIN)}
        settings = cf.ConflictSettings(
            compare_level=1 + self.parameterAsEnum(parameters, self.COMPARE_LEVEL, context),
            report_nonconstruction=self.parameterAsBoolean(parameters, self.REPORT_NONCONSTRUCTION, context),
            min_area=self.parameterAsDouble(parameters, self.MIN_AREA, context),
            min_width=self.parameterAsDouble(parameters, self.MIN_WIDTH, context),
            tables_dir=self.parameterAsFile(parameters, self.TABLES, context) or None)
        names = self.tr(", ").join(p.plan.name for p in plans)  # 、 between the names in Chinese
        feedback.pushInfo(self.tr("Comparing {} plans: {}.").format(len(plans), names))
        try:
            result = self.run_core(
                cf.detect_conflicts, [item.plan for item in plans], working_crs,
                ecological=extras[self.ECOLOGICAL], farmland=extras[self.FARMLAND],
                urban_boundary=extras[self.URBAN_BOUNDARY], approved=extras[self.APPROVED], admin=extras[self.ADMIN],
                settings=settings, progress=self.progress_callback(feedback, 5, 80))
        except (ValueError, OSError) as error:
            raise QgsProcessingException(self.tr("Cannot detect conflicts: {}").format(error)) from None
        self._log(result, settings, feedback)
        return self._write_outputs(parameters, context, feedback, result, working_crs, settings)

    def _map_layer(self, parameters, name, context):
        if not self.given(parameters, name):
            return None
        return self.parameterAsVectorLayer(parameters, name, context)

    def _extra(self, parameters, name, context, feedback, working_crs):
        if not self.given(parameters, name):
            return None
        layer = read_layer(self, parameters, name, context, feedback, working_crs)
        if not len(layer):
            feedback.pushWarning(self.tr("“{}” has no features; it is not used.").format(layer.name))
            return None
        # Named as every input is (never by the provider's fid): admin units without a code field
        # get their 1-based number, so patch ids (CYTBBH) are the same whatever the layer's format.
        ids = feature_ids(layer).values
        if name != self.ADMIN:
            return cf.Layer(layer.geometries, ids, name=layer.name)
        codes = self._admin_values(parameters, self.ADMIN_CODE_FIELD, layer, context, feedback)
        names = self._admin_values(parameters, self.ADMIN_NAME_FIELD, layer, context, feedback)
        return cf.Layer(layer.geometries, ids, codes if codes is not None else list(ids), names, name=layer.name)

    def _admin_values(self, parameters, name, layer, context, feedback):
        field = self.parameterAsString(parameters, name, context)
        if not field:
            return None
        if layer.fields.indexOf(field) < 0:
            feedback.pushWarning(self.tr("Admin layer “{}” has no field {}.").format(layer.name, field))
            return None
        return [None if value is None else str(value) for value in layer.values(field)]

    def _log(self, result, settings, feedback):
        for name, count in result.repaired.items():
            feedback.pushWarning(self.tr("“{}”: {} invalid geometries were repaired on a copy (run the quality "
                                         "check to fix the data).").format(name, count))
        for name, (pairs, area) in result.overlaps_resolved.items():
            feedback.pushWarning(self.tr("“{}”: {} pairs of its own features overlap ({:.2f} m²); the overlap was "
                                         "given to the feature that comes first.").format(name, pairs, area))
        for name, unknown in result.unknown_codes.items():
            if not unknown:
                continue
            total = sum(unknown.values())
            empty = self.tr("(empty)")
            listed = ", ".join(f"{empty if code is None else code} × {count}"
                               for code, count in list(unknown.items())[:MAX_CODES_LOGGED])
            feedback.pushWarning(self.tr("Plan “{}”: {} features have unknown or empty codes ({}); their ground is "
                                         "reported as type WZ.").format(name, total, listed))
        if "no_conflicts" in result.warnings:
            feedback.pushWarning(self.tr("No difference patches: the plans agree everywhere, or do not overlap."))
        covered = result.summary[result.summary["type"] != cf.DG]
        if len(result.summary) and covered["area_m2"].sum() == 0 and not len(result.patches):
            feedback.pushWarning(self.tr("The plans do not overlap at all: check that they cover the same area "
                                         "and are in the right CRS."))
        english = cf.layer_language() == "en"
        for row in result.summary.itertuples():
            feedback.pushInfo(self.tr("{} {}: {} patches, {:.4f} 公顷 ({:.2f} 亩); slivers {} ({:.2f} 亩)").format(
                row.type, row.name_en if english else row.name_zh, row.count, to_hectares(row.area_m2),
                to_mu(row.area_m2), row.sliver_count, to_mu(row.sliver_area_m2)))
        feedback.pushInfo(self.tr("Slivers: below {:.2f} m² or narrower than {:g} m.").format(
            settings.min_area, settings.min_width))

    def _write_outputs(self, parameters, context, feedback, result, working_crs, settings):
        crs = QgsCoordinateReferenceSystem(working_crs)
        names = result.plan_names
        label = cf.ELLIPSOIDAL_METHOD
        patches = cf.layer_table(result.patches, names, label)
        fields = fields_from_spec(cf.field_spec(len(names)))
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon, crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        write_table(sink, fields, patches, result.patches["geometry"].to_numpy(), feedback, 80, 92)
        del sink
        results = {self.OUTPUT: dest_id}
        if self.given(parameters, self.SLIVERS):
            sliver_fields = fields_from_spec(cf.field_spec(len(names), slivers=True))
            sink, sliver_id = self.parameterAsSink(parameters, self.SLIVERS, context, sliver_fields,
                                                   QgsWkbTypes.MultiPolygon, crs)
            if sink is not None:
                write_table(sink, sliver_fields, cf.layer_table(result.slivers, names, label, slivers=True),
                            result.slivers["geometry"].to_numpy(), feedback, 92, 95)
                del sink
                results[self.SLIVERS] = sliver_id
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        note = area_note(label, sliver_note(settings.min_area, settings.min_width))
        if feedback.isCanceled():  # the ledger can take a minute: not after a cancel
            raise self.cancelled_error()
        write_ledger(report, patches, names, note, result.summary)
        feedback.setProgress(100)
        conflict_area = float(result.patches["area_m2"].sum()) if len(result.patches) else 0.0
        results.update({self.REPORT: report, self.PATCH_COUNT: len(result.patches),
                        self.SLIVER_COUNT: len(result.slivers),
                        self.CONFLICT_AREA_HA: round(float(to_hectares(conflict_area)), 4),
                        self.TOTAL_AREA_HA: round(float(to_hectares(result.total_area_m2)), 4)})
        return results
