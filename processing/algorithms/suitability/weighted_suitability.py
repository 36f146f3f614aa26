"""multiplan:weighted_suitability: weighted multi-criteria suitability evaluation (加权适宜性评价)."""
import json
import re
from fractions import Fraction

import numpy as np
import pandas as pd
import shapely
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingOutputString, QgsProcessingParameterBoolean, QgsProcessingParameterFeatureSink,
                       QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterMatrix,
                       QgsProcessingParameterMultipleLayers, QgsProcessingParameterNumber,
                       QgsProcessingParameterRasterDestination, QgsProcessingParameterString, QgsRasterLayer,
                       QgsVectorLayer)

from ....core.report import Text, area_note
from ....core.suitability import ahp
from ....core.suitability.raster_blocks import RasterInput
from ....core.suitability.rasterise import grid_for_bounds, rasterise
from ....core.suitability.scoring import parse_scoring
from ....core.suitability.suitability_report import (ahp_sheet, grade_sheet, notes_sheet, scoring_text, weight_sheet,
                                                     write_area_csv, write_suitability_report, zone_sheet)
from ....core.suitability.weighted import Factor, ParcelRasters, evaluate_weighted, grade_parcels
from ....core.wording import CELL_AREAS, alignment, text
from ...layer_io import display_name, feature_ids, read_map_layer, unique_name
from ...raster_inputs import burn_layer, grid_crs, grid_of, polygon_grid, raster_path, source_name, temporary_tif
from ...sinks import extended_fields, fields_from_spec, write_with_values
from ..base import MultiPlanAlgorithm


def parse_matrix(text):
    """``"1 3 5; 1/3 1 2; 1/5 1/2 1"`` → list of rows of floats (fractions allowed)."""
    rows = [row for row in re.split(r"[;；\n]", text or "") if row.strip()]
    try:
        return [[float(Fraction(cell)) for cell in re.split(r"[\s,，]+", row.strip())] for row in rows]
    except (ValueError, ZeroDivisionError) as error:
        raise ValueError(f"cannot read “{text}” as a matrix ({error}): write rows separated by ; and "
                         "numbers or fractions separated by spaces") from None


MAX_PARCELS_LISTED = 20


def parse_numbers(text):
    return [float(v) for v in re.split(r"[\s,，;；]+", (text or "").strip()) if v]


class WeightedSuitabilityAlgorithm(MultiPlanAlgorithm):
    FACTORS, SCORING, AHP_MATRIX, ACCEPT_INCONSISTENT = "FACTORS", "SCORING", "AHP_MATRIX", "ACCEPT_INCONSISTENT"
    CONSTRAINTS, CELL_SIZE, GRADES, BREAKS, GRADE_NAMES = "CONSTRAINTS", "CELL_SIZE", "GRADES", "BREAKS", "GRADE_NAMES"
    PARCELS, PARCEL_VETO_SHARE, AREA = "PARCELS", "PARCEL_VETO_SHARE", "AREA"
    SCORE, GRADED, REPORT, AREA_TABLE, PARCELS_OUTPUT = "SCORE", "GRADED", "REPORT", "AREA_TABLE", "PARCELS_OUTPUT"
    CONSISTENCY_RATIO, WEIGHTS = "CONSISTENCY_RATIO", "WEIGHTS"
    GROUP_ID = "suitability"
    OUTPUT_STYLES = {"PARCELS_OUTPUT": "grades:DJ"}

    def name(self):
        return "weighted_suitability"

    def displayName(self):  # noqa: N802
        return self.tr("Weighted suitability evaluation (加权适宜性评价)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Weighted multi-criteria evaluation (weighted linear combination) of factor rasters, for 双评价 and "
            "site studies. Rasters may differ in CRS, cell size and extent: they are aligned on the fly to the "
            "first raster factor's grid (or to a grid of the chosen cell size) and the log says how. Vector "
            "factors are rasterised: by default the distance in metres to the nearest feature, or a numeric field "
            "with the prefix “field NAME”. Everything is processed block by block, so memory stays bounded.\n\n"
            "Scoring table: one row per factor (factor name as the layer is named, or its number 1, 2 …; scoring; "
            "weight). Scorings: “ranges: ..2:5; 2..6:4; 6..15:3; 15..25:2; 25..:1” (min < value ≤ max → score), "
            "“classes: 1:5; 2:3” (exact values), “linear” or “linear desc” (min-max over the raster to 0..1), "
            "“linear 0 500”, “fuzzy a b [c d]” (sigmoidal membership, - for none), “fuzzy-linear …”, “values” (the "
            "values are scores; the default for a factor without a row). Weights that do not sum to 1 are "
            "normalised (the log says so); without weights the factors count equally.\n\n"
            "AHP: instead of weights, give the pairwise comparison matrix (判断矩阵) in factor order, rows separated "
            "by ; e.g. “1 3 5; 1/3 1 2; 1/5 1/2 1”. The weights are its principal eigenvector; a consistency "
            "ratio CR above 0.1 (Saaty) is an error that names the judgement to revise, unless “accept "
            "inconsistent judgements” is ticked. A matrix that is not reciprocal is an error.\n\n"
            "Constraints (一票否决): cells inside a constraint polygon (or non-zero in a constraint raster) get "
            "score 0 and the lowest grade. Grades: natural breaks (Jenks) into 5 grades by default, grade 1 = "
            "highest scores; or given breaks. Outputs: score raster, graded raster (with colours and a QGIS "
            "style), an Excel report (weights, area per grade in m², 公顷, 亩 and share, per admin unit when "
            "given, notes) and optionally the area table as CSV. Areas are the cells' ellipsoidal areas. Vector "
            "mode: give parcels to get each parcel's area-weighted mean score per factor and overall, its vetoed "
            "share and its grade (a parcel more than half vetoed gets the lowest grade).")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.FACTORS, self.tr("Factors (rasters, or vector layers to rasterise)"), QgsProcessing.TypeMapLayer))
        self.addParameter(QgsProcessingParameterMatrix(
            self.SCORING, self.tr("Scoring and weights per factor"), hasFixedNumberRows=False,
            headers=[self.tr("Factor"), self.tr("Scoring"), self.tr("Weight")], optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.AHP_MATRIX, self.tr("AHP pairwise comparison matrix (rows separated by ;, e.g. 1 3; 1/3 1)"),
            optional=True, multiLine=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.ACCEPT_INCONSISTENT, self.tr("Accept inconsistent judgements (CR > 0.1)"), defaultValue=False))
        self.addParameter(QgsProcessingParameterMultipleLayers(
            self.CONSTRAINTS, self.tr("Constraints (一票否决: polygons or rasters, non-zero = excluded)"),
            QgsProcessing.TypeMapLayer, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.AREA, self.tr("Evaluation area (e.g. the county boundary; default: the whole grid)"),
            [QgsProcessing.TypeVectorPolygon], optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.CELL_SIZE, self.tr("Cell size (m; 0 = the first raster factor's grid)"),
            QgsProcessingParameterNumber.Double, defaultValue=0.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.GRADES, self.tr("Number of grades (natural breaks)"), QgsProcessingParameterNumber.Integer,
            defaultValue=5, minValue=2, maxValue=20))
        self.addParameter(QgsProcessingParameterString(
            self.BREAKS, self.tr("Breaks instead of natural breaks (increasing, separated by commas)"), optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.GRADE_NAMES, self.tr("Grade names, best first (separated by commas)"), optional=True))
        self.add_admin_parameters()
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PARCELS, self.tr("Parcels for vector mode (optional)"), [QgsProcessing.TypeVectorPolygon],
            optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.PARCEL_VETO_SHARE, self.tr("Parcels vetoed above this share get the lowest grade"),
            QgsProcessingParameterNumber.Double, defaultValue=0.5, minValue=0.0, maxValue=1.0))
        self.addParameter(QgsProcessingParameterRasterDestination(self.SCORE, self.tr("Suitability score")))
        self.addParameter(QgsProcessingParameterRasterDestination(self.GRADED, self.tr("Suitability grades")))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Evaluation report (Excel)"),
                                                                fileFilter="Excel (*.xlsx)"))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.AREA_TABLE, self.tr("Area per grade (CSV)"), fileFilter="CSV (*.csv)", optional=True,
            createByDefault=False))
        self.addParameter(QgsProcessingParameterFeatureSink(
            self.PARCELS_OUTPUT, self.tr("Parcel scores"), QgsProcessing.TypeVectorPolygon, optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.CONSISTENCY_RATIO, self.tr("AHP consistency ratio CR")))
        self.addOutput(QgsProcessingOutputString(self.WEIGHTS, self.tr("Weights used (JSON)")))

    # -- run -------------------------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        layers = self.parameterAsLayerList(parameters, self.FACTORS, context)
        if not layers:
            raise QgsProcessingException(self.tr("Choose at least one factor layer."))
        names = self._factor_names(layers)
        rows = self._scoring_rows(parameters, context, names)
        weights, ahp_result = self._weights(parameters, context, names, rows, feedback)
        grid, reference = self._grid(parameters, context, layers, feedback)
        factors = self._factors(layers, names, rows, grid, context, feedback)
        constraints = [self._constraint(layer, grid, context, feedback)
                       for layer in self.parameterAsLayerList(parameters, self.CONSTRAINTS, context)]
        zones, zone_names = self.admin_zones(parameters, context, grid, feedback)
        area_layer = self.parameterAsVectorLayer(parameters, self.AREA, context)
        area = burn_layer(area_layer, grid, context, feedback, "area")[0] if area_layer is not None else None
        parcels, parcel_data = self._parcels(parameters, context, grid, feedback)
        breaks, grade_names = self._grading(parameters, context)
        score_path = self.parameterAsOutputLayer(parameters, self.SCORE, context)
        graded_path = self.parameterAsOutputLayer(parameters, self.GRADED, context)
        grades = self.parameterAsInt(parameters, self.GRADES, context)
        if grade_names and breaks is None and len(grade_names) != grades:
            raise QgsProcessingException(self.tr("{} grade names for {} grades.").format(len(grade_names), grades))
        try:
            result = self.run_core(
                evaluate_weighted, factors, weights, score_path, graded_path, constraints, zones, parcels,
                grades=grades, breaks=breaks,
                grade_names=dict(enumerate(grade_names, 1)) if grade_names else None,
                reference=reference, area=area, progress=self.progress_callback(feedback, 10, 90))
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot evaluate: {}").format(error)) from None
        for line in result.log:
            feedback.pushInfo(self.tr("Alignment: {}").format(alignment(line)))
        self._log(result, feedback)
        outputs = {self.SCORE: score_path, self.GRADED: graded_path,
                   self.CONSISTENCY_RATIO: ahp_result.cr if ahp_result else None,
                   self.WEIGHTS: json.dumps(result.weights, ensure_ascii=False)}
        outputs.update(self._write_reports(parameters, context, result, rows, names, layers, ahp_result,
                                           zone_names))
        if parcels is not None:
            outputs[self.PARCELS_OUTPUT] = self._write_parcels(parameters, context, feedback, result, parcel_data)
        return outputs

    # -- inputs ----------------------------------------------------------------------------------
    @staticmethod
    def _factor_names(layers):
        taken = set()
        return [unique_name(display_name(layer), taken) for layer in layers]

    def _scoring_rows(self, parameters, context, names):
        """{factor index: (scoring text, weight or None)} from the scoring table."""
        cells = [str(c) if c is not None else "" for c in self.parameterAsMatrix(parameters, self.SCORING, context)]
        if len(cells) % 3:
            raise QgsProcessingException(self.tr(
                "The scoring table must have three columns (factor, scoring, weight); got {} cells.").format(len(cells)))
        rows = {}
        for k in range(0, len(cells), 3):
            factor, scoring, weight = (cell.strip() for cell in cells[k:k + 3])
            if not (factor or scoring or weight):
                continue
            index = self._factor_index(factor, names)
            if index in rows:
                raise QgsProcessingException(self.tr("Factor “{}” has two rows in the scoring table.").format(factor))
            try:
                value = float(weight) if weight else None
            except ValueError:
                raise QgsProcessingException(self.tr("The weight of “{}” is “{}”, not a number.").format(
                    factor, weight)) from None
            rows[index] = (scoring, value)
        return rows

    def _factor_index(self, factor, names):
        if factor in names:
            return names.index(factor)
        number = re.fullmatch(r"(\d+)(?:\.0*)?", factor)  # qgis_process turns matrix cells 1 into 1.0
        if number and 1 <= int(number.group(1)) <= len(names):
            return int(number.group(1)) - 1
        raise QgsProcessingException(self.tr(
            "The scoring table names “{}”, which is not one of the factors: {} (or use their numbers 1 to {}).").format(
            factor, ", ".join(names), len(names)))

    def _weights(self, parameters, context, names, rows, feedback):
        text = self.parameterAsString(parameters, self.AHP_MATRIX, context)
        if text and text.strip():
            try:
                result = ahp.ahp_weights(parse_matrix(text), names)
                warning = ahp.check_consistency(
                    result, override=self.parameterAsBool(parameters, self.ACCEPT_INCONSISTENT, context))
            except ahp.InconsistentJudgements as error:
                raise QgsProcessingException(self.tr("The AHP judgements are inconsistent: {}").format(error)) from None
            except ValueError as error:
                raise QgsProcessingException(self.tr("Cannot use the AHP matrix: {}").format(error)) from None
            feedback.pushInfo(self.tr("AHP: λmax = {:.4f}, CI = {:.4f}, RI = {:.2f}, CR = {:.4f}.").format(
                result.lambda_max, result.ci, result.ri, result.cr))
            if warning:
                feedback.pushWarning(warning)
            if any(weight is not None for _, weight in rows.values()):
                feedback.pushWarning(self.tr("The weights in the scoring table are ignored: the AHP matrix gives them."))
            return result.weights.tolist(), result
        given = [rows.get(k, ("", None))[1] for k in range(len(names))]
        if all(weight is None for weight in given):
            feedback.pushInfo(self.tr("No weights given: the {} factors count equally.").format(len(names)))
            return [1.0 / len(names)] * len(names), None
        missing = [names[k] for k, weight in enumerate(given) if weight is None]
        if missing:
            raise QgsProcessingException(self.tr("Give a weight for every factor or none; missing: {}.").format(
                ", ".join(missing)))
        try:
            weights, changed = ahp.normalise_weights(given)
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot use the weights: {}").format(error)) from None
        if changed:
            feedback.pushWarning(self.tr("The weights summed to {:g}, not 1: they were normalised to {}.").format(
                sum(given), ", ".join(f"{w:.4f}" for w in weights)))
        return weights.tolist(), None

    def _grid(self, parameters, context, layers, feedback):
        """(grid, reference): the first raster factor's grid, or a grid of the chosen cell size."""
        cell_size = self.parameterAsDouble(parameters, self.CELL_SIZE, context)
        rasters = [layer for layer in layers if isinstance(layer, QgsRasterLayer)]
        if rasters:
            grid = grid_of(raster_path(rasters[0]))
            if cell_size <= 0:
                feedback.pushInfo(self.tr("Evaluation grid: “{}” ({} × {} cells of {:g}).").format(
                    display_name(rasters[0]), grid.width, grid.height, grid.cell_size[0]))
                return grid, None
            grid = grid_for_bounds(grid.bounds, cell_size, grid.crs_wkt)
            feedback.pushInfo(self.tr("Evaluation grid: {} × {} cells of {:g} m.").format(grid.width, grid.height,
                                                                                         cell_size))
        else:
            grid = polygon_grid(layers, cell_size, context, feedback)
        return grid, grid

    def _factors(self, layers, names, rows, grid, context, feedback):
        factors = []
        for k, (layer, name) in enumerate(zip(layers, names)):
            text = rows.get(k, ("", None))[0]
            vector = isinstance(layer, QgsVectorLayer)
            try:
                scoring = parse_scoring(text, vector=vector)
            except ValueError as error:
                raise QgsProcessingException(self.tr("Scoring of “{}”: {}").format(name, error)) from None
            if vector:
                path, _ = burn_layer(layer, grid, context, feedback, f"factor{k + 1}", scoring.source, scoring.field)
                raster = RasterInput(path)
            else:
                continuous = scoring.method not in ("classes",)
                raster = RasterInput(raster_path(layer), resampling="bilinear" if continuous else "near")
            factors.append(Factor(name, raster, scoring))
            feedback.pushInfo(self.tr("Factor {}: “{}”, scored by {}.").format(k + 1, name, scoring_text(scoring.text)))
        return factors

    def _constraint(self, layer, grid, context, feedback):
        if isinstance(layer, QgsRasterLayer):
            return RasterInput(raster_path(layer), resampling="near")
        path, _ = burn_layer(layer, grid, context, feedback, "constraint")
        return path

    def _parcels(self, parameters, context, grid, feedback):
        layer = self.parameterAsVectorLayer(parameters, self.PARCELS, context)
        if layer is None:
            return None, None
        data = read_map_layer(layer, context, feedback, grid_crs(grid))
        cell_area = grid.cell_size[0] * grid.cell_size[1]
        areas = np.where(shapely.is_missing(data.geometries), 0.0, shapely.area(data.geometries))
        small = areas < 2 * cell_area  # may hold no cell centre: burned where they touch instead
        ids = np.arange(1, len(areas) + 1)
        ids_path, small_path = temporary_tif("parcels"), temporary_tif("small_parcels")
        rasterise(data.geometries[~small], grid, ids_path, values=ids[~small], dtype="int32")
        rasterise(data.geometries[small], grid, small_path, values=ids[small], dtype="int32", all_touched=True)
        if small.any():
            feedback.pushInfo(self.tr("{} parcels are smaller than two cells: they take the cells they touch.").format(
                int(small.sum())))
        return ParcelRasters(ids_path, small_path, len(areas)), (layer, data)

    def _grading(self, parameters, context):
        text = self.parameterAsString(parameters, self.BREAKS, context)
        breaks = None
        if text and text.strip():
            try:
                breaks = parse_numbers(text)
            except ValueError:
                raise QgsProcessingException(self.tr("Cannot read the breaks “{}”: give increasing numbers "
                                                     "separated by commas.").format(text)) from None
            if any(b >= c for b, c in zip(breaks, breaks[1:])):
                raise QgsProcessingException(self.tr("The breaks must increase: {}.").format(text))
        names = self.parameterAsString(parameters, self.GRADE_NAMES, context)
        names = [n.strip() for n in re.split(r"[,，;；]", names or "") if n.strip()]
        if names and breaks is not None and len(names) != len(breaks) + 1:
            raise QgsProcessingException(self.tr("{} breaks make {} grades, but {} grade names were given.").format(
                len(breaks), len(breaks) + 1, len(names)))
        return breaks, names

    # -- outputs ---------------------------------------------------------------------------------
    def _log(self, result, feedback):
        feedback.pushInfo(self.tr("Weights: {}.").format(
            ", ".join(f"{name} {weight:.4f}" for name, weight in result.weights.items())))
        feedback.pushInfo(self.tr("Breaks: {}.").format(", ".join(f"{b:.6g}" for b in result.breaks)))
        for row in result.table.itertuples():
            feedback.pushInfo(self.tr("Grade {} {}: {:.4f} 公顷 ({:.2%}).").format(
                row.grade, "" if row.name is None else row.name, row.area_ha, row.share))
        if result.vetoed_m2:
            feedback.pushInfo(self.tr("Vetoed by the constraints: {:.4f} 公顷.").format(result.vetoed_m2 / 10_000))

    def _write_reports(self, parameters, context, result, rows, names, layers, ahp_result, zone_names):
        """The workbook and the optional area CSV, in the report language (core.report)."""
        note = area_note(CELL_AREAS)
        weights = pd.DataFrame({
            "factor": names, "source": [source_name(layer) for layer in layers],
            "scoring": [scoring_text(rows.get(k, ("", None))[0]) for k in range(len(names))],
            "weight": list(result.weights.values())})
        breaks = ", ".join(f"{b:.6g}" for b in result.breaks)
        evaluated, vetoed = result.evaluated_m2 / 10_000, result.vetoed_m2 / 10_000
        lines = [Text("分级断点（1 级为得分最高）：{}", "Breaks (grade 1 = highest scores): {}").format(breaks),
                 Text("评价面积：{:.4f} 公顷；约束否决：{:.4f} 公顷",
                      "Evaluated area: {:.4f} ha; vetoed by constraints: {:.4f} ha").format(evaluated, vetoed)]
        if ahp_result is not None:
            lines.append(Text("层次分析法：最大特征根 {:.4f}，CI = {:.4f}，RI = {:.2f}，CR = {:.4f}",
                              "AHP: λmax = {:.4f}, CI = {:.4f}, RI = {:.2f}, CR = {:.4f}").format(
                ahp_result.lambda_max, ahp_result.ci, ahp_result.ri, ahp_result.cr))
        lines += [text("栅格对齐：{}", "Alignment: {}", alignment(line)) for line in result.log]
        sheets = [weight_sheet(weights, note)]
        if ahp_result is not None:
            sheets.append(ahp_sheet(names, ahp_result, note))
        sheets.append(grade_sheet(result.table, note, Text("适宜性分级面积", "Area per grade")))
        if result.zone_table is not None:
            sheets.append(zone_sheet(result.zone_table, zone_names, note,
                                     Text("分区分级面积", "Area per admin unit and grade")))
        sheets.append(notes_sheet(lines, note))
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        write_suitability_report(report, sheets)
        outputs = {self.REPORT: report}
        csv = self.parameterAsFileOutput(parameters, self.AREA_TABLE, context)
        if csv:
            zoned = result.zone_table is not None
            table = result.zone_table if zoned else result.table
            write_area_csv(csv, table, zone_names if zoned else None)
            outputs[self.AREA_TABLE] = csv
        return outputs

    def _write_parcels(self, parameters, context, feedback, result, parcel_data):
        """The parcels with their attributes and geometry as given, plus PJDF (mean score), DJ/DJMC
        (grade), FJBL (vetoed share), PJMJ (area covered on the grid, m²) and S_<factor> scores."""
        layer, data = parcel_data
        table = result.parcels
        share = self.parameterAsDouble(parameters, self.PARCEL_VETO_SHARE, context)
        grades = grade_parcels(table["score"], table["veto_share"], result.breaks, len(result.breaks) + 1, share)
        graded = np.isfinite(table["score"].to_numpy()) | (table["veto_share"].fillna(0).to_numpy() > share)
        def grade_name(grade):
            name = result.grade_names.get(int(grade))
            return None if name is None else str(name)  # in the report language

        columns = {"PJDF": table["score"].round(6).to_numpy(),
                   "DJ": [int(g) if ok else None for g, ok in zip(grades, graded)],
                   "DJMC": [grade_name(g) if ok else None for g, ok in zip(grades, graded)],
                   "FJBL": table["veto_share"].round(6).to_numpy(), "PJMJ": table["grid_area_m2"].round(2).to_numpy()}
        spec = [("PJDF", float, 6), ("DJ", int, 0), ("DJMC", str, 0), ("FJBL", float, 6), ("PJMJ", float, 2)]
        taken = {field.name() for field in data.fields}
        for name in result.weights:
            column = unique_name(f"S_{name}"[:60], taken)
            columns[column] = table[f"factor:{name}"].round(6).to_numpy()
            spec.append((column, float, 6))
        fields = extended_fields(data.fields, fields_from_spec(spec))
        sink, dest_id = self.parameterAsSink(parameters, self.PARCELS_OUTPUT, context, fields, layer.wkbType(),
                                             layer.crs())
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.PARCELS_OUTPUT))
        write_with_values(sink, data.features, fields, columns, feedback, 95, 100)
        missing = np.flatnonzero(~graded)
        if len(missing):
            # named by BSM, 标识码, OBJECTID or their number from 1 (never the fid: 0-based in shapefiles)
            identity = feature_ids(data)
            shown = ", ".join(identity.values[k] for k in missing[:MAX_PARCELS_LISTED])
            more = self.tr(" … and {} more").format(len(missing) - MAX_PARCELS_LISTED) \
                if len(missing) > MAX_PARCELS_LISTED else ""
            feedback.pushWarning(self.tr("{} parcels have no score (outside the factors or on nodata): {}{} ({}).").format(
                len(missing), shown, more, identity.field or self.tr("number in the layer")))
        return dest_id
