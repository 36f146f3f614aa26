"""multiplan:area_statistics: land-use area by class and admin unit, and the transfer matrix of two versions."""
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField, QgsProcessingParameterFile,
                       QgsProcessingParameterFileDestination)

from ....core.control_lines.checks import AdminUnits
from ....core.geometry import present
from ....core.intake.landuse import STANDARD_NAMES
from ....core.report import Text, area_note
from ....core.statistics import area_statistics as stats
from ....core.statistics import transfer
from ....core.units import to_hectares, to_mu
from ....core.wording import ELLIPSOIDAL, text
from ...layer_io import code_text, feature_ids, read_layer, unique_name, working_crs_for
from ..base import MultiPlanAlgorithm

MAX_CODES_LOGGED = 20


class AreaStatisticsAlgorithm(MultiPlanAlgorithm):
    INPUT, CODE_FIELD, NAME_FIELD, STANDARD, LEVEL = "INPUT", "CODE_FIELD", "NAME_FIELD", "STANDARD", "LEVEL"
    COMPARE, COMPARE_CODE_FIELD, COMPARE_NAME_FIELD = "COMPARE", "COMPARE_CODE_FIELD", "COMPARE_NAME_FIELD"
    COMPARE_STANDARD, COMPARE_LEVEL = "COMPARE_STANDARD", "COMPARE_LEVEL"
    TABLES, MATRIX_UNIT = "TABLES_FOLDER", "MATRIX_UNIT"
    OUTPUT_XLSX, OUTPUT_CSV, OUTPUT_MATRIX_CSV = "OUTPUT_XLSX", "OUTPUT_CSV", "OUTPUT_MATRIX_CSV"
    TOTAL_M2, TOTAL_HA, TOTAL_MU = "TOTAL_M2", "TOTAL_HA", "TOTAL_MU"
    CLASS_COUNT, CHANGED_M2 = "CLASS_COUNT", "CHANGED_M2"
    GROUP_ID = "statistics"
    # Enum positions → core.intake.landuse standard ids (None: the codes as they are), as reclassify_landuse orders them.
    STANDARD_IDS = ("sandiao", "chenggui", "tugui", "ydyh2023", None)
    MATRIX_UNITS = (stats.HA, stats.MU, stats.M2)

    def name(self):
        return "area_statistics"

    def displayName(self):  # noqa: N802
        return self.tr("Land-use area statistics (地类面积统计, 转移矩阵)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Area of a land-use layer (e.g. 三调 DLTB, a plan, a blueprint) by class and admin unit, in m², "
            "公顷 (ha) and 亩, measured on the CGCS2000 ellipsoid; optionally the transfer matrix (转移矩阵) of "
            "two versions or years.\n\n"
            "Classes: the code field is read in the chosen standard (三调, 城规 GB 50137-2011, 土规, 用地用海 2023, "
            "or none) and counted at the chosen level: codes as they are, 一级类, 二级类 or 三级类. Levels follow "
            "the classification table, so e.g. 三调 0303 红树林地 counts under 00 湿地. Codes the table does not "
            "know are counted under their first characters (2/4/6 for 三调 and 用地用海, 1/2/3 for 城规 and 土规) "
            "and listed in the log; with standard “none” every code is grouped that way. Class names come from "
            "the table, else from the optional name field (e.g. DLMC). Empty codes are counted as （空代码）.\n\n"
            "Admin units (optional, e.g. townships 乡镇 XZQ_XZ with XZQDM/XZQMC): parcels are cut by the units, so "
            "a parcel crossing two townships is split between them; ground outside every unit is its own column "
            "（未落入行政区）. Units sharing a code are one unit.\n\n"
            "Comparison (optional): a second version (another year, a revised plan, or a plan against the survey) "
            "with its own code field, standard and level (default: as the input). Both versions are overlaid; "
            "the transfer matrix gives, where both cover the ground, the area with class X in the input (rows) "
            "and class Y in the comparison (columns), with row and column totals; the ground only one of them "
            "covers is reported apart. With the same standard and level, the area whose class changed is an "
            "output (CHANGED_M2).\n\n"
            "Outputs: an Excel workbook (分类面积 pivot by admin unit in 公顷 with 小计 per 一级类 and 合计, the "
            "same in 亩 and m², 分类明细 per unit and class in all three units, with a comparison 转移矩阵 in "
            "公顷 and 亩 and 面积变化 per class, and 说明), optionally a CSV (one row per admin unit and class: "
            "codes, names, m², 公顷, 亩; UTF-8 with BOM for Excel) and the transfer matrix as CSV in the chosen "
            "unit. Overlapping features within a layer are counted once (for the first) and reported; invalid "
            "geometries are repaired on a copy; features without geometry are not counted. Inputs are never "
            "modified.")

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon = [QgsProcessing.TypeVectorPolygon]
        standards = [self.tr("三调 working classification (GB/T 21010)"), self.tr("城规 urban plan (GB 50137-2011)"),
                     self.tr("土规 land-use plan (TD/T 1024-2010)"), self.tr("用地用海分类 2023"),
                     self.tr("None: codes as they are (levels by code prefix)")]
        levels = [self.tr("Codes as they are"), self.tr("Level 1 (一级类)"), self.tr("Level 2 (二级类)"),
                  self.tr("Level 3 (三级类)")]
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Land-use layer"), polygon))
        self.addParameter(QgsProcessingParameterField(self.CODE_FIELD, self.tr("Land-use code field"),
                                                      defaultValue="DLBM", parentLayerParameterName=self.INPUT))
        self.addParameter(QgsProcessingParameterEnum(self.STANDARD, self.tr("Standard of the codes"), options=standards,
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(self.LEVEL, self.tr("Classification level"), options=levels,
                                                     defaultValue=2))
        self.addParameter(QgsProcessingParameterField(
            self.NAME_FIELD, self.tr("Class name field (used where the table has no name, e.g. DLMC)"),
            parentLayerParameterName=self.INPUT, optional=True))
        self.add_admin_parameters(self.tr("Admin units (e.g. townships 乡镇)"))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.COMPARE, self.tr("Compare with (another version or year, optional)"), polygon, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.COMPARE_CODE_FIELD, self.tr("Code field of the comparison (default: the input's code field)"),
            parentLayerParameterName=self.COMPARE, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.COMPARE_STANDARD, self.tr("Standard of the comparison's codes"),
            options=[self.tr("Same as the input")] + standards, defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(
            self.COMPARE_LEVEL, self.tr("Classification level of the comparison"),
            options=[self.tr("Same as the input")] + levels, defaultValue=0))
        self.addParameter(QgsProcessingParameterField(
            self.COMPARE_NAME_FIELD, self.tr("Class name field of the comparison"),
            parentLayerParameterName=self.COMPARE, optional=True))
        self.addParameter(QgsProcessingParameterFile(
            self.TABLES, self.tr("Folder with edited classification tables (optional)"),
            behavior=QgsProcessingParameterFile.Folder, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.MATRIX_UNIT, self.tr("Unit of the transfer matrix CSV"),
            options=[self.tr("公顷 (ha)"), self.tr("亩 (mu)"), self.tr("m²")], defaultValue=0))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_XLSX, self.tr("Area statistics (Excel)"), fileFilter="Excel (*.xlsx)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_CSV, self.tr("Area by admin unit and class (CSV)"), fileFilter="CSV (*.csv)", optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.OUTPUT_MATRIX_CSV, self.tr("Transfer matrix (CSV)"), fileFilter="CSV (*.csv)", optional=True,
            createByDefault=False))
        for name, label in ((self.TOTAL_M2, self.tr("Total area (m²)")), (self.TOTAL_HA, self.tr("Total area (ha)")),
                            (self.TOTAL_MU, self.tr("Total area (mu)")),
                            (self.CLASS_COUNT, self.tr("Number of classes")),
                            (self.CHANGED_M2, self.tr("Area whose class changed (m², with a comparison)"))):
            self.addOutput(QgsProcessingOutputNumber(name, label))

    # -- run -------------------------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        standard = self.STANDARD_IDS[self.parameterAsEnum(parameters, self.STANDARD, context)]
        level = self.parameterAsEnum(parameters, self.LEVEL, context)
        tables_dir = self.parameterAsFile(parameters, self.TABLES, context) or None
        with_admin, with_compare = self.given(parameters, self.ADMIN), self.given(parameters, self.COMPARE)
        if self.given(parameters, self.OUTPUT_MATRIX_CSV) and not with_compare:
            raise QgsProcessingException(self.tr(
                "A transfer matrix needs a second version: choose the layer to compare with (COMPARE)."))
        names = [self.INPUT] + ([self.ADMIN] if with_admin else []) + ([self.COMPARE] if with_compare else [])
        map_layers = [self.map_layer(parameters, name, context) for name in names]
        try:
            working_crs = working_crs_for(map_layers, feedback)
        except ValueError as error:  # e.g. a GeoPackage's "Undefined geographic SRS" over projected coordinates
            raise QgsProcessingException(self.tr(
                "Cannot choose a working CRS: {}. Check the layers' coordinate reference systems.").format(
                error)) from None
        taken = set()

        data = self._read_polygons(parameters, self.INPUT, context, feedback, working_crs, taken)
        classification = self._classify(parameters, context, data, self.CODE_FIELD, self.NAME_FIELD, standard, level,
                                        tables_dir, feedback)
        admin = self._admin(parameters, context, feedback, working_crs) if with_admin else None
        try:
            result = self.run_core(stats.class_areas, data.geometries, classification, working_crs, admin,
                                   self.progress_callback(feedback, 10, 60 if with_compare else 90))
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot compute the areas: {}").format(error)) from None
        notes = self._describe(data, classification, standard, level)
        self._log_areas(result, data.name, feedback, notes)

        comparison = other = None
        if with_compare:
            other, comparison = self._compare(parameters, context, feedback, working_crs, taken, data,
                                              classification, standard, level, tables_dir, notes)
        labels = (data.name, other.name if other is not None else "")
        results = self._write_outputs(parameters, context, result, comparison, labels, notes, feedback)
        feedback.setProgress(100)
        results.update({self.TOTAL_M2: result.total_m2, self.TOTAL_HA: to_hectares(result.total_m2),
                        self.TOTAL_MU: to_mu(result.total_m2), self.CLASS_COUNT: result.class_count,
                        self.CHANGED_M2: comparison.changed_m2 if comparison is not None else None})
        return results

    def _read_polygons(self, parameters, name, context, feedback, working_crs, taken):
        data = read_layer(self, parameters, name, context, feedback, working_crs)
        data.name = unique_name(data.name, taken)
        if not len(data.geometries) or not present(data.geometries).any():
            raise QgsProcessingException(self.tr("“{}” ({}) has no polygons to measure.").format(data.name, name))
        return data

    def _classify(self, parameters, context, data, code_parameter, name_parameter, standard, level, tables_dir,
                  feedback, default_field=""):
        code_field = self.chosen_field(parameters, code_parameter, context, data, default_field)
        if not code_field:
            raise QgsProcessingException(self.tr("Choose the land-use code field of “{}” (parameter {}).").format(
                data.name, code_parameter))
        name_field = self.chosen_field(parameters, name_parameter, context, data)
        names = data.values(name_field) if name_field else None
        try:
            classification = stats.classify_codes(data.values(code_field), standard, level, tables_dir, names)
        except (ValueError, OSError) as error:
            raise QgsProcessingException(self.tr("Cannot use the classification tables: {}").format(error)) from None
        self._log_classes(classification, data.name, code_field, feedback)
        return classification

    def _log_classes(self, classification, layer_name, code_field, feedback):
        level = classification.level
        if classification.standard is None and level:
            feedback.pushInfo(self.tr("“{}”: no classification table; codes of {} are grouped by their first {} "
                                      "characters.").format(layer_name, code_field, 2 * level))
        fallbacks = classification.fallbacks()
        if fallbacks:
            count = sum(features for _, features in fallbacks.values())
            feedback.pushWarning(self.tr("“{}”: {} features have codes of {} that are not in the table of {}; they "
                                         "are counted {}:").format(
                layer_name, count, code_field, self._standard_name(classification.standard),
                self.tr("as they are") if level == 0 else self.tr("under their first characters")))
            for code, (target, features) in list(fallbacks.items())[:MAX_CODES_LOGGED]:
                feedback.pushWarning(self.tr("  code {} → {}: {} features").format(code, target, features))
            if len(fallbacks) > MAX_CODES_LOGGED:
                feedback.pushWarning(self.tr("  … and {} more codes").format(len(fallbacks) - MAX_CODES_LOGGED))
        coarser = classification.coarser()
        if coarser:
            feedback.pushInfo(self.tr("“{}”: {} codes have no class at level {} in the table; they are counted at "
                                      "their own level ({}).").format(
                layer_name, len(coarser), level, ", ".join(sorted({target for target, _ in coarser.values()}))))
        empty = classification.empty_count()
        if empty:
            feedback.pushWarning(self.tr("“{}”: {} features have an empty code in {}; they are counted as {}.").format(
                layer_name, empty, code_field, self.tr("(empty code)")))

    def _admin(self, parameters, context, feedback, working_crs):
        data = read_layer(self, parameters, self.ADMIN, context, feedback, working_crs)
        if not len(data.geometries) or not present(data.geometries).any():
            feedback.pushWarning(self.tr("“{}” has no polygons: no figures per admin unit.").format(data.name))
            return None
        fields = []
        for name in (self.ADMIN_CODE_FIELD, self.ADMIN_NAME_FIELD):
            try:
                fields.append(self.chosen_field(parameters, name, context, data))
            except QgsProcessingException as error:
                feedback.pushWarning(self.tr("{} Admin units are listed without it.").format(error))
                fields.append("")
        code_field, name_field = fields
        if code_field:
            codes = [code_text(value) for value in data.values(code_field)]
        else:  # the layer's identifier (BSM …) or the 1-based feature number, never the provider's fid
            identity = feature_ids(data)
            codes = identity.values
            feedback.pushInfo(identity.describe(data.name))
        names = [code_text(value) for value in data.values(name_field)] if name_field else None
        feedback.pushInfo(self.tr("Admin units “{}”: {} features; parcels are cut by them.").format(
            data.name, len(data)))
        return AdminUnits(data.geometries, codes, names)

    def _compare(self, parameters, context, feedback, working_crs, taken, data, classification, standard, level,
                 tables_dir, notes):
        other = self._read_polygons(parameters, self.COMPARE, context, feedback, working_crs, taken)
        chosen = self.parameterAsEnum(parameters, self.COMPARE_STANDARD, context)
        other_standard = standard if chosen == 0 else self.STANDARD_IDS[chosen - 1]
        chosen = self.parameterAsEnum(parameters, self.COMPARE_LEVEL, context)
        other_level = level if chosen == 0 else chosen - 1
        default_field = (self.parameterAsString(parameters, self.CODE_FIELD, context) or "").strip()
        other_classes = self._classify(parameters, context, other, self.COMPARE_CODE_FIELD, self.COMPARE_NAME_FIELD,
                                       other_standard, other_level, tables_dir, feedback, default_field)
        try:
            comparison = self.run_core(transfer.compare_versions, data.geometries, classification, other.geometries,
                                       other_classes, working_crs, self.progress_callback(feedback, 60, 90))
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot compare the versions: {}").format(error)) from None
        notes += self._describe(other, other_classes, other_standard, other_level)
        self._log_comparison(comparison, data.name, other.name, feedback, notes)
        return other, comparison

    # -- log and outputs -------------------------------------------------------------------------
    @staticmethod
    def _say(feedback, notes, log_line, note, warn=False):
        """A line for the log (translated by tr) and the same for the report's 说明 (report language)."""
        (feedback.pushWarning if warn else feedback.pushInfo)(log_line)
        notes.append(note)

    def _standard_name(self, standard):
        return STANDARD_NAMES[standard]["zh"] if standard else self.tr("none (codes as they are)")

    @staticmethod
    def _standard_text(standard):
        if standard:
            return Text(STANDARD_NAMES[standard]["zh"], STANDARD_NAMES[standard]["en"])
        return Text("无（使用原代码）", "none (codes as they are)")

    def _describe(self, data, classification, standard, level):
        """The report's lines on one layer: its classification and the codes the table did not know."""
        table = self._standard_text(standard)
        return [text("“{}”：{} 个要素，标准 {}，级别 {}（{}）。", "“{}”: {} features, standard {}, level {} ({}).",
                     data.name, len(data), table, level, stats.LEVEL_NAMES[level])] + [
            Text("“{}”：代码 {} 不在分类表中，计为 {}（{} 个要素）。",
                 "“{}”: code {} not in the table, counted as {} ({} features).").format(data.name, code, target, count)
            for code, (target, count) in classification.fallbacks().items()]

    def _log_areas(self, result, layer_name, feedback, notes):
        if result.missing:
            self._say(feedback, notes, self.tr("“{}”: {} features have no geometry; they are not counted.").format(
                layer_name, result.missing), Text("“{}”：{} 个要素没有几何，不计入统计。",
                                                  "“{}”: {} features have no geometry; they are not counted.").format(
                layer_name, result.missing), warn=True)
        if result.repaired:
            self._say(feedback, notes, self.tr(
                "“{}”: {} invalid geometries were repaired on a copy (run the quality check to fix the data).").format(
                layer_name, result.repaired), Text(
                "“{}”：{} 个无效几何已在副本上修复（请运行数据质量检查修正数据）。",
                "“{}”: {} invalid geometries were repaired on a copy (run the quality check to fix the data).").format(
                layer_name, result.repaired), warn=True)
        if result.overlaps[0]:
            self._say(feedback, notes, self.tr(
                "“{}”: {} pairs of its own features overlap (about {:.2f} m²); the overlap is counted once, for the "
                "feature that comes first.").format(layer_name, *result.overlaps), Text(
                "“{}”：图层内部有 {} 对要素相互重叠（约 {:.2f} 平方米）；重叠部分只计一次，归排在前面的要素。",
                "“{}”: {} pairs of its own features overlap (about {:.2f} m²); the overlap is counted once, for the "
                "feature that comes first.").format(layer_name, *result.overlaps), warn=True)
        if result.admin_overlaps[0]:
            self._say(feedback, notes, self.tr(
                "Admin units: {} pairs overlap (about {:.2f} m²); the overlap belongs to the unit that comes "
                "first.").format(*result.admin_overlaps), Text(
                "行政区：有 {} 对相互重叠（约 {:.2f} 平方米）；重叠部分归排在前面的行政区。",
                "Admin units: {} pairs overlap (about {:.2f} m²); the overlap belongs to the unit that comes "
                "first.").format(*result.admin_overlaps), warn=True)
        if result.outside_m2 > 0:
            figures = (result.outside_m2, to_hectares(result.outside_m2), layer_name)
            self._say(feedback, notes, self.tr(
                "{:,.2f} m² ({:,.4f} 公顷) of “{}” lie outside every admin unit: column {}.").format(
                *figures, self.tr("Outside admin units")), text(
                "有 {:,.2f} 平方米（{:,.4f} 公顷）的“{}”位于所有行政区之外：列入{}一栏。",
                "{:,.2f} m² ({:,.4f} ha) of “{}” lie outside every admin unit: column {}.",
                *figures, stats.UNASSIGNED), warn=True)
        total = result.total_m2
        figures = (layer_name, result.class_count, total, to_hectares(total), to_mu(total))
        self._say(feedback, notes, self.tr("“{}”: {} classes, {:,.2f} m² = {:,.4f} 公顷 = {:,.2f} 亩 (ellipsoidal).").format(
            *figures), Text("“{}”：{} 个地类，{:,.2f} 平方米 = {:,.4f} 公顷 = {:,.2f} 亩（椭球面积）。",
                            "“{}”: {} classes, {:,.2f} m² = {:,.4f} ha = {:,.2f} mu (ellipsoidal).").format(*figures))

    def _log_comparison(self, comparison, name_a, name_b, feedback, notes):
        repaired, overlaps = comparison.repaired[1], comparison.overlaps[1]  # the input's were reported already
        if repaired:
            self._say(feedback, notes, self.tr("“{}”: {} invalid geometries were repaired on a copy.").format(
                name_b, repaired), Text("“{}”：{} 个无效几何已在副本上修复。",
                                        "“{}”: {} invalid geometries were repaired on a copy.").format(name_b, repaired),
                warn=True)
        if overlaps[0]:
            self._say(feedback, notes, self.tr(
                "“{}”: {} pairs of its own features overlap (about {:.2f} m²); the overlap is counted once, for the "
                "feature that comes first.").format(name_b, *overlaps), Text(
                "“{}”：图层内部有 {} 对要素相互重叠（约 {:.2f} 平方米）；重叠部分只计一次，归排在前面的要素。",
                "“{}”: {} pairs of its own features overlap (about {:.2f} m²); the overlap is counted once, for the "
                "feature that comes first.").format(name_b, *overlaps), warn=True)
        if comparison.overlap_m2 <= 0:
            self._say(feedback, notes, self.tr("“{}” and “{}” do not overlap: the transfer matrix is empty.").format(
                name_a, name_b), Text("“{}”与“{}”互不重叠：转移矩阵为空。",
                                      "“{}” and “{}” do not overlap: the transfer matrix is empty.").format(
                name_a, name_b), warn=True)
        figures = (name_a, name_b, to_hectares(comparison.overlap_m2), name_a, to_hectares(comparison.only_a_m2),
                   name_b, to_hectares(comparison.only_b_m2))
        self._say(feedback, notes, self.tr(
            "Transfer matrix “{}” → “{}”: both cover {:,.4f} 公顷; only “{}” {:,.4f} 公顷, only “{}” {:,.4f} 公顷.").format(
            *figures), Text(
            "转移矩阵“{}”→“{}”：共同覆盖 {:,.4f} 公顷；仅“{}”覆盖 {:,.4f} 公顷，仅“{}”覆盖 {:,.4f} 公顷。",
            "Transfer matrix “{}” → “{}”: both cover {:,.4f} ha; only “{}” {:,.4f} ha, only “{}” {:,.4f} ha.").format(
            *figures))
        if comparison.changed_m2 is not None:
            figures = (to_hectares(comparison.changed_m2), to_mu(comparison.changed_m2))
            self._say(feedback, notes, self.tr("Class changed on {:,.4f} 公顷 ({:,.2f} 亩) of the common ground.").format(
                *figures), Text("共同覆盖范围内地类发生变化的面积：{:,.4f} 公顷（{:,.2f} 亩）。",
                                "Class changed on {:,.4f} ha ({:,.2f} mu) of the common ground.").format(*figures))
        else:
            self._say(feedback, notes, self.tr(
                "The versions use different standards or levels: the matrix is a cross-tabulation, no area is called "
                "changed."), Text("两个版本的标准或级别不同：矩阵仅为交叉统计表，不认定任何面积发生变化。",
                                  "The versions use different standards or levels: the matrix is a cross-tabulation, "
                                  "no area is called changed."))

    def _write_outputs(self, parameters, context, result, comparison, labels, notes, feedback):
        results = {}
        if self.given(parameters, self.OUTPUT_CSV):
            path = self.parameterAsFileOutput(parameters, self.OUTPUT_CSV, context)
            stats.write_csv(path, result)
            results[self.OUTPUT_CSV] = path
        if comparison is not None and self.given(parameters, self.OUTPUT_MATRIX_CSV):
            unit = self.MATRIX_UNITS[self.parameterAsEnum(parameters, self.MATRIX_UNIT, context)]
            path = self.parameterAsFileOutput(parameters, self.OUTPUT_MATRIX_CSV, context)
            transfer.write_matrix_csv(path, comparison, unit, labels)
            results[self.OUTPUT_MATRIX_CSV] = path
        if feedback.isCanceled():
            raise self.cancelled_error()
        path = self.parameterAsFileOutput(parameters, self.OUTPUT_XLSX, context)
        stats.write_report(path, result, area_note(ELLIPSOIDAL), comparison, labels, notes, title=f"{labels[0]} ")
        results[self.OUTPUT_XLSX] = path
        return results
