"""multiplan:compare_blueprints: two versions of a blueprint store, or two blueprint layers, compared
(版本对比)."""
import shapely
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber)

from ....core.report import AREA_HA, AREA_M2, Column, Sheet, Text, area_note, pick, write_workbook
from ....core.units import to_hectares, to_mu
from ....core.versions import store
from ....core.versions.compare import approvals_between, compare_blueprints
from ....core.wording import ELLIPSOIDAL
from ...layer_io import read_layer, to_qgs_geometry, working_crs_for
from ...sinks import fields_from_spec, plain
from ..base import MultiPlanAlgorithm
from ...store_io import snapshot

OUTPUT_FIELDS = [("YDYHDM_Q", str, 10), ("YDYHMC_Q", str, 50), ("YDYHDM_H", str, 10), ("YDYHMC_H", str, 50),
                 ("AREA_M2", float, 2), ("AREA_HA", float, 4), ("AREA_MU", float, 2)]


class CompareBlueprintsAlgorithm(MultiPlanAlgorithm):
    STORE, VERSION_A, VERSION_B, OUTPUT, REPORT = "STORE", "VERSION_A", "VERSION_B", "OUTPUT", "REPORT"
    LAYER_A, LAYER_B, CODE_FIELD_A, CODE_FIELD_B = "LAYER_A", "LAYER_B", "CODE_FIELD_A", "CODE_FIELD_B"
    CHANGED_COUNT, CHANGED_HA = "CHANGED_COUNT", "CHANGED_HA"
    GROUP_ID = "versions"
    OUTPUT_STYLES = {"OUTPUT": "landuse:YDYHDM_H"}

    def name(self):
        return "compare_blueprints"

    def displayName(self):  # noqa: N802
        return self.tr("Compare blueprint versions")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Compares two versions of a blueprint store, or two blueprint layers (e.g. two deliveries, or a "
            "blueprint and one rebuilt from a later survey): the pieces whose 用地用海 code changed (before and "
            "after code and name, ellipsoidal area in m², 公顷 and 亩) as a layer, and an Excel report with the "
            "changed pieces, the area of every level-1 class in both and its change, the transfer matrix (公顷) "
            "and, for a store, the approvals (批文号) of the versions between them. Give either the store (with "
            "the two version numbers) or both layers (with their code fields).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFile(self.STORE, self.tr("Blueprint store"), extension="gpkg",
                                                     optional=True))
        self.addParameter(QgsProcessingParameterNumber(self.VERSION_A, self.tr("Earlier version"),
                                                       QgsProcessingParameterNumber.Integer, defaultValue=1, minValue=1))
        self.addParameter(QgsProcessingParameterNumber(self.VERSION_B, self.tr("Later version (0: the current)"),
                                                       QgsProcessingParameterNumber.Integer, defaultValue=0, minValue=0))
        polygons = [QgsProcessing.TypeVectorPolygon]
        for layer, field, which in ((self.LAYER_A, self.CODE_FIELD_A, self.tr("Earlier blueprint layer (instead of a "
                                                                              "store)")),
                                    (self.LAYER_B, self.CODE_FIELD_B, self.tr("Later blueprint layer"))):
            self.addParameter(QgsProcessingParameterFeatureSource(layer, which, polygons, optional=True))
            self.addParameter(QgsProcessingParameterField(field, self.tr("Its 用地用海 code field"), store.CODE_FIELD,
                                                          layer, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Changed pieces"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Excel report"),
                                                                fileFilter="Excel (*.xlsx)"))
        self.addOutput(QgsProcessingOutputNumber(self.CHANGED_COUNT, self.tr("Changed pieces")))
        self.addOutput(QgsProcessingOutputNumber(self.CHANGED_HA, self.tr("Changed area (ha)")))

    def run_algorithm(self, parameters, context, feedback):
        layers = [self.given(parameters, name) for name in (self.LAYER_A, self.LAYER_B)]
        if self.given(parameters, self.STORE) == any(layers) or (any(layers) and not all(layers)):
            raise QgsProcessingException(self.tr("Give either a blueprint store or two blueprint layers to compare."))
        if all(layers):
            result, crs_wkt, labels = self._compare_layers(parameters, context, feedback)
        else:
            result, crs_wkt, labels = self._compare_versions(parameters, context, feedback)
        feedback.pushInfo(self.tr("{} → {}: {} pieces changed, {:.4f} ha.").format(
            labels[0], labels[1], len(result.changed), to_hectares(result.changed_m2)))
        output = self._write(parameters, context, result, crs_wkt, feedback)
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        write_workbook(report, _sheets(result, *labels))
        return {self.OUTPUT: output, self.REPORT: report, self.CHANGED_COUNT: len(result.changed),
                self.CHANGED_HA: float(to_hectares(result.changed_m2))}

    def _compare_versions(self, parameters, context, feedback):
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
        labels = [Text(f"第 {v} 版", f"Version {v}") for v in (first.version, second.version)]
        return result, first.crs_wkt, labels

    def _compare_layers(self, parameters, context, feedback):
        layers = [self.map_layer(parameters, name, context) for name in (self.LAYER_A, self.LAYER_B)]
        crs = working_crs_for(layers, feedback)
        read, labels = [], []
        for name, field_name in ((self.LAYER_A, self.CODE_FIELD_A), (self.LAYER_B, self.CODE_FIELD_B)):
            data = read_layer(self, parameters, name, context, feedback, crs)
            field = self.chosen_field(parameters, field_name, context, data, default=store.CODE_FIELD)
            read.append((data.geometries, data.values(field)))
            labels.append(Text(f"“{data.name}”", f"“{data.name}”"))
        result = self.run_core(compare_blueprints, read[0][0], read[0][1], read[1][0], read[1][1], crs,
                               progress=self.progress_callback(feedback, 0, 80))
        from qgis.core import QgsCoordinateReferenceSystem

        return result, QgsCoordinateReferenceSystem(crs).toWkt(), labels

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
    """The report's sheets; ``a`` and ``b``: what is compared (Text: 第 1 版 / “一张蓝图”)."""
    note = area_note(ELLIPSOIDAL)
    changed = result.changed.assign(area_ha=to_hectares(result.changed["area_m2"]))
    by_class = result.by_class.assign(a_ha=to_hectares(result.by_class["a_m2"]), b_ha=to_hectares(result.by_class["b_m2"]),
                                      change_ha=to_hectares(result.by_class["change_m2"]))
    matrix_columns = [Column("class_code", "代码", "Code"), Column("class_name", "名称", "Name")] + [
        Column(key, key[2:], key[2:], AREA_HA) for key in result.matrix.columns if str(key).startswith("b:")] + [
        Column("total", "合计", "Total", AREA_HA)]
    return [
        Sheet(pick("变化图斑", "Changed pieces"), Text(f"{a.zh}与{b.zh}变化图斑", f"Changed pieces, {a.en} to {b.en}"), [
            Column("code_a", "原代码", "Code before"), Column("name_a", "原名称", "Name before"),
            Column("code_b", "现代码", "Code after"), Column("name_b", "现名称", "Name after"),
            Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
            Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True)], changed, note=note,
            total_label=Text("合计", "Total")),
        Sheet(pick("地类面积变化", "Area by class"), Text("一级类面积变化", "Area by level-1 class"), [
            Column("class_code", "代码", "Code"), Column("class_name", "名称", "Name"),
            Column("a_ha", f"{a.zh}（公顷）", f"{a.en} (ha)", AREA_HA, summed=True),
            Column("b_ha", f"{b.zh}（公顷）", f"{b.en} (ha)", AREA_HA, summed=True),
            Column("change_ha", "变化（公顷）", "Change (ha)", AREA_HA, summed=True)], by_class, note=note,
            total_label=Text("合计", "Total")),
        Sheet(pick("转移矩阵", "Transfer matrix"), Text("一级类转移矩阵（公顷）", "Transfer matrix (ha)"), matrix_columns,
              result.matrix, note=note),
        Sheet(pick("批文", "Approvals"), Text("两版之间的批文", "Approvals between the versions"), [
            Column("BBH", "版本", "Version"), Column("RQ", "日期", "Date"), Column("PWH", "批文号", "Approval"),
            Column("LX", "类型", "Kind"), Column("YY", "原因", "Reason", width=40)], result.approvals, note=note),
    ]
