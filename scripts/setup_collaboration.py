"""scripts/setup-collaboration: the collaboration schema from a patch layer, for administrators."""
import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / ".build" / "plugins"))

import pandas as pd  # noqa: E402
import shapely  # noqa: E402
from osgeo import ogr  # noqa: E402

from multiplan.core.collaboration import schema as cs  # noqa: E402
from multiplan.core.database.reading import read_ogr_layer  # noqa: E402


def main(argv=None):
    parser = argparse.ArgumentParser(description="Create the MultiPlan collaboration schema in a PostGIS database.")
    parser.add_argument("dsn", help='libpq connection string, e.g. "host=db dbname=duoguiheyi user=postgres"')
    parser.add_argument("patches", help="difference patches (GeoPackage, shapefile … with CYTBBH)")
    parser.add_argument("layer", nargs="?", help="layer name in the file (default: the first)")
    parser.add_argument("--schema", default=cs.DEFAULT_SCHEMA)
    parser.add_argument("--departments", help="edited department table (CSV)")
    args = parser.parse_args(argv)
    import psycopg2

    ogr.UseExceptions()
    dataset = ogr.Open(args.patches)
    layer = dataset.GetLayerByName(args.layer) if args.layer else dataset.GetLayer(0)
    if layer is None:
        parser.error(f"no layer {args.layer} in {args.patches}")
    srs = layer.GetSpatialRef()
    try:
        srs.AutoIdentifyEPSG()
        srid = int(srs.GetAuthorityCode(None))
    except (AttributeError, RuntimeError, TypeError):
        parser.error("the patches have no CRS with an EPSG code: reproject them to a CGCS2000 zone first")
    data = read_ogr_layer(layer, layer.GetName(), args.patches)
    attributes = pd.DataFrame({name: values for name, values in data.values.items()})
    wkb = [None if g is None else shapely.to_wkb(g) for g in data.geometries]
    try:
        departments = cs.load_departments(args.departments)
        connection = psycopg2.connect(args.dsn)
        count, imported = cs.setup(connection, args.schema, wkb, attributes, srid, departments)
    except (cs.CollaborationError, psycopg2.Error) as error:
        print(f"setup-collaboration: {error}".strip(), file=sys.stderr)
        return 1
    print(f"schema {args.schema}: {count} patches, {imported} decisions imported; roles "
          f"{', '.join(d.role for d in departments)} (NOLOGIN: GRANT them to people's login roles)")
    return 0


if __name__ == "__main__":
    sys.exit(main())


