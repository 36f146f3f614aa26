"""The versioned blueprint store (动态更新): every version of the 一张蓝图 in one GeoPackage.

Layout (the same tables fit PostGIS):

* ``YZLT`` 一张蓝图 — the pieces of every version: the blueprint's own fields, plus ``TBID`` (a
  piece's id, never reused), ``BBQ`` (the version that created it) and ``BBZ`` (the version that
  retired it; NULL while it is current). A piece belongs to version v when BBQ ≤ v and
  (BBZ is NULL or BBZ > v). Nothing is ever deleted: a change retires pieces and adds new ones.
* ``YZLT_BB`` 版本记录 — one row per version: ``BBH`` number, ``RQ`` date of the approval, ``PWH``
  批文号, ``LX`` kind (初始/调整/修改/局部修改), ``YY`` reason, ``CZR`` who, ``BZ`` note, ``SJ`` when it
  was written, ``TBS`` pieces in the version, ``TZKZX`` the control lines the approval adjusted
  (a change the lines forbid, accepted with ADJUSTS_LINES) with the area of each: "永久基本农田
  900.00 平方米"; empty when no line was crossed. A store made before TZKZX existed gets it on its
  first such change.
* ``YZLT_BG`` 变更记录 — one row per piece a version retired or created: ``BBH``, ``TBID``, ``CZ``
  (废止 retired / 新增 created), ``YDYHDM`` its code, ``MJ`` its ellipsoidal area (m²).

The same tables work in a PostGIS schema (``PG:… active_schema=<schema>``, GDAL's PostgreSQL
driver, field names kept as they are): the store of a county can live beside its shared review.
Version 1 is the blueprint as ``build_blueprint`` wrote it. :func:`apply_change` writes the next
version in one SQLite transaction: a failure, a refusal or a killed process leaves the store as
it was.
"""
import datetime
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import shapely
from osgeo import gdal, ogr, osr

from ..areas import polygon_areas
from ..control_lines.optimisation import LINES
from ..database.reading import read_ogr_layer as read_layer
from ..intake.landuse import load_classification
from ..units import to_hectares, to_mu
from .update import plan_update

LAYER, VERSIONS, CHANGES = "YZLT", "YZLT_BB", "YZLT_BG"
ID, FROM, TO = "TBID", "BBQ", "BBZ"
STORE_FIELDS = (ID, FROM, TO)
VERSION_FIELDS = (("BBH", ogr.OFTInteger), ("RQ", ogr.OFTString), ("PWH", ogr.OFTString), ("LX", ogr.OFTString),
                  ("YY", ogr.OFTString), ("CZR", ogr.OFTString), ("BZ", ogr.OFTString), ("SJ", ogr.OFTString),
                  ("TBS", ogr.OFTInteger), ("TZKZX", ogr.OFTString))
CHANGE_FIELDS = (("BBH", ogr.OFTInteger), ("TBID", ogr.OFTInteger64), ("CZ", ogr.OFTString),
                 ("YDYHDM", ogr.OFTString), ("MJ", ogr.OFTReal))
RETIRED, CREATED = "废止", "新增"
#: The blueprint fields a created piece fills (others stay empty); area fields are recomputed for
#: every new piece, remainders included.
CODE_FIELD, NAME_FIELD, LEVEL1_FIELD, CONSTRUCTION_FIELD, SOURCE_FIELD = "YDYHDM", "YDYHMC", "YDYHYJL", "JSYD", "DMLY"
AREA_FIELDS = {"AREA_HA": to_hectares, "AREA_MU": to_mu}


class StoreError(ValueError):
    """Not a blueprint store, or a version that does not exist."""


@dataclass
class Snapshot:
    """One version: pieces (shapely), their attributes (the blueprint's fields), ids, the version."""

    geometries: np.ndarray
    attributes: pd.DataFrame
    ids: np.ndarray
    version: int
    crs_wkt: str


def is_postgis(path):
    """Whether ``path`` names a PostGIS store: ``PG:<libpq connection> active_schema=<schema>``."""
    return str(path).startswith("PG:")


def create_store(path, geometries, attributes, crs, approval="", date=None, reason="", author="", note=""):
    """A new store at ``path`` holding version 1: ``geometries`` (the blueprint's pieces) with
    ``attributes`` (a DataFrame of its fields). ``path`` — a GeoPackage file, or a PostGIS schema
    as ``PG:host=… dbname=… active_schema=…`` (the same tables) — must not hold a store yet."""
    attributes = attributes.reset_index(drop=True)
    srs = osr.SpatialReference()
    srs.SetFromUserInput(crs)
    if is_postgis(path):
        dataset = gdal.OpenEx(str(path), gdal.OF_VECTOR | gdal.OF_UPDATE)
        if dataset is None:
            raise StoreError(f"cannot open the database {_shown(path)}")
        if dataset.GetLayerByName(LAYER) is not None:
            raise StoreError(f"{_shown(path)} already holds a blueprint store")
        options = ["LAUNDER=NO", "GEOMETRY_NAME=geom", "FID=fid"]  # field names as the GeoPackage has them
    else:
        path = Path(path)
        if path.exists():
            raise StoreError(f"{path} already exists")
        dataset = ogr.GetDriverByName("GPKG").CreateDataSource(str(path))
        options = []
    layer = dataset.CreateLayer(LAYER, srs, ogr.wkbMultiPolygon, options=options)
    for name in attributes.columns:
        layer.CreateField(ogr.FieldDefn(name, _ogr_type(attributes[name])))
    for name, kind in ((ID, ogr.OFTInteger64), (FROM, ogr.OFTInteger), (TO, ogr.OFTInteger)):
        layer.CreateField(ogr.FieldDefn(name, kind))
    for name, fields in ((VERSIONS, VERSION_FIELDS), (CHANGES, CHANGE_FIELDS)):
        table = dataset.CreateLayer(name, None, ogr.wkbNone, options=options)
        for field_name, kind in fields:
            table.CreateField(ogr.FieldDefn(field_name, kind))
    _unique_indexes(dataset)
    dataset.StartTransaction()
    ids = np.arange(1, len(geometries) + 1)
    _insert_pieces(dataset.GetLayerByName(LAYER), geometries, attributes, ids, 1)
    _insert_version(dataset, 1, date, approval, "初始", reason, author, note, len(geometries))
    dataset.CommitTransaction()
    dataset = None
    return 1


def versions(path):
    """The versions table (BBH, RQ, PWH, LX, YY, CZR, BZ, SJ, TBS, TZKZX), oldest first."""
    dataset = _open(path)
    table = dataset.GetLayerByName(VERSIONS)
    present = {name for name, _ in VERSION_FIELDS if table.GetLayerDefn().GetFieldIndex(name) >= 0}
    rows = [{name: feature.GetField(name) if name in present else None for name, _ in VERSION_FIELDS}
            for feature in table]
    return pd.DataFrame(rows, columns=[name for name, _ in VERSION_FIELDS]).sort_values("BBH", ignore_index=True)


def changes(path, version=None):
    """The change records (BBH, TBID, CZ, YDYHDM, MJ), of one version or all."""
    dataset = _open(path)
    table = dataset.GetLayerByName(CHANGES)
    if version is not None:
        table.SetAttributeFilter(f'"BBH" = {int(version)}')
    rows = [{name: feature.GetField(name) for name, _ in CHANGE_FIELDS} for feature in table]
    return pd.DataFrame(rows, columns=[name for name, _ in CHANGE_FIELDS])


def resolve_version(path, version=None, date=None):
    """The version number asked for: ``version``, else the last one approved on or before ``date``
    (ISO text), else the current one."""
    table = versions(path)
    if version is not None:
        if int(version) not in set(table["BBH"]):
            raise StoreError(f"version {version} does not exist (versions 1 to {int(table['BBH'].max())})")
        return int(version)
    if date is not None:
        before = table[table["RQ"].fillna("") <= str(date)]
        if not len(before):
            raise StoreError(f"no version was approved on or before {date}")
        return int(before["BBH"].max())
    return int(table["BBH"].max())


def as_of(path, version=None, date=None):
    """The blueprint as it was in ``version`` (or on ``date``; default the current version)."""
    number = resolve_version(path, version, date)
    dataset = _open(path)
    layer = dataset.GetLayerByName(LAYER)
    layer.SetAttributeFilter(f'"{FROM}" <= {number} AND ("{TO}" IS NULL OR "{TO}" > {number})')
    read = read_layer(layer, LAYER)  # whole columns through GDAL's Arrow stream where it has one
    names = [spec.name for spec in read.fields]
    frame = pd.DataFrame({name: read.values[name] for name in names}, columns=names)
    ids = frame[ID].to_numpy(dtype=np.int64) if len(frame) else np.empty(0, dtype=np.int64)
    attributes = frame.drop(columns=list(STORE_FIELDS)).reset_index(drop=True)
    for spec in read.fields:  # integer and real columns back to their dtypes (NULLs as NaN)
        if spec.name in attributes.columns and spec.kind in ("Int", "Double", "Float"):
            converted = pd.to_numeric(attributes[spec.name], errors="coerce")
            attributes[spec.name] = converted.astype("Int64") if spec.kind == "Int" and converted.notna().all() \
                else converted
    return Snapshot(read.geometries, attributes, ids, number, read.crs_wkt)


def apply_change(path, package, lines=None, tables_dir=None, now=None):
    """Apply ``package`` (:class:`core.versions.update.ChangePackage`) to the current version and
    write the next one in one transaction. Returns (new version number, the change rows).
    :class:`core.versions.update.UpdateRefused` leaves the store untouched."""
    current = as_of(path)
    planned = plan_update(current.geometries, package, current.crs_wkt, lines, tables_dir=tables_dir)
    number = current.version + 1
    retired_ids = current.ids[planned.retired]
    remainder_attributes = current.attributes.iloc[planned.remainder_of].reset_index(drop=True)
    created_attributes = _created_attributes(current.attributes.columns, planned.codes, package, tables_dir)
    geometries = np.concatenate([planned.remainders, planned.created])
    attributes = pd.concat([frame.astype(object) for frame in (remainder_attributes, created_attributes) if len(frame)],
                           ignore_index=True) if len(geometries) else remainder_attributes
    areas = polygon_areas(geometries, current.crs_wkt) if len(geometries) else np.empty(0)
    for name, convert in AREA_FIELDS.items():
        if name in attributes.columns:
            attributes[name] = np.round(convert(areas), 4 if name == "AREA_HA" else 2)
    dataset = _open(path, update=True)
    _unique_indexes(dataset)
    last_id = _max(dataset, LAYER, ID)
    new_ids = np.arange(last_id + 1, last_id + 1 + len(geometries))
    retired_areas = polygon_areas(current.geometries[planned.retired], current.crs_wkt)
    change_rows = pd.DataFrame({
        "BBH": number,
        "TBID": np.concatenate([retired_ids, new_ids]),
        "CZ": [RETIRED] * len(retired_ids) + [CREATED] * len(new_ids),
        CODE_FIELD: list(current.attributes[CODE_FIELD].iloc[planned.retired]) + list(attributes[CODE_FIELD])
        if CODE_FIELD in current.attributes.columns else [None] * (len(retired_ids) + len(new_ids)),
        "MJ": np.concatenate([retired_areas, areas])})
    count = len(current.ids) - len(retired_ids) + len(new_ids)
    # TZKZX (调整控制线): the lines the approval adjusted, by their Chinese names, with the area waived
    waived = "；".join(f"{LINES[rule].zh if rule in LINES else rule} {m2:.2f} 平方米" for rule, m2 in planned.waived)
    table = dataset.GetLayerByName(VERSIONS)
    if waived and table.GetLayerDefn().GetFieldIndex("TZKZX") < 0:  # a store made before the field
        table.CreateField(ogr.FieldDefn("TZKZX", ogr.OFTString))
    if dataset.StartTransaction() != ogr.OGRERR_NONE:
        raise StoreError(f"cannot start a transaction on {_shown(path)}")
    try:
        # Another update may have been written since this one read the current version (a shared
        # PostGIS store): then nothing is written. The unique version number and piece id catch
        # one committed while this transaction runs.
        newest = _max(dataset, VERSIONS, "BBH")
        if newest != current.version or _max(dataset, LAYER, ID) != last_id:
            raise StoreError(f"{_shown(path)} was updated by someone else meanwhile (now version {newest}); "
                             "nothing was written: run the update again")
        layer = dataset.GetLayerByName(LAYER)
        _retire(dataset, retired_ids, number)
        _insert_pieces(layer, geometries, attributes, new_ids, number)
        _insert_version(dataset, number, package.date, package.approval, package.kind, package.reason, package.author,
                        package.note, count, now, waived)
        _insert_changes(dataset, change_rows)
        if dataset.CommitTransaction() != ogr.OGRERR_NONE:
            raise StoreError(f"{_shown(path)}: the update could not be committed ({gdal.GetLastErrorMsg()}); "
                             "nothing was written")
    except BaseException:
        dataset.RollbackTransaction()
        raise
    finally:
        dataset = None
    return number, change_rows


# --------------------------------------------------------------------------- helpers

def _open(path, update=False):
    flags = gdal.OF_VECTOR | (gdal.OF_UPDATE if update else gdal.OF_READONLY)
    dataset = gdal.OpenEx(str(path), flags)
    if dataset is None or dataset.GetLayerByName(LAYER) is None or dataset.GetLayerByName(VERSIONS) is None:
        raise StoreError(f"{_shown(path)} is not a blueprint store (layers {LAYER}, {VERSIONS})")
    return dataset


def _shown(path):
    """A store as messages name it: a PostGIS connection without its password."""
    import re

    return re.sub(r"password=\S+", "password=…", str(path))


def _ogr_type(series):
    if pd.api.types.is_integer_dtype(series) or pd.api.types.is_bool_dtype(series):
        return ogr.OFTInteger64
    if pd.api.types.is_float_dtype(series):
        return ogr.OFTReal
    return ogr.OFTString


def _plain(value):
    if value is None or (isinstance(value, float) and np.isnan(value)):
        return None
    if isinstance(value, (np.integer, np.bool_)):
        return int(value)
    if isinstance(value, np.floating):
        return float(value)
    return value


def _insert_pieces(layer, geometries, attributes, ids, version):
    definition = layer.GetLayerDefn()
    columns = [(definition.GetFieldIndex(name), name) for name in attributes.columns
               if definition.GetFieldIndex(name) >= 0]
    records = attributes.to_dict("records")
    wkb = [shapely.to_wkb(_multi(geometry)) for geometry in geometries]
    for position, piece_id in enumerate(ids):
        feature = ogr.Feature(definition)
        for index, name in columns:
            value = _plain(records[position][name])
            if value is not None:
                feature.SetField(index, value)
        feature.SetField(ID, int(piece_id))
        feature.SetField(FROM, int(version))
        feature.SetGeometryDirectly(ogr.CreateGeometryFromWkb(wkb[position]))
        if layer.CreateFeature(feature) != ogr.OGRERR_NONE:
            raise StoreError(f"cannot write piece {piece_id}: {gdal.GetLastErrorMsg()}")


def _multi(geometry):
    return shapely.multipolygons([geometry]) if geometry.geom_type == "Polygon" else geometry


def _retire(dataset, ids, version):
    """Set BBZ of the pieces ``ids`` (inside the caller's transaction), 500 ids per statement."""
    ids = [int(i) for i in ids]
    for start in range(0, len(ids), 500):
        listed = ",".join(str(i) for i in ids[start:start + 500])
        dataset.ExecuteSQL(f'UPDATE "{LAYER}" SET "{TO}" = {int(version)} WHERE "{ID}" IN ({listed}) AND "{TO}" IS NULL')


def _insert_version(dataset, number, date, approval, kind, reason, author, note, count, now=None, waived=""):
    table = dataset.GetLayerByName(VERSIONS)
    feature = ogr.Feature(table.GetLayerDefn())
    stamp = (now or datetime.datetime.now()).isoformat(timespec="seconds")
    for name, value in (("BBH", number), ("RQ", date or stamp[:10]), ("PWH", approval), ("LX", kind), ("YY", reason),
                        ("CZR", author), ("BZ", note), ("SJ", stamp), ("TBS", count), ("TZKZX", waived)):
        if value not in (None, "") and table.GetLayerDefn().GetFieldIndex(name) >= 0:
            feature.SetField(name, value)
    table.CreateFeature(feature)


def _insert_changes(dataset, rows):
    table = dataset.GetLayerByName(CHANGES)
    for record in rows.to_dict("records"):
        feature = ogr.Feature(table.GetLayerDefn())
        for name, value in record.items():
            value = _plain(value)
            if value is not None:
                feature.SetField(name, value)
        table.CreateFeature(feature)


def _unique_indexes(dataset):
    """Version numbers and piece ids unique in the store (created once; older stores get them on
    their next update), so two updates written at once cannot both become version n + 1."""
    for table, column in ((VERSIONS, "BBH"), (LAYER, ID)):
        dataset.ExecuteSQL(f'CREATE UNIQUE INDEX IF NOT EXISTS "{table}_{column}_unique" ON "{table}" ("{column}")')


def _max(dataset, table, column):
    """The largest ``column`` of ``table`` (0 when it is empty)."""
    result = dataset.ExecuteSQL(f'SELECT MAX("{column}") AS m FROM "{table}"')
    try:
        return int(result.GetNextFeature().GetField(0) or 0)
    finally:
        dataset.ReleaseResultSet(result)


def _created_attributes(columns, codes, package, tables_dir):
    table = load_classification("ydyh2023", tables_dir).set_index("code")
    frame = pd.DataFrame({name: [None] * len(codes) for name in columns}, dtype=object)
    for name, values in ((CODE_FIELD, codes),
                         (NAME_FIELD, [table.at[c, "name"] if c in table.index else None for c in codes]),
                         (LEVEL1_FIELD, [c[:2] for c in codes]),
                         (CONSTRUCTION_FIELD, [int(bool(table.at[c, "construction"])) if c in table.index else None
                                               for c in codes]),
                         (SOURCE_FIELD, [f"变更：{package.approval}"] * len(codes))):
        if name in frame.columns:
            frame[name] = values
    return frame
