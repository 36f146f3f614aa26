"""multiplan:site_selection: candidate sites for a project, ranked with the reason for each score (项目辅助选址)."""
from dataclasses import dataclass

import numpy as np
import pandas as pd
from qgis.core import (QgsCoordinateReferenceSystem, QgsProcessing, QgsProcessingException,
                       QgsProcessingOutputNumber, QgsProcessingParameterBoolean, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsWkbTypes)

from ....core.control_lines import site_ranking as rk
from ....core.control_lines import siting as st
from ....core.crs import reproject_geometries
from ....core.intake.landuse import harmonise
from ....core.report import EN, ZH, Text, area_note, current_language
from ....core.units import SQUARE_METRES_PER_MU, to_hectares, to_mu
from ....core.wording import ELLIPSOIDAL, Term, text
from ...layer_io import code_text, feature_ids, read_layer, working_crs_for
from ...raster_inputs import grid_crs, grid_of, raster_path
from ...sinks import fields_from_spec, write_table
from ..base import MultiPlanAlgorithm

FIELDS = [("PM", int, 0), ("XZBH", str, 0), ("LX", str, 0), ("LYBH", str, 0), ("MJ", float, 2), ("MJGQ", float, 4),
          ("MJMU", float, 2), ("YSMJ", float, 2), ("SYX", float, 6), ("SYX_DF", float, 2), ("DLJL", float, 2),
          ("DLJL_DF", float, 2), ("CZJL", float, 2), ("CZJL_DF", float, 2), ("PD", float, 4), ("PD_DF", float, 2),
          ("JCD", float, 4), ("JCD_DF", float, 2), ("ZDF", float, 2), ("YY", str, 0), ("YYEN", str, 0),
          ("MJFF", str, 0)]
STANDARD_IDS = ("sandiao", "chenggui", "tugui", "ydyh2023", None)  # None: the codes as written
DEFAULT_FREE_CODES = "2301,2304,2305,2306,2307"
URBAN = 0  # PROJECT_TYPE: the only type confined to the urban development boundary
PROJECT_TYPES = (Text("城镇建设", "urban construction"), Text("村庄建设", "rural construction"),
                 Text("区域基础设施", "regional infrastructure"), Text("其他", "other"))
SOURCE_IDS_SHOWN = 10


@dataclass
class _Candidates:
    geometries: np.ndarray  # in the working CRS
    ids: list  # one text id per candidate
    source_ids: list  # what each candidate was made of (parcel ids), text
    kind: Text  # 候选地块 / 空闲地 / 适宜性栅格 (with the layer's name)


class SiteSelectionAlgorithm(MultiPlanAlgorithm):
    CANDIDATES, CANDIDATE_ID_FIELD = "CANDIDATES", "CANDIDATE_ID_FIELD"
    FREE_LAND, FREE_CODE_FIELD = "FREE_LAND", "FREE_CODE_FIELD"
    FREE_STANDARD, FREE_CODES = "FREE_STANDARD", "FREE_CODES"
    SUITABILITY, SUITABILITY_LOWER_BETTER = "SUITABILITY", "SUITABILITY_LOWER_BETTER"
    SUITABILITY_MIN, SUITABILITY_MAX, GENERATE_THRESHOLD = "SUITABILITY_MIN", "SUITABILITY_MAX", "GENERATE_THRESHOLD"
    PROJECT_TYPE, MIN_AREA, MAX_AREA, SPLIT_PARTS = "PROJECT_TYPE", "MIN_AREA", "MAX_AREA", "SPLIT_PARTS"
    ECOLOGICAL, FARMLAND, URBAN_BOUNDARY = "ECOLOGICAL_REDLINE", "FARMLAND", "URBAN_BOUNDARY"
    RIVERS, RIVER_BUFFER, ROADS, ROAD_BUFFER = "RIVERS", "RIVER_BUFFER", "ROADS", "ROAD_BUFFER"
    ROAD_LIMIT, TOWNS, TOWN_LIMIT = "ROAD_DISTANCE_LIMIT", "TOWNS", "TOWN_DISTANCE_LIMIT"
    DEM, SLOPE_LIMIT, WEIGHTS = "DEM", "SLOPE_LIMIT", "WEIGHTS"
    OUTPUT, REPORT, SITE_COUNT, DROPPED_COUNT = "OUTPUT", "REPORT", "SITE_COUNT", "DROPPED_COUNT"
    GROUP_ID = "control"
    OUTPUT_STYLES = {"OUTPUT": "ranked:ZDF"}

    def name(self):
        return "site_selection"

    def displayName(self):  # noqa: N802
        return self.tr("Project site selection (项目辅助选址)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Finds and ranks candidate sites for a project. Candidates are the parcels of a candidate layer, or the "
            "free land of a land-use layer (parcels whose code is one of the free codes, compared as 用地用海 codes "
            "after conversion; default 2301 空闲地, 2304 盐碱地, 2305 沙地, 2306 裸土地, 2307 裸岩石砾地 = 三调 1201, "
            "1204–1207; touching parcels are merged into one patch), or, when neither is given, the patches of the "
            "suitability raster at or above the threshold (at or below it when lower values are better).\n\n"
            "Hard constraints, in this order: the parts inside the ecological red line (生态保护红线) and on "
            "permanent basic farmland (永久基本农田) are removed, then the river and road buffers (distance in "
            "metres from the features; with 0 only polygon features exclude anything); for urban construction "
            "(城镇建设) the candidate is clipped to the urban development boundary (城镇开发边界). What is left may "
            "fall apart: each contiguous piece is a site of its own (unless “split” is off). Sites whose ellipsoidal "
            "area is outside the required range (亩) are dropped; the log and the report count every drop by "
            "reason. Candidates are named by the id field chosen, else by BSM, 标识码 or OBJECTID when the layer has "
            "one, else by their number in the layer (1 = first feature, whatever the file format).\n\n"
            "Soft factors, each scored 0–100 (100 = best): suitability = mean raster value over the site, linear "
            "between the raster's minimum and maximum (or the bounds given), reversed when lower is better; road "
            "and town = nearest distance, 100 × (1 − d / limit), 0 from the limit; slope = mean slope of the DEM "
            "(Horn, degrees), 100 × (1 − slope / limit); compactness = 100 × 4πA/P² (circle 100, square 78.5). "
            "The total is the weighted sum, weights given as e.g. "
            "“suitability=0.4;road=0.2;town=0.2;slope=0.1;compactness=0.1” (also 适宜性, 道路, 城镇, 坡度, 紧凑度); "
            "factors without their data are left out and the weights normalised to sum 1 (the log says so). A site "
            "without a value for a weighted factor (nodata) scores 0 for it.\n\n"
            "Outputs: the ranked sites (PM rank, XZBH site id, LX source, LYBH parcels it came from, MJ/MJGQ/MJMU "
            "area in m²/公顷/亩 on the CGCS2000 ellipsoid (2, 4 and 2 decimals), YSMJ candidate area before the "
            "constraints, each factor's value and score, ZDF total, YY the reason for every score in the report "
            "language, YYEN in English except in Chinese reports) and an Excel report (选址排序, 剔除统计, 说明).")

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon, any_geometry = [QgsProcessing.TypeVectorPolygon], [QgsProcessing.TypeVectorAnyGeometry]
        candidates = QgsProcessingParameterFeatureSource(
            self.CANDIDATES, self.tr("Candidate parcels (候选地块)"), polygon, optional=True)
        candidates.setHelp(self.tr("Either candidate parcels or free land; without both, patches of the "
                                   "suitability raster above the threshold."))
        self.addParameter(candidates)
        self.addParameter(QgsProcessingParameterField(
            self.CANDIDATE_ID_FIELD, self.tr("Candidate id field (empty: BSM, 标识码 or OBJECTID, else the number "
                                             "from 1)"),
            parentLayerParameterName=self.CANDIDATES, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.FREE_LAND, self.tr("…or land use with free land (e.g. 三调 地类图斑 DLTB)"), polygon, optional=True))
        self.addParameter(QgsProcessingParameterField(
            self.FREE_CODE_FIELD, self.tr("Land-use code field"), defaultValue="DLBM",
            parentLayerParameterName=self.FREE_LAND, optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.FREE_STANDARD, self.tr("Standard of the land-use codes"), defaultValue=0, options=[
                self.tr("三调 (land survey)"), self.tr("城规 GB 50137-2011"), self.tr("土规 (land-use plan)"),
                self.tr("用地用海 2023"), self.tr("None: compare the codes as written")]))
        codes = QgsProcessingParameterString(
            self.FREE_CODES, self.tr("Free land codes (用地用海 code prefixes, comma separated)"),
            defaultValue=DEFAULT_FREE_CODES)
        codes.setHelp(self.tr("Parcels whose 用地用海 code (after conversion from the standard) starts with one of "
                              "these are free land; with standard “None”, the codes as written are compared."))
        self.addParameter(codes)
        self.addParameter(QgsProcessingParameterRasterLayer(
            self.SUITABILITY, self.tr("Suitability raster (适宜性评价, a score or grade)"), optional=True))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SUITABILITY_LOWER_BETTER, self.tr("Lower suitability values are better (e.g. grades 1 = best)"),
            defaultValue=False))
        for name, label in ((self.SUITABILITY_MIN, self.tr("Worst suitability value (empty: the raster's minimum, "
                                                           "or maximum when lower is better)")),
                            (self.SUITABILITY_MAX, self.tr("Best suitability value (empty: the raster's maximum, or "
                                                           "minimum when lower is better)")),
                            (self.GENERATE_THRESHOLD, self.tr("Threshold for candidate patches from the suitability "
                                                              "raster (when no candidates or free land)"))):
            self.addParameter(QgsProcessingParameterNumber(name, label, QgsProcessingParameterNumber.Double,
                                                           optional=True))
        self.addParameter(QgsProcessingParameterEnum(
            self.PROJECT_TYPE, self.tr("Project type"), defaultValue=URBAN, options=[
                self.tr("城镇建设 Urban construction (inside the urban development boundary)"),
                self.tr("村庄建设 Rural construction"), self.tr("区域基础设施 Regional infrastructure"),
                self.tr("其他 Other")]))
        self.addParameter(QgsProcessingParameterNumber(
            self.MIN_AREA, self.tr("Minimum site area (亩)"), QgsProcessingParameterNumber.Double, defaultValue=0.0,
            minValue=0.0))
        self.addParameter(QgsProcessingParameterNumber(
            self.MAX_AREA, self.tr("Maximum site area (亩, 0 = no maximum)"), QgsProcessingParameterNumber.Double,
            defaultValue=0.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterBoolean(
            self.SPLIT_PARTS, self.tr("Each contiguous piece left of a candidate is a site of its own"),
            defaultValue=True))
        for name, label in ((self.ECOLOGICAL, self.tr("Ecological protection red line (生态保护红线)")),
                            (self.FARMLAND, self.tr("Permanent basic farmland (永久基本农田)")),
                            (self.URBAN_BOUNDARY, self.tr("Urban development boundary (城镇开发边界)"))):
            self.addParameter(QgsProcessingParameterFeatureSource(name, label, polygon, optional=True))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.RIVERS, self.tr("Rivers (河流, lines or polygons)"), any_geometry, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.RIVER_BUFFER, self.tr("River buffer excluded (m)"), QgsProcessingParameterNumber.Double,
            defaultValue=0.0, minValue=0.0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.ROADS, self.tr("Roads (道路)"), any_geometry, optional=True))
        road_buffer = QgsProcessingParameterNumber(
            self.ROAD_BUFFER, self.tr("Road buffer excluded (m)"), QgsProcessingParameterNumber.Double,
            defaultValue=0.0, minValue=0.0)
        road_buffer.setHelp(self.tr("E.g. the 公路建筑控制区 (commonly 国道 20 m, 省道 15 m, 县道 10 m, 乡道 5 m from the "
                                    "road edge; unverified, use your province's figures)."))
        self.addParameter(road_buffer)
        self.addParameter(QgsProcessingParameterNumber(
            self.ROAD_LIMIT, self.tr("Road distance scoring 0 (m)"), QgsProcessingParameterNumber.Double,
            defaultValue=3000.0, minValue=1.0))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.TOWNS, self.tr("Towns (城镇, points or polygons)"), any_geometry, optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.TOWN_LIMIT, self.tr("Town distance scoring 0 (m)"), QgsProcessingParameterNumber.Double,
            defaultValue=10000.0, minValue=1.0))
        self.addParameter(QgsProcessingParameterRasterLayer(self.DEM, self.tr("DEM (slope computed)"), optional=True))
        self.addParameter(QgsProcessingParameterNumber(
            self.SLOPE_LIMIT, self.tr("Slope scoring 0 (degrees)"), QgsProcessingParameterNumber.Double,
            defaultValue=25.0, minValue=0.1, maxValue=90.0))
        self.addParameter(QgsProcessingParameterString(
            self.WEIGHTS, self.tr("Weights (factor=weight; suitability, road, town, slope, compactness)"),
            defaultValue=rk.DEFAULT_WEIGHTS))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Ranked sites"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Site selection report (Excel)"),
                                                                fileFilter="Excel (*.xlsx)"))
        self.addOutput(QgsProcessingOutputNumber(self.SITE_COUNT, self.tr("Number of sites")))
        self.addOutput(QgsProcessingOutputNumber(self.DROPPED_COUNT, self.tr("Candidates and pieces dropped")))

    # -- run -------------------------------------------------------------------------------------
    def run_algorithm(self, parameters, context, feedback):
        given = self._weights_given(parameters, context)
        mode = self._candidate_mode(parameters)
        suitability = self._raster(parameters, self.SUITABILITY, context)
        dem = self._raster(parameters, self.DEM, context)
        project_type = self.parameterAsEnum(parameters, self.PROJECT_TYPE, context)
        available = {st.COMPACTNESS} | {factor for factor, name in (
            (st.SUITABILITY, self.SUITABILITY), (st.SLOPE, self.DEM), (st.ROAD, self.ROADS), (st.TOWN, self.TOWNS))
            if self.given(parameters, name)}
        try:
            weights = rk.resolve_weights(given, available)
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot use the weights: {}").format(error)) from None
        rules = self._rules(parameters, context, suitability)
        min_m2, max_m2 = self._area_range(parameters, context)
        feedback.pushInfo(self.tr("Project type: {}.").format(PROJECT_TYPES[project_type]))
        notes = [text("项目类型：{}。", "Project type: {}.", PROJECT_TYPES[project_type])]
        working = self._working_crs(parameters, context, feedback, mode, suitability)
        candidates = self._candidates(parameters, context, feedback, working, mode, suitability, rules, notes)
        feedback.setProgress(20)
        constraints = self._constraints(parameters, context, feedback, working, project_type, notes)
        roads = self._features(parameters, self.ROADS, context, feedback, working)
        towns = self._features(parameters, self.TOWNS, context, feedback, working)
        feedback.setProgress(30)
        split = self.parameterAsBool(parameters, self.SPLIT_PARTS, context)
        cut = self.run_core(st.cut_candidates, candidates.geometries, working, constraints, min_m2, max_m2 or None,
                            split, self.progress_callback(feedback, 30, 55))
        self._log_cut(cut, constraints, candidates, min_m2, max_m2, split, feedback, notes)
        values = self._factor_values(cut, working, weights, available, roads, towns, suitability, dem, feedback)
        table = self._site_table(cut, candidates)
        ranked = rk.rank_sites(table, values, weights, rules)
        self._log_scores(ranked, weights, rules, available, feedback, notes)
        return self._write_outputs(parameters, context, feedback, ranked, cut, working, sorted(values), notes)

    # -- parameters --------------------------------------------------------------------------------
    def _weights_given(self, parameters, context):
        text = self.parameterAsString(parameters, self.WEIGHTS, context)
        try:
            return rk.parse_weights(text)
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot read the weights “{}”: {}").format(text, error)) from None

    def _candidate_mode(self, parameters):
        has_candidates, has_free = self.given(parameters, self.CANDIDATES), self.given(parameters, self.FREE_LAND)
        if has_candidates and has_free:
            raise QgsProcessingException(self.tr(
                "Give the candidates either as candidate parcels (CANDIDATES) or as free land (FREE_LAND), not both."))
        if has_candidates:
            return self.CANDIDATES
        if has_free:
            return self.FREE_LAND
        if not self.given(parameters, self.SUITABILITY):
            raise QgsProcessingException(self.tr(
                "No candidate sites: give candidate parcels (CANDIDATES), land use with free land (FREE_LAND), or a "
                "suitability raster (SUITABILITY) with a threshold (GENERATE_THRESHOLD)."))
        if not self.given(parameters, self.GENERATE_THRESHOLD):
            raise QgsProcessingException(self.tr(
                "Without candidate parcels or free land, candidates are the patches of the suitability raster at or "
                "above a threshold: give GENERATE_THRESHOLD."))
        return self.SUITABILITY

    def _raster(self, parameters, name, context):
        """(GDAL path, layer) of a raster parameter, None when not given."""
        if not self.given(parameters, name):
            return None
        layer = self.parameterAsRasterLayer(parameters, name, context)
        if layer is None:
            raise QgsProcessingException(self.invalidRasterError(parameters, name))
        return raster_path(layer), layer

    def _optional_number(self, parameters, name, context):
        return self.parameterAsDouble(parameters, name, context) if self.given(parameters, name) else None

    def _rules(self, parameters, context, suitability):
        rules = rk.ScoringRules(road_limit_m=self.parameterAsDouble(parameters, self.ROAD_LIMIT, context),
                                town_limit_m=self.parameterAsDouble(parameters, self.TOWN_LIMIT, context),
                                slope_limit_deg=self.parameterAsDouble(parameters, self.SLOPE_LIMIT, context))
        if suitability is not None:
            worst = self._optional_number(parameters, self.SUITABILITY_MIN, context)
            best = self._optional_number(parameters, self.SUITABILITY_MAX, context)
            lower_better = self.parameterAsBool(parameters, self.SUITABILITY_LOWER_BETTER, context)
            if worst is None or best is None:
                try:
                    low, high = st.raster_range(suitability[0])
                except ValueError as error:
                    raise QgsProcessingException(self.tr("Cannot read the suitability raster “{}”: {}").format(
                        suitability[1].name(), error)) from None
                low, high = (high, low) if lower_better else (low, high)
                worst = low if worst is None else worst
                best = high if best is None else best
            rules.suitability_low, rules.suitability_high = worst, best
        try:
            return rules.validate()
        except ValueError as error:
            raise QgsProcessingException(self.tr("Invalid scoring setting: {}").format(error)) from None

    def _area_range(self, parameters, context):
        low = self.parameterAsDouble(parameters, self.MIN_AREA, context)
        high = self.parameterAsDouble(parameters, self.MAX_AREA, context)
        if high and high < low:
            raise QgsProcessingException(self.tr(
                "The maximum site area ({:g} 亩) is below the minimum ({:g} 亩).").format(high, low))
        return low * SQUARE_METRES_PER_MU, high * SQUARE_METRES_PER_MU

    def _working_crs(self, parameters, context, feedback, mode, suitability):
        names = (self.CANDIDATES, self.FREE_LAND, self.ECOLOGICAL, self.FARMLAND, self.URBAN_BOUNDARY, self.RIVERS,
                 self.ROADS, self.TOWNS)
        layers = [self.parameterAsVectorLayer(parameters, name, context) for name in names
                  if self.given(parameters, name)]
        layers = [layer for layer in layers if layer is not None]
        if mode == self.SUITABILITY:
            layers.insert(0, suitability[1])
        return working_crs_for(layers, feedback)

    # -- candidates --------------------------------------------------------------------------------
    def _candidates(self, parameters, context, feedback, working, mode, suitability, rules, notes):
        if mode == self.CANDIDATES:
            candidates = self._candidate_layer(parameters, context, feedback, working)
        elif mode == self.FREE_LAND:
            candidates = self._free_land(parameters, context, feedback, working, notes)
        else:
            candidates = self._suitability_patches(parameters, context, feedback, working, suitability)
        if not len(candidates.geometries):
            feedback.pushWarning(self.tr("There are no candidates: no site can be found."))
        feedback.pushInfo(self.tr("{} candidates ({}).").format(len(candidates.geometries), candidates.kind))
        notes.append(text("{} 个候选地块（{}）。", "{} candidates ({}).", len(candidates.geometries), candidates.kind))
        return candidates

    def _candidate_layer(self, parameters, context, feedback, working):
        data = read_layer(self, parameters, self.CANDIDATES, context, feedback, working)
        field = (self.parameterAsString(parameters, self.CANDIDATE_ID_FIELD, context) or "").strip()
        identity = feature_ids(data, field)  # never the fid: 0-based in shapefiles, 1-based in GeoPackages
        feedback.pushInfo(identity.describe(data.name))
        ids = identity.values
        return _Candidates(data.geometries, ids, list(ids), Text("候选地块“{}”", "candidate parcels “{}”").format(data.name))

    def _free_land(self, parameters, context, feedback, working, notes):
        data = read_layer(self, parameters, self.FREE_LAND, context, feedback, working)
        field = self.parameterAsString(parameters, self.FREE_CODE_FIELD, context) or "DLBM"
        if data.fields.indexOf(field) < 0:
            raise QgsProcessingException(self.tr("Layer “{}” has no field “{}”: choose its land-use code field "
                                                 "(FREE_CODE_FIELD).").format(data.name, field))
        standard = STANDARD_IDS[self.parameterAsEnum(parameters, self.FREE_STANDARD, context)]
        prefixes = tuple(p for p in (code_text(c) for c in self.parameterAsString(
            parameters, self.FREE_CODES, context).replace("，", ",").split(",")) if p)
        if not prefixes:
            raise QgsProcessingException(self.tr("Give the free land codes (FREE_CODES), e.g. {}.").format(
                DEFAULT_FREE_CODES))
        raw = data.values(field)
        if standard is None:
            codes = [code_text(value) for value in raw]
        else:
            codes = harmonise(raw, standard)["ydyh_code"].tolist()
        free = np.array([bool(code) and str(code).startswith(prefixes) for code in codes], dtype=bool)
        patches, members = st.merge_touching(data.geometries[free]) if free.any() else (np.empty(0, object), [])
        positions = np.flatnonzero(free)
        identity = feature_ids(data)  # BSM, 标识码, OBJECTID, else 1-based numbers (never the fid)
        feedback.pushInfo(identity.describe(data.name))
        parcel_ids = identity.values
        source_ids = [_joined([parcel_ids[positions[k]] or "" for k in group]) for group in members]
        figures = (data.name, int(free.sum()), len(free), ", ".join(prefixes))
        feedback.pushInfo(self.tr("Free land in “{}”: {} of {} parcels with codes {} ({}), merged into {} patches where "
                                  "they touch.").format(*figures, self.tr("用地用海 codes") if standard else
                                                        self.tr("as written"), len(patches)))
        notes.append(text("“{}”中的空闲地：{} 个地块（共 {} 个）代码为 {}（{}），相接处合并为 {} 个图斑。",
                          "Free land in “{}”: {} of {} parcels with codes {} ({}), merged into {} patches where they "
                          "touch.", *figures, Text("用地用海代码", "用地用海 codes") if standard else
                          Text("按原代码", "as written"), len(patches)))
        ids = [f"F{k}" for k in range(1, len(patches) + 1)]
        return _Candidates(patches, ids, source_ids, Text("空闲地“{}”", "free land “{}”").format(data.name))

    def _suitability_patches(self, parameters, context, feedback, working, suitability):
        path, layer = suitability
        threshold = self.parameterAsDouble(parameters, self.GENERATE_THRESHOLD, context)
        lower_better = self.parameterAsBool(parameters, self.SUITABILITY_LOWER_BETTER, context)
        try:
            polygons, crs_wkt, cells = self.run_core(st.raster_patches, path, threshold, not lower_better, 1,
                                                     self.progress_callback(feedback, 5, 20))
        except ValueError as error:
            raise QgsProcessingException(self.tr("Cannot make patches of “{}”: {}").format(
                layer.name(), error)) from None
        if len(polygons):
            polygons = reproject_geometries(polygons, grid_crs(grid_of(path)), working)
        feedback.pushInfo(self.tr("“{}”: {} cells {} {:g} form {} patches (4-connected).").format(
            layer.name(), cells, "≤" if lower_better else "≥", threshold, len(polygons)))
        ids = [f"S{k}" for k in range(1, len(polygons) + 1)]
        return _Candidates(polygons, ids, [""] * len(ids), Text("“{}”的图斑", "patches of “{}”").format(layer.name()))

    # -- constraints and factor layers -------------------------------------------------------------
    def _constraints(self, parameters, context, feedback, working, project_type, notes):
        constraints = []
        for name, key in ((self.ECOLOGICAL, st.REDLINE), (self.FARMLAND, st.FARMLAND)):
            if self.given(parameters, name):
                data = read_layer(self, parameters, name, context, feedback, working)
                constraints.append(st.Constraint(key, st.exclusion_areas(data.geometries)))
        for name, buffer_name, key in ((self.RIVERS, self.RIVER_BUFFER, st.RIVER),
                                       (self.ROADS, self.ROAD_BUFFER, st.ROAD_BUFFER)):
            if self.given(parameters, name):
                data = read_layer(self, parameters, name, context, feedback, working)
                distance = self.parameterAsDouble(parameters, buffer_name, context)
                constraints.append(st.Constraint(key, st.exclusion_areas(data.geometries, distance)))
                notes.append(text("{}“{}”：剔除 {:g} 米缓冲区。", "{} “{}”: buffer {:g} m excluded.",
                                  st.term(st.CONSTRAINT_NAMES[key]), data.name, distance))
        if project_type == URBAN:
            if self.given(parameters, self.URBAN_BOUNDARY):
                data = read_layer(self, parameters, self.URBAN_BOUNDARY, context, feedback, working)
                constraints.append(st.Constraint(st.BOUNDARY, st.exclusion_areas(data.geometries), keep_inside=True))
            else:
                feedback.pushWarning(self.tr("Urban construction must lie inside the urban development boundary, but "
                                             "none was given (URBAN_BOUNDARY): that constraint is not applied."))
                notes.append(Text("城镇建设须位于城镇开发边界内，但未提供城镇开发边界（URBAN_BOUNDARY）：未执行该约束。",
                                  "Urban construction must lie inside the urban development boundary, but none was "
                                  "given (URBAN_BOUNDARY): that constraint is not applied."))
        elif self.given(parameters, self.URBAN_BOUNDARY):
            feedback.pushInfo(self.tr("The urban development boundary is no constraint for this project type; "
                                      "it is not used."))
        return constraints

    def _features(self, parameters, name, context, feedback, working):
        if not self.given(parameters, name):
            return None
        return read_layer(self, parameters, name, context, feedback, working).geometries

    # -- factors -----------------------------------------------------------------------------------
    def _factor_values(self, cut, working, weights, available, roads, towns, suitability, dem, feedback):
        values = {st.COMPACTNESS: st.compactness(cut.geometries)}
        if roads is not None:
            values[st.ROAD] = st.nearest_distances(cut.geometries, roads)
        if towns is not None:
            values[st.TOWN] = st.nearest_distances(cut.geometries, towns)
        feedback.setProgress(60)
        for factor, raster, slope, start in ((st.SUITABILITY, suitability, False, 60), (st.SLOPE, dem, True, 72)):
            if raster is None:
                continue
            try:
                values[factor] = self.run_core(st.zonal_means, cut.geometries, working, raster[0], slope, 1,
                                               self.progress_callback(feedback, start, start + 12))
            except ValueError as error:
                raise QgsProcessingException(self.tr("Cannot read “{}”: {}").format(raster[1].name(), error)) from None
            missing = int(np.isnan(values[factor]).sum())
            if missing and factor in weights.weights:
                feedback.pushWarning(self.tr("{} sites have no value of “{}” (outside the raster or nodata): they "
                                             "score 0 for {}.").format(missing, raster[1].name(),
                                                                       Text(*st.FACTOR_NAMES[factor])))
        feedback.setProgress(85)
        return values

    def _site_table(self, cut, candidates):
        ids = [candidates.ids[c] + (f"-{p}" if p else "") for c, p in zip(cut.candidate, cut.part)]
        return pd.DataFrame({"id": ids, "source": [candidates.kind] * len(ids),
                             "source_ids": [candidates.source_ids[c] for c in cut.candidate],
                             "area_m2": cut.area_m2, "candidate_area_m2": cut.candidate_area_m2[cut.candidate]})

    # -- log -----------------------------------------------------------------------------------
    # Log lines go through tr(); the names of constraints, drop reasons and factors in them, and
    # the notes of the report, are in the report language (core.report; both when bilingual).
    def _log_cut(self, cut, constraints, candidates, min_m2, max_m2, split, feedback, notes):
        def say(log_line, note, warn=False):
            (feedback.pushWarning if warn else feedback.pushInfo)(log_line)
            notes.append(note)

        for constraint in constraints:
            removed = cut.removed_m2.get(constraint.key, 0.0)
            name = Text(*st.CONSTRAINT_NAMES[constraint.key])
            figures = (to_hectares(removed), to_mu(removed))
            say(self.tr("{}: {:.4f} 公顷 ({:.2f} 亩) of the candidates removed.").format(name, *figures),
                text("{}：从候选地块中剔除 {:.4f} 公顷（{:.2f} 亩）。", "{}: {:.4f} ha ({:.2f} mu) of the candidates removed.",
                     name, *figures))
        maximum = Text("{:g} 亩".format(to_mu(max_m2)), "{:g} mu".format(to_mu(max_m2))) if max_m2 else \
            Text("不设上限", "no maximum")
        pieces = Text("每个连片部分各为一处选址", "each contiguous piece is a site") if split else \
            Text("候选地块的各部分合为一处选址", "a candidate's pieces stay one site")
        say(self.tr("Area range: {:g} 亩 to {} (ellipsoidal); {}.").format(to_mu(min_m2), maximum, pieces),
            text("面积范围：{:g} 亩至 {}（椭球面积）；{}。", "Area range: {:g} mu to {} (ellipsoidal); {}.", to_mu(min_m2),
                 maximum, pieces))
        for row in cut.drops.itertuples():
            if row.count:
                name, unit = Text(row.name_zh, row.name_en), Text(row.unit.zh, row.unit.en)
                say(self.tr("Dropped, {}: {} {} ({:.4f} 公顷).").format(name, row.count, unit,
                                                                      to_hectares(row.area_m2)),
                    text("剔除（{}）：{} 个{}（{:.4f} 公顷）。", "Dropped, {}: {} {} ({:.4f} ha).", name, row.count, unit,
                         to_hectares(row.area_m2)))
        figures = (len(cut.geometries), len(candidates.geometries))
        say(self.tr("{} sites from {} candidates.").format(*figures),
            Text("由 {1} 个候选地块得到 {0} 处选址。", "{} sites from {} candidates.").format(*figures),
            warn=not len(cut.geometries))

    def _log_scores(self, ranked, weights, rules, available, feedback, notes):
        def say(log_line, note, warn=False):
            (feedback.pushWarning if warn else feedback.pushInfo)(log_line)
            notes.append(note)

        def names(factors):
            return Text("、".join(st.FACTOR_NAMES[f][0] for f in factors), ", ".join(st.FACTOR_NAMES[f][1] for f in factors))

        if weights.unavailable:
            say(self.tr("Weighted factors left out, their data was not given: {}.").format(names(weights.unavailable)),
                text("未计入的加权因子（未提供其数据）：{}。", "Weighted factors left out, their data was not given: {}.",
                     names(weights.unavailable)), warn=True)
        listed = Text("，".join(f"{st.FACTOR_NAMES[f][0]} {w:.4f}" for f, w in weights.weights.items()),
                      ", ".join(f"{st.FACTOR_NAMES[f][1]} {w:.4f}" for f, w in weights.weights.items()))
        if weights.normalised:
            say(self.tr("Weights normalised to sum 1 over the factors used: {}.").format(listed),
                text("权重已按所用因子归一化（合计为 1）：{}。", "Weights normalised to sum 1 over the factors used: {}.",
                     listed))
        else:
            say(self.tr("Weights: {}.").format(listed), text("权重：{}。", "Weights: {}.", listed))
        descriptions = rules.describe()
        for factor in st.FACTORS:
            if factor in available:
                say(self.tr("Scoring: {}").format(descriptions[factor]),
                    text("评分：{}", "Scoring: {}", descriptions[factor]))
        for row in ranked.head(3).itertuples():
            reason = row.reason_en if current_language() == EN else row.reason
            feedback.pushInfo(self.tr("Rank {}: {}, {:.2f} 亩, total {:.1f} — {}").format(
                row.rank, row.id, to_mu(row.area_m2), row.total, reason))

    # -- outputs ---------------------------------------------------------------------------------
    def _write_outputs(self, parameters, context, feedback, ranked, cut, working, factors, notes):
        label = ELLIPSOIDAL
        geometries = cut.geometries[ranked["position"].to_numpy(dtype=int)] if len(ranked) else cut.geometries
        language = current_language()
        layer = pd.DataFrame({
            "PM": ranked["rank"], "XZBH": ranked["id"], "LX": [str(Term(k.zh, k.en)) for k in ranked["source"]],
            "LYBH": ranked["source_ids"], "MJ": ranked["area_m2"].round(2),
            "MJGQ": to_hectares(ranked["area_m2"]).round(4), "MJMU": to_mu(ranked["area_m2"]).round(2),
            "YSMJ": ranked["candidate_area_m2"].round(2), "ZDF": ranked["total"].round(2),
            # YY in the report language (Chinese when bilingual); YYEN English, except in a Chinese report.
            "YY": ranked["reason_en"] if language == EN else ranked["reason"],
            "YYEN": [None] * len(ranked) if language == ZH else ranked["reason_en"],
            "MJFF": [str(Term(label.zh, label.en))] * len(ranked)})
        for factor, stem in st.FACTOR_FIELDS.items():
            layer[stem] = ranked[f"{factor}_value"].round(6)
            layer[f"{stem}_DF"] = ranked[f"{factor}_score"].round(2)
        fields = fields_from_spec(FIELDS)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, QgsWkbTypes.MultiPolygon,
                                             QgsCoordinateReferenceSystem(working))
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        write_table(sink, fields, layer, geometries, feedback, 85, 95)
        del sink
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        rk.write_report(report, ranked, cut.drops, factors, area_note(label), notes)
        feedback.setProgress(100)
        return {self.OUTPUT: dest_id, self.REPORT: report, self.SITE_COUNT: len(ranked),
                self.DROPPED_COUNT: int(cut.drops["count"].sum())}


def _joined(ids):
    """Parcel ids as one text: the first few, then how many in all (in the report language)."""
    ids = [i for i in ids if i]
    if len(ids) <= SOURCE_IDS_SHOWN:
        return ",".join(ids)
    return ",".join(ids[:SOURCE_IDS_SHOWN]) + str(Term(f",…（共 {len(ids)} 个）", f",… ({len(ids)} in all)"))
