"""Excel reports laid out as Chinese planning offices expect them (openpyxl).

Each sheet: a merged title row, a note row (units, area method, date), one bilingual header row
(中文 / English), data rows with fixed number formats, a frozen header, an auto-filter, and
optional 小计 (subtotal) and 合计 (total) rows. Styles are applied before merging cells
(openpyxl loses borders of merged ranges otherwise).
"""
import contextvars
import os
import re
import zipfile
from contextlib import contextmanager
from copy import copy
from dataclasses import dataclass, field
from datetime import date
from xml.etree import ElementTree
from xml.sax.saxutils import escape

import numpy as np
import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE, Cell
from openpyxl.compat.strings import safe_string
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter

from .progress import stage

AREA_M2 = "#,##0.00"
AREA_HA = "#,##0.0000"
AREA_MU = "#,##0.00"
INTEGER = "#,##0"
PERCENT = "0.00%"

_THIN = Side(style="thin", color="808080")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
_TOTAL_FILL = PatternFill("solid", fgColor="F2F2F2")
_FONT = "Microsoft YaHei"  # present on planning offices' Windows machines; LibreOffice substitutes
#: Data rows from which a sheet's rows are written as worksheet XML directly (same cells, values and
#: styles as openpyxl writes; openpyxl's cell objects cost ~10 µs a cell: 4 s for a 16,000-patch ledger).
FAST_ROWS = 2000

# -- language of the deliverables ------------------------------------------------------------------
#: Report languages: Chinese only (a Chinese QGIS), English only, or both side by side (asked for).
ZH, EN, BILINGUAL = "zh", "en", "bilingual"
LANGUAGES = (ZH, EN, BILINGUAL)
_LANGUAGE = contextvars.ContextVar("multiplan_report_language", default=BILINGUAL)


@contextmanager
def report_language(language):
    """Write every report made inside the block in ``language`` (ZH, EN or BILINGUAL).

    Processing sets it once per run from QGIS's language (or the REPORT_LANGUAGE parameter), so
    report builders never need a language argument: they give both wordings with :func:`pick`
    or :class:`Text` and the writer keeps the right one.
    """
    if language not in LANGUAGES:
        raise ValueError(f"unknown report language {language!r}")
    token = _LANGUAGE.set(language)
    try:
        yield language
    finally:
        _LANGUAGE.reset(token)


def current_language():
    return _LANGUAGE.get()


def pick(zh, en, language=None):
    """The wording for the report language: ``zh``, ``en``, or ``"zh en"`` when bilingual."""
    language = language or _LANGUAGE.get()
    if language == ZH or en is None:
        return zh
    if language == EN or zh is None:
        return en
    return zh if zh == en else f"{zh} {en}"


@dataclass(frozen=True)
class Text:
    """A sentence or label with both wordings; rendered in the report language when written."""

    zh: str
    en: str

    def __str__(self):
        return pick(self.zh, self.en)

    def format(self, *args, **kwargs):
        return Text(self.zh.format(*args, **kwargs), self.en.format(*args, **kwargs))


def single_language():
    """The language of values a bilingual report keeps in one wording (cell values, layer texts,
    separators): EN in an English report, else ZH."""
    return EN if _LANGUAGE.get() == EN else ZH


def single(zh, en=None):
    """One wording of a value (see :func:`single_language`): ``single(zh, en)``, or ``single(text)``
    for a :class:`Text`; any other single value passes through."""
    if en is None:
        if not isinstance(zh, Text):
            return zh
        zh, en = zh.zh, zh.en
    return en if single_language() == EN else zh


def render(value):
    """A cell, title or note as written: :class:`Text` in the report language, anything else as is."""
    return str(value) if isinstance(value, Text) else value


@dataclass
class Column:
    key: str  # column of the DataFrame
    zh: str
    en: str
    number_format: str = None
    width: float = None
    summed: bool = False  # added up in 小计 and 合计 rows (areas, counts; not ids or coordinates)


@dataclass
class Sheet:
    name: str  # ≤ 31 characters, Excel's limit
    title: str
    columns: list
    rows: pd.DataFrame
    note: str = ""
    total_label: str = None  # e.g. "合计 Total": sums the numeric columns in a last row
    subtotal_by: str = None  # column key: a 小计 row after each group of equal values
    extra: dict = field(default_factory=dict)
    charts: list = field(default_factory=list)  # Chart: native Excel charts of the sheet's columns


@dataclass
class Chart:
    """A native Excel chart drawn from a sheet's own cells (right of the table)."""

    title: object  # str or Text
    category: str  # column key of the categories (x axis), e.g. the year
    series: list  # column keys of the values; their headers name the series
    y_title: object = ""
    kind: str = "line"  # "line" or "bar"


def write_workbook(path, sheets):
    """Write ``sheets`` (list of :class:`Sheet`) to ``path`` (.xlsx)."""
    with stage("write Excel"):
        return _write_workbook(path, sheets)


def _write_workbook(path, sheets):
    workbook = Workbook()
    workbook.remove(workbook.active)
    rows_xml = {}
    for sheet in sheets:
        worksheet = workbook.create_sheet(sheet.name[:31])
        xml = _write_sheet(worksheet, sheet)
        if xml is not None:
            rows_xml[worksheet.title] = xml
    workbook.save(path)
    if rows_xml:
        _insert_rows(path, rows_xml)
    return path


def area_note(method_label, extra=""):
    """The standard note line: units and area method, plus today's date (in the report language
    current when it is called; ``extra`` may be a :class:`Text`)."""
    parts = [pick("面积单位：平方米、公顷、亩（1 亩 = 2000/3 平方米）", "Units: m², ha, mu (1 mu = 2000/3 m²)"),
             pick("面积计算方法：", "Area method: ") + str(render(method_label)),
             pick("日期：", "Date: ") + f"{date.today():%Y-%m-%d}"]
    if extra:
        parts.append(str(render(extra)))
    return pick("；", "; ").join(parts)


def header_text(column):
    """A column's header in the report language (both on two lines when bilingual)."""
    language = current_language()
    if language == ZH:
        return column.zh
    if language == EN:
        return column.en
    return f"{column.zh}\n{column.en}"


def _write_sheet(worksheet, sheet):
    columns = sheet.columns
    width = len(columns)
    rows = _with_subtotals(sheet) if sheet.subtotal_by else sheet.rows.assign(_kind="data")
    _title(worksheet, 1, render(sheet.title), width, size=14)
    _title(worksheet, 2, render(sheet.note), width, size=9, bold=False, align="left")
    for index, column in enumerate(columns, start=1):
        cell = worksheet.cell(row=3, column=index, value=header_text(column))
        cell.font = Font(name=_FONT, bold=True, size=10)
        cell.fill = _HEADER_FILL
        cell.border = _BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        worksheet.column_dimensions[get_column_letter(index)].width = column.width or _auto_width(column, rows)
    worksheet.row_dimensions[3].height = 30
    styles = {}
    rows_xml = _rows_xml(worksheet, 4, columns, rows, styles) if len(rows) >= FAST_ROWS and not sheet.charts else None
    if rows_xml is None:
        _data_rows(worksheet, 4, columns, rows, styles)
    row_number = 4 + len(rows)
    if sheet.total_label and len(sheet.rows):
        totals = {c.key: pd.to_numeric(sheet.rows[c.key], errors="coerce").sum() for c in columns
                  if c.summed and c.key in sheet.rows}
        totals[columns[0].key] = render(sheet.total_label)
        _data_row(worksheet, row_number, columns, totals, True, styles)
    worksheet.freeze_panes = "A4"
    _print_setup(worksheet)
    if len(rows):
        worksheet.auto_filter.ref = f"A3:{get_column_letter(width)}{3 + len(rows)}"
        for number, chart in enumerate(sheet.charts):
            _add_chart(worksheet, columns, chart, len(rows), number)
    return rows_xml


def _add_chart(worksheet, columns, chart, count, number):
    """``chart`` over the data rows 4 … 3 + ``count``, the n-th one down the right of the table."""
    from openpyxl.chart import BarChart, LineChart, Reference

    keys = [column.key for column in columns]
    made = LineChart() if chart.kind == "line" else BarChart()
    made.title = str(render(chart.title))
    made.y_axis.title = str(render(chart.y_title)) if chart.y_title else None
    made.x_axis.delete = False  # openpyxl 3.1 hides the axes unless told
    made.y_axis.delete = False
    for key in chart.series:
        made.add_data(Reference(worksheet, min_col=keys.index(key) + 1, min_row=3, max_row=3 + count),
                      titles_from_data=True)
    made.set_categories(Reference(worksheet, min_col=keys.index(chart.category) + 1, min_row=4, max_row=3 + count))
    made.height, made.width = 7.5, 16
    worksheet.add_chart(made, f"{get_column_letter(len(columns) + 2)}{1 + 16 * number}")


def _print_setup(worksheet):
    """Printed as offices file them: A4 landscape, all columns on one page width, header repeated."""
    worksheet.page_setup.orientation = "landscape"
    worksheet.page_setup.paperSize = worksheet.PAPERSIZE_A4
    worksheet.page_setup.fitToWidth = 1
    worksheet.page_setup.fitToHeight = 0
    worksheet.sheet_properties.pageSetUpPr.fitToPage = True
    worksheet.print_title_rows = "1:3"


def _title(worksheet, row, text, width, size, bold=True, align="center"):
    cell = worksheet.cell(row=row, column=1, value=text)
    cell.font = Font(name=_FONT, bold=bold, size=size)
    cell.alignment = Alignment(horizontal=align, vertical="center", wrap_text=True)
    if width > 1:
        worksheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)
    worksheet.row_dimensions[row].height = 24 if bold else 30


def _data_row(worksheet, row, columns, record, emphasised, styles):
    """One row (the totals); see :func:`_put`."""
    for index, column in enumerate(columns, start=1):
        _put(worksheet, row, index, column, _cell_value(record.get(column.key)), emphasised, styles)


def _data_rows(worksheet, first_row, columns, rows, styles):
    """:func:`_data_row` for every row of ``rows`` (``_kind`` "data" or an emphasised subtotal),
    the values cleaned column by column."""
    values = _column_values(columns, rows)
    emphasised = (rows["_kind"] != "data").to_numpy() if len(rows) else []
    for offset, bold in enumerate(emphasised):
        for index, column in enumerate(columns, start=1):
            _put(worksheet, first_row + offset, index, column, values[index - 1][offset], bool(bold), styles)


def _column_values(columns, rows):
    """The cells of ``rows`` column by column, cleaned as :func:`_cell_value` cleans one; None for a
    missing column."""
    return [_column_cells(rows[column.key]) if column.key in rows else [None] * len(rows) for column in columns]


def _column_cells(series):
    """:func:`_cell_value` of every value of a column, the missing ones found at once and a column
    of numbers (or booleans) turned into Python values in one call."""
    missing = series.isna().to_numpy()
    if series.dtype.kind in "biuf":
        cells = series.to_numpy().tolist()
    else:
        cells = [_plain(render(value)) for value in series.to_numpy(dtype=object)]
    for position in np.flatnonzero(missing):
        cells[position] = None
    return cells


def _put(worksheet, row, index, column, value, emphasised, styles):
    """One cell; ``styles`` caches each column's finished style so later rows copy it.

    Setting font, border and format per cell makes openpyxl hash and look up every style object
    again: about 1 ms a cell, 100 s for a 100,000-patch ledger. Copying the cell's style index
    array (what openpyxl stores per cell) is a cheap copy of a few integers, and making the cell
    directly skips ``worksheet.cell()``'s look-up and checks (a third of a ledger's time).
    """
    cached = styles.get((index, emphasised))
    if cached is not None:
        worksheet._cells[(row, index)] = Cell(  # noqa: SLF001 (openpyxl's cell store)
            worksheet, row=row, column=index, value=value, style_array=copy(cached))
        return
    cell = worksheet.cell(row=row, column=index, value=value)
    cell.border = _BORDER
    cell.font = Font(name=_FONT, size=10, bold=emphasised)
    if emphasised:
        cell.fill = _TOTAL_FILL
    if column.number_format:
        cell.number_format = column.number_format
    styles[(index, emphasised)] = copy(cell._style)  # noqa: SLF001 (openpyxl's per-cell style indices)


def _style_ids(worksheet, columns, styles):
    """{(column index, emphasised): the workbook's style id} of the data cells, made as :func:`_put`
    makes them on a scratch sheet (the styles stay registered in the workbook when it goes)."""
    workbook = worksheet.parent
    scratch = workbook.create_sheet("_styles")
    ids = {}
    for emphasised in (False, True):
        for index, column in enumerate(columns, start=1):
            _put(scratch, 1 + emphasised, index, column, None, emphasised, styles)
            ids[(index, emphasised)] = scratch.cell(row=1 + emphasised, column=index).style_id
    workbook.remove(scratch)
    return ids


_PLAIN_TYPES = (type(None), bool, int, float, str)


def _rows_xml(worksheet, first_row, columns, rows, styles):
    """The ``<row>`` elements of the data rows (as :func:`_data_rows` would make them), or None when
    a value is of a type only openpyxl knows how to write (dates …)."""
    values = _column_values(columns, rows)
    if any(not isinstance(value, _PLAIN_TYPES) for column in values for value in column):
        return None
    ids = _style_ids(worksheet, columns, styles)
    letters = [get_column_letter(index) for index in range(1, len(columns) + 1)]
    emphasised = (rows["_kind"] != "data").to_numpy()
    parts = []
    for offset, bold in enumerate(emphasised):
        number = first_row + offset
        parts.append(f'<row r="{number}">')
        for index, letter in enumerate(letters):
            parts.append(_cell_xml(f"{letter}{number}", ids[(index + 1, bool(bold))], values[index][offset]))
        parts.append("</row>")
    return "".join(parts)


def _cell_xml(ref, style, value):
    if value is None:
        return f'<c r="{ref}" s="{style}"/>'
    if isinstance(value, bool):
        return f'<c r="{ref}" s="{style}" t="b"><v>{int(value)}</v></c>'
    if isinstance(value, (int, float)):
        return f'<c r="{ref}" s="{style}" t="n"><v>{safe_string(value)}</v></c>'  # as openpyxl: %.16g
    text = escape(ILLEGAL_CHARACTERS_RE.sub("", value))
    space = ' xml:space="preserve"' if text != text.strip() else ""
    return f'<c r="{ref}" s="{style}" t="inlineStr"><is><t{space}>{text}</t></is></c>'


def _insert_rows(path, rows_xml):
    """Put each sheet's data rows (``rows_xml``: {sheet title: XML}) into the saved workbook, before
    its first row after the title and header rows (the 合计 row) or at the end of its data."""
    with zipfile.ZipFile(path) as source:
        names = source.namelist()
        contents = {name: source.read(name) for name in names}
    package = "{http://schemas.openxmlformats.org/package/2006/relationships}"
    main = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
    relation = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"
    relationships = ElementTree.fromstring(contents["xl/_rels/workbook.xml.rels"])
    targets = {item.get("Id"): item.get("Target") for item in relationships.iter(f"{package}Relationship")}
    for sheet_element in ElementTree.fromstring(contents["xl/workbook.xml"]).iter(f"{main}sheet"):
        title = sheet_element.get("name")
        if title not in rows_xml:
            continue
        target = targets[sheet_element.get(relation)].lstrip("/")
        name = target if target.startswith("xl/") else f"xl/{target}"
        sheet = contents[name].decode("utf-8")
        beyond = [match.start() for match in re.finditer(r'<row r="(\d+)"', sheet) if int(match.group(1)) > 3]
        position = beyond[0] if beyond else sheet.index("</sheetData>")  # before the 合计 row, if any
        contents[name] = (sheet[:position] + rows_xml[title] + sheet[position:]).encode("utf-8")
    temporary = f"{path}.rows"
    with zipfile.ZipFile(temporary, "w", zipfile.ZIP_DEFLATED) as target_zip:
        for name in names:
            target_zip.writestr(name, contents[name])
    os.replace(temporary, path)


def _cell_value(value):
    if value is not None and not isinstance(value, str) and pd.isna(value):
        return None
    return _plain(render(value))


def _plain(value):
    """numpy scalars → Python values (openpyxl writes numpy types inconsistently)."""
    return value.item() if hasattr(value, "item") else value


def _with_subtotals(sheet):
    key = sheet.subtotal_by
    numeric = [c.key for c in sheet.columns if c.summed and c.key in sheet.rows and c.key != key]
    parts = []
    for value, group in sheet.rows.groupby(key, sort=False, dropna=False):
        parts.append(group.assign(_kind="data"))
        subtotal = {c: pd.to_numeric(group[c], errors="coerce").sum() for c in numeric}
        subtotal[key] = f"{render(value)} {single('小计', 'Subtotal')}"
        subtotal["_kind"] = "subtotal"
        parts.append(pd.DataFrame([subtotal]))
    return pd.concat(parts, ignore_index=True) if parts else sheet.rows.assign(_kind="data")


def _auto_width(column, rows):
    header = max(sum(2 if ord(char) > 0x2E80 else 1 for char in line) for line in header_text(column).split("\n")) + 2
    if column.key not in rows or not len(rows):
        return min(max(header, 8), 60)
    values = rows[column.key]
    if column.number_format:  # as displayed: "#,##0.00" → 1,234.56
        numbers = pd.to_numeric(values, errors="coerce").abs()
        largest = 0.0 if numbers.isna().all() else float(numbers.max())
        decimals = column.number_format.split(".")[1].count("0") if "." in column.number_format else 0
        return min(max(header, len(f"{largest:,.{decimals}f}") * 1.2 + 2, 8), 60)
    # CJK characters take about two columns. Each distinct value measured once (texts repeat).
    try:
        values = values.drop_duplicates()
    except TypeError:  # unhashable cells: every one measured
        pass
    longest = values.map(lambda value: str(render(value))).map(lambda text: sum(2 if ord(char) > 0x2E80 else 1 for char in text)).max()
    return min(max(header, longest + 2, 8), 60)
