"""Which text encoding a shapefile's attribute table (.dbf) uses.

Chinese shapefiles are very often GBK-encoded and come without a .cpg file. GDAL then cannot
know the encoding and QGIS shows mojibake ('ˮ��' for 水田). We look, in order, at:
1. the .cpg file next to the .dbf;
2. the DBF header's language driver id (LDID, byte 29);
3. the bytes themselves: valid UTF-8 → UTF-8, otherwise valid GB18030 (a superset of GBK) → GBK.
"""
import struct
from dataclasses import dataclass
from pathlib import Path

# .cpg spellings seen in the wild → Python codec names.
_CPG_ALIASES = {
    "936": "gbk", "cp936": "gbk", "gbk": "gbk", "gb2312": "gbk", "gb18030": "gb18030",
    "ansi 936": "gbk", "utf-8": "utf-8", "utf8": "utf-8", "65001": "utf-8",
    "950": "big5", "big5": "big5", "1252": "cp1252", "ansi 1252": "cp1252",
    "iso-8859-1": "latin-1", "88591": "latin-1",
}
# ESRI/dBase language driver ids for Chinese code pages.
_LDID = {0x4D: "gbk", 0x7A: "gbk", 0x4F: "big5", 0x78: "big5"}
_SNIFF_BYTES = 2_000_000


@dataclass(frozen=True)
class EncodingGuess:
    encoding: str  # Python codec name, e.g. "gbk" or "utf-8"
    source: str  # "cpg", "ldid" or "content"
    detail: str = ""

    @property
    def qgis_name(self):
        """The name QGIS's setProviderEncoding expects."""
        return {"gbk": "GBK", "utf-8": "UTF-8", "big5": "Big5", "gb18030": "GB18030",
                "cp1252": "windows-1252", "latin-1": "ISO-8859-1"}.get(self.encoding, self.encoding)


def detect_dbf_encoding(path):
    """Guess the encoding of ``path`` (.shp or .dbf). Returns an :class:`EncodingGuess`."""
    dbf = Path(path).with_suffix(".dbf")
    if not dbf.exists():
        dbf = Path(path).with_suffix(".DBF")
    cpg = next((p for p in (dbf.with_suffix(".cpg"), dbf.with_suffix(".CPG")) if p.exists()), None)
    if cpg is not None:
        declared = cpg.read_text(encoding="ascii", errors="replace").strip()
        codec = _CPG_ALIASES.get(declared.lower())
        if codec:
            return EncodingGuess(codec, "cpg", f"{cpg.name} declares {declared}")
    with open(dbf, "rb") as handle:
        header = handle.read(32)
        ldid = header[29]
        if ldid in _LDID:
            return EncodingGuess(_LDID[ldid], "ldid", f"DBF language driver 0x{ldid:02X}")
        header_length = struct.unpack("<H", header[8:10])[0]
        handle.seek(32)
        field_block = handle.read(max(header_length - 32, 0))
        sample = field_block + handle.read(_SNIFF_BYTES)
    return _guess_from_bytes(sample)


def _guess_from_bytes(sample):
    if all(byte < 0x80 for byte in sample):
        return EncodingGuess("utf-8", "content", "only ASCII text")
    try:
        sample.decode("utf-8")
        return EncodingGuess("utf-8", "content", "text is valid UTF-8")
    except UnicodeDecodeError as error:
        if error.start > len(sample) - 4:  # a character cut off by the sample's end
            return EncodingGuess("utf-8", "content", "text is valid UTF-8")
    try:
        sample.decode("gb18030")
        return EncodingGuess("gbk", "content", "text is not UTF-8 but valid GBK")
    except UnicodeDecodeError:
        return EncodingGuess("latin-1", "content", "text is neither UTF-8 nor GBK")
