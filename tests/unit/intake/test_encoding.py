"""core.intake.encoding: the encoding of a shapefile's attributes (GBK files without .cpg)."""
from factories import write_shapefile
from multiplan.core.intake.encoding import detect_dbf_encoding


def test_gbk_shapefile_without_cpg_is_detected_from_its_bytes(tmp_path):
    path = write_shapefile(tmp_path, "CP936", ["水田", "乔木林地", "城镇住宅用地"], keep_cpg=False)
    assert not path.with_suffix(".cpg").exists()
    guess = detect_dbf_encoding(path)
    assert (guess.encoding, guess.source, guess.qgis_name) == ("gbk", "content", "GBK")
    raw = path.with_suffix(".dbf").read_bytes()
    assert "乔木林地".encode("gbk") in raw  # the file really is GBK


def test_utf8_shapefile_without_cpg_is_detected_as_utf8(tmp_path):
    path = write_shapefile(tmp_path, "UTF-8", ["水田", "旱地"], keep_cpg=False)
    assert detect_dbf_encoding(path).encoding == "utf-8"


def test_cpg_file_wins(tmp_path):
    path = write_shapefile(tmp_path, "CP936", ["水田"], keep_cpg=True)
    guess = detect_dbf_encoding(path)
    assert (guess.encoding, guess.source) == ("gbk", "cpg")


def test_ldid_936_is_gbk(tmp_path):
    path = write_shapefile(tmp_path, "CP936", ["水田"], keep_cpg=False)
    with open(path.with_suffix(".dbf"), "r+b") as handle:
        handle.seek(29)
        handle.write(b"\x4d")
    assert (detect_dbf_encoding(path).encoding, detect_dbf_encoding(path).source) == ("gbk", "ldid")
