"""multiplan:optimise_control_lines and multiplan:apply_line_proposals: 控制线优化建议 — proposed
adjustments of the three lines, reviewed by a field, then applied (core: core.control_lines.optimisation)."""
import numpy as np
import pandas as pd
import shapely
from qgis.core import (QgsFeature, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterLayer, QgsWkbTypes)

from ....core.areas import polygon_areas
from ....core.conflicts import detection as cf
from ....core.conflicts.resolution import decided_codes
from ....core.control_lines import optimisation as op
from ....core.control_lines.siting import raster_patches
from ....core.crs import reproject_geometries
from ....core.report import AREA_HA, AREA_MU, Column, Sheet, Text, area_note, render, single, write_workbook
from ....core.units import to_hectares, to_mu
from ....core.wording import ELLIPSOIDAL, sheet_name
from ...layer_io import attribute_table, feature_ids, qgs_crs, read_layer, to_qgs_geometry, working_crs_for
from ...sinks import fields_from_spec, plain
from ..base import MultiPlanAlgorithm

LINE_PARAMETERS = (("ECOLOGICAL_REDLINE", op.HX), ("FARMLAND", op.NT), ("URBAN_BOUNDARY", op.KB))
OUTPUTS = {op.HX: "OUT_ECOLOGICAL_REDLINE", op.NT: "OUT_FARMLAND", op.KB: "OUT_URBAN_BOUNDARY"}
# 编号, 控制线代码 and name, 规则代码 and name, 调整 (增加/减少), 乡镇, areas, 说明, 是否采纳 (是/否, edit it), 理由
PROPOSAL_FIELDS = [("BH", int, 0), ("KZXDM", str, 2), ("KZXMC", str, 40), ("GZDM", str, 20), ("GZMC", str, 80),
                   ("TZ", str, 6), ("XZQDM", str, 12), ("XZQMC", str, 50), ("AREA_M2", float, 2),
                   ("AREA_HA", float, 4), ("AREA_MU", float, 2), ("SM", str, 200), ("CN", str, 6), ("CNLY", str, 200)]
ACCEPT = {"是", "采纳", "1", "yes", "y", "true", "accept", "accepted"}
# Area fields of the line layers, refreshed where a feature is cut (m², 公顷, 亩; ellipsoidal)
AREA_FIELDS = {"TBMJ": float, "MJ": float, "AREA_M2": float, "YSMJ": float, "AREA_HA": to_hectares, "MJGQ": to_hectares,
               "AREA_MU": to_mu, "MJMU": to_mu}
REJECT = {"否", "不采纳", "0", "no", "n", "false", "reject", "rejected"}


class _LinesMixin:
    def add_line_parameters(self):
        polygons = [QgsProcessing.TypeVectorPolygon]
        for name, label in (("ECOLOGICAL_REDLINE", self.tr("Ecological protection red line (生态保护红线)")),
                            ("FARMLAND", self.tr("Permanent basic farmland (永久基本农田)")),
                            ("URBAN_BOUNDARY", self.tr("Urban development boundary (城镇开发边界)"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, polygons, optional=True))

    def read_lines(self, parameters, context, feedback, extra=()):
        given = [name for name, _ in LINE_PARAMETERS if self.given(parameters, name)]
        if not given:
            raise QgsProcessingException(self.tr("Give at least one control line."))
        names = given + [name for name in extra if self.given(parameters, name)]
        crs = working_crs_for([self.map_layer(parameters, name, context) for name in names], feedback)
        data = {name: read_layer(self, parameters, name, context, feedback, crs) for name in names}
        return crs, data

    def write_line(self, parameters, context, feedback, name, data, geometries, sources, crs):
        fields = data.fields
        sink, dest_id = self.parameterAsSink(parameters, name, context, fields, QgsWkbTypes.MultiPolygon, qgs_crs(crs))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, name))
        areas = polygon_areas(list(geometries), crs) if len(geometries) else []
        area_fields = {fields.lookupField(name): convert for name, convert in AREA_FIELDS.items()
                       if fields.lookupField(name) >= 0}
        for geometry, source, area in zip(geometries, sources, areas):
            if feedback.isCanceled():
                raise self.cancelled_error()
            feature = QgsFeature(fields)
            if source >= 0:
                attributes = [plain(v) for v in data.features[int(source)].attributes()]
                if not shapely.equals(geometry, data.geometries[int(source)]):  # cut: its area fields anew
                    for index, convert in area_fields.items():
                        attributes[index] = round(float(convert(area)), 4)
                feature.setAttributes(attributes)
            feature.setGeometry(to_qgs_geometry(geometry))
            sink.addFeature(feature)
        return dest_id


class OptimiseControlLinesAlgorithm(_LinesMixin, MultiPlanAlgorithm):
    BASE, PROJECTS, UNSUITABLE, RULES, REFERENCE = "BASE_CONSTRUCTION", "PROJECTS", "UNSUITABLE", "RULES", "REFERENCE"
    COUNTY, PATCHES, SUITABILITY, UNSUITABLE_CLASS = "COUNTY", "PATCHES", "SUITABILITY", "UNSUITABLE_CLASS"
    PROPOSALS, REPORT = "PROPOSALS", "REPORT"
    PROPOSAL_COUNT, EXPANSION_BEFORE, EXPANSION_AFTER = "PROPOSAL_COUNT", "EXPANSION_BEFORE", "EXPANSION_AFTER"
    GROUP_ID = "control"
    OUTPUT_STYLES = {"PROPOSALS": "line_proposals"}

    def name(self):
        return "optimise_control_lines"

    def displayName(self):  # noqa: N802
        return self.tr("Propose control-line adjustments (控制线优化建议)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Proposes adjustments of the three control lines from rules in an editable table (default "
            "resources/control_lines/optimisation_rules.csv; each rule can be switched off or its figure changed): "
            "basic farmland gives way to the red line; the urban development boundary gives way to the red line and to "
            "basic farmland, takes in approved construction projects (outside both lines), and is shrunk to the "
            "expansion limit (default 1.3, unverified: first land unsuitable for construction, then the land farthest "
            "from today's urban construction, never the projects just added); fragments below a minimum area (default "
            "400 m²) are dropped and smaller holes filled; with boundaries to follow (e.g. the integrated 三调 "
            "parcels), each line's edges follow them within 2 m first (边界整合).\n\n"
            "Every change is a feature of the proposals layer: line, rule, add or remove, township, ellipsoidal area "
            "(m², 公顷, 亩), a sentence, and CN 是否采纳 (是 by default) with CNLY for the reason: review them there "
            "(set CN to 否 to reject), then run “Apply control-line proposals”. The proposed lines (all proposals "
            "accepted) and an Excel workbook with the proposals and the area balance per line and township (before, "
            "removed, added, after, expansion multiple before and after) are written too. The inputs are only read.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.add_line_parameters()
        polygons = [QgsProcessing.TypeVectorPolygon]
        for name, label in ((self.BASE, self.tr("Base-year urban construction land (for the expansion multiple)")),
                            (self.PROJECTS, self.tr("Approved construction projects (项目红线)")),
                            (self.UNSUITABLE, self.tr("Land unsuitable for construction (双评价 不适宜, polygons)")),
                            (self.REFERENCE, self.tr("Boundaries the lines should follow (e.g. integrated 三调 parcels; "
                                                     "optional)")),
                            (self.COUNTY, self.tr("County outline (lines are kept inside it)")),
                            (self.PATCHES, self.tr("Reviewed difference patches (decisions for urban construction land "
                                                   "are taken into the urban boundary)"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, polygons, optional=True))
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.SUITABILITY, self.tr("Urban construction suitability classes (双评价 raster; optional)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.UNSUITABLE_CLASS, self.tr("Unsuitable class in that raster (cells of this class or above)"),
            QgsProcessingParameterNumber.Integer, defaultValue=3, minValue=1))
        self.add_admin_parameters(self.tr("Townships (乡镇) for the balance"))
        self.addParameter(QgsProcessingParameterFile(self.RULES, self.tr("Edited rule table (CSV, optional)"),
                                                     behavior=QgsProcessingParameterFile.File,
                                                     fileFilter="CSV (*.csv)", optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.PROPOSALS, self.tr("Proposals"),
                                                            QgsProcessing.TypeVectorPolygon))
        for line, name in OUTPUTS.items():
            self.addParameter(QgsProcessingParameterFeatureSink(
                name, self.tr("Proposed {}").format(render(op.LINES[line])), QgsProcessing.TypeVectorPolygon,
                optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Area balance (Excel)"),
                                                                fileFilter="Excel (*.xlsx)"))
        for name, label in ((self.PROPOSAL_COUNT, self.tr("Proposals")),
                            (self.EXPANSION_BEFORE, self.tr("Expansion multiple before")),
                            (self.EXPANSION_AFTER, self.tr("Expansion multiple after"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def run_algorithm(self, parameters, context, feedback):
        try:
            rules = op.load_rules(self.parameterAsFile(parameters, self.RULES, context) or None)
        except op.OptimisationError as error:
            raise QgsProcessingException(str(render(error.text))) from None
        crs, data = self.read_lines(parameters, context, feedback, (self.BASE, self.PROJECTS, self.UNSUITABLE,
                                                                    self.ADMIN, self.REFERENCE, self.COUNTY,
                                                                    self.PATCHES))
        unsuitable = list(data[self.UNSUITABLE].geometries) if self.UNSUITABLE in data else []
        if self.given(parameters, self.SUITABILITY):
            unsuitable += list(self._unsuitable_cells(parameters, context, feedback, crs))
        decided = self._decided_construction(data[self.PATCHES], feedback) if self.PATCHES in data else None
        units = None
        if self.ADMIN in data:
            admin = data[self.ADMIN]
            code = self.chosen_field(parameters, self.ADMIN_CODE_FIELD, context, admin, "")
            name = self.chosen_field(parameters, self.ADMIN_NAME_FIELD, context, admin, "")
            units = (admin.geometries, admin.values(code) if code else [""] * len(admin),
                     admin.values(name) if name else [""] * len(admin))
        lines = {key: data[name].geometries for name, key in LINE_PARAMETERS if name in data}
        off = [rule for rule in op.DEFAULTS if rule not in rules]
        if off:
            feedback.pushInfo(self.tr("Rules switched off: {}.").format("、".join(str(render(op.RULE_NAMES[r])) for r in off)))
        project_ids = feature_ids(data[self.PROJECTS], preferred=("XMBH", "BSM")).values if self.PROJECTS in data else None
        try:
            result = self.run_core(
                op.propose, crs, ecological=lines.get(op.HX), farmland=lines.get(op.NT), urban=lines.get(op.KB),
                base_construction=data[self.BASE].geometries if self.BASE in data else None,
                projects=data[self.PROJECTS].geometries if self.PROJECTS in data else None,
                unsuitable=np.array(unsuitable, dtype=object) if unsuitable else None, units=units,
                rules=rules, reference=data[self.REFERENCE].geometries if self.REFERENCE in data else None,
                project_ids=project_ids, county=data[self.COUNTY].geometries if self.COUNTY in data else None,
                decided=decided)
        except op.OptimisationError as error:
            raise QgsProcessingException(str(render(error.text))) from None
        for row in result.balance[result.balance["unit_code"] == ""].itertuples():
            feedback.pushInfo(self.tr("{}: {:.4f} ha, {:.4f} ha removed, {:.4f} ha added → {:.4f} ha.").format(
                render(op.LINES[row.line]), to_hectares(row.before_m2), to_hectares(row.removed_m2),
                to_hectares(row.added_m2), to_hectares(row.after_m2)))
        if result.expansion.get("before") is not None:
            feedback.pushInfo(self.tr("Expansion multiple: {:.4f} → {:.4f} (limit {}).").format(
                result.expansion["before"], result.expansion["after"], result.expansion.get("limit") or "—"))
        outputs = {self.PROPOSALS: self._write_proposals(parameters, context, feedback, result, crs)}
        accepted = np.ones(len(result.table), dtype=bool)
        lost = result.table[(result.table["line"] == op.NT) & (result.table["action"] == op.REMOVE)]["area_m2"].sum()
        if lost > 0:
            feedback.pushWarning(self.tr("Basic farmland falls by {:.4f} ha ({:.2f} mu) if the proposals are accepted: "
                                         "as much must be designated elsewhere (补划).").format(to_hectares(lost),
                                                                                              to_mu(lost)))
        for name, key in LINE_PARAMETERS:
            if name not in data:
                continue
            geometries, sources = op.apply(key, data[name].geometries, result, accepted)
            gone = sorted(set(range(len(data[name]))) - set(int(i) for i in sources if i >= 0))
            if gone:
                ids = feature_ids(data[name], preferred=("BJBH", "HXBH", "JBNTTBBH", "BSM")).values
                feedback.pushWarning(self.tr("{}: features removed whole by the proposals: {}.").format(
                    render(op.LINES[key]), "、".join(ids[i] for i in gone[:20])))
            if self.given(parameters, OUTPUTS[key]):
                outputs[OUTPUTS[key]] = self.write_line(parameters, context, feedback, OUTPUTS[key], data[name],
                                                        geometries, sources, crs)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        write_workbook(report, _sheets(result))
        outputs.update({self.REPORT: report, self.PROPOSAL_COUNT: len(result.table),
                        self.EXPANSION_BEFORE: result.expansion.get("before"),
                        self.EXPANSION_AFTER: result.expansion.get("after")})
        return outputs

    def _unsuitable_cells(self, parameters, context, feedback, crs):
        """The cells of the suitability raster at or above the unsuitable class, as polygons in ``crs``."""
        layer = self.parameterAsRasterLayer(parameters, self.SUITABILITY, context)
        if layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, self.SUITABILITY))
        threshold = self.parameterAsInt(parameters, self.UNSUITABLE_CLASS, context)
        try:
            polygons, raster_crs, cells = raster_patches(layer.source(), threshold, higher_is_better=True)
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot read the suitability raster: {}").format(error)) from None
        feedback.pushInfo(self.tr("Suitability raster “{}”: {} cells of class {} or above taken as unsuitable land.").format(
            layer.name(), cells, threshold))
        return reproject_geometries(polygons, raster_crs, crs) if len(polygons) else polygons

    def _decided_construction(self, patches, feedback):
        """The reviewed patches whose decision gives urban construction land."""
        table = attribute_table(patches)
        if cf.DECISION not in table.columns:
            raise QgsProcessingException(self.tr("“{}” has no decision field {}: give reviewed difference patches.").format(
                patches.name, cf.DECISION))
        keep = np.flatnonzero(op.urban_construction(decided_codes(table)))
        feedback.pushInfo(self.tr("Reviewed patches decided as urban construction land: {}.").format(len(keep)))
        return patches.geometries[keep]

    def _write_proposals(self, parameters, context, feedback, result, crs):
        fields = fields_from_spec(PROPOSAL_FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.PROPOSALS, context, fields, QgsWkbTypes.MultiPolygon,
                                             qgs_crs(crs))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.PROPOSALS))
        accept = single("是", "yes")  # Chinese in bilingual runs, as the other layer texts
        for geometry, row in zip(result.geometries, result.table.itertuples()):
            if feedback.isCanceled():
                raise self.cancelled_error()
            feature = QgsFeature(fields)
            feature.setGeometry(to_qgs_geometry(geometry))
            feature.setAttributes([plain(v) for v in (
                row.number, row.line, str(render(op.LINES[row.line])), row.rule, str(render(op.RULE_NAMES[row.rule])),
                str(render(op.ACTIONS[row.action])), row.unit_code, row.unit_name, row.area_m2,
                to_hectares(row.area_m2), to_mu(row.area_m2), str(render(row.sentence)), accept, None)])
            sink.addFeature(feature)
        return dest_id


class ApplyLineProposalsAlgorithm(_LinesMixin, MultiPlanAlgorithm):
    PROPOSALS = "PROPOSALS"
    APPLIED_COUNT, REJECTED_COUNT = "APPLIED_COUNT", "REJECTED_COUNT"
    GROUP_ID = "control"

    def name(self):
        return "apply_line_proposals"

    def displayName(self):  # noqa: N802
        return self.tr("Apply control-line proposals (采纳控制线优化建议)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Writes new control-line layers with the reviewed proposals of “Propose control-line adjustments” applied: "
            "those whose CN field says 是 (or 1, yes) are applied, those saying 否 (0, no) are not and stay recorded "
            "in the proposals layer; an empty CN is refused (review every proposal first). Removed ground is cut out "
            "of the line's features, which keep their attributes; added ground becomes new features. The inputs are "
            "only read.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(self.PROPOSALS, self.tr("Reviewed proposals"),
                                                              [QgsProcessing.TypeVectorPolygon]))
        self.add_line_parameters()
        for line, name in OUTPUTS.items():
            self.addParameter(QgsProcessingParameterFeatureSink(
                name, self.tr("Adjusted {}").format(render(op.LINES[line])), QgsProcessing.TypeVectorPolygon,
                optional=True))
        self.addOutput(QgsProcessingOutputNumber(self.APPLIED_COUNT, self.tr("Proposals applied")))
        self.addOutput(QgsProcessingOutputNumber(self.REJECTED_COUNT, self.tr("Proposals rejected")))

    def run_algorithm(self, parameters, context, feedback):
        crs, data = self.read_lines(parameters, context, feedback, (self.PROPOSALS,))
        reviewed = data[self.PROPOSALS]
        table = attribute_table(reviewed)
        for field in ("KZXDM", "TZ", "CN"):
            if field not in table.columns:
                raise QgsProcessingException(self.tr("“{}” has no field {}: give the proposals layer of “Propose "
                                                     "control-line adjustments”.").format(reviewed.name, field))
        answers = [(str(value or "").strip().lower().split() or [""])[0] for value in table["CN"]]
        undecided = [str(number) for number, answer in zip(table.get("BH", range(1, len(table) + 1)), answers)
                     if answer not in ACCEPT | REJECT]
        if undecided:
            raise QgsProcessingException(self.tr("Proposals {}: CN must say 是 (accepted) or 否 (rejected).").format(
                ", ".join(undecided[:20])))
        accepted = np.array([answer in ACCEPT for answer in answers], dtype=bool)
        actions = [op.ADD if str(value).strip() in ("增加", "add") else op.REMOVE for value in table["TZ"]]
        proposals = op.Proposals(pd.DataFrame({"line": table["KZXDM"], "action": actions}), reviewed.geometries,
                                 pd.DataFrame())
        outputs = {}
        for name, key in LINE_PARAMETERS:
            if name in data and self.given(parameters, OUTPUTS[key]):
                geometries, sources = op.apply(key, data[name].geometries, proposals, accepted)
                outputs[OUTPUTS[key]] = self.write_line(parameters, context, feedback, OUTPUTS[key], data[name],
                                                        geometries, sources, crs)
        feedback.pushInfo(self.tr("{} proposals applied, {} rejected.").format(int(accepted.sum()),
                                                                             int((~accepted).sum())))
        outputs.update({self.APPLIED_COUNT: int(accepted.sum()), self.REJECTED_COUNT: int((~accepted).sum())})
        return outputs


def _sheets(result):
    note = area_note(ELLIPSOIDAL)
    proposals = result.table.assign(
        line=[op.LINES[key] for key in result.table["line"]], rule=[op.RULE_NAMES[key] for key in result.table["rule"]],
        action=[op.ACTIONS[key] for key in result.table["action"]],
        area_ha=[float(to_hectares(v)) for v in result.table["area_m2"]],
        area_mu=[float(to_mu(v)) for v in result.table["area_m2"]])
    balance = result.balance.assign(line=[op.LINES[key] for key in result.balance["line"]])
    for column in ("before", "removed", "added", "after"):
        balance[column + "_ha"] = [float(to_hectares(v)) for v in balance[column + "_m2"]]
        balance[column + "_mu"] = [float(to_mu(v)) for v in balance[column + "_m2"]]
    expansion = result.expansion
    rows = [] if expansion.get("before") is None else [{"what": Text("扩展倍数", "Expansion multiple"),
                                                        "before": expansion["before"], "after": expansion["after"],
                                                        "limit": expansion.get("limit")}]
    return [
        Sheet(sheet_name("面积平衡", "Area balance"), Text("控制线优化面积平衡表", "Area balance of the proposed lines"), [
            Column("line", "控制线", "Line"), Column("unit_code", "乡镇代码", "Township code"),
            Column("unit_name", "乡镇", "Township"),
            Column("before_ha", "调整前（公顷）", "Before (ha)", AREA_HA), Column("removed_ha", "减少（公顷）", "Removed (ha)", AREA_HA),
            Column("added_ha", "增加（公顷）", "Added (ha)", AREA_HA), Column("after_ha", "调整后（公顷）", "After (ha)", AREA_HA),
            Column("before_mu", "调整前（亩）", "Before (mu)", AREA_MU), Column("removed_mu", "减少（亩）", "Removed (mu)", AREA_MU),
            Column("added_mu", "增加（亩）", "Added (mu)", AREA_MU), Column("after_mu", "调整后（亩）", "After (mu)", AREA_MU)],
            balance, note=note),
        Sheet(sheet_name("优化建议", "Proposals"), Text("控制线优化建议", "Proposed adjustments"), [
            Column("number", "编号", "No."), Column("line", "控制线", "Line"), Column("rule", "规则", "Rule", width=28),
            Column("action", "调整", "Change"), Column("unit_name", "乡镇", "Township"),
            Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA), Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU),
            Column("sentence", "说明", "Sentence", width=60)], proposals, note=note),
        Sheet(sheet_name("扩展倍数", "Expansion"), Text("城镇开发边界扩展倍数", "Expansion multiple of the urban boundary"), [
            Column("what", "指标", "Indicator"), Column("before", "调整前", "Before", "0.0000"),
            Column("after", "调整后", "After", "0.0000"), Column("limit", "上限", "Limit", "0.00")],
            pd.DataFrame(rows, columns=["what", "before", "after", "limit"]), note=note),
    ]
