"""multiplan:planning_indicators: the core indicators of a blueprint against target values (规划指标核算)."""
import math

from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputBoolean, QgsProcessingOutputNumber,
                       QgsProcessingParameterEnum, QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber)

from ....core.geometry import present
from ....core.intake.landuse import STANDARD_NAMES
from ....core.report import Text, area_note
from ....core.statistics import indicators as ind
from ....core.statistics import targets as tg
from ....core.units import to_hectares, to_mu
from ....core.wording import ELLIPSOIDAL, file_name, text
from ...layer_io import read_layer, unique_name, working_crs_for
from ..base import MultiPlanAlgorithm

MAX_CODES_LOGGED = 10
# Output number per indicator: its key in upper case plus the default unit.
UNIT_SUFFIX = {tg.AREA: "_HA", tg.SHARE: "_PCT", tg.RATIO: "", tg.PER_CAPITA: "_M2"}


def output_name(indicator):
    return indicator.key.upper() + UNIT_SUFFIX[indicator.kind]


class PlanningIndicatorsAlgorithm(MultiPlanAlgorithm):
    BLUEPRINT, CODE_FIELD, STANDARD, CONSTRUCTION_FIELD = "BLUEPRINT", "CODE_FIELD", "STANDARD", "CONSTRUCTION_FIELD"
    ECOLOGICAL, FARMLAND, URBAN_BOUNDARY = "ECOLOGICAL_REDLINE", "FARMLAND", "URBAN_BOUNDARY"
    BASE_CONSTRUCTION = "BASE_CONSTRUCTION"
    POPULATION, URBAN_POPULATION, EXPANSION_LIMIT = "POPULATION", "URBAN_POPULATION", "EXPANSION_LIMIT"
    TARGETS, INDICATOR_CODES, TABLES = "TARGETS", "INDICATOR_CODES", "TABLES_FOLDER"
    REPORT, TABLE = "REPORT", "TABLE"
    PASS_COUNT, FAIL_COUNT, NO_TARGET_COUNT, NOT_AVAILABLE_COUNT, PASSED = (
        "PASS_COUNT", "FAIL_COUNT", "NO_TARGET_COUNT", "NOT_AVAILABLE_COUNT", "PASSED")
    GROUP_ID = "statistics"
    STANDARD_IDS = ("sandiao", "chenggui", "tugui", "ydyh2023")
    # Parameter → core line key, in the order they are read.
    LINES = ((ECOLOGICAL, "eco_redline"), (FARMLAND, "basic_farmland"), (URBAN_BOUNDARY, "urban_boundary"),
             (BASE_CONSTRUCTION, "base_construction"))

    def name(self):
        return "planning_indicators"

    def displayName(self):  # noqa: N802
        return self.tr("Planning indicators against targets (规划指标核算)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Measures the core indicators of a plan on the coordinated land-use layer (一张蓝图, e.g. the output of "
            "“Build the coordinated blueprint”) and the control lines, and compares them with target values: "
            "耕地保有量 cultivated land, 永久基本农田保护面积 basic farmland, 生态保护红线面积 ecological red line, "
            "城镇开发边界面积 urban boundary, 现状城镇建设用地 base-year urban construction land and the expansion "
            "multiple (boundary ÷ base), 建设用地总规模 construction land, 城镇建设用地规模 urban construction land, "
            "人均建设用地 and 人均城镇建设用地 (per planned person and planned urban person), 林地/湿地/陆地水域 areas "
            "and their shares of the blueprint, and the blueprint's total area.\n\n"
            "Land-use indicators count the blueprint's land by code: codes of the chosen standard (三调, 城规, 土规 or "
            "用地用海) are harmonised to 用地用海 2023 and matched with an editable code table (default "
            "resources/indicators/indicator_codes.csv: 耕地 01, 林地 03, 湿地 05, 陆地水域 17, 建设用地 07-16; several "
            "choices are UNVERIFIED, see its README). Land whose code has no 用地用海 class counts in the total only, "
            "and in 建设用地总规模 when its construction flag field (default JSYD, as the blueprint has it) is 1. "
            "Control-line indicators are the areas of the given layers, their own overlaps counted once.\n\n"
            "Targets come from an optional CSV (UTF-8 or GBK) or Excel table: indicator (number 01-17, key or "
            "Chinese name), target, unit (公顷, 亩, 万亩, 平方米, 平方公里, %, 倍, 平方米/人), comparison (>=, <=, >, <, "
            "=, between with target_max) and an optional tolerance; resources/indicators/targets_template.csv is a "
            "template. Values are compared as the report shows them (rounded to the unit's decimals). Without a "
            "target row, the expansion multiple is checked against the expansion limit (default 1.3: UNVERIFIED, "
            "set your own, 0 for none). Results: 达标 pass, 未达标 fail, 无目标 no target, 无法计算 not available.\n\n"
            "Areas are ellipsoidal on CGCS2000. Outputs: an Excel report (指标 with the judgement, 用地结构 by "
            "用地用海 level-1 class with a 合计 row, 说明 with the codes counted and the codes without a class), "
            "optionally the indicators as CSV (UTF-8 with BOM), and every value as an output number.")

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BLUEPRINT, self.tr("Coordinated blueprint (一张蓝图) or another land-use layer"), polygon))
        self.addParameter(QgsProcessingParameterField(
            self.CODE_FIELD, self.tr("Land-use code field"), defaultValue="YDYHDM",
            parentLayerParameterName=self.BLUEPRINT, optional=True))  # optional so the default applies
        self.addParameter(QgsProcessingParameterEnum(self.STANDARD, self.tr("Standard of the codes"), options=[
            self.tr("三调 working classification (GB/T 21010)"), self.tr("城规 urban plan (GB 50137-2011)"),
            self.tr("土规 land-use plan (TD/T 1024-2010)"), self.tr("用地用海分类 2023")], defaultValue=3))
        self.addParameter(QgsProcessingParameterField(
            self.CONSTRUCTION_FIELD, self.tr("Construction flag field (0/1) for codes without a 用地用海 class"),
            defaultValue="JSYD", parentLayerParameterName=self.BLUEPRINT, optional=True))
        for name, label in ((self.ECOLOGICAL, self.tr("Ecological protection red line (生态保护红线)")),
                            (self.FARMLAND, self.tr("Permanent basic farmland (永久基本农田)")),
                            (self.URBAN_BOUNDARY, self.tr("Urban development boundary (城镇开发边界)")),
                            (self.BASE_CONSTRUCTION, self.tr("Base-year urban construction land (现状城镇建设用地)"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, polygon, optional=True))
        for name, label in ((self.POPULATION, self.tr("Planned population (规划人口, persons, 0 = not given)")),
                            (self.URBAN_POPULATION,
                             self.tr("Planned urban population (规划城镇人口, persons, 0 = not given)"))):
            self.addParameter(QgsProcessingParameterNumber(name, label, QgsProcessingParameterNumber.Double,
                                                           defaultValue=0.0, minValue=0.0, optional=True))
        limit = QgsProcessingParameterNumber(
            self.EXPANSION_LIMIT, self.tr("Expansion limit when the targets set none (default 1.3, unverified; "
                                          "0 = none)"),
            QgsProcessingParameterNumber.Double, defaultValue=ind.DEFAULT_EXPANSION_LIMIT, minValue=0.0)
        limit.setHelp(self.tr("Urban boundary ÷ base-year urban construction land. 1.3 is the commonly cited cap of "
                              "the 2022 三区三线 rules, not verified; use your province's figure."))
        self.addParameter(limit)
        self.addParameter(QgsProcessingParameterFile(
            self.TARGETS, self.tr("Target values (CSV or Excel; see resources/indicators/targets_template.csv)"),
            behavior=QgsProcessingParameterFile.File, fileFilter="Tables (*.csv *.xlsx)", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.INDICATOR_CODES, self.tr("Edited indicator code table (optional, indicator_codes.csv)"),
            behavior=QgsProcessingParameterFile.File, fileFilter="CSV (*.csv)", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.TABLES, self.tr("Folder with edited classification tables (optional)"),
            behavior=QgsProcessingParameterFile.Folder, optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Indicator report (Excel)"), fileFilter="Excel (*.xlsx)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.TABLE, self.tr("Indicators (CSV)"), fileFilter="CSV (*.csv)", optional=True, createByDefault=False))
        for indicator in tg.INDICATORS:
            unit = tg.DEFAULT_UNITS[indicator.kind]
            self.addOutput(QgsProcessingOutputNumber(output_name(indicator), f"{indicator.zh} {indicator.en} ({unit})"))
        for name, label in ((self.PASS_COUNT, self.tr("Indicators that meet their target")),
                            (self.FAIL_COUNT, self.tr("Indicators that miss their target")),
                            (self.NO_TARGET_COUNT, self.tr("Indicators without a target")),
                            (self.NOT_AVAILABLE_COUNT, self.tr("Indicators that cannot be computed"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))
        self.addOutput(QgsProcessingOutputBoolean(self.PASSED, self.tr("Passed (no indicator misses its target)")))

    # -- run -------------------------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        tables_dir = self.parameterAsFile(parameters, self.TABLES, context) or None
        targets, code_table, notes = self._tables(parameters, context, tables_dir)
        given = [name for name, _ in self.LINES if self.given(parameters, name)]
        map_layers = [self.map_layer(parameters, name, context) for name in [self.BLUEPRINT] + given]
        working_crs = working_crs_for(map_layers, feedback)
        names = set()
        blueprint = read_layer(self, parameters, self.BLUEPRINT, context, feedback, working_crs)
        blueprint.name = unique_name(blueprint.name, names)
        if not len(blueprint.geometries) or not present(blueprint.geometries).any():
            raise QgsProcessingException(self.tr("“{}” has no features with a geometry: there is nothing to "
                                                 "measure.").format(blueprint.name))
        code_field = self._field(parameters, self.CODE_FIELD, context, blueprint, required=True)
        flag_field = self._field(parameters, self.CONSTRUCTION_FIELD, context, blueprint, required=False)
        if flag_field is None and (self.parameterAsString(parameters, self.CONSTRUCTION_FIELD, context) or "").strip():
            feedback.pushInfo(self.tr("“{}” has no field “{}”: land without a 用地用海 class is not counted as "
                                      "construction land.").format(blueprint.name, self.parameterAsString(
                                          parameters, self.CONSTRUCTION_FIELD, context)))
        standard = STANDARD_NAMES[self._standard_label(parameters, context)]
        notes.append(text("一张蓝图“{}”：代码取自字段 {}（{}）。", "Blueprint “{}”: codes from field {} ({}).",
                          blueprint.name, code_field, Text(standard["zh"], standard["en"])))
        lines = {}
        for name, key in self.LINES:
            if name in given:
                data = read_layer(self, parameters, name, context, feedback, working_crs)
                data.name = unique_name(data.name, names)
                if not len(data.geometries) or not present(data.geometries).any():
                    feedback.pushWarning(self.tr("“{}” has no features with a geometry: its area is 0.").format(
                        data.name))
                lines[key] = data.geometries
                notes.append(text("{}：“{}”，{} 个要素。", "{}: “{}”, {} features.", ind.LINE_TERMS[key], data.name,
                                  len(data.geometries)))
        population = self._optional_number(parameters, self.POPULATION, context)
        urban_population = self._optional_number(parameters, self.URBAN_POPULATION, context)
        limit = self.parameterAsDouble(parameters, self.EXPANSION_LIMIT, context)
        notes.append(Text("规划人口：{}；规划城镇人口：{}；无目标值时的扩展倍数上限：{}（默认 1.3，未经核实）。",
                          "Planned population: {}; planned urban population: {}; expansion limit without a target: {} "
                          "(default 1.3, unverified).").format(
            self._shown_number(population), self._shown_number(urban_population), f"{limit:g}" if limit else "—"))
        try:
            result = self.run_core(
                ind.compute_indicators, blueprint.geometries, blueprint.values(code_field), working_crs,
                standard=self.STANDARD_IDS[self.parameterAsEnum(parameters, self.STANDARD, context)],
                construction_flags=blueprint.values(flag_field) if flag_field else None, lines=lines,
                population=population, urban_population=urban_population, targets=targets, expansion_limit=limit,
                code_table=code_table, tables_dir=tables_dir, progress=self.progress_callback(feedback, 10, 90))
        except (ValueError, OSError) as error:
            raise QgsProcessingException(self.tr("Cannot compute the indicators: {}").format(error)) from None
        self._log(result, blueprint.name, feedback, notes)
        return self._write_outputs(parameters, context, feedback, result, notes)

    def _tables(self, parameters, context, tables_dir):
        """The targets and the code table, read before any layer so a bad table fails at once."""
        notes = []
        codes_path = self.parameterAsFile(parameters, self.INDICATOR_CODES, context) or None
        try:
            code_table = ind.load_indicator_codes(codes_path, tables_dir)
        except (ValueError, OSError) as error:
            raise QgsProcessingException(self.tr("Cannot read the indicator code table: {}").format(error)) from None
        notes.append(Text("指标代码表：{}。", "Indicator code table: {}.").format(
            file_name(codes_path) if codes_path else ind.CODES_FILE))
        targets = None
        path = self.parameterAsFile(parameters, self.TARGETS, context)
        if path:
            try:
                targets = tg.read_targets(path)
            except (ValueError, OSError) as error:
                raise QgsProcessingException(self.tr("Cannot read the target table: {}").format(error)) from None
            notes.append(Text("目标值：{}（{} 行含目标值）。", "Targets: {} ({} rows with a target).").format(
                file_name(path), int(targets["target"].notna().sum())))
        else:
            notes.append(Text("目标值：未提供。", "Targets: none given."))
        return targets, code_table, notes

    def _field(self, parameters, name, context, data, required):
        """The chosen field as the layer spells it; None when not chosen or (if not required) missing."""
        field = (self.parameterAsString(parameters, name, context) or "").strip()
        if not field:
            if required:
                raise QgsProcessingException(self.tr("Choose the land-use code field of “{}” ({}).").format(
                    data.name, name))
            return None
        index = data.fields.lookupField(field)
        if index < 0:
            if required:
                raise QgsProcessingException(self.tr("Layer “{}” has no field “{}” (parameter {}).").format(
                    data.name, field, name))
            return None
        return data.fields.at(index).name()

    def _optional_number(self, parameters, name, context):
        if not self.given(parameters, name):
            return None
        value = self.parameterAsDouble(parameters, name, context)
        return value if value > 0 else None  # 0 = not given

    @staticmethod
    def _shown_number(value):
        return "—" if value is None else f"{value:,.0f}"

    def _standard_label(self, parameters, context):
        return self.STANDARD_IDS[self.parameterAsEnum(parameters, self.STANDARD, context)]

    def _log(self, result, name, feedback, notes):
        def say(log_line, note, warn=True):
            (feedback.pushWarning if warn else feedback.pushInfo)(log_line)
            notes.append(note)

        blueprint = result.blueprint
        feedback.pushInfo(self.tr("“{}”: {} features, {:.4f} 公顷 ({:.2f} 亩).").format(
            name, blueprint.features, to_hectares(blueprint.area_m2), to_mu(blueprint.area_m2)))
        layers = [(name, blueprint)] + [(ind.LINE_TERMS[key], area) for key, area in result.lines.items()]
        for label, area in layers:
            if area.repaired:
                say(self.tr("“{}”: {} invalid geometries were measured after repair on a copy (run the quality "
                            "check to fix the data).").format(label, area.repaired), text(
                    "“{}”：{} 个无效几何已在副本上修复后量算（请运行数据质量检查修正数据）。",
                    "“{}”: {} invalid geometries were measured after repair on a copy (run the quality check to fix "
                    "the data).", label, area.repaired))
            if area.overlap_pairs:
                say(self.tr("“{}”: {} pairs of its own features overlap; the overlaps are counted once.").format(
                    label, area.overlap_pairs), text(
                    "“{}”：图层内部有 {} 对要素相互重叠；重叠部分只计一次。",
                    "“{}”: {} pairs of its own features overlap; the overlaps are counted once.", label,
                    area.overlap_pairs))
        unknown = result.unknown
        if len(unknown):
            figures = (int(unknown["count"].sum()), to_hectares(float(unknown["area_m2"].sum())))
            say(self.tr("{} features ({:.4f} 公顷) have codes without a 用地用海 class and count in no land-use "
                        "class, only in the total area:").format(*figures), Text(
                "{} 个要素（{:.4f} 公顷）的代码没有对应的用地用海分类，不计入任何地类，只计入总面积。",
                "{} features ({:.4f} ha) have codes without a 用地用海 class and count in no land-use class, only in "
                "the total area.").format(*figures))
            for row in unknown.head(MAX_CODES_LOGGED).itertuples(index=False):
                kind = (self.tr("empty") if row.code == ind.EMPTY_CODE else
                        self.tr("no single 用地用海 class") if row.known else self.tr("unknown code"))
                feedback.pushWarning(self.tr("  code {} ({}): {} features, {:.4f} 公顷").format(
                    row.code, kind, row.count, to_hectares(row.area_m2)))
            if len(unknown) > MAX_CODES_LOGGED:
                feedback.pushWarning(self.tr("  … and {} more codes (see the report's 说明 sheet)").format(
                    len(unknown) - MAX_CODES_LOGGED))
        if result.fallback_construction_m2 > 0:
            area = to_hectares(result.fallback_construction_m2)
            say(self.tr("{:.4f} 公顷 without a 用地用海 class are counted in 建设用地总规模 by their "
                        "construction flag.").format(area), Text(
                "{:.4f} 公顷无对应用地用海分类的用地按建设用地标志计入建设用地总规模。",
                "{:.4f} ha without a 用地用海 class are counted in the construction land by their construction "
                "flag.").format(area), warn=False)
        for row in result.table.itertuples(index=False):
            unit = tg.UNIT_TERMS.get(row.unit, row.unit)
            value = self.tr("not available") if math.isnan(row.value) else \
                f"{ind.shown(row.value, row.unit):,.{tg.decimals_of(row.unit)}f} {unit}"
            target = ""
            if row.result_code in (tg.PASS, tg.FAIL):
                bound = (f"{ind.shown(row.target, row.unit):g}–{ind.shown(row.target_max, row.unit):g}"
                         if row.comparison == tg.COMPARISON_SYMBOLS["between"]
                         else f"{row.comparison} {ind.shown(row.target, row.unit):g}")
                target = f" ({bound} {unit})"
            message = f"{row.number} {Text(row.name_zh, row.name_en)}: {value} {row.result}{target}"
            (feedback.pushWarning if row.result_code == tg.FAIL else feedback.pushInfo)(message)

    def _write_outputs(self, parameters, context, feedback, result, notes):
        results = {}
        if self.given(parameters, self.TABLE):
            csv = self.parameterAsFileOutput(parameters, self.TABLE, context)
            ind.write_table(csv, result.table)
            results[self.TABLE] = csv
        if feedback.isCanceled():
            raise self.cancelled_error()
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        ind.write_report(report, result, area_note(ELLIPSOIDAL), notes)
        results[self.REPORT] = report
        feedback.setProgress(100)
        codes = result.table["result_code"]
        results.update({output_name(indicator): result.value(indicator.key) for indicator in tg.INDICATORS})
        results.update({self.PASS_COUNT: int((codes == tg.PASS).sum()),
                        self.FAIL_COUNT: int((codes == tg.FAIL).sum()),
                        self.NO_TARGET_COUNT: int((codes == tg.NO_TARGET).sum()),
                        self.NOT_AVAILABLE_COUNT: int((codes == tg.NOT_AVAILABLE).sum()),
                        self.PASSED: bool((codes != tg.FAIL).all())})
        return results
