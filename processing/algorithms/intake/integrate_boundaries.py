"""multiplan:integrate_boundaries: a plan's boundaries snapped to a reference (边界整合)."""
from qgis.core import (QgsFeatureSink, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber, QgsWkbTypes)

from ....core.intake import boundaries as bd
from ....core.report import AREA_M2, AREA_MU, Column, Sheet, Text, area_note, pick, write_workbook
from ....core.units import to_hectares, to_mu
from ....core.wording import ELLIPSOIDAL, Term
from ...layer_io import feature_ids, qgs_crs, read_layer, to_qgs_geometry, working_crs_for
from ...messages import write_error
from ...sinks import extended_fields, new_field, plain
from ..base import MultiPlanAlgorithm

STATUS_FIELD = "ZHZT"  # 整合状态
MAX_LISTED = 20  # features left for review named in the log (all of them in the report)
STATUS_TERMS = {bd.UNCHANGED: Term("未变", "unchanged"), bd.INTEGRATED: Term("已整合", "integrated"),
                bd.FLAGGED: Term("需复核（面积变化过大，未改动）", "to review (area change too large, left as it was)"),
                bd.REFUSED: Term("未整合（会产生重叠、缝隙或无效几何）", "not integrated (would overlap, open a gap or "
                                                                "become invalid)"),
                bd.INVALID: Term("输入几何无效，未改动", "invalid input, left as it was")}
REASON_TERMS = {"area": Term("面积变化超过阈值", "area change beyond the threshold"),
                "overlap": Term("会与相邻图斑重叠", "would overlap a neighbour"),
                "gap": Term("会与相邻图斑之间产生缝隙", "would open a gap between neighbours"),
                "invalid": Term("会成为无效几何", "would become invalid"),
                "collapsed": Term("会退化为线或点", "would collapse to a line or point"), "": ""}


class IntegrateBoundariesAlgorithm(MultiPlanAlgorithm):
    INPUT, REFERENCE, TOLERANCE, MAX_CHANGE, ID_FIELD = "INPUT", "REFERENCE", "TOLERANCE", "MAX_AREA_CHANGE", "ID_FIELD"
    OUTPUT, REPORT = "OUTPUT", "REPORT"
    INTEGRATED_COUNT, FLAGGED_COUNT, REFUSED_COUNT, MOVED_HA = (
        "INTEGRATED_COUNT", "FLAGGED_COUNT", "REFUSED_COUNT", "AREA_MOVED_HA")
    GROUP_ID = "data"

    def name(self):
        return "integrate_boundaries"

    def displayName(self):  # noqa: N802
        return self.tr("Integrate boundaries to a reference (边界整合)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Snaps the boundaries of a plan or control-line layer to a reference (三调 parcels, admin boundaries, the "
            "county outline or another plan) before plans are compared, so the edges they share become identical and "
            "the difference analysis is not flooded with slivers. Within the tolerance (metres, default 2 m, "
            "unverified: a drafting tolerance) every vertex moves to the nearest reference vertex, else onto the "
            "nearest reference edge, and reference vertices lying along an edge are inserted into it.\n\n"
            "The layer stays a clean coverage: a vertex or edge that neighbours share moves once, for both. A feature "
            "that would become invalid, overlap a neighbour or open a gap, or whose ellipsoidal area would change by "
            "more than the threshold (percent, default 1 %), is left as it was and reported for review (field ZHZT and "
            "the report), together with the vertices its neighbours share with it. The reference and the input are "
            "only read; use a clean reference (run the quality check first): its own defects would be copied. "
            "Tolerance 0 switches integration off (a plain copy).\n\n"
            "Outputs: the integrated copy (the input's fields and ZHZT, 整合状态) and an Excel report per feature "
            "(identifier, status, vertices moved and inserted, largest shift, ellipsoidal area before and after and "
            "its change in m² and 亩). Run it once per layer (or in a batch).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.INPUT, self.tr("Plan or line layer to integrate"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.REFERENCE, self.tr("Reference (三调 parcels, admin boundaries, another plan)"),
            [QgsProcessing.TypeVectorPolygon, QgsProcessing.TypeVectorLine]))
        self.addParameter(QgsProcessingParameterNumber(
            self.TOLERANCE, self.tr("Tolerance (m; 0: no integration)"), QgsProcessingParameterNumber.Double,
            defaultValue=bd.DEFAULT_TOLERANCE, minValue=0.0, maxValue=50.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_CHANGE, self.tr("Largest area change of a feature (%) before it is left for review"),
            QgsProcessingParameterNumber.Double, defaultValue=bd.DEFAULT_MAX_CHANGE, minValue=0.0, maxValue=100.0))
        self.addParameter(QgsProcessingParameterField(
            self.ID_FIELD, self.tr("Identifier field for the report (empty: BSM, 标识码, OBJECTID or the number)"),
            parentLayerParameterName=self.INPUT, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Integrated layer"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Integration report (Excel)"), fileFilter="Excel (*.xlsx)", optional=True,
            createByDefault=False))
        for name, label in ((self.INTEGRATED_COUNT, self.tr("Features integrated")),
                            (self.FLAGGED_COUNT, self.tr("Features left for review (area change)")),
                            (self.REFUSED_COUNT, self.tr("Features not integrated (topology)")),
                            (self.MOVED_HA, self.tr("Area moved between features (ha)"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    def check_polygon_inputs(self, parameters, context):
        """The reference may be lines too; only INPUT must hold polygons."""
        saved = parameters.get(self.REFERENCE)
        try:
            parameters = dict(parameters, **{self.REFERENCE: None})
            super().check_polygon_inputs(parameters, context)
        finally:
            parameters[self.REFERENCE] = saved

    def run_algorithm(self, parameters, context, feedback):
        map_layers = [self.map_layer(parameters, name, context) for name in (self.INPUT, self.REFERENCE)]
        crs = working_crs_for(map_layers, feedback)
        data = read_layer(self, parameters, self.INPUT, context, feedback, crs)
        reference = read_layer(self, parameters, self.REFERENCE, context, feedback, crs)
        if not len(reference.geometries):
            raise QgsProcessingException(self.tr("The reference “{}” has no features.").format(reference.name))
        ids = feature_ids(data, self.chosen_field(parameters, self.ID_FIELD, context, data),
                          preferred=("BSM", "BJBH", "HXBH", "JBNTTBBH", "CYTBBH", "XZQDM"))
        tolerance = self.parameterAsDouble(parameters, self.TOLERANCE, context)
        threshold = self.parameterAsDouble(parameters, self.MAX_CHANGE, context)
        result = self.run_core(bd.integrate, data.geometries, reference.geometries, crs, tolerance, threshold,
                               progress=self.progress_callback(feedback, 10, 80))
        counts = {status: int((result.status == status).sum()) for status in STATUS_TERMS}
        moved_ha = float(to_hectares(abs(result.area_change[result.status == bd.INTEGRATED]).sum()) / 2)
        feedback.pushInfo(self.tr("“{}”: {} features integrated, {} unchanged, {} left for review (area change), {} "
                                  "not integrated (topology), {} invalid on input; {:.4f} ha moved between "
                                  "features.").format(data.name, counts[bd.INTEGRATED], counts[bd.UNCHANGED],
                                                      counts[bd.FLAGGED], counts[bd.REFUSED], counts[bd.INVALID],
                                                      moved_ha))
        listed = [i for i, s in enumerate(result.status) if s in (bd.FLAGGED, bd.REFUSED)]
        for position in listed[:MAX_LISTED]:
            feedback.pushWarning(self.tr("  {} {}: {}").format(ids.values[position], STATUS_TERMS[result.status[position]],
                                                               REASON_TERMS[result.reasons[position]]))
        if len(listed) > MAX_LISTED:
            feedback.pushWarning(self.tr("  … and {} more (see the report)").format(len(listed) - MAX_LISTED))
        output = self._write(parameters, context, feedback, data, result, crs)
        results = {self.OUTPUT: output, self.INTEGRATED_COUNT: counts[bd.INTEGRATED],
                   self.FLAGGED_COUNT: counts[bd.FLAGGED], self.REFUSED_COUNT: counts[bd.REFUSED],
                   self.MOVED_HA: moved_ha}
        if self.given(parameters, self.REPORT):
            report = self.parameterAsFileOutput(parameters, self.REPORT, context)
            write_workbook(report, _sheets(data.name, ids, result, tolerance, threshold, reference.name))
            results[self.REPORT] = report
        return results

    def _write(self, parameters, context, feedback, data, result, crs):
        fields = extended_fields(data.fields, [new_field(STATUS_FIELD, str, 80)])
        wkb = QgsWkbTypes.multiType(data.wkb_type) if data.wkb_type else QgsWkbTypes.MultiPolygon
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, wkb, qgs_crs(crs))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        index = fields.indexOf(STATUS_FIELD)
        for number, feature in enumerate(data.features):
            if feedback.isCanceled():
                raise self.cancelled_error()
            attributes = list(feature.attributes()) + [None] * (fields.count() - len(feature.attributes()))
            attributes[index] = str(STATUS_TERMS[result.status[number]])
            feature.setFields(fields, False)
            feature.setAttributes([plain(value) for value in attributes])
            geometry = result.geometries[number]
            feature.setGeometry(to_qgs_geometry(geometry) if geometry is not None else feature.geometry())
            if not sink.addFeature(feature, QgsFeatureSink.FastInsert):
                raise write_error(sink)
            if number % 1000 == 0:
                feedback.setProgress(80 + 20 * number / max(len(data), 1))
        return dest_id


def ids_header(ids):
    return f"标识（{ids.field}）" if ids.field else "序号"


def _sheets(name, ids, result, tolerance, threshold, reference):
    import pandas as pd

    frame = pd.DataFrame({
        "id": ids.values, "status": [STATUS_TERMS[s] for s in result.status],
        "reason": [REASON_TERMS[r] for r in result.reasons], "moved": result.moved, "inserted": result.inserted,
        "shift": result.max_shift, "before": result.area_before, "after": result.area_after,
        "change": result.area_change, "change_mu": to_mu(result.area_change),
        "spared": [result.attempted.get(k) for k in range(len(result.status))]})
    order = {bd.FLAGGED: 0, bd.REFUSED: 1, bd.INVALID: 2, bd.INTEGRATED: 3, bd.UNCHANGED: 4}
    frame = frame.iloc[sorted(range(len(frame)), key=lambda k: (order[result.status[k]], k))]
    note = area_note(ELLIPSOIDAL, Text(f"参照：{reference}；容差 {tolerance:g} 米；面积变化阈值 {threshold:g}%",
                                       f"Reference: {reference}; tolerance {tolerance:g} m; area change threshold "
                                       f"{threshold:g} %"))
    return [Sheet(pick("边界整合", "Integration"), Text(f"{name} 边界整合报告", f"Boundary integration of {name}"), [
        Column("id", ids_header(ids), "Identifier"), Column("status", "整合状态", "Status", width=30),
        Column("reason", "原因", "Reason", width=24), Column("moved", "移动节点数", "Vertices moved"),
        Column("inserted", "插入节点数", "Vertices inserted"), Column("shift", "最大位移（米）", "Largest shift (m)", "0.000"),
        Column("before", "整合前面积（平方米）", "Area before (m²)", AREA_M2, summed=True),
        Column("after", "整合后面积（平方米）", "Area after (m²)", AREA_M2, summed=True),
        Column("change", "面积变化（平方米）", "Change (m²)", AREA_M2, summed=True),
        Column("change_mu", "面积变化（亩）", "Change (mu)", AREA_MU, summed=True),
        Column("spared", "未采纳的面积变化（平方米）", "Change not made (m²)", AREA_M2)], frame, note=note,
        total_label=Text("合计", "Total"))]


