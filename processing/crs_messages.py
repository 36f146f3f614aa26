"""Translated messages for the CRS problems :mod:`core.crs` reports with fields.

Core raises :class:`core.crs.CrsError` subclasses (English text for developers only); the
algorithms turn them into these sentences, so under a Chinese locale the user reads Chinese.
"""
from qgis.core import QgsProcessingException
from qgis.PyQt.QtCore import QCoreApplication

from ..core.crs import (LOOKS_GK_WITHOUT_ZONE, LOOKS_GK_ZONE, LOOKS_LONLAT, CoordinatesOutsideCrsError, Reason,
                        ZoneError, crs_label)
from ..core.intake.coordinate_txt import CoordinateTxtZoneError

CONTEXT = "@default"  # pylupdate files module-level tr() here


def tr(text):
    return QCoreApplication.translate(CONTEXT, text)


def crs_text(crs):
    """A CRS as a planning technician reads it (core.crs.crs_label), in QGIS's language as the
    log lines around it are: "CGCS2000 3 度带高斯-克吕格投影第 39 带（…），EPSG:4527"."""
    label = crs_label(crs)
    return label.zh if messages_in_chinese() else label.en


def messages_in_chinese():
    """Whether log lines come out in Chinese, i.e. MultiPlan's zh_CN catalogue is installed (it
    translates this word; the UI locale alone would miss a translator installed by other means)."""
    return tr("English") != "English"


def reason_text(reason):
    """Why core chose a working CRS (a :class:`core.crs.Reason`), in the user's language."""
    code = getattr(reason, "code", None)
    texts = {Reason.SHARED: tr("all inputs share this CRS"),
             Reason.MOST_ZONED: tr("the CGCS2000 Gauss-Kruger CRS most inputs use; the others are reprojected to it"),
             Reason.FIRST_PROJECTED: tr("the first projected input CRS; the others are reprojected to it"),
             Reason.GEOGRAPHIC_FIRST: tr("inputs are geographic; reprojected to the first input's CRS")}
    if code in texts:
        return texts[code]
    if code == Reason.LAYER_ZONE:
        return tr("3-degree zone {} of the layer").format(reason.values["zone"])
    if code == Reason.MEAN_LONGITUDE:
        return tr("3-degree zone {} of the data's mean longitude").format(reason.values["zone"])
    return str(reason)


def look_text(look):
    """What coordinates look like, as a clause ("they look like …")."""
    if look.kind == LOOKS_LONLAT:
        return tr("they look like longitude/latitude (CGCS2000 geographic, EPSG:4490)")
    if look.kind == LOOKS_GK_ZONE:
        return tr("they look like {} (the zone number is in the easting)").format(crs_text(look.epsg))
    if look.kind == LOOKS_GK_WITHOUT_ZONE:
        return tr("they look like Gauss-Kruger coordinates without the zone number in the easting (e.g. "
                   "EPSG:4548 = CGCS2000 3-degree zone with CM 117°E); which zone cannot be told from the "
                   "coordinates")
    return tr("they look like neither CGCS2000 longitude/latitude nor Gauss-Kruger coordinates")


def bounds_text(bounds):
    xmin, ymin, xmax, ymax = bounds
    return tr("x {:,.3f} to {:,.3f}, y {:,.3f} to {:,.3f}").format(xmin, xmax, ymin, ymax)


def outside_crs_message(error, layer_name):
    """A :class:`CoordinatesOutsideCrsError` as a sentence naming the layer, CRS, range and look."""
    return tr("The coordinates of “{}” ({}) cannot lie in its CRS {}: {}. Assign the CRS the coordinates "
               "really are in (“Assign projection”, not “Reproject”), or fix the coordinates, then run again.").format(
        layer_name, bounds_text(error.bounds), crs_text(error.crs_info), look_text(error.look))


def zone_message(error):
    """A :class:`ZoneError` (a Gauss-Krüger zone its band width does not have) as a sentence."""
    return tr("Gauss-Kruger zone {} does not exist in the CGCS2000 {}-degree system (zones {} to {}): the data "
               "lies outside the zones of China.").format(error.zone, error.width, error.first, error.last)


def txt_zone_message(error):
    """A :class:`CoordinateTxtZoneError` naming the line of the file."""
    where = tr("the eastings") if error.source == "eastings" else tr("带号 in the header")
    width_line = tr(" (line {})").format(error.width_line) if error.width_line else ""
    return tr("line {}: zone {} (from {}) does not exist in the {}-degree system that 几度分带={}{} declares: "
               "{}-degree zones run from {} to {}. Correct 几度分带 or 带号 so that they match the eastings.").format(
        error.line, error.zone, where, error.width, error.width, width_line, error.width, error.first, error.last)


def crs_error(error, layer_name=None):
    """A QgsProcessingException for a core CRS error (its English text for an unexpected kind)."""
    if isinstance(error, CoordinatesOutsideCrsError):
        return QgsProcessingException(outside_crs_message(error, layer_name or tr("the input")))
    if isinstance(error, CoordinateTxtZoneError):
        return QgsProcessingException(txt_zone_message(error))
    if isinstance(error, ZoneError):
        return QgsProcessingException(zone_message(error))
    return QgsProcessingException(str(error))


def distortion_text(distortion):
    """What the projection does at the data: "lies 12.0° from the central meridian 105°E: …"."""
    stretch = tr("the projection enlarges lengths by {:.2f} % and areas by {:.2f} % ({:,.0f} m² per km²)").format(
        100 * distortion.length_share, 100 * distortion.area_share, 1e6 * distortion.area_share)
    if distortion.area_share < 0:
        stretch = tr("the projection shrinks lengths by {:.2f} % and areas by {:.2f} % ({:,.0f} m² per km²)").format(
            -100 * distortion.length_share, -100 * distortion.area_share, -1e6 * distortion.area_share)
    if distortion.offset is not None:
        return tr("the data lies {:.1f}° from the central meridian {:g}°E, where {}").format(
            distortion.offset, distortion.central_meridian, stretch)
    return tr("at the data's centre ({:.2f}°E, {:.2f}°N) {}").format(distortion.longitude, distortion.latitude,
                                                                      stretch)


def distortion_warning(layer_name, crs_label, distortion):
    """The log warning for data far from its CRS's central meridian (or otherwise distorted)."""
    suggestion = ""
    if distortion.suggested_zone_epsg is not None:
        suggestion = " " + tr("The CGCS2000 3-degree zone of these data is {}.").format(
            crs_text(distortion.suggested_zone_epsg))
    return tr("“{}” is in {}: {}. MultiPlan's areas are ellipsoidal and not affected, but planimetric areas, "
               "lengths and distances measured in this CRS are.").format(
        layer_name, crs_label, distortion_text(distortion)) + suggestion
