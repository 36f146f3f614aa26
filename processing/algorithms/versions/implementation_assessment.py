"""multiplan:implementation_assessment: 实施评估 — the blueprint against later land-use surveys,
year by year and township by township, with 预警 levels (core: :mod:`core.versions.assessment`)."""
import math
from pathlib import Path

import shapely
from qgis.core import (QgsFeature, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterString, QgsWkbTypes)

from ....core.report import Text, render
from ....core.statistics import indicators as ind
from ....core.statistics import targets as tg
from ....core.units import to_hectares, to_mu
from ....core.versions import assessment as am
from ....core.versions import assessment_report as ar
from ....core.wording import file_name, text
from ...charts import chart_png
from ...layer_io import display_name, feature_ids, qgs_crs, read_layer, read_map_layer, unique_name, working_crs_for
from ...sinks import fields_from_spec, plain
from ...store_io import snapshot
from ..base import MultiPlanAlgorithm

STANDARD_IDS = ("sandiao", "chenggui", "tugui", "ydyh2023")
PATCH_CODES = {am.NEW_CONSTRUCTION: 1, am.FARMLAND_LOST: 2, am.FARMLAND_GAINED: 3}
# 监测年度, 上期年度, 监测类型 (code, name), 乡镇, 原/现地类编码, 原/现图斑标识码, 城镇开发边界内外, 违反控制线
# (1/0), area in m²/公顷/亩, and in 公顷 the part on permanent basic farmland, inside the red line and
# against the blueprint (construction where it plans none, farmland lost where it keeps farmland).
OUTPUT_FIELDS = [("JCND", int, 0), ("SQND", int, 0), ("JCLXDM", int, 0), ("JCLX", str, 20), ("XZQDM", str, 12),
                 ("XZQMC", str, 50), ("QDLBM", str, 10), ("HDLBM", str, 10), ("QTBBSM", str, 30), ("HTBBSM", str, 30),
                 ("KFBJ", str, 12), ("WG", int, 0), ("AREA_M2", float, 2), ("AREA_HA", float, 4),
                 ("AREA_MU", float, 2), ("NTMJ", float, 4), ("HXMJ", float, 4), ("BFGHMJ", float, 4)]


class ImplementationAssessmentAlgorithm(MultiPlanAlgorithm):
    BLUEPRINT, CODE_FIELD, STANDARD = "BLUEPRINT", "CODE_FIELD", "STANDARD"
    STORE, VERSION = "STORE", "VERSION"
    SURVEYS, YEARS, SURVEY_CODE_FIELD, SURVEY_STANDARD, SURVEY_ID_FIELD = (
        "SURVEYS", "SURVEY_YEARS", "SURVEY_CODE_FIELD", "SURVEY_STANDARD", "SURVEY_ID_FIELD")
    BASE, BASE_YEAR = "BASE_SURVEY", "BASE_YEAR"
    URBAN, FARMLAND, ECOLOGY = "URBAN_BOUNDARY", "FARMLAND", "ECOLOGICAL_REDLINE"
    TARGETS, THRESHOLDS, INDICATOR_CODES, TABLES = "TARGETS", "THRESHOLDS", "INDICATOR_CODES", "TABLES_FOLDER"
    PLACE = "COUNTY_NAME"
    OUTPUT, REPORT, CHARTS, HTML = "OUTPUT", "REPORT", "CHARTS", "HTML"
    RED_COUNT, YELLOW_COUNT, PATCH_COUNT = "RED_COUNT", "YELLOW_COUNT", "PATCH_COUNT"
    OUTSIDE_HA, FARMLAND_LOST_HA, NEW_HA = "NEW_OUTSIDE_BOUNDARY_HA", "FARMLAND_LOST_HA", "NEW_CONSTRUCTION_HA"
    GROUP_ID = "versions"
    OUTPUT_STYLES = {"OUTPUT": "monitoring"}

    def name(self):
        return "implementation_assessment"

    def displayName(self):  # noqa: N802
        return self.tr("Implementation assessment (实施评估)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Assesses how the plan is carried out, year by year: the blueprint (a layer, or a version of a blueprint "
            "store), the control lines and one or more later land-use surveys (年度变更调查), each with its year, "
            "optionally with the base-year survey (else the earliest survey is the base).\n\n"
            "Per year and per township it gives the new construction land (inside and outside the urban development "
            "boundary, on permanent basic farmland, inside the ecological red line, where the blueprint plans no "
            "construction), the farmland (耕地) lost and gained, and the planning indicators measured on the survey "
            "(耕地保有量, 建设用地总规模, 城镇建设用地规模, 林地, 湿地, 陆地水域) against their targets: the county's from "
            "the target table when it has the indicator, else the blueprint's figure; a township's is the "
            "blueprint's figure in the township. Each indicator gets a 预警 level, green, yellow or red, from an "
            "editable threshold table (default resources/monitoring/warning_thresholds.csv; the defaults are "
            "UNVERIFIED, set your province's).\n\n"
            "Codes of any standard are harmonised to 用地用海 2023 and counted with the indicator code table, as "
            "the planning indicators are. Ground whose code is unknown in either year is not judged and its area is "
            "reported. Years come from the years parameter (one per survey layer, in the order given) or from the "
            "layer names (DLTB_2025, 2025年度变更调查). Areas are ellipsoidal on CGCS2000.\n\n"
            "Outputs: the monitoring patches (新增建设用地, 耕地减少, 耕地增加, each named by the survey's own "
            "identifiers), an Excel 实施评估报告 (yearly indicators, trends with native Excel charts, warnings by "
            "township, changes, patches, thresholds, notes), a PNG chart per key indicator and an HTML summary.")

    def initAlgorithm(self, config=None):  # noqa: N802
        polygons = [QgsProcessing.TypeVectorPolygon]
        standards = [self.tr("三调 working classification (GB/T 21010)"), self.tr("城规 urban plan (GB 50137-2011)"),
                     self.tr("土规 land-use plan (TD/T 1024-2010)"), self.tr("用地用海分类 2023")]
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BLUEPRINT, self.tr("Blueprint (一张蓝图) layer"), polygons, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.CODE_FIELD, self.tr("Blueprint land-use code field"), defaultValue="YDYHDM",
            parentLayerParameterName=self.BLUEPRINT, optional=True))
        self.addParameter(QgsProcessingParameterEnum(self.STANDARD, self.tr("Standard of the blueprint's codes"),
                                                     options=standards, defaultValue=3))
        self.addParameter(QgsProcessingParameterFile(
            self.STORE, self.tr("Or: blueprint store (a version of it is the blueprint)"), extension="gpkg",
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.VERSION, self.tr("Version of the store (0: the current)"), QgsProcessingParameterNumber.Integer,
            defaultValue=0, minValue=0))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.SURVEYS, self.tr("Later land-use surveys (年度变更调查), one layer per year"),
            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterString(
            self.YEARS, self.tr("Their years, in the same order (e.g. 2024,2025; empty: from the layer names)"),
            optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.SURVEY_CODE_FIELD, self.tr("Survey land-use code field"), defaultValue="DLBM"))
        self.addParameter(QgsProcessingParameterEnum(self.SURVEY_STANDARD, self.tr("Standard of the survey codes"),
                                                     options=standards, defaultValue=0))
        self.addParameter(QgsProcessingParameterString(
            self.SURVEY_ID_FIELD, self.tr("Survey identifier field (empty: BSM, 标识码 or OBJECTID)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.BASE, self.tr("Base-year survey (e.g. 三调; optional)"), polygons, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.BASE_YEAR, self.tr("Base year (0: from the layer name)"), QgsProcessingParameterNumber.Integer,
            defaultValue=0, minValue=0, maxValue=2100))
        for name, label in ((self.URBAN, self.tr("Urban development boundary (城镇开发边界)")),
                            (self.FARMLAND, self.tr("Permanent basic farmland (永久基本农田)")),
                            (self.ECOLOGY, self.tr("Ecological protection red line (生态保护红线)"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, polygons, optional=True))
        self.add_admin_parameters(self.tr("Townships (乡镇) for the figures by township"))
        self.addParameter(QgsProcessingParameterFile(
            self.TARGETS, self.tr("Planning indicator targets (CSV or Excel, optional)"),
            behavior=QgsProcessingParameterFile.File, fileFilter="Tables (*.csv *.xlsx)", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.THRESHOLDS, self.tr("Edited warning thresholds (CSV, optional)"),
            behavior=QgsProcessingParameterFile.File, fileFilter="CSV (*.csv)", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.INDICATOR_CODES, self.tr("Edited indicator code table (optional, indicator_codes.csv)"),
            behavior=QgsProcessingParameterFile.File, fileFilter="CSV (*.csv)", optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.TABLES, self.tr("Folder with edited classification tables (optional)"),
            behavior=QgsProcessingParameterFile.Folder, optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.PLACE, self.tr("Name of the county for the titles (optional)"), optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.OUTPUT, self.tr("Monitoring patches"), QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Assessment report (Excel)"), fileFilter="Excel (*.xlsx)"))
        self.addParameter(QgsProcessingParameterFolderDestination(
            self.CHARTS, self.tr("Folder for the PNG charts"), optional=True, createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.HTML, self.tr("HTML summary"), fileFilter="HTML (*.html)", optional=True, createByDefault=False))
        for name, label in ((self.RED_COUNT, self.tr("Red warnings in the latest year")),
                            (self.YELLOW_COUNT, self.tr("Yellow warnings in the latest year")),
                            (self.PATCH_COUNT, self.tr("Monitoring patches")),
                            (self.NEW_HA, self.tr("New construction land, all years (ha)")),
                            (self.OUTSIDE_HA, self.tr("New construction outside the urban boundary, all years (ha)")),
                            (self.FARMLAND_LOST_HA, self.tr("Farmland lost, all years (ha)"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    # -- run -------------------------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        tables_dir = self.parameterAsFile(parameters, self.TABLES, context) or None
        tables = self._tables(parameters, context, tables_dir)
        survey_layers = self.parameterAsLayerList(parameters, self.SURVEYS, context)
        if not survey_layers:
            raise QgsProcessingException(self.tr("Choose at least one later land-use survey."))
        years = self._years(parameters, context, survey_layers)
        store_path = self.parameterAsFile(parameters, self.STORE, context)
        if not store_path and not self.given(parameters, self.BLUEPRINT):
            raise QgsProcessingException(self.tr("Give the blueprint: a layer or a blueprint store."))
        optional = [name for name in (self.BASE, self.URBAN, self.FARMLAND, self.ECOLOGY, self.ADMIN)
                    if self.given(parameters, name)]
        map_layers = list(survey_layers) + [self.map_layer(parameters, name, context) for name in optional]
        if not store_path:
            map_layers.insert(0, self.map_layer(parameters, self.BLUEPRINT, context))
        notes = list(tables["notes"])
        if store_path:
            found = snapshot(store_path, self.parameterAsInt(parameters, self.VERSION, context) or None)
            crs = found.crs_wkt
            feedback.pushInfo(self.tr("Blueprint: version {} of the store ({} pieces).").format(
                found.version, len(found.ids)))
            blueprint = am.LandUse(found.geometries, list(found.attributes["YDYHDM"]), "ydyh2023",
                                   name=Text(f"一张蓝图第 {found.version} 版", f"blueprint version {found.version}"))
            notes.append(Text(f"一张蓝图：版本库“{file_name(store_path)}”第 {found.version} 版。",
                              f"Blueprint: version {found.version} of the store “{file_name(store_path)}”."))
        else:
            crs = working_crs_for(map_layers, feedback)
            data = read_layer(self, parameters, self.BLUEPRINT, context, feedback, crs)
            field = self.chosen_field(parameters, self.CODE_FIELD, context, data, "YDYHDM")
            blueprint = am.LandUse(data.geometries, data.values(field),
                                   STANDARD_IDS[self.parameterAsEnum(parameters, self.STANDARD, context)],
                                   name=data.name)
            notes.append(text("一张蓝图：“{}”，代码字段 {}。", "Blueprint: “{}”, codes from {}.", data.name, field))
        names = set()
        code_field = (self.parameterAsString(parameters, self.SURVEY_CODE_FIELD, context) or "DLBM").strip()
        id_field = (self.parameterAsString(parameters, self.SURVEY_ID_FIELD, context) or "").strip()
        standard = STANDARD_IDS[self.parameterAsEnum(parameters, self.SURVEY_STANDARD, context)]
        surveys = []
        for layer, year in zip(survey_layers, years):
            data = read_map_layer(layer, context, feedback, crs)
            data.name = unique_name(data.name, names)
            surveys.append(self._land_use(data, code_field, id_field, standard, year))
        base = None
        if self.given(parameters, self.BASE):
            data = read_layer(self, parameters, self.BASE, context, feedback, crs)
            data.name = unique_name(data.name, names)
            year = self.parameterAsInt(parameters, self.BASE_YEAR, context) or am.year_in(data.name)
            if not year:
                raise QgsProcessingException(self.tr("The year of the base survey “{}” is not in its name: give the "
                                                     "base year.").format(data.name))
            base = self._land_use(data, code_field, id_field, standard, year)
        lines = am.Lines(*(self._geometries(parameters, name, context, feedback, crs)
                           for name in (self.URBAN, self.FARMLAND, self.ECOLOGY)))
        units = self._units(parameters, context, feedback, crs)
        for state in ([base] if base else []) + surveys:
            notes.append(text("{} 年：“{}”，{} 个图斑。", "{}: “{}”, {} features.", state.year, state.name,
                              len(state.codes)))
        try:
            result = self.run_core(am.assess, blueprint, surveys, crs, base=base, lines=lines, units=units,
                                   targets=tables["targets"], thresholds=tables["thresholds"],
                                   code_table=tables["codes"], tables_dir=tables_dir,
                                   progress=self.progress_callback(feedback, 5, 80))
        except am.AssessmentError as error:
            raise QgsProcessingException(str(error.text)) from None
        notes += result.notes
        self._log(result, feedback)
        return self._write(parameters, context, feedback, result, crs, notes)

    def _tables(self, parameters, context, tables_dir):
        """Targets, thresholds and code table, read before any layer so a bad table fails at once."""
        notes = []
        try:
            codes_path = self.parameterAsFile(parameters, self.INDICATOR_CODES, context) or None
            codes = ind.load_indicator_codes(codes_path, tables_dir)
            thresholds_path = self.parameterAsFile(parameters, self.THRESHOLDS, context) or None
            thresholds = am.load_thresholds(thresholds_path)
            targets_path = self.parameterAsFile(parameters, self.TARGETS, context) or None
            targets = tg.read_targets(targets_path) if targets_path else None
        except (ValueError, OSError) as error:
            shown = render(error.text) if isinstance(error, am.AssessmentError) else error
            raise QgsProcessingException(self.tr("Cannot read a table: {}").format(shown)) from None
        notes.append(Text("预警阈值：{}。", "Warning thresholds: {}.").format(
            file_name(thresholds_path) if thresholds_path else file_name(am.THRESHOLDS_FILE)))
        notes.append(Text("目标值：{}；未列出的指标以一张蓝图的面积为目标，乡镇目标为一张蓝图在该乡镇的面积。",
                          "Targets: {}; indicators it does not list take the blueprint's area as the target, and a "
                          "township's target is the blueprint's area in the township.").format(
            file_name(targets_path) if targets_path else "—"))
        return {"codes": codes, "thresholds": thresholds, "targets": targets, "notes": notes}

    def _years(self, parameters, context, layers):
        try:
            years = am.parse_years(self.parameterAsString(parameters, self.YEARS, context), len(layers))
        except am.AssessmentError as error:
            raise QgsProcessingException(str(error.text)) from None
        named = [am.year_in(display_name(layer)) or am.year_in(Path(layer.source().split("|")[0]).stem)
                 for layer in layers]
        if years is not None:
            for layer, given, found in zip(layers, years, named):
                if found is not None and found != given:
                    raise QgsProcessingException(self.tr(
                        "The year {} given for “{}” contradicts the year {} in its name; give the years in the order "
                        "of the survey layers.").format(given, display_name(layer), found))
            return years
        years = []
        for layer, year in zip(layers, named):
            if year is None:
                raise QgsProcessingException(self.tr(
                    "The year of the survey “{}” is not in its name: give the years, one per survey layer.").format(
                    display_name(layer)))
            years.append(year)
        return years

    def _land_use(self, data, code_field, id_field, standard, year):
        index = data.fields.lookupField(code_field)
        if index < 0:
            raise QgsProcessingException(self.tr("Layer “{}” has no field “{}” (parameter {}).").format(
                data.name, code_field, self.SURVEY_CODE_FIELD))
        ids = feature_ids(data, id_field)
        return am.LandUse(data.geometries, data.values(data.fields.at(index).name()), standard, year, ids.values,
                          data.name)

    def _geometries(self, parameters, name, context, feedback, crs):
        if not self.given(parameters, name):
            return None
        data = read_layer(self, parameters, name, context, feedback, crs)
        if not len(data.geometries):
            feedback.pushWarning(self.tr("“{}” has no features.").format(data.name))
        return data.geometries

    def _units(self, parameters, context, feedback, crs):
        if not self.given(parameters, self.ADMIN):
            return None
        data = read_layer(self, parameters, self.ADMIN, context, feedback, crs)
        code = self.chosen_field(parameters, self.ADMIN_CODE_FIELD, context, data)
        name = self.chosen_field(parameters, self.ADMIN_NAME_FIELD, context, data)
        if not code and not name:
            raise QgsProcessingException(self.tr("Choose the townships' code or name field."))
        codes = data.values(code) if code else [None] * len(data)
        names = data.values(name) if name else [None] * len(data)
        return am.Units(data.geometries, codes, names)

    def _log(self, result, feedback):
        for year in result.years:
            row = result.summary[(result.summary["year"] == year) & (result.summary["unit_code"] == am.COUNTY_CODE)]
            row = row.iloc[0]
            feedback.pushInfo(self.tr("{}: new construction land {:.4f} ha, farmland lost {:.4f} ha, gained {:.4f} "
                                      "ha.").format(year, to_hectares(row["new_construction_m2"]),
                                                    to_hectares(row["farmland_lost_m2"]),
                                                    to_hectares(row["farmland_gained_m2"])))
        for year in result.years:  # every year's red warnings, the latest year's yellow ones too
            for level, sentence in ar.warnings_list(result, year):
                if level == am.RED:
                    feedback.pushWarning(str(render(text("{} 年 {}", "{}: {}", year, sentence))))
                elif year == result.years[-1]:
                    feedback.pushInfo(str(render(text("{} 年 {}", "{}: {}", year, sentence))))

    # -- outputs ----------------------------------------------------------------------------------
    def _write(self, parameters, context, feedback, result, crs, notes):
        output = self._write_patches(parameters, context, feedback, result, crs)
        place = (self.parameterAsString(parameters, self.PLACE, context) or "").strip()
        page_title = ar.title(place, result.years)
        charts = self._charts(result)
        results = {self.OUTPUT: output}
        if self.given(parameters, self.CHARTS):
            folder = Path(self.parameterAsString(parameters, self.CHARTS, context))
            folder.mkdir(parents=True, exist_ok=True)
            for key, caption, png in charts:  # named in Chinese whatever the language: a re-run replaces them
                (folder / f"{_safe(am.NAMES[key].zh)}.png").write_bytes(png)
            results[self.CHARTS] = str(folder)
        if feedback.isCanceled():
            raise self.cancelled_error()
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        ar.write_report(report, result, ar.method_note(), notes)
        results[self.REPORT] = report
        if self.given(parameters, self.HTML):
            html_path = self.parameterAsFileOutput(parameters, self.HTML, context)
            base = result.base_year or Text("最早一期调查", "the earliest survey")
            meta = [(Text("评估年度", "Years"), "、".join(map(str, result.years))), (Text("基期", "Base"), base),
                    (Text("说明", "Note"), ar.method_note())]
            Path(html_path).write_text(ar.html_summary(result, page_title, meta, [(c, p) for _, c, p in charts],
                                                       notes), encoding="utf-8")
            results[self.HTML] = html_path
        latest = result.indicators[result.indicators["year"] == result.years[-1]]
        summary = result.summary[result.summary["unit_code"] == am.COUNTY_CODE]
        results.update({
            self.RED_COUNT: int((latest["level"] == am.RED).sum()),
            self.YELLOW_COUNT: int((latest["level"] == am.YELLOW).sum()),
            self.PATCH_COUNT: len(result.patches),
            self.NEW_HA: float(to_hectares(summary["new_construction_m2"].sum())),
            self.OUTSIDE_HA: float(to_hectares(summary["outside_m2"].fillna(0).sum())),
            self.FARMLAND_LOST_HA: float(to_hectares(summary["farmland_lost_m2"].sum()))})
        feedback.setProgress(100)
        return results

    def _charts(self, result):
        charts = []
        for key in list(am.MONITORED) + list(am.VIOLATIONS):
            years, values, targets = ar.chart_series(result, key)
            if all(math.isnan(value) for value in values):
                continue
            caption = str(render(am.NAMES[key]))
            bars = key in am.VIOLATIONS
            value_label = Text("当年面积", "area of the year") if bars else Text("现状", "value")
            png = chart_png(caption, years, values, str(render(Text("公顷", "ha"))), targets, str(render(value_label)),
                            str(render(Text("目标", "target"))), bars=bars)
            charts.append((key, caption, png))
        return charts

    def _write_patches(self, parameters, context, feedback, result, crs):
        fields = fields_from_spec(OUTPUT_FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
                                             qgs_crs(crs))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        from ...layer_io import to_qgs_geometry

        for geometry, row in zip(result.patch_geometries, result.patches.to_dict("records")):
            if feedback.isCanceled():
                raise self.cancelled_error()
            violation = _violates(row)
            feature = QgsFeature(fields)
            feature.setGeometry(to_qgs_geometry(shapely.make_valid(geometry)))
            feature.setAttributes([plain(value) for value in (
                row["year"], row["previous_year"], PATCH_CODES[row["type"]], str(render(am.PATCH_TYPES[row["type"]])),
                row["unit_code"], str(render(row["unit_name"])), row["code_before"], row["code_after"],
                row["id_before"], row["id_after"], str(render(am.BOUNDARY_TERMS[row["boundary"]])), int(violation),
                row["area_m2"], to_hectares(row["area_m2"]), to_mu(row["area_m2"]), _ha(row["farmland_m2"]),
                _ha(row["redline_m2"]), _ha(row["unplanned_m2"]))])
            if not sink.addFeature(feature):
                raise QgsProcessingException(self.tr("Could not write a feature to output {}: {}").format(
                    self.OUTPUT, sink.lastError()))
        return dest_id


def _ha(square_metres):
    return None if square_metres is None else float(to_hectares(square_metres))


def _violates(row):
    """A patch the control lines do not allow: urban construction outside the urban boundary, any
    construction on basic farmland or in the red line; farmland lost where the blueprint keeps it."""
    if row["type"] == am.NEW_CONSTRUCTION:
        return ((row["boundary"] == am.OUTSIDE and row["urban_construction"])
                or (row["farmland_m2"] or 0) > am.AREA_NOISE or (row["redline_m2"] or 0) > am.AREA_NOISE)
    if row["type"] == am.FARMLAND_LOST:
        return (row["unplanned_m2"] or 0) > am.AREA_NOISE
    return False


def _safe(name):
    return "".join("_" if char in '\\/:*?"<>|' else char for char in name).strip() or "chart"

