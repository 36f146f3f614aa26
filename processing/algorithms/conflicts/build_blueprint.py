"""multiplan:build_blueprint: one coordinated land-use layer (一张蓝图) from plans and decisions."""
import numpy as np
import pandas as pd
from qgis.core import (QgsCoordinateReferenceSystem, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterString, QgsWkbTypes)

from ....core.conflicts import blueprint as bp
from ....core.conflicts import detection as cf
from ....core.conflicts.conflict_report import STATUS_NAMES, TOTAL
from ....core.conflicts.refinement import CURRENT, METHOD_NAMES, REFINED, UNRESOLVED
from ....core.report import AREA_HA, AREA_M2, AREA_MU, Column, Sheet, Text, area_note, pick, write_workbook
from ....core.units import to_hectares, to_mu
from ...layer_io import attribute_table, feature_ids, read_layer, working_crs_for
from ...plan_inputs import add_plan_parameters, plan_map_layers, read_plans
from ...sinks import fields_from_spec, write_table
from ..base import MultiPlanAlgorithm
from .suggest_resolutions import check_patch_layer, parse_priority

YES, NO = Text("是", "yes"), Text("否", "no")

BLUEPRINT_FIELDS = [("YDYHDM", str, 0), ("YDYHMC", str, 0), ("YDYHYJL", str, 0), ("JSYD", int, 0),
                    ("LYGH", str, 0), ("YSDM", str, 0), ("YSBSM", str, 0), ("DMLY", str, 0), ("BMFS", str, 0),
                    ("CYTBBH", str, 0), ("CLJD", str, 0),
                    (cf.AREA_M2, float, cf.AREA_DECIMALS[cf.AREA_M2]), (cf.AREA_HA, float, cf.AREA_DECIMALS[cf.AREA_HA]),
                    (cf.AREA_MU, float, cf.AREA_DECIMALS[cf.AREA_MU]), (cf.AREA_METHOD, str, 0)]


class BuildBlueprintAlgorithm(MultiPlanAlgorithm):
    PATCHES, PLAN_PRIORITY, TABLES = "PATCHES", "PLAN_PRIORITY", "TABLES_FOLDER"
    CURRENT_USE, CURRENT_USE_FIELD, COUNTY, PENDING = "CURRENT_USE", "CURRENT_USE_FIELD", "COUNTY", "PENDING"
    OUTPUT, CHANGE_LOG = "OUTPUT", "CHANGE_LOG"
    FEATURE_COUNT, APPLIED_COUNT, PENDING_COUNT, TOTAL_AREA_HA, UNRESOLVED_AREA_HA = (
        "FEATURE_COUNT", "APPLIED_COUNT", "PENDING_COUNT", "TOTAL_AREA_HA", "UNRESOLVED_AREA_HA")
    GROUP_ID = "conflicts"
    OUTPUT_STYLES = {"OUTPUT": "landuse:YDYHDM"}

    def name(self):
        return "build_blueprint"

    def displayName(self):  # noqa: N802
        return self.tr("Build the coordinated blueprint (一张蓝图)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Merges the plans into one land-use layer without overlaps or gaps, applying the reviewed decision CLJD "
            "of every difference patch: GH1/GH2… take that plan's use, DM:<code> sets a 用地用海 code, DEFER keeps "
            "the base use. A patch not reviewed yet keeps the base use by default (counted as pending); it can "
            "instead take its suggestion JYCL (marked as a suggestion in the change log) or be left as a 待定 "
            "polygon without a code. Outside the patches the first plan in priority order that covers the ground "
            "gives the use.\n\n"
            "Where that plan's code has no single 用地用海 class (土规 211 城镇用地, 城规 E2 农林用地 …), the first "
            "compatible code is taken from the other plans on the same ground, then from the current use (三调 "
            "DLTB), then the umbrella class of the code; DMLY says where the code came from (e.g. 城规→土规) and "
            "BMFS how (精确, 细化, 上位类, 现状, 待定, 未定). With the county outline (XZQ) the blueprint covers "
            "exactly the county: ground no plan covers takes the current use. A piece no rule can code is kept, "
            "marked 未定 and listed with its area.\n\n"
            "Give the same plans (layers, code fields, standards, names) as to “Detect multi-plan conflicts”. Each "
            "output feature has its 用地用海 code and name (YDYHDM, YDYHMC, YDYHYJL), construction flag JSYD, the "
            "plan it comes from (LYGH, or 协调调整 for a set code), the original code and feature (YSDM, YSBSM), "
            "DMLY and BMFS, the patch and decision applied (CYTBBH, CLJD) and its ellipsoidal area. The change log "
            "(Excel) lists every patch with the use before and after, the decision and whether it was reviewed or "
            "only suggested, the reason and the area that changed, and how every code was chosen.")

    def initAlgorithm(self, config=None):  # noqa: N802
        add_plan_parameters(self)
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PATCHES, self.tr("Difference patches with decisions"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterString(
            self.PLAN_PRIORITY, self.tr("Plan priority, most authoritative first (e.g. 2,1; empty: plan order)"),
            optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.TABLES, self.tr("Folder with edited classification tables (optional)"),
            behavior=QgsProcessingParameterFile.Folder, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.CURRENT_USE, self.tr("Current land use (三调 地类图斑 DLTB, optional)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.CURRENT_USE_FIELD, self.tr("Current use code field (三调 codes)"), "DLBM", self.CURRENT_USE,
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.COUNTY, self.tr("County outline (XZQ, optional): the blueprint then covers exactly the county"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.PENDING, self.tr("Patches not reviewed yet"),
            [self.tr("Keep the priority plan's use (counted as pending)"),
             self.tr("Apply the suggestion (marked as a suggestion)"),
             self.tr("Leave them as 待定 polygons without a code")], defaultValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Coordinated blueprint"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(self.CHANGE_LOG, self.tr("Change log (Excel)"),
                                                                fileFilter="Excel (*.xlsx)"))
        for name, label in ((self.FEATURE_COUNT, self.tr("Features in the blueprint")),
                            (self.APPLIED_COUNT, self.tr("Patch decisions applied")),
                            (self.PENDING_COUNT, self.tr("Patches still pending (base use kept)")),
                            (self.TOTAL_AREA_HA, self.tr("Blueprint area (ha)")),
                            (self.UNRESOLVED_AREA_HA, self.tr("Area without a 用地用海 code (ha)"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def run_algorithm(self, parameters, context, feedback):
        map_layers = [layer for _, layer in plan_map_layers(self, parameters, context)]
        patch_layer = self.parameterAsVectorLayer(parameters, self.PATCHES, context)
        working_crs = working_crs_for(map_layers + ([patch_layer] if patch_layer else []), feedback)
        plans = read_plans(self, parameters, context, feedback, working_crs)
        patches = read_layer(self, parameters, self.PATCHES, context, feedback, working_crs)
        table = attribute_table(patches)
        check_patch_layer(table, patches.name)
        stored = cf.plan_count_of(table.columns)
        if stored != len(plans):
            raise QgsProcessingException(self.tr("The patches were detected for {} plans, but {} plans are given.")
                                         .format(stored, len(plans)))
        priority = parse_priority(self.parameterAsString(parameters, self.PLAN_PRIORITY, context))
        current, county = self._current_use(parameters, context, feedback, working_crs), None
        if self.parameterAsVectorLayer(parameters, self.COUNTY, context) is not None:
            outline = read_layer(self, parameters, self.COUNTY, context, feedback, working_crs)
            if not len(outline):
                raise QgsProcessingException(self.tr("The county outline “{}” has no features.").format(outline.name))
            county = outline.geometries
        pending = bp.PENDING_CHOICES[self.parameterAsEnum(parameters, self.PENDING, context)]
        try:
            result = self.run_core(bp.build_blueprint, [item.plan for item in plans], table, patches.geometries,
                                   working_crs, priority, self.parameterAsFile(parameters, self.TABLES, context) or None,
                                   progress=self.progress_callback(feedback, 5, 85), current_use=current,
                                   county=county, pending=pending)
        except (ValueError, OSError) as error:
            raise QgsProcessingException(self.tr("Cannot build the blueprint: {}").format(error)) from None
        self._log(result, feedback)
        return self._write(parameters, context, feedback, result, working_crs)

    def _current_use(self, parameters, context, feedback, working_crs):
        if self.parameterAsVectorLayer(parameters, self.CURRENT_USE, context) is None:
            return None
        layer = read_layer(self, parameters, self.CURRENT_USE, context, feedback, working_crs)
        field = (self.parameterAsString(parameters, self.CURRENT_USE_FIELD, context) or "").strip() or "DLBM"
        if layer.fields.lookupField(field) < 0:
            raise QgsProcessingException(self.tr("The current use layer “{}” has no field {}; choose its 三调 code "
                                                 "field.").format(layer.name, field))
        return bp.CurrentUse(layer.geometries, layer.values(field), "sandiao", "", feature_ids(layer).values)

    def _log(self, result, feedback):
        for warning, count in result.warnings:
            if warning == "plan_does_not_cover_patch":
                feedback.pushWarning(self.tr("{} patches keep a plan that does not cover all of them; the base use "
                                             "fills the rest.").format(count))
            elif warning == "patch_outside_plans":
                feedback.pushWarning(self.tr("{} pieces of patches lie outside every plan and were left out.")
                                     .format(count))
            elif warning == "plans_outside_county":
                feedback.pushWarning(self.tr("{:.4f} 公顷 of the plans lie outside the county outline and were left "
                                             "out.").format(to_hectares(count)))
        coding = result.coding
        for method in (CURRENT, REFINED, UNRESOLVED):
            rows = coding[coding["method"] == method]
            if not len(rows):
                continue
            area = float(rows["area_m2"].sum())
            if method == UNRESOLVED:
                listed = "; ".join(f"{plan or '—'} {code or '—'} {to_hectares(a):.4f} 公顷" for plan, code, a in
                                   rows.groupby(["source_plan", "source_code"], dropna=False)["area_m2"].sum()
                                   .reset_index().itertuples(index=False))
                feedback.pushWarning(self.tr("{:.4f} 公顷 could not be given a 用地用海 code (kept, marked 未定): {}")
                                     .format(to_hectares(area), listed))
            elif method == CURRENT:
                feedback.pushInfo(self.tr("Ground no plan covers, coded by the current use: {:.4f} 公顷.")
                                  .format(to_hectares(area)))
            else:
                feedback.pushInfo(self.tr("Coarse plan codes refined from another plan or the current use: {:.4f} 公顷.")
                                  .format(to_hectares(area)))
        if result.county_area_m2:
            total = float(result.table["area_m2"].sum())
            feedback.pushInfo(self.tr("Blueprint {:.4f} 公顷, county {:.4f} 公顷 (difference {:.4f} %).").format(
                to_hectares(total), to_hectares(result.county_area_m2),
                100.0 * (total - result.county_area_m2) / result.county_area_m2))
        applied = int(result.changes["applied"].sum()) if len(result.changes) else 0
        feedback.pushInfo(self.tr("Decisions applied: {}; pending (base use kept): {}.").format(applied, result.pending))
        changed = float(result.changes["changed_area_m2"].sum()) if len(result.changes) else 0.0
        feedback.pushInfo(self.tr("Area whose use changed: {:.4f} 公顷 ({:.2f} 亩).").format(to_hectares(changed),
                                                                                          to_mu(changed)))

    def _write(self, parameters, context, feedback, result, working_crs):
        table = result.table
        area = table["area_m2"].to_numpy(dtype=float)
        values = table.assign(
            YDYHDM=table["ydyh_code"], YDYHMC=table["ydyh_name"], YDYHYJL=table["ydyh_level1"],
            JSYD=[None if pd.isna(flag) else int(bool(flag)) for flag in table["construction"].astype(object)],
            LYGH=table["source_plan"], YSDM=table["source_code"],
            YSBSM=[None if fid is None else str(fid) for fid in table["source_fid"]],
            DMLY=table["code_source"], BMFS=[cf.layer_text(METHOD_NAMES[method]) for method in table["method"]],
            CYTBBH=table["patch_id"], CLJD=table["decision"], AREA_M2=np.round(area, cf.AREA_DECIMALS[cf.AREA_M2]),
            AREA_HA=np.round(to_hectares(area), cf.AREA_DECIMALS[cf.AREA_HA]),
            AREA_MU=np.round(to_mu(area), cf.AREA_DECIMALS[cf.AREA_MU]), AREA_MTHD=cf.layer_text(cf.ELLIPSOIDAL_METHOD))
        fields = fields_from_spec(BLUEPRINT_FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
                                             QgsCoordinateReferenceSystem(working_crs))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        write_table(sink, fields, values, result.geometries, feedback, 85, 97)
        del sink
        log = self.parameterAsFileOutput(parameters, self.CHANGE_LOG, context)
        if feedback.isCanceled():  # not after a cancel
            raise self.cancelled_error()
        write_workbook(log, [_change_sheet(result.changes), _coding_sheet(result.coding)])
        applied = int(result.changes["applied"].sum()) if len(result.changes) else 0
        return {self.OUTPUT: dest_id, self.CHANGE_LOG: log, self.FEATURE_COUNT: len(table),
                self.APPLIED_COUNT: applied, self.PENDING_COUNT: result.pending,
                self.TOTAL_AREA_HA: round(float(to_hectares(area.sum())), 4),
                self.UNRESOLVED_AREA_HA: round(float(to_hectares(result.unresolved_area_m2)), 4)}


def _change_sheet(changes):
    frame = changes.assign(
        patch_area_ha=to_hectares(changes["patch_area_m2"].astype(float)),
        changed_area_ha=to_hectares(changes["changed_area_m2"].astype(float)),
        changed_area_mu=to_mu(changes["changed_area_m2"].astype(float)),
        status=[_status_label(value) for value in changes["status"]],
        applied_text=[cf.layer_text(YES if applied else NO) for applied in changes["applied"]])
    columns = [
        Column("patch_id", "差异图斑编号", "Patch id", width=18), Column("type_name", "差异类型", "Type", width=24),
        Column("decision_name", "处理决定", "Decision", width=20),
        Column("origin", "决定来源", "Decided by", width=18), Column("reason", "理由", "Reason", width=40),
        Column("status", "审查状态", "Review status"),
        Column("before_plan", "原规划", "Base plan"), Column("before_code", "原代码", "Code before"),
        Column("before_ydyh", "原用地用海", "Land use (YDYH) before"),
        Column("after_plan", "采用规划", "Plan after"), Column("after_code", "采用代码", "Code after"),
        Column("after_ydyh", "蓝图用地用海", "Land use (YDYH) after"),
        Column("patch_area_m2", "图斑面积（平方米）", "Patch area (m²)", AREA_M2, summed=True),
        Column("patch_area_ha", "图斑面积（公顷）", "Patch area (ha)", AREA_HA, summed=True),
        Column("changed_area_m2", "变更面积（平方米）", "Changed area (m²)", AREA_M2, summed=True),
        Column("changed_area_ha", "变更面积（公顷）", "Changed area (ha)", AREA_HA, summed=True),
        Column("changed_area_mu", "变更面积（亩）", "Changed area (mu)", AREA_MU, summed=True),
        Column("applied_text", "已应用", "Applied")]
    return Sheet(pick("变更记录", "Change log"), Text("一张蓝图变更记录", "Blueprint change log"), columns, frame,
                 note=area_note(cf.ELLIPSOIDAL_METHOD), total_label=TOTAL)


def _coding_sheet(coding):
    """How each code of the blueprint was chosen: area per plan code, method and source."""
    frame = coding.assign(area_ha=to_hectares(coding["area_m2"].astype(float)),
                          area_mu=to_mu(coding["area_m2"].astype(float)))
    columns = [
        Column("source_plan", "来源规划", "Plan"), Column("source_code", "原代码", "Code"),
        Column("method_name", "编码方式", "Method"), Column("code_source", "代码来源", "Code from", width=18),
        Column("ydyh_code", "用地用海代码", "Land use (YDYH) code"), Column("ydyh_name", "用地用海名称", "Name", width=20),
        Column("features", "图斑数", "Features", summed=True),
        Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
        Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True),
        Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=True)]
    return Sheet(pick("编码来源", "Coding"), Text("一张蓝图用地用海代码来源", "How the blueprint's codes were chosen"),
                 columns, frame, note=area_note(cf.ELLIPSOIDAL_METHOD), total_label=TOTAL)


def _status_label(value):
    """A stored review status as the change log shows it (English names in an English log)."""
    if value is None or value != value or not str(value).strip():
        return None
    return STATUS_NAMES.get(value, value) if cf.layer_language() == "en" else value
