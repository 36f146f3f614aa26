"""multiplan:export_coordinate_txt: polygons to a 界址点坐标 TXT file."""
import os

import numpy as np
import shapely
from qgis.core import (QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingParameterEnum,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterField,
                       QgsProcessingParameterFileDestination, QgsProcessingParameterString, QgsProcessing)

from ....core.crs import CrsError, describe_crs, prefixed_gk3_crs_for, reproject_geometries
from ....core.intake.coordinate_txt import write_coordinate_txt
from ...crs_messages import crs_error, crs_text, reason_text
from ...layer_io import read_layer
from ..base import MultiPlanAlgorithm


class ExportCoordinateTxtAlgorithm(MultiPlanAlgorithm):
    INPUT, NUMBER_FIELD, NAME_FIELD, USE_FIELD, CODE_FIELD = "INPUT", "NUMBER_FIELD", "NAME_FIELD", "USE_FIELD", "CODE_FIELD"
    PRODUCER, DATE, PRECISION, ENCODING, OUTPUT = "PRODUCER", "DATE", "PRECISION", "ENCODING", "OUTPUT"
    PLOT_COUNT = "PLOT_COUNT"
    GROUP_ID = "data"
    PRECISIONS = ("0.001", "0.01", "0.0001")
    ENCODINGS = ("gbk", "utf-8")

    def name(self):
        return "export_coordinate_txt"

    def displayName(self):  # noqa: N802
        return self.tr("Export coordinate TXT (界址点坐标)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Writes polygons as a red-line coordinate file for land-use approval: [属性描述] header "
            "(2000国家大地坐标系, 3-degree Gauss-Kruger, zone, precision) and one [地块坐标] plot per feature, "
            "points as 点号,圈号,X(northing),Y(easting with zone number), outer ring 圈号 1 and holes 2, 3…, "
            "each ring closed, 地块面积 in 公顷 as ellipsoidal area.\n\n"
            "Layers in another CRS are reprojected to the CGCS2000 3-degree zone of the layer or, if the "
            "layer is not in one, of the data's mean longitude (the log says which). Features without "
            "geometry are skipped with a warning; invalid geometries are repaired first.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Polygon layer"),
                                                              [QgsProcessing.TypeVectorPolygon]))
        for name, label in ((self.NUMBER_FIELD, self.tr("Plot number field (地块编号)")),
                            (self.NAME_FIELD, self.tr("Plot name field (地块名称)")),
                            (self.USE_FIELD, self.tr("Use field (地块用途)")),
                            (self.CODE_FIELD, self.tr("Land-use code field (地类编码)"))):
            self.addParameter(QgsProcessingParameterField(name, label, parentLayerParameterName=self.INPUT,
                                                          optional=True))
        self.addParameter(QgsProcessingParameterString(self.PRODUCER, self.tr("Producer (数据产生单位)"),
                                                       optional=True, defaultValue=""))
        self.addParameter(QgsProcessingParameterString(self.DATE, self.tr("Date (数据产生日期, empty = today)"),
                                                       optional=True, defaultValue=""))
        self.addParameter(QgsProcessingParameterEnum(self.PRECISION, self.tr("Precision (精度, m)"),
                                                     options=list(self.PRECISIONS), defaultValue=0))
        self.addParameter(QgsProcessingParameterEnum(self.ENCODING, self.tr("Encoding"), options=["GBK", "UTF-8"],
                                                     defaultValue=0))
        self.addParameter(QgsProcessingParameterFileDestination(self.OUTPUT, self.tr("Coordinate TXT file"),
                                                                fileFilter="TXT (*.txt)"))
        self.addOutput(QgsProcessingOutputNumber(self.PLOT_COUNT, self.tr("Number of plots")))

    def run_algorithm(self, parameters, context, feedback):
        layer = read_layer(self, parameters, self.INPUT, context, feedback)
        present = ~(shapely.is_missing(layer.geometries) | shapely.is_empty(layer.geometries))
        if not present.any():
            raise QgsProcessingException(self.tr("Layer “{}” has no polygons to export.").format(layer.name))
        if not present.all():
            feedback.pushWarning(self.tr("{} features without geometry were skipped.").format(int((~present).sum())))
        geometries = layer.geometries.copy()
        invalid = present & ~shapely.is_valid(np.where(present, geometries, None))
        if invalid.any():
            geometries[invalid] = shapely.make_valid(geometries[invalid])
            feedback.pushWarning(self.tr("{} invalid geometries were repaired before export.").format(int(invalid.sum())))
        try:
            target, why = prefixed_gk3_crs_for(layer.crs, geometries[present])
            if describe_crs(target).epsg != describe_crs(layer.crs).epsg:
                feedback.pushInfo(self.tr("Reprojecting to {} ({}).").format(crs_text(target), reason_text(why)))
                geometries[present] = reproject_geometries(geometries[present], layer.crs, target)
        except CrsError as error:  # outside the CGCS2000 3-degree zones 25-45
            raise crs_error(error, layer.name) from None

        columns = {key: self._column(parameters, name, context, layer)
                   for key, name in (("number", self.NUMBER_FIELD), ("name", self.NAME_FIELD),
                                     ("use", self.USE_FIELD), ("landuse_code", self.CODE_FIELD))}
        plots = []
        for index in np.flatnonzero(present):
            plot = {key: (values[index] if values else None) for key, values in columns.items()}
            plot["number"] = plot["number"] if plot["number"] not in (None, "") else str(index + 1)
            plot["name"] = plot["name"] if plot["name"] not in (None, "") else f"地块{plot['number']}"
            plot["geometry"] = geometries[index]
            plots.append(plot)
        header = {"数据产生单位": self.parameterAsString(parameters, self.PRODUCER, context),
                  "精度": self.PRECISIONS[self.parameterAsEnum(parameters, self.PRECISION, context)]}
        date_text = self.parameterAsString(parameters, self.DATE, context).strip()
        if date_text:
            header["数据产生日期"] = date_text
        output = self.parameterAsFileOutput(parameters, self.OUTPUT, context)
        encoding = self.ENCODINGS[self.parameterAsEnum(parameters, self.ENCODING, context)]
        try:
            write_coordinate_txt(output, plots, header=header, encoding=encoding, crs=target)
        except CrsError as error:
            raise crs_error(error, layer.name) from None
        except (ValueError, UnicodeEncodeError) as error:
            raise QgsProcessingException(self.tr("Cannot write the coordinate file: {}").format(error)) from None
        feedback.pushInfo(self.tr("{} plots written to {} ({}).").format(len(plots), os.path.basename(output),
                                                                        encoding.upper()))
        return {self.OUTPUT: output, self.PLOT_COUNT: len(plots)}

    def _column(self, parameters, name, context, layer):
        field = self.parameterAsString(parameters, name, context)
        if not field:
            return None
        return ["" if value is None else str(value) for value in layer.values(field)]
