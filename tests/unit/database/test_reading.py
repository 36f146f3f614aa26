"""Reading a planning database (core/database/reading.py): a file that is not one is refused the
same way whether or not the host turned GDAL exceptions on (QGIS 3.40's Processing does)."""
import pytest
from osgeo import gdal

from multiplan.core.database.reading import DatabaseError, read_database


@pytest.mark.parametrize("exceptions", [False, True])
def test_a_gpkg_that_is_no_database_is_a_format_error_with_or_without_gdal_exceptions(tmp_path, exceptions, capfd):
    broken = tmp_path / "规划数据库.gpkg"
    broken.write_bytes(b"not a GeoPackage at all" * 10)
    was = gdal.GetUseExceptions()
    (gdal.UseExceptions if exceptions else gdal.DontUseExceptions)()
    try:
        with pytest.raises(DatabaseError) as error:
            read_database(broken)
    finally:
        (gdal.UseExceptions if was else gdal.DontUseExceptions)()
    assert error.value.reason == "format"
    assert "ERROR" not in capfd.readouterr().err  # quietly: the caller reports it in the user's words
