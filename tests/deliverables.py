"""What an office hands over must read in the user's language: helpers that find English
sentences and machine paths in reports, pages, layers and logs (used by many tests).

An *English sentence* is three or more English words in a row ("is below the minimum",
"not checked (no suitability"); codes (HX_NT, DLBM, EPSG:4527, CGCS2000, GB/T 21010), units
(m², ha) and single words (QGIS) are not sentences. A *machine path* is an absolute path
(/home/…, /tmp/…, C:\\…): deliverables name files, not where they lay on one computer.
"""
import re
import zipfile
from pathlib import Path

ENGLISH_SENTENCE = re.compile(r"(?<![A-Za-z_])[A-Za-z]{2,}(?:[ \t,;:'’()\-/]+[A-Za-z]{2,}){2,}(?![A-Za-z_])")
ABSOLUTE_PATH = re.compile(r"(?:(?<![\w.])/(?:[\w.\-\u4e00-\u9fff]+/)+[\w.\-\u4e00-\u9fff]*"
                           r"|\b[A-Za-z]:\\[^\s\"'<>]+)")
# Words that legitimately run together in Chinese deliverables (names of things, not sentences).
ALLOWED = ("Microsoft YaHei",)
# A word after a dot is a file extension (项目红线坐标.txt names a file), not English.
ENGLISH_WORD = re.compile(r"(?<![A-Za-z0-9_.])[A-Za-z][A-Za-z']+(?![A-Za-z0-9_])")
#: Words a Chinese report may contain: product and format names, units, the datum.
ALLOWED_WORDS = {"QGIS", "GeoPackage", "Excel", "Shapefile", "GeoJSON", "FlatGeobuf", "GDAL", "PostGIS", "TXT",
                 "ha", "mu", "km", "kg", "CGCS2000", "Gauss", "Kruger", "Krüger", "AHP", "CR", "CI", "RI", "WGS"}


def english_sentences(text):
    """The English sentences in ``text`` (empty list when there are none)."""
    found = []
    for match in ENGLISH_SENTENCE.finditer(str(text)):
        phrase = match.group(0)
        if any(allowed in phrase for allowed in ALLOWED):
            continue
        found.append(phrase)
    return found


FILE_NAME = re.compile(r"[^\s“”\"'（）()]+\.(?:gpkg|xlsx|csv|tif|tiff|shp|geojson|fgb|html|txt|qml|json|model3)\b",
                       re.IGNORECASE)


def english_words(text):
    """Single English words (not codes in capitals, not product names or units, not file names):
    under a Chinese locale a report says 未检查, not "no"."""
    return [word for word in ENGLISH_WORD.findall(FILE_NAME.sub(" ", str(text)))
            if not (word.isupper() or word in ALLOWED_WORDS)]


def absolute_paths(text):
    return [match.group(0) for match in ABSOLUTE_PATH.finditer(str(text))
            if not match.group(0).startswith(("//", "/>"))]


def workbook_texts(path):
    """Every text cell of an .xlsx, with sheet names, as (where, text)."""
    from openpyxl import load_workbook

    workbook = load_workbook(path, read_only=True)
    texts = [(f"{Path(path).name}: sheet name", name) for name in workbook.sheetnames]
    for sheet in workbook.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if isinstance(cell.value, str):
                    texts.append((f"{Path(path).name} {sheet.title}!{cell.coordinate}", cell.value))
    workbook.close()
    return texts


def html_texts(path):
    """The visible text of an HTML page (tags, styles and scripts removed), as (where, text)."""
    source = Path(path).read_text(encoding="utf-8")
    source = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", source)
    titles = re.findall(r'(?i)\b(?:alt|title)="([^"]*)"', source)
    text = re.sub(r"(?s)<[^>]+>", "\n", source)
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    return [(Path(path).name, line) for line in lines + titles]


def layer_texts(path, layer=None):
    """Every text attribute of a vector file, as (where, text)."""
    from osgeo import ogr

    source = ogr.Open(str(path))
    texts = []
    layers = ([source.GetLayerByName(layer)] if layer else
              [source.GetLayer(i) for i in range(source.GetLayerCount())
               if source.GetLayer(i).GetName() not in ("layer_styles",)])  # QGIS's stored styles
    for item in layers:
        definition = item.GetLayerDefn()
        names = [definition.GetFieldDefn(i).GetName() for i in range(definition.GetFieldCount())
                 if definition.GetFieldDefn(i).GetType() == ogr.OFTString]
        for feature in item:
            for name in names:
                value = feature.GetField(name)
                if value:
                    texts.append((f"{Path(path).name} {item.GetName()}.{name}#{feature.GetFID()}", value))
    return texts


def problems_in(texts, words=False):
    """[(where, what, text)] for every English sentence (or word, with ``words``) or machine path."""
    found = []
    for where, text in texts:
        for phrase in english_sentences(text):
            found.append((where, "English", phrase))
        if words and not english_sentences(text):
            found += [(where, "English word", word) for word in english_words(text)]
        for path in absolute_paths(text):
            found.append((where, "path", path))
    return found


def deliverable_problems(folder, words=False):
    """Problems in every report (.xlsx), page (.html), CSV, text log and vector layer under ``folder``."""
    texts = []
    for path in sorted(Path(folder).rglob("*")):
        if any(part.startswith(".") for part in path.relative_to(folder).parts):
            continue
        suffix = path.suffix.lower()
        if suffix == ".xlsx" and zipfile.is_zipfile(path):
            texts += workbook_texts(path)
        elif suffix in (".html", ".htm"):
            texts += html_texts(path)
        elif suffix in (".csv", ".log", ".txt"):
            raw = path.read_bytes()
            for encoding in ("utf-8-sig", "gb18030"):
                try:
                    content = raw.decode(encoding)
                    break
                except UnicodeDecodeError:
                    continue
            texts += [(f"{path.name}:{number}", line) for number, line in enumerate(content.splitlines(), 1)]
        elif suffix in (".gpkg", ".shp", ".geojson", ".fgb"):
            texts += layer_texts(path)
    return problems_in(texts, words)
