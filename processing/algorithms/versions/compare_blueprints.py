"""multiplan:compare_blueprints: two versions of a blueprint store compared (版本对比)."""
import shapely
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterNumber)

from ....core.report import AREA_HA, AREA_M2, Column, Sheet, Text, area_note, pick, write_workbook
from ....core.units import to_hectares, to_mu
from ....core.versions import store
from ....core.versions.compare import approvals_between, compare_blueprints
from ....core.wording import ELLIPSOIDAL
from ...layer_io import to_qgs_geometry
from ...sinks import fields_from_spec, plain
from ..base import MultiPlanAlgorithm
from ...store_io import snapshot

OUTPUT_FIELDS = [("YDYHDM_Q", str, 10), ("YDYHMC_Q", str, 50), ("YDYHDM_H", str, 10), ("YDYHMC_H", str, 50),
                 ("AREA_M2", float, 2), ("AREA_HA", float, 4), ("AREA_MU", float, 2)]


class CompareBlueprintsAlgorithm(MultiPlanAlgorithm):
    STORE, VERSION_A, VERSION_B, OUTPUT, REPORT = "STORE", "VERSION_A", "VERSION_B", "OUTPUT", "REPORT"
    CHANGED_COUNT, CHANGED_HA = "CHANGED_COUNT", "CHANGED_HA"
    GROUP_ID = "versions"
    OUTPUT_STYLES = {"OUTPUT": "landuse:YDYHDM_H"}

    def name(self):
        return "compare_blueprints"

    def displayName(self):  # noqa: N802
        return self.tr("Compare blueprint versions")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Compares two versions of a blueprint store: the pieces whose 用地用海 code changed (before and after "
            "code and name, ellipsoidal area in m², 公顷 and 亩) as a layer, and an Excel report with the changed "
            "pieces, the area of every level-1 class in both versions and its change, the transfer matrix (公顷) "
            "and the approvals (批文号) of the versions between them.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(self.STORE, self.tr("Blueprint store"), extension="gpkg"))
        self.addParameter(QgsProcessingParameterNumber(self.VERSION_A, self.tr("Earlier version"),
                                                       QgsProcessingParameterNumber.Integer, defaultValue=1, minValue=1))
        self.addParameter(QgsProcessingParameterNumber(self.VERSION_B, self.tr("Later version (0: the current)"),
                                                       QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Changed pieces"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Excel report"),
                                                                fileFilter="Excel (*.xlsx)"))
        self.addOutput(QgsProcessingOutputNumber(self.CHANGED_COUNT, self.tr("Changed pieces")))
        self.addOutput(QgsProcessingOutputNumber(self.CHANGED_HA, self.tr("Changed area (ha)")))

    def run_algorithm(self, parameters, context, feedback):
        path = self.parameterAsFile(parameters, self.STORE, context)
        first = snapshot(path, self.parameterAsInt(parameters, self.VERSION_A, context))
        second = snapshot(path, self.parameterAsInt(parameters, self.VERSION_B, context) or None)
        code = store.CODE_FIELD
        if code not in first.attributes.columns:
            raise QgsProcessingException(self.tr("The blueprint store has no field {}.").format(code))
        result = self.run_core(compare_blueprints, first.geometries, first.attributes[code], second.geometries,
                               second.attributes[code], first.crs_wkt,
                               approvals=approvals_between(store.versions(path), first.version, second.version),
                               progress=self.progress_callback(feedback, 0, 80))
        feedback.pushInfo(self.tr("Version {} → {}: {} pieces changed, {:.4f} ha.").format(
            first.version, second.version, len(result.changed), to_hectares(result.changed_m2)))
        output = self._write(parameters, context, result, first.crs_wkt, feedback)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        write_workbook(report, _sheets(result, first.version, second.version))
        return {self.OUTPUT: output, self.REPORT: report, self.CHANGED_COUNT: len(result.changed),
                self.CHANGED_HA: float(to_hectares(result.changed_m2))}

    def _write(self, parameters, context, result, crs_wkt, feedback):
        from qgis.core import QgsCoordinateReferenceSystem, QgsFeature, QgsWkbTypes

        fields = fields_from_spec(OUTPUT_FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
                                             QgsCoordinateReferenceSystem.fromWkt(crs_wkt))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        for geometry, row in zip(result.changed_geometries, result.changed.itertuples()):
            if feedback.isCanceled():
                raise self.cancelled_error()
            feature = QgsFeature(fields)
            feature.setGeometry(to_qgs_geometry(shapely.make_valid(geometry)))
            feature.setAttributes([plain(v) for v in (row.code_a, row.name_a, row.code_b, row.name_b, row.area_m2,
                                                      to_hectares(row.area_m2), to_mu(row.area_m2))])
            if not sink.addFeature(feature):
                raise QgsProcessingException(self.tr("Could not write a feature to output {}: {}").format(
                    self.OUTPUT, sink.lastError()))
        return dest_id


def _sheets(result, a, b):
    note = area_note(ELLIPSOIDAL)
    changed = result.changed.assign(area_ha=to_hectares(result.changed["area_m2"]))
    by_class = result.by_class.assign(a_ha=to_hectares(result.by_class["a_m2"]), b_ha=to_hectares(result.by_class["b_m2"]),
                                      change_ha=to_hectares(result.by_class["change_m2"]))
    matrix_columns = [Column("class_code", "代码", "Code"), Column("class_name", "名称", "Name")] + [
        Column(key, key[2:], key[2:], AREA_HA) for key in result.matrix.columns if str(key).startswith("b:")] + [
        Column("total", "合计", "Total", AREA_HA)]
    return [
        Sheet(pick("变化图斑", "Changed pieces"), Text(f"第 {a} 版与第 {b} 版变化图斑", f"Changed pieces, version {a} to {b}"), [
            Column("code_a", "原代码", "Code before"), Column("name_a", "原名称", "Name before"),
            Column("code_b", "现代码", "Code after"), Column("name_b", "现名称", "Name after"),
            Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
            Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True)], changed, note=note,
            total_label=Text("合计", "Total")),
        Sheet(pick("地类面积变化", "Area by class"), Text("一级类面积变化", "Area by level-1 class"), [
            Column("class_code", "代码", "Code"), Column("class_name", "名称", "Name"),
            Column("a_ha", f"第 {a} 版（公顷）", f"Version {a} (ha)", AREA_HA, summed=True),
            Column("b_ha", f"第 {b} 版（公顷）", f"Version {b} (ha)", AREA_HA, summed=True),
            Column("change_ha", "变化（公顷）", "Change (ha)", AREA_HA, summed=True)], by_class, note=note,
            total_label=Text("合计", "Total")),
        Sheet(pick("转移矩阵", "Transfer matrix"), Text("一级类转移矩阵（公顷）", "Transfer matrix (ha)"), matrix_columns,
              result.matrix, note=note),
        Sheet(pick("批文", "Approvals"), Text("两版之间的批文", "Approvals between the versions"), [
            Column("BBH", "版本", "Version"), Column("RQ", "日期", "Date"), Column("PWH", "批文号", "Approval"),
            Column("LX", "类型", "Kind"), Column("YY", "原因", "Reason", width=40)], result.approvals, note=note),
    ]
