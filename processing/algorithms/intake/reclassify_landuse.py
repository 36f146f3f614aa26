"""multiplan:reclassify_landuse: harmonise any land-use code field to 用地用海分类 (2023)."""
import csv

import pandas as pd

from qgis.core import (QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingParameterBoolean,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFile, QgsProcessingParameterFileDestination)

from ....core.intake import landuse
from ....core.report import Text
from ....core.wording import Term
from ...layer_io import read_layer
from ...sinks import extended_fields, new_field, write_with_values
from ..base import MultiPlanAlgorithm

# Output fields, named as 一张图 data names them (用地用海分类代码/名称 …).
CODE, NAME, LEVEL1, CONSTRUCTION, SPACE, MATCH = "YDYHFLDM", "YDYHFLMC", "YDYHYJL", "JSYD", "KJLX", "PPFS"
MAX_CODES_LOGGED = 20


def label(labels, key):
    """A space type or match quality (core.intake.landuse labels) in the report language (Chinese when
    bilingual); None stays None."""
    if key is None or (isinstance(key, float) and pd.isna(key)) or key not in labels:
        return None
    return str(Term(*labels[key]))


class ReclassifyLanduseAlgorithm(MultiPlanAlgorithm):
    INPUT, CODE_FIELD, STANDARD, TABLES = "INPUT", "CODE_FIELD", "STANDARD", "TABLES_FOLDER"
    FAIL_ON_UNKNOWN, OUTPUT, UNKNOWN_REPORT = "FAIL_ON_UNKNOWN", "OUTPUT", "UNKNOWN_REPORT"
    UNKNOWN_COUNT = "UNKNOWN_COUNT"

    GROUP_ID = "data"
    OUTPUT_STYLES = {"OUTPUT": "landuse:YDYHFLDM"}
    STANDARD_IDS = ("sandiao", "chenggui", "tugui", "ydyh2023")

    def name(self):
        return "reclassify_landuse"

    def displayName(self):  # noqa: N802
        return self.tr("Harmonise land-use codes (to 用地用海 2023)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Adds to a copy of the layer the harmonised land-use class of the 2023 classification "
            "(国土空间调查、规划、用途管制用地用海分类): code YDYHFLDM, name YDYHFLMC, level-1 class YDYHYJL, "
            "construction land flag JSYD (1 建设用地, 0 非建设, as the source standard counts it), space type KJLX "
            "(农业/生态/城镇/乡村/基础设施/水域/海洋/其他) and how the code was matched PPFS: 精确 exact, 近似 "
            "approximate (to be reviewed), 无对应 unmapped (an aggregate class with no single target; the flags are "
            "still set) or 原代码 identity. KJLX, PPFS and the CSV headers are written in the report language "
            "(Chinese under a Chinese QGIS, else English; see the MultiPlan settings).\n\n"
            "Source standards: 三调 working classification (e.g. DLBM), 城规 GB 50137-2011 (e.g. R2, E1), "
            "土规 规划地类 (e.g. 211, 111) or codes already in the 2023 classification. Codes read as numbers "
            "(101 for 0101) are repaired.\n\n"
            "The tables are CSV files in the plugin's resources/tables folder; to use edited copies, "
            "choose a folder holding files with the same names. Unknown codes are never dropped: their "
            "features are kept with empty harmonised fields, counted in the log and in the optional CSV "
            "report, or make the run fail if you choose so.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Input layer")))
        self.addParameter(QgsProcessingParameterField(self.CODE_FIELD, self.tr("Land-use code field"),
                                                      parentLayerParameterName=self.INPUT))
        self.addParameter(QgsProcessingParameterEnum(self.STANDARD, self.tr("Standard of the codes"), options=[
            self.tr("三调 working classification (GB/T 21010)"), self.tr("城规 urban plan (GB 50137-2011)"),
            self.tr("土规 land-use plan (TD/T 1024-2010)"), self.tr("用地用海分类 2023")], defaultValue=0))
        self.addParameter(QgsProcessingParameterFile(
            self.TABLES, self.tr("Folder with edited classification tables (optional)"),
            behavior=QgsProcessingParameterFile.Folder, optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.FAIL_ON_UNKNOWN, self.tr("Fail when a code is unknown"), defaultValue=False))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Harmonised layer")))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.UNKNOWN_REPORT, self.tr("Unknown codes (CSV)"), fileFilter="CSV (*.csv)", optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.UNKNOWN_COUNT, self.tr("Features with unknown codes")))

    def run_algorithm(self, parameters, context, feedback):
        code_field = self.parameterAsString(parameters, self.CODE_FIELD, context)
        standard = self.STANDARD_IDS[self.parameterAsEnum(parameters, self.STANDARD, context)]
        tables_dir = self.parameterAsFile(parameters, self.TABLES, context) or None
        layer = read_layer(self, parameters, self.INPUT, context, feedback)
        codes = layer.values(code_field)
        try:
            table = landuse.harmonise(codes, standard, tables_dir)
        except (ValueError, OSError) as error:
            raise QgsProcessingException(self.tr("Cannot use the classification tables: {}").format(error)) from None
        unknown = landuse.count_unknown(table)
        unknown_features = int((~table["known"]).sum())
        self._report_unknown(unknown, unknown_features, len(codes), code_field, feedback)
        if unknown and self.parameterAsBoolean(parameters, self.FAIL_ON_UNKNOWN, context):
            raise QgsProcessingException(self.tr("{} features have codes not in the {} table: {}")
                                         .format(unknown_features, standard, ", ".join(map(str, unknown))))

        fields = extended_fields(layer.fields, [new_field(CODE, str, 10), new_field(NAME, str, 50),
                                                new_field(LEVEL1, str, 2), new_field(CONSTRUCTION, int),
                                                new_field(SPACE, str, 30), new_field(MATCH, str, 20)])
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, layer.wkb_type,
                                             layer.source_crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        construction = [None if pd.isna(flag) else int(bool(flag)) for flag in table["construction"]]
        write_with_values(sink, layer.features, fields, {
            CODE: table["ydyh_code"].tolist(), NAME: table["ydyh_name"].tolist(),
            LEVEL1: table["ydyh_level1"].tolist(), CONSTRUCTION: construction,
            SPACE: [label(landuse.SPACE_LABELS, space) for space in table["space"]],
            MATCH: [label(landuse.MATCH_LABELS, match) for match in table["match"]],
        }, feedback, 10, 100)

        results = {self.OUTPUT: dest_id, self.UNKNOWN_COUNT: unknown_features}
        report_path = self.parameterAsFileOutput(parameters, self.UNKNOWN_REPORT, context)
        if report_path:
            with open(report_path, "w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow([str(Text("代码", "code")), str(Text("要素数", "features"))])
                writer.writerows(sorted(unknown.items(), key=lambda item: -item[1]))
            results[self.UNKNOWN_REPORT] = report_path
        return results

    def _report_unknown(self, unknown, unknown_features, total, code_field, feedback):
        if not unknown:
            feedback.pushInfo(self.tr("All {} codes of field {} are known.").format(total, code_field))
            return
        feedback.pushWarning(self.tr("{} of {} features have unknown or empty codes in field {}; they are "
                                     "kept with empty harmonised fields:").format(unknown_features, total, code_field))
        for code, count in sorted(unknown.items(), key=lambda item: -item[1])[:MAX_CODES_LOGGED]:
            feedback.pushWarning(self.tr("  code {}: {} features").format(
                self.tr("(empty)") if code is None else code, count))
        if len(unknown) > MAX_CODES_LOGGED:
            feedback.pushWarning(self.tr("  … and {} more codes (see the CSV report)").format(len(unknown) - MAX_CODES_LOGGED))
