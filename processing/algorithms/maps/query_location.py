"""multiplan:query_location: what every layer of the 一张图 says at each location (一张图查询, batch)."""
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterMultipleLayers)

from ....core.maps import query as qy
from ....core.maps.query_report import write_report
from ...layer_io import (attribute_table, display_name, feature_ids, qgs_crs, read_layer, read_map_layer, unique_name,
                         working_crs_for)
from ..base import MultiPlanAlgorithm


class QueryLocationAlgorithm(MultiPlanAlgorithm):
    LOCATIONS, ID_FIELD, LAYERS, RASTERS, REPORT = "LOCATIONS", "ID_FIELD", "LAYERS", "RASTERS", "REPORT"
    ROW_COUNT = "ROW_COUNT"
    GROUP_ID = "maps"

    def name(self):
        return "query_location"

    def displayName(self):  # noqa: N802
        return self.tr("Query the layers at locations (一张图查询)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "For each location (points or polygons, e.g. project red-lines), lists what every given layer says there: "
            "the features met with their attributes, and for a polygon the ellipsoidal area met (m², 公顷, 亩) and "
            "its share of the location; for every raster (双评价 grades …) the value at a point, or for a polygon the "
            "most frequent value of the cells whose centres fall in it, its share, the minimum and the maximum. "
            "Locations are named by the identifier field (else BSM, 标识码, OBJECTID or their number). Output: an "
            "Excel workbook, all locations in the first sheet, then one sheet per location (up to 100). The layers "
            "are only read.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.LOCATIONS, self.tr("Locations (points or polygons)"),
            [QgsProcessing.TypeVectorPoint, QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterField(self.ID_FIELD, self.tr("Location identifier field"),
                                                      parentLayerParameterName=self.LOCATIONS, optional=True))
        self.addParameter(QgsProcessingParameterMultipleLayers(self.LAYERS, self.tr("Layers to query"),
                                                               QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterMultipleLayers(self.RASTERS, self.tr("Rasters to query (optional)"),
                                                               QgsProcessing.TypeRaster, optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Query result (Excel)"),
                                                                fileFilter="Excel (*.xlsx)"))
        self.addOutput(QgsProcessingOutputNumber(self.ROW_COUNT, self.tr("Rows (features met)")))

    def run_algorithm(self, parameters, context, feedback):
        layers = self.parameterAsLayerList(parameters, self.LAYERS, context)
        if not layers:
            raise QgsProcessingException(self.tr("Choose at least one layer to query."))
        crs = working_crs_for([self.map_layer(parameters, self.LOCATIONS, context)] + list(layers), feedback)
        locations = read_layer(self, parameters, self.LOCATIONS, context, feedback, crs)
        if not len(locations):
            raise QgsProcessingException(self.tr("“{}” has no locations.").format(locations.name))
        ids = feature_ids(locations, self.chosen_field(parameters, self.ID_FIELD, context, locations),
                          preferred=("XMBH", "BSM")).values
        names, query_layers = set(), []
        for layer in layers:
            data = read_map_layer(layer, context, feedback, crs)
            data.name = unique_name(data.name, names)
            table = attribute_table(data).drop(columns=[c for c in ("fid",) if c in attribute_table(data).columns])
            query_layers.append(qy.QueryLayer(data.name, data.geometries, table, feature_ids(data).values))
        rasters = [qy.QueryRaster(display_name(layer), layer.source())
                   for layer in self.parameterAsLayerList(parameters, self.RASTERS, context)]
        wanted = qgs_crs(crs)
        for layer in self.parameterAsLayerList(parameters, self.RASTERS, context):
            if layer.crs() != wanted:
                raise QgsProcessingException(self.tr("The raster “{}” is in {}, the locations in {}: give rasters in "
                                                     "the locations' CRS.").format(display_name(layer),
                                                                                    layer.crs().authid(), crs))
        try:
            rows = self.run_core(qy.query, locations.geometries, ids, query_layers, crs, rasters)
        except ValueError as error:
            raise QgsProcessingException(str(error)) from None
        feedback.pushInfo(self.tr("{} locations, {} layers and {} rasters: {} rows.").format(
            len(ids), len(query_layers), len(rasters), len(rows)))
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        write_report(report, rows, ids)
        return {self.REPORT: report, self.ROW_COUNT: len(rows)}

