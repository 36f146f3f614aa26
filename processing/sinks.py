"""Writing outputs: field declarations every format keeps, and the sinks features go to.

Every output field is declared with a real width and precision (a shapefile's DBF keeps exactly
what is declared: a double declared with width 0 became ``Real(1.N)`` and every area was cut to
one digit), values are rounded to the declared decimals before they are written (so GeoPackage,
Shapefile, GeoJSON and FlatGeobuf outputs hold the same numbers), shapefile field names are cut
to 10 characters by a documented rule, and shapefiles get a ``.cpg`` (UTF-8, or GBK when the
MultiPlan setting asks for it).
"""
import math
import os

from qgis.core import QgsFeatureSink, QgsField, QgsFields, QgsProcessingOutputLayerDefinition, QgsProperty
from qgis.PyQt.QtCore import QCoreApplication

from ..compat import DOUBLE, LONG_LONG, STRING, field_is, make_field
from ..core.progress import stage
from .messages import cancelled_error, write_error

_QTYPES = {float: (DOUBLE, "double"), int: (LONG_LONG, "integer64"), str: (STRING, "string")}
#: Declared widths: doubles hold county areas in m² with their decimals; 64-bit integers; text
#: of unknown length is unbounded (GeoPackage TEXT) except in a shapefile, whose DBF allows 254 bytes.
DOUBLE_WIDTH, INTEGER_WIDTH, SHAPEFILE_TEXT_WIDTH = 20, 18, 254
SHAPEFILE_NAME_LENGTH = 10
#: How users and GDAL spell the Chinese national encoding of a shapefile's .cpg
GBK_NAMES = ("GBK", "GB18030", "CP936")


def new_field(name, python_type, length=0, precision=0):
    """A field with a real width: doubles ``DOUBLE_WIDTH`` wide with ``precision`` decimals,
    integers ``INTEGER_WIDTH``, text ``length`` characters (0 = unbounded)."""
    qtype, type_name = _QTYPES[python_type]
    if python_type is float:
        return make_field(name, qtype, type_name, max(length, DOUBLE_WIDTH), precision)
    if python_type is int:
        return make_field(name, qtype, type_name, max(length, INTEGER_WIDTH), 0)
    return make_field(name, qtype, type_name, length, 0)


def fields_from_spec(spec):
    """QgsFields from ``[(name, python type, n), …]``: n is the decimals of a float and the width
    of a text (0 = unbounded); it is ignored for integers."""
    fields = QgsFields()
    for name, python_type, number in spec:
        if python_type is str:
            fields.append(new_field(name, str, number))
        else:
            fields.append(new_field(name, python_type, 0, number if python_type is float else 0))
    return fields


def static_destination(value):
    """The destination a parameter value names, as text ('' when none); None for an expression,
    which only Processing can resolve."""
    if isinstance(value, QgsProcessingOutputLayerDefinition):
        value = value.sink
    if isinstance(value, QgsProperty):
        if value.propertyType() != QgsProperty.StaticProperty:
            return None
        value = value.staticValue()
    return "" if value is None else str(value)


def is_shapefile(destination):
    return destination.split("|")[0].strip().lower().endswith(".shp")


def is_flatgeobuf(destination):
    return destination.split("|")[0].strip().lower().endswith(".fgb")


def shapefile_names(names):
    """{name: name in a shapefile} for field names: names of up to 10 characters stay; longer ones
    are cut to 10, and when that repeats a name already taken, to 8 plus ``_2``, ``_3`` …"""
    result, taken = {}, {name.upper() for name in names if len(name) <= SHAPEFILE_NAME_LENGTH}
    for name in names:
        if len(name) <= SHAPEFILE_NAME_LENGTH:
            result[name] = name
            continue
        candidate, number = name[:SHAPEFILE_NAME_LENGTH], 1
        while candidate.upper() in taken:
            number += 1
            suffix = f"_{number}"
            candidate = name[:SHAPEFILE_NAME_LENGTH - len(suffix)] + suffix
        taken.add(candidate.upper())
        result[name] = candidate
    return result


def output_fields(fields, shapefile, encoding="UTF-8"):
    """``fields`` as declared in the output: unbounded text gets the shapefile's 254 bytes and long
    names are cut there; returns (QgsFields, {old name: new name} of the renamed ones).

    A text field's width counts characters (GeoPackage, QGIS) but a shapefile's counts bytes: a
    text width of n characters is declared n × the encoding's longest character in bytes there
    (4 in UTF-8, 2 in GBK; at most 254), so a text that fits the field fits the shapefile whole.
    """
    renamed = shapefile_names(fields.names()) if shapefile else {}
    result = QgsFields()
    for field in fields:
        copy = QgsField(field)
        if shapefile:
            copy.setName(renamed[field.name()])
            if field_is(copy, STRING):
                width = copy.length() * bytes_per_character(encoding)
                copy.setLength(SHAPEFILE_TEXT_WIDTH if width <= 0 else min(width, SHAPEFILE_TEXT_WIDTH))
            if field_is(copy, DOUBLE) and copy.length() <= 0:
                copy.setLength(DOUBLE_WIDTH + 4)
                copy.setPrecision(copy.precision() or 10)
        result.append(copy)
    return result, {old: new for old, new in renamed.items() if old != new}


def bytes_per_character(encoding):
    """The most bytes one character takes in ``encoding`` (a shapefile's: UTF-8 or GBK)."""
    return 2 if encoding.upper() in GBK_NAMES else 4


class RoundingSink:
    """A feature sink that writes what the declared fields can hold, the same in every format:
    doubles rounded to their declared decimals, texts cut to their declared width (in bytes of
    the file's encoding for a shapefile), with a count of the texts cut."""

    def __init__(self, sink, fields, shapefile=False, encoding="UTF-8", characters=None, output=None):
        """``fields``: as declared in the output; ``characters``: the fields as the algorithm gave
        them, whose text widths (in characters) every format keeps (a shapefile's declared width
        is in bytes). ``output``: the output's label when it is a FlatGeobuf file, which drops
        features without geometry (GDAL 3.6): writing one is refused, naming the output."""
        self.sink = sink
        self.needs_geometry = output
        self.doubles = [(index, field.precision()) for index, field in enumerate(fields)
                        if field_is(field, DOUBLE) and field.precision() > 0]
        given = list(characters) if characters is not None else list(fields)
        self.texts = [(index, field.length(), given[index].length() if shapefile else 0, field.name())
                      for index, field in enumerate(fields) if field_is(field, STRING) and field.length() > 0]
        self.shapefile, self.encoding = shapefile, encoding
        self.shortened = {}  # field name → number of values cut (to the width, or a shapefile's bytes)
        self.narrowed = {}  # in a shapefile: field name → values cut to the field's width in characters

    def fit(self, attributes):
        """``attributes`` (a list, changed in place) with what the declared fields can hold;
        whether any value changed."""
        changed = False
        for index, decimals in self.doubles:
            if index < len(attributes):
                value = attributes[index]
                if isinstance(value, float) and math.isfinite(value):
                    rounded = round(value, decimals) + 0.0  # + 0.0: no -0.0
                    if rounded != value:
                        attributes[index] = rounded
                        changed = True
        for index, width, characters, name in self.texts:
            if index < len(attributes) and isinstance(attributes[index], str):
                text = attributes[index]
                if 0 < characters < len(text):  # longer than the field's width in any format
                    text = text[:characters]
                    self.narrowed[name] = self.narrowed.get(name, 0) + 1
                fitted = _fit_text(text, width, self.encoding if self.shapefile else None)
                if fitted != text:
                    self.shortened[name] = self.shortened.get(name, 0) + 1
                if fitted != attributes[index]:
                    attributes[index] = fitted
                    changed = True
        return changed

    def _fitted(self, feature):
        self._check_geometry(feature)
        attributes = feature.attributes()
        if self.fit(attributes):
            feature.setAttributes(attributes)
        return feature

    def addFeature(self, feature, flags=QgsFeatureSink.Flags()):  # noqa: N802 (QgsFeatureSink API)
        return self.sink.addFeature(self._fitted(feature), flags)

    def addFeatures(self, features, flags=QgsFeatureSink.Flags()):  # noqa: N802
        return self.sink.addFeatures([self._fitted(feature) for feature in features], flags)

    def add_with_values(self, feature, attributes, flags=QgsFeatureSink.FastInsert):
        """Write ``feature`` with ``attributes`` (a list of Python values), fitted before they are
        set: the same as ``setAttributes`` + ``addFeature`` without reading them back."""
        self._check_geometry(feature)
        self.fit(attributes)
        feature.setAttributes(attributes)
        return self.sink.addFeature(feature, flags)

    def _check_geometry(self, feature):
        if self.needs_geometry and (not feature.hasGeometry() or feature.geometry().isEmpty()):
            from qgis.core import QgsProcessingException

            raise QgsProcessingException(QCoreApplication.translate(
                "MultiPlanSinks", "Output {}: a FlatGeobuf file cannot hold features without a location, and this "
                                  "result has some; write a GeoPackage or a shapefile instead.").format(
                self.needs_geometry))

    def __getattr__(self, name):
        return getattr(self.sink, name)


def _fit_text(text, width, encoding=None):
    """``text`` cut to ``width`` characters, or to ``width`` bytes in ``encoding`` (never inside a character)."""
    if encoding is None:
        return text[:width]
    try:
        encoded = text.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return text[:width]
    if len(encoded) <= width:
        return text
    return encoded[:width].decode(encoding, errors="ignore")


def shapefile_encoding():
    """The encoding of shapefiles MultiPlan writes: UTF-8, or GBK when the user asks for it
    (MultiPlan setting in Processing ▸ Options ▸ Providers, or MULTIPLAN_SHAPEFILE_ENCODING)."""
    from .settings import setting_value

    value = (setting_value("SHAPEFILE_ENCODING") or "UTF-8").strip().upper()
    return "GBK" if value in GBK_NAMES else "UTF-8"


def log_shortened(sinks, feedback):
    """Tell the user which texts a shapefile (or a declared width) could not hold whole;
    ``sinks``: (output name, RoundingSink.shortened, whether a shapefile)."""
    for name, shortened, shapefile in sinks:
        for field, count in shortened.items():
            if shapefile:
                feedback.pushWarning(QCoreApplication.translate(
                    "MultiPlanSinks", "Output {}: {} texts of field {} were longer than a shapefile field holds "
                                      "(254 bytes, about 84 Chinese characters) and were shortened; write a "
                                      "GeoPackage to keep them whole.").format(name, count, field))
            else:
                feedback.pushWarning(QCoreApplication.translate(
                    "MultiPlanSinks", "Output {}: {} texts of field {} were longer than the field's width and were "
                                      "shortened.").format(name, count, field))


def extended_fields(fields, added):
    """``fields`` plus ``added`` (QgsField list); a field that already exists is reused, so that
    re-running a tool on its own output replaces values instead of adding ``_2`` columns."""
    result = QgsFields(fields)
    for field in added:
        if result.indexOf(field.name()) < 0:
            result.append(field)
    return result


def plain(value):
    """Python value for a QVariant: numpy scalars → Python, NaN/None/±inf → NULL."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and not math.isfinite(value):
        return None
    return value


def write_with_values(sink, features, fields, columns, feedback, progress_start=0.0, progress_end=100.0):
    """Write every feature with the values of ``columns`` ({field name: sequence, one per feature})."""
    with stage("write features"):
        _write_with_values(sink, features, fields, columns, feedback, progress_start, progress_end)


def _write_with_values(sink, features, fields, columns, feedback, progress_start, progress_end):
    indices = {name: fields.indexOf(name) for name in columns}
    count = max(len(features), 1)
    add = _adder(sink)
    for number, feature in enumerate(features):
        if feedback.isCanceled():
            raise cancelled_error()
        attributes = feature.attributes() + [None] * (fields.count() - len(feature.attributes()))
        for name, values in columns.items():
            attributes[indices[name]] = plain(values[number])
        feature.setFields(fields, False)
        if not add(feature, attributes):
            raise write_error(sink)
        if number % 1000 == 0:
            feedback.setProgress(progress_start + (progress_end - progress_start) * number / count)


def _adder(sink):
    """``add(feature, attributes)`` for ``sink``: a RoundingSink fits the values as they are set."""
    fitting = getattr(sink, "add_with_values", None)
    if fitting is not None:
        return fitting

    def add(feature, attributes):
        feature.setAttributes(attributes)
        return sink.addFeature(feature, QgsFeatureSink.FastInsert)
    return add


def write_table(sink, fields, table, geometries, feedback, progress_start=0.0, progress_end=100.0):
    """Write one feature per row of ``table`` (columns named as ``fields``) with its geometry.

    ``geometries`` are shapely geometries aligned with the rows; written as multi-polygons.
    """
    with stage("write features"):
        _write_table(sink, fields, table, geometries, feedback, progress_start, progress_end)


def _write_table(sink, fields, table, geometries, feedback, progress_start, progress_end):
    from qgis.core import QgsFeature

    from .layer_io import qgs_geometries

    names = [field.name() for field in fields]
    columns = [table[name].to_numpy(dtype=object) if name in table else [None] * len(table) for name in names]
    count = max(len(table), 1)
    add = _adder(sink)
    for number, geometry in enumerate(qgs_geometries(geometries[:len(table)])):
        if feedback.isCanceled():
            raise cancelled_error()
        feature = QgsFeature(fields)
        feature.setGeometry(geometry)
        if not add(feature, [plain(column[number]) for column in columns]):
            raise write_error(sink)
        if number % 1000 == 0:
            feedback.setProgress(progress_start + (progress_end - progress_start) * number / count)


def remove_files(*paths):
    """Delete files (a run's temporary raster, stale sidecars of an earlier result); missing or
    locked ones are left alone."""
    for path in paths:
        if path and os.path.isfile(path):
            try:
                os.remove(path)
            except OSError:
                pass
