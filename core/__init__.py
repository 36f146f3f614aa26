"""Planning logic of MultiPlan that needs no GUI (shapely, numpy, pandas, GDAL, pyproj).

Nothing here may import ``qgis``: the modules are used by the Processing algorithms,
the docks and the command-line scripts alike, and are unit-tested without QGIS.
"""
from pathlib import Path

RESOURCES = Path(__file__).resolve().parents[1] / "resources"  # the plugin's editable tables and styles
