"""multiplan:make_maps: the county's thematic maps (专题图) as PDF and PNG, with templates and a project."""
import os
from datetime import date

from qgis.core import (QgsProcessing, QgsProcessingAlgorithm, QgsProcessingException, QgsProcessingOutputFile,
                       QgsProcessingOutputNumber, QgsProcessingParameterEnum, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterField, QgsProcessingParameterFolderDestination,
                       QgsProcessingParameterNumber, QgsProcessingParameterRasterLayer, QgsProcessingParameterString,
                       QgsVectorLayer)

from ....core.areas import polygon_areas
from ....core.crs import crs_label
from ....core.maps import thematic as th
from ....core.report import Text, single
from ...layer_io import attribute_table, qgs_crs, read_map_layer, working_crs_for
from ...map_layouts import (MapBook, MapExportError, blueprint_renderer, line_renderer, outline_renderer,
                            patch_renderer, project_renderer, violations_renderer, write_project_sheet, zones_renderer)
from ...thematic_maps import county_map, project_maps, style_home_township
from ..base import MultiPlanAlgorithm

#: Vector inputs: (parameter, key of core.maps.thematic, label).
VECTORS = (("TOWNSHIPS", "townships"), ("ZONES", "zones"), ("ECOLOGICAL_REDLINE", "ecological"),
           ("FARMLAND", "farmland"), ("URBAN_BOUNDARY", "urban"), ("BLUEPRINT", "blueprint"),
           ("PATCHES", "patches"), ("VIOLATIONS", "violations"), ("PROJECTS", "projects"))
RASTERS = (("ECOLOGICAL_IMPORTANCE", "ecological_importance"), ("AGRICULTURAL_SUITABILITY", "agricultural"),
           ("URBAN_SUITABILITY", "urban_suitability"))
LAYER_NAMES = {"county": Text("县级行政区", "County"), "townships": Text("乡镇界线", "Townships"),
               "zones": Text("三区", "Three zones"), "ecological": Text("生态保护红线", "Ecological red line"),
               "farmland": Text("永久基本农田", "Permanent basic farmland"),
               "urban": Text("城镇开发边界", "Urban development boundary"),
               "blueprint": Text("规划用途（一张蓝图）", "Planned use (blueprint)"),
               "patches": Text("差异图斑", "Difference patches"),
               "violations": Text("控制线检查问题", "Control line problems"),
               "projects": Text("建设项目红线", "Project red lines"),
               "ecological_importance": Text("生态保护重要性", "Ecological protection importance"),
               "agricultural": Text("农业生产适宜性", "Agricultural production suitability"),
               "urban_suitability": Text("城镇建设适宜性", "Urban construction suitability")}
#: Layers whose map carries a table by class: (code field, name field, renderer).
TABLED = {"patches": ("CYLX", "CYLXMC", patch_renderer), "violations": ("GZBH", "GZMC", violations_renderer)}


class MakeMapsAlgorithm(MultiPlanAlgorithm):
    COUNTY, NAME, TOWNSHIP_NAME_FIELD = "COUNTY", "NAME", "TOWNSHIP_NAME_FIELD"
    ZONE_FIELD, BLUEPRINT_CODE_FIELD = "ZONE_FIELD", "BLUEPRINT_CODE_FIELD"
    PROJECT_ID_FIELD, PROJECT_NAME_FIELD = "PROJECT_ID_FIELD", "PROJECT_NAME_FIELD"
    PAPER, DPI, OUTPUT = "PAPER", "DPI", "OUTPUT"
    MAP_COUNT, PROJECT_FILE = "MAP_COUNT", "PROJECT_FILE"
    GROUP_ID = "maps"

    def name(self):
        return "make_maps"

    def displayName(self):  # noqa: N802
        return self.tr("Make the thematic maps (专题图)")

    def flags(self):
        # Print layouts and their project are made and rendered on the main thread, as QGIS's own
        # layout export algorithms do.
        return super().flags() | QgsProcessingAlgorithm.FlagNoThreading

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Renders the county's thematic maps from the results of a run (or the layers of a standard planning "
            "database, e.g. 规划数据库.gpkg|layername=GHYDYH with the code field YDYHFLDM): 三区三线图, "
            "规划用途图 (用地用海 colours of the 制图规范 附录B, with the level-1 structure table), 差异图斑分布图 "
            "(with counts and areas by type), the 双评价 maps (ecological importance, agricultural and urban "
            "suitability grades), 控制线检查图 (with the problems by rule) and one location map per project (the "
            "project, its township and the county). A map is made for each input given; the county is required. "
            "Each map has a title, a legend of the classes present, a north arrow, scale bars, a CGCS2000 "
            "graticule, the township boundaries and names and a source and date note. Output folder: one PDF and "
            "one PNG per map (the project maps: one PDF page and one PNG per project), the layouts as .qpt "
            "templates (模板), the layer styles as .qml (样式) and a QGIS project (专题图.qgz) with every layer "
            "styled, to open and adjust. Chinese text uses the first installed of Microsoft YaHei, Noto "
            "Sans CJK SC, WenQuanYi Micro Hei, SimHei … Areas are ellipsoidal on CGCS2000.")

    def initAlgorithm(self, config=None):  # noqa: N802
        polygon = [QgsProcessing.TypeVectorPolygon]
        self.addParameter(QgsProcessingParameterFeatureSource(self.COUNTY, self.tr("County boundary"), polygon))
        self.addParameter(QgsProcessingParameterString(
            self.NAME, self.tr("Place name in the titles (else the county's XZQMC)"), optional=True))
        labels = {"TOWNSHIPS": self.tr("Townships (boundaries and names)"),
                  "ZONES": self.tr("Three zones (三区)"), "ECOLOGICAL_REDLINE": self.tr("Ecological red line"),
                  "FARMLAND": self.tr("Permanent basic farmland"),
                  "URBAN_BOUNDARY": self.tr("Urban development boundary"),
                  "BLUEPRINT": self.tr("Blueprint (一张蓝图)"), "PATCHES": self.tr("Difference patches"),
                  "VIOLATIONS": self.tr("Control line check problems"),
                  "PROJECTS": self.tr("Project red lines (one location map each)")}
        fields = {"TOWNSHIPS": (self.TOWNSHIP_NAME_FIELD, self.tr("Township name field"), "XZQMC"),
                  "ZONES": (self.ZONE_FIELD, self.tr("Zone code field (1 urban, 2 agricultural, 3 ecological)"),
                            "KJLXDM"),
                  "BLUEPRINT": (self.BLUEPRINT_CODE_FIELD, self.tr("用地用海 code field"), "YDYHDM")}
        for parameter, _key in VECTORS:
            self.addParameter(QgsProcessingParameterFeatureSource(parameter, labels[parameter], polygon,
                                                                  optional=True))
            if parameter in fields:
                name, label, default = fields[parameter]
                self.addParameter(QgsProcessingParameterField(name, label, defaultValue=default,
                                                              parentLayerParameterName=parameter, optional=True))
        self.addParameter(QgsProcessingParameterField(self.PROJECT_ID_FIELD, self.tr("Project number field"),
                                                      defaultValue="XMBH", parentLayerParameterName="PROJECTS",
                                                      optional=True))
        self.addParameter(QgsProcessingParameterField(self.PROJECT_NAME_FIELD, self.tr("Project name field"),
                                                      defaultValue="XMMC", parentLayerParameterName="PROJECTS",
                                                      optional=True))
        raster_labels = {"ECOLOGICAL_IMPORTANCE": self.tr("Ecological protection importance (graded raster)"),
                         "AGRICULTURAL_SUITABILITY": self.tr("Agricultural suitability (graded raster)"),
                         "URBAN_SUITABILITY": self.tr("Urban suitability (graded raster)")}
        for parameter, _key in RASTERS:
            self.addParameter(QgsProcessingParameterRasterLayer(parameter, raster_labels[parameter], optional=True))
        self.addParameter(QgsProcessingParameterEnum(self.PAPER, self.tr("Paper (landscape)"),
                                                     options=list(th.PAPER_NAMES), defaultValue=0))
        self.addParameter(QgsProcessingParameterNumber(self.DPI, self.tr("Resolution of the PNG and PDF (dpi)"),
                                                       QgsProcessingParameterNumber.Integer, 150, minValue=72,
                                                       maxValue=600))
        self.addParameter(QgsProcessingParameterFolderDestination(self.OUTPUT, self.tr("Output folder")))
        self.addOutput(QgsProcessingOutputNumber(self.MAP_COUNT, self.tr("Maps made")))
        self.addOutput(QgsProcessingOutputFile(self.PROJECT_FILE, self.tr("QGIS project of the maps")))

    def run_algorithm(self, parameters, context, feedback):
        county = self.map_layer(parameters, self.COUNTY, context)
        given = {key: self.map_layer(parameters, name, context) for name, key in VECTORS if self.given(parameters,
                                                                                                       name)}
        rasters = {key: self.parameterAsRasterLayer(parameters, name, context) for name, key in RASTERS
                   if self.given(parameters, name)}
        kinds, skipped = th.planned_maps(set(given) | set(rasters))
        if not kinds:
            raise QgsProcessingException(self.tr("Give at least one layer to map besides the county (three zones, "
                                                 "lines, blueprint, patches, problems, rasters or projects)."))
        crs = working_crs_for([county], feedback)
        fields = self._fields(parameters, context, given)
        place = self.parameterAsString(parameters, self.NAME, context).strip() or _county_name(county)
        book = MapBook(qgs_crs(crs), th.PAPER_NAMES[self.parameterAsEnum(parameters, self.PAPER, context)], place,
                       date.today())
        if not book.font:
            feedback.pushWarning(self.tr("No Chinese font is installed (e.g. fonts-wqy-microhei): Chinese text may "
                                         "show as boxes."))
        folder = self.parameterAsString(parameters, self.OUTPUT, context)
        os.makedirs(folder, exist_ok=True)
        tables = self._load(book, county, given, rasters, fields, crs, folder, context, feedback)
        for sub in ("模板", "样式"):
            os.makedirs(os.path.join(folder, sub), exist_ok=True)
        dpi = self.parameterAsInt(parameters, self.DPI, context)
        label = crs_label(crs)
        files = []
        for number, kind in enumerate(kinds):
            if feedback.isCanceled():
                raise self.cancelled_error()
            feedback.pushInfo(self.tr("Map {} of {}: {}").format(number + 1, len(kinds), th.map_title(kind, place)))
            if kind.key == "projects":
                layout = project_maps(book, kind, label)
            else:
                layout = county_map(book, kind, tables, label)
            try:
                files += book.export(layout, folder, th.file_stem(kind), dpi)
                book.save_template(layout, os.path.join(folder, "模板", th.file_stem(kind) + ".qpt"))
            except MapExportError as error:
                raise QgsProcessingException(self.tr("The map “{}” could not be written: {}").format(
                    th.map_title(kind, place), error)) from None
            feedback.setProgress(100.0 * (number + 1) / (len(kinds) + 1))
        for kind in skipped:
            feedback.pushInfo(self.tr("{}: not made (no input for it).").format(th.map_title(kind, place)))
        book.save_styles(os.path.join(folder, "样式"))
        project_file = book.save_project(os.path.join(folder, single("专题图", "maps") + ".qgz"))
        feedback.pushInfo(self.tr("{} maps, {} files.").format(len(kinds), len(files)))
        return {self.OUTPUT: folder, self.MAP_COUNT: len(kinds), self.PROJECT_FILE: project_file}

    # -- inputs --------------------------------------------------------------------------------
    def _fields(self, parameters, context, given):
        """The chosen fields, checked against their layers."""
        wanted = {"township_name": ("townships", self.TOWNSHIP_NAME_FIELD, "XZQMC"),
                  "zone": ("zones", self.ZONE_FIELD, "KJLXDM"),
                  "blueprint_code": ("blueprint", self.BLUEPRINT_CODE_FIELD, "YDYHDM"),
                  "project_id": ("projects", self.PROJECT_ID_FIELD, "XMBH"),
                  "project_name": ("projects", self.PROJECT_NAME_FIELD, "XMMC")}
        fields = {}
        for key, (layer_key, parameter, default) in wanted.items():
            layer = given.get(layer_key)
            if layer is None:
                continue
            field = self.parameterAsString(parameters, parameter, context) or default
            if layer.fields().lookupField(field) < 0:
                if key == "project_name":  # a project without names is named by its number
                    field = self.parameterAsString(parameters, self.PROJECT_ID_FIELD, context) or "XMBH"
                if layer.fields().lookupField(field) < 0:
                    raise QgsProcessingException(self.tr("“{}” has no field “{}” (parameter “{}”).").format(
                        layer.name(), field, self.parameterDefinition(parameter).description()))
            fields[key] = field
        return fields

    def _load(self, book, county, given, rasters, fields, crs, folder, context, feedback):
        """Every input into the map project, styled; returns the tables of the maps that have one,
        by map key (core.maps.thematic.MAP_KEYS)."""
        names = {key: single(name) for key, name in LAYER_NAMES.items()}
        scale = book.page.scale
        book.add_vector("county", county, names["county"], outline_renderer((40, 40, 40), 0.9 * scale))
        tables = {}
        for key, layer in given.items():
            if key == "townships":
                book.add_vector(key, layer, names[key], outline_renderer((120, 120, 120), 0.3 * scale, "dash"),
                                labels=fields["township_name"])
            elif key in ("ecological", "farmland", "urban"):
                book.add_vector(key, layer, names[key],
                                line_renderer({"ecological": "ecological", "farmland": "farmland",
                                               "urban": "urban_boundary"}[key], scale))
            elif key == "zones":
                data = read_map_layer(layer, context, feedback, crs)
                codes = {str(value) for value in data.values(fields["zone"]) if value not in (None, "")}
                book.add_vector(key, layer, names[key], zones_renderer(fields["zone"], codes))
            elif key == "blueprint":
                data = read_map_layer(layer, context, feedback, crs)
                codes = data.values(fields["blueprint_code"])
                book.add_vector(key, layer, names[key], blueprint_renderer(fields["blueprint_code"], codes))
                colours = _level1_names()
                tables["landuse"] = th.class_area_rows([str(code or "")[:2] for code in codes],
                                                       [colours.get(str(code or "")[:2], "") for code in codes],
                                                       polygon_areas(data.geometries, data.crs), order=list(colours))
            elif key in TABLED:  # a table of counts and areas by type (patches) or by rule (problems)
                code_field, name_field, renderer = TABLED[key]
                data = read_map_layer(layer, context, feedback, crs)
                book.add_vector(key, layer, names[key], renderer(layer))
                table = attribute_table(data)
                tables[key] = th.class_area_rows(_column(table, code_field), _column(table, name_field),
                                                 polygon_areas(data.geometries, data.crs))
            elif key == "projects":  # the atlas' coverage: the projects with the figures computed here
                data = read_map_layer(layer, context, feedback, crs)
                table = attribute_table(data)
                met = [[] for _ in data.geometries]
                if "townships" in given:
                    townships = read_map_layer(given["townships"], context, feedback, crs)
                    met = th.townships_met(data.geometries, townships.geometries,
                                           townships.values(fields["township_name"]))
                rows = th.project_rows(_column(table, fields["project_id"]), _column(table, fields["project_name"]),
                                       polygon_areas(data.geometries, data.crs), met)
                sheet = write_project_sheet(os.path.join(folder, single("建设项目位置", "project_locations") + ".gpkg"),
                                            crs, data.geometries, rows)
                book.add_vector(key, QgsVectorLayer(sheet, names[key], "ogr"), names[key], project_renderer())
        for key, layer in rasters.items():
            book.add_raster(key, layer, names[key])
        if "projects" in given:
            style_home_township(book)
        return tables


def _column(table, name):
    return list(table[name]) if name in table.columns else [""] * len(table)


def _level1_names():
    from ...styles import ydyh_colours

    return {code: name for code, (name, _rgb) in ydyh_colours().items()}


def _county_name(layer):
    index = layer.fields().lookupField("XZQMC")
    if index < 0:
        return ""
    for feature in layer.getFeatures():
        value = feature.attribute(index)
        if value not in (None, "") and str(value) != "NULL":
            return str(value)
    return ""

