"""Land-use classification tables and code harmonisation (用地分类与编码协调).

Four classifications are read from editable CSV tables in ``resources/tables`` (see its README):

* ``ydyh2023`` 国土空间调查、规划、用途管制用地用海分类 (自然资发〔2023〕234号), the target;
* ``sandiao`` 三调 国土调查工作分类 (GB/T 21010-2017 with the 三调 merged codes 05H1, 08H1, 08H2
  and the level-1 class 00 湿地);
* ``chenggui`` GB 50137-2011 城市用地分类与规划建设用地标准 (城规);
* ``tugui`` 土地利用总体规划 规划地类 (TD/T 1024-2010, 土规).

Every table has the columns ``code,name,level,parent,construction,space``. ``construction`` is the
standard's *own* idea of 建设用地, which is what a difference analysis (城规建设 vs 土规建设) needs,
so the same ground can differ between standards. The choices:

* 用地用海: 01-05 non-construction (01-02 agricultural, 03-05 ecological); 06 农业设施建设用地 is
  construction/agricultural as its name says (the Land Administration Law's 三大类 would count
  设施农用地 and 田间道 as 农用地); 07-16 construction: ``urban`` except 0703/0704 ``rural``,
  1201-1205 and 1311 水工设施 ``infrastructure``, 1002 采矿, 1003 盐田 and 15 特殊用地 ``other``;
  17 陆地水域 non-construction ``water`` (1703 水库水面 included); 18-22 and 24 ``sea``;
  23 其他土地 non-construction ``other`` except 2301 空闲地, which is unused construction land
  by definition (construction), and 2303 田坎 (``agricultural``).
* 三调: the 三大类 of GB/T 21010-2017, so 1006 农村道路 and 1202 设施农用地 are *not* construction,
  while 1103 水库水面, 1109 水工建筑用地, 1201 空闲地 and 0603 盐田 are.
* 城规: H and the city classes R A B M W S U G are construction; E is not.
* 土规: 2xx is construction, including 226 水库水面 (交通水利用地); 1xx and 3xx are not.

``space`` is one of :data:`SPACES`; it groups classes for 三区 style summaries (urban = 城镇 and
general construction land, rural = 农村居民点, infrastructure = 区域基础设施).

Crosswalks ``crosswalk_<standard>_ydyh.csv`` map every code to a 用地用海 code with ``match``
``exact`` (同名), ``approximate`` (needs review) or ``unmapped`` (an aggregate such as 城镇用地 with
no single defensible target: the 用地用海 columns stay empty, the source flags remain).

:func:`harmonise` resolves each input code in three steps:

1. :func:`normalise_code` cleans it (whitespace, full-width characters, upper case, numbers read
   from shapefiles: ``101`` / ``101.0`` → ``"0101"`` where that code exists);
2. a code missing from the table falls back to its longest prefix that is a level-2 or deeper
   code of the table, so 三调 codes with an attribute suffix (``0201K``) or locally extended codes
   (``A511``, ``07010101``) are known; level-1 prefixes are not used, so ``0999`` stays unknown;
3. a table code without a crosswalk row (an edited table) uses its nearest ancestor's row.

Nothing here imports QGIS.
"""
import functools
import numbers
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from .. import RESOURCES

TABLES_DIR = RESOURCES / "tables"

TARGET = "ydyh2023"
STANDARDS = {
    "ydyh2023": "ydyh_2023.csv",
    "sandiao": "sandiao.csv",
    "chenggui": "chenggui_gb50137.csv",
    "tugui": "tugui.csv",
}
STANDARD_NAMES = {
    "ydyh2023": {"zh": "国土空间调查、规划、用途管制用地用海分类（2023）",
                 "en": "Land and sea use classification for territorial spatial planning (2023)"},
    "sandiao": {"zh": "第三次全国国土调查工作分类（三调）",
                "en": "Third national land survey working classification"},
    "chenggui": {"zh": "城市用地分类与规划建设用地标准 GB 50137-2011（城规）",
                 "en": "Urban land classification GB 50137-2011 (urban plan)"},
    "tugui": {"zh": "土地利用总体规划 规划地类（土规）",
              "en": "General land use plan classes (land use plan)"},
}
CROSSWALKS = {standard: f"crosswalk_{standard}_ydyh.csv" for standard in STANDARDS if standard != TARGET}

SPACES = ("agricultural", "ecological", "urban", "rural", "infrastructure", "water", "sea", "other")
MATCHES = ("exact", "approximate", "unmapped")
IDENTITY = "identity"
#: How output layers and reports name a space type and a match quality: (中文, English).
SPACE_LABELS = {"agricultural": ("农业", "agricultural"), "ecological": ("生态", "ecological"),
                "urban": ("城镇", "urban"), "rural": ("乡村", "rural"),
                "infrastructure": ("基础设施", "infrastructure"), "water": ("水域", "water"), "sea": ("海洋", "sea"),
                "other": ("其他", "other")}
MATCH_LABELS = {"exact": ("精确", "exact"), "approximate": ("近似", "approximate"), "unmapped": ("无对应", "unmapped"),
                IDENTITY: ("原代码", "identity")}
TABLE_COLUMNS = ("code", "name", "level", "parent", "construction", "space")
CROSSWALK_COLUMNS = ("source_code", "target_code", "match", "note")
#: Optional crosswalk columns for codes without a single target (see :func:`refinement_rules`):
#: ``family``, the 用地用海 codes (any level, space-separated) a refined code must fall under, and
#: ``umbrella``, the 用地用海 class used when nothing finer is known (level 1 where one exists).
REFINEMENT_COLUMNS = ("family", "umbrella")
HARMONISED_COLUMNS = ("source_code", "known", "source_name", "ydyh_code", "ydyh_name", "ydyh_level1",
                      "construction", "space", "match", "matched_code", "ydyh_construction", "recognised")
#: How a value was recognised: as a code (or its prefix), by the class name, or by an office label.
RECOGNISED = ("code", "name", "label")
#: An office's own labels: ``labels.csv`` beside the tables (optional), ``standard,label,code,note``.
LABELS_FILE = "labels.csv"
LABEL_COLUMNS = ("standard", "label", "code", "note")
# Characters a class name may differ by: spaces, full/half width (NFKC first), punctuation.
_NAME_NOISE = re.compile(r"[\s·・、，,。.\-—_/（）()【】\[\]“”\"'：:；;]")

# Standards whose codes are pairs of digits, so "101" read as a number lost a leading zero.
_ZERO_PADDED = frozenset({"ydyh2023", "sandiao"})
_MAX_ERRORS = 20
_FIRST_DATA_LINE = 2  # line 1 is the header
_WHOLE_FLOAT = re.compile(r"^(\d+)\.0+$")


# ---------------------------------------------------------------------------- reading tables

def load_classification(standard, tables_dir=None):
    """The classification table of ``standard`` as a DataFrame (codes as str, construction bool).

    Raises ``ValueError`` naming the file and line of bad rows (duplicate code, construction not
    0/1, unknown space, bad level, missing parent).
    """
    path = _table_path(STANDARDS[_check_standard(standard)], tables_dir)
    return _read_classification(*_file_key(path), standard in _ZERO_PADDED).copy()


def load_crosswalk(standard, tables_dir=None):
    """The crosswalk ``standard`` → 用地用海 2023 as a DataFrame (empty target = unmapped)."""
    if _check_standard(standard) == TARGET:
        raise ValueError(f"{TARGET} is the target classification; it has no crosswalk")
    path = _table_path(CROSSWALKS[standard], tables_dir)
    return _read_crosswalk(*_file_key(path), standard in _ZERO_PADDED).copy()


def _check_standard(standard):
    if standard not in STANDARDS:
        raise ValueError(f"unknown land-use standard {standard!r}; use one of {sorted(STANDARDS)}")
    return standard


def _table_path(filename, tables_dir):
    path = Path(tables_dir if tables_dir is not None else TABLES_DIR) / filename
    if not path.is_file():
        raise FileNotFoundError(f"land-use table not found: {path}")
    return path


def _file_key(path):
    # The modification time is part of the cache key so an edited table is read again.
    return str(path), path.stat().st_mtime_ns


def read_text_table(path):
    """A CSV table as text cells (UTF-8 with or without BOM, else GB18030), headers stripped."""
    try:
        frame = _read_text_csv(path, "utf-8-sig")
    except UnicodeDecodeError:
        # Excel on Chinese Windows saves "CSV" as GBK unless "CSV UTF-8" is chosen.
        frame = _read_text_csv(path, "gb18030")
    frame.columns = [str(column).strip() for column in frame.columns]
    return frame


def _read_csv(path, columns, optional=()):
    frame = read_text_table(path)
    missing = [column for column in columns if column not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing column(s) {', '.join(missing)}; "
                         f"the header must be {','.join(columns)}")
    for column in optional:
        if column not in frame.columns:
            frame[column] = ""
    frame = frame[list(columns) + list(optional)].apply(lambda column: column.str.strip())
    return frame.reset_index(drop=True)


def _read_text_csv(path, encoding):
    # dtype=str and keep_default_na=False: codes keep their leading zeros, "NA" stays text and
    # empty cells stay "".
    return pd.read_csv(path, dtype=str, encoding=encoding, keep_default_na=False)


def _lost_zero_errors(values, label):
    # Excel turns "0101" into 101 when a table is opened and saved without text columns.
    return [f"line {_line(index)}: {label} {value!r} looks like a code that lost its leading zero "
            f"(format the column as text in Excel)"
            for index, value in values.items() if value.isdigit() and len(value) % 2 == 1]


def _line(index):
    return index + _FIRST_DATA_LINE


def _raise_if_errors(path, errors):
    if errors:
        shown = errors[:_MAX_ERRORS]
        more = f"\n  ... and {len(errors) - len(shown)} more" if len(errors) > len(shown) else ""
        raise ValueError(f"bad rows in {path}:\n  " + "\n  ".join(shown) + more)


def _duplicate_errors(values, label):
    first_line = {}
    errors = []
    for index, value in values.items():
        if value in first_line:
            errors.append(f"line {_line(index)}: duplicate {label} {value!r} (first on line {first_line[value]})")
        else:
            first_line[value] = _line(index)
    return errors


@functools.lru_cache(maxsize=32)
def _read_classification(path, mtime_ns, zero_padded):
    frame = _read_csv(path, TABLE_COLUMNS)
    errors = [f"line {_line(i)}: empty code" for i in frame.index[frame["code"] == ""]]
    errors += _duplicate_errors(frame["code"][frame["code"] != ""], "code")
    if zero_padded:
        errors += _lost_zero_errors(frame["code"], "code") + _lost_zero_errors(frame["parent"], "parent")
    codes = set(frame["code"])
    for index, row in frame.iterrows():
        errors += [f"line {_line(index)} (code {row['code']!r}): {problem}" for problem in _row_problems(row, codes)]
    _raise_if_errors(path, errors)
    frame["level"] = frame["level"].astype(int)
    frame["construction"] = frame["construction"] == "1"
    return frame


def _row_problems(row, codes):
    if row["construction"] not in ("0", "1"):
        yield f"construction must be 0 or 1, not {row['construction']!r}"
    if row["space"] not in SPACES:
        yield f"unknown space {row['space']!r}; use one of {', '.join(SPACES)}"
    if not row["level"].isdigit() or int(row["level"]) < 1:
        yield f"level must be a positive whole number, not {row['level']!r}"
    if row["parent"] and row["parent"] not in codes:
        yield f"parent {row['parent']!r} is not a code of the table"
    if row["parent"] == row["code"]:
        yield "a code cannot be its own parent"


@functools.lru_cache(maxsize=32)
def _read_crosswalk(path, mtime_ns, source_zero_padded):
    frame = _read_csv(path, CROSSWALK_COLUMNS, REFINEMENT_COLUMNS)
    errors = [f"line {_line(i)}: empty source_code" for i in frame.index[frame["source_code"] == ""]]
    errors += _duplicate_errors(frame["source_code"][frame["source_code"] != ""], "source_code")
    errors += _lost_zero_errors(frame["target_code"], "target_code")
    if source_zero_padded:
        errors += _lost_zero_errors(frame["source_code"], "source_code")
    for index, row in frame.iterrows():
        if row["match"] not in MATCHES:
            errors.append(f"line {_line(index)}: match must be one of {', '.join(MATCHES)}, not {row['match']!r}")
        elif (row["target_code"] == "") != (row["match"] == "unmapped"):
            errors.append(f"line {_line(index)}: target_code must be empty exactly when match is 'unmapped'")
    _raise_if_errors(path, errors)
    return frame


# ---------------------------------------------------------------------------- lookup

@dataclass(frozen=True)
class _Entry:
    """What harmonise reports for one table code."""
    name: str
    construction: bool
    space: str
    ydyh_code: object  # str or None
    ydyh_name: object
    ydyh_construction: object  # bool or None
    match: object


@dataclass(frozen=True)
class _Lookup:
    standard: str
    entries: dict  # table code → _Entry
    levels: dict  # table code → level
    names: dict = None  # name key (:func:`name_key`) → (table code, "name" or "label")

    def by_name(self, value):
        """(table code, how) of a class name or an office label, or (None, None)."""
        if value is None or not self.names:
            return None, None
        return self.names.get(name_key(value), (None, None))

    def resolve(self, code):
        """The table code that ``code`` stands for (itself or its deepest level ≥ 2 prefix), or None."""
        if code in self.entries:
            return code
        for end in range(len(code) - 1, 0, -1):
            if self.levels.get(code[:end], 0) >= 2:
                return code[:end]
        return None


def _lookup(standard, tables_dir):
    keys = [_file_key(_table_path(STANDARDS[_check_standard(standard)], tables_dir))]
    if standard != TARGET:
        keys += [_file_key(_table_path(STANDARDS[TARGET], tables_dir)),
                 _file_key(_table_path(CROSSWALKS[standard], tables_dir))]
    labels = Path(tables_dir if tables_dir is not None else TABLES_DIR) / LABELS_FILE
    return _build_lookup(standard, tuple(keys), _file_key(labels) if labels.is_file() else None)


def name_key(value):
    """A class name as names are compared: NFKC (full-width → half-width), lower case, without
    spaces and punctuation (``" 水 田 "``, ``"水田（旱作）"`` → ``"水田旱作"``)."""
    return _NAME_NOISE.sub("", unicodedata.normalize("NFKC", str(value)).lower())


def _name_index(table, labels):
    """``{name key: (code, how)}``: the table's names, each also without a trailing 用地 (城镇住宅用地 is
    often written 城镇住宅), then the office's labels, which win. A name two classes of the same
    level share (城规 住宅用地 under R1, R2 and R3) stays unrecognised; between levels the shallower
    class is taken (土规 农用地 1 and 11 are the same aggregate)."""
    exact, variants = {}, {}
    for code, name, level in table[["code", "name", "level"]].itertuples(index=False):
        for index, key in ((exact, name_key(name)),
                           (variants, name_key(name[:-2]) if name.endswith("用地") and len(name) > 3 else None)):
            if not key:
                continue
            if key in index and index[key] is not None:
                other, other_level = index[key]
                if other_level == level and other != code:
                    index[key] = None  # ambiguous
                elif level < other_level:
                    index[key] = (code, level)
            elif key not in index:
                index[key] = (code, level)
    names = {key: (value[0], "name") for key, value in variants.items() if value is not None}
    names.update({key: (value[0], "name") for key, value in exact.items() if value is not None})
    for key in [key for key, value in exact.items() if value is None]:
        names.pop(key, None)
    names.update({name_key(label): (code, "label") for label, code in labels})
    return names


def load_labels(standard, tables_dir=None):
    """``[(label, code)]`` of an office's own labels for ``standard`` (``labels.csv``), checked."""
    path = Path(tables_dir if tables_dir is not None else TABLES_DIR) / LABELS_FILE
    if not path.is_file():
        return []
    table = load_classification(standard, tables_dir)
    return _read_labels(*_file_key(path), standard, frozenset(table["code"]))


@functools.lru_cache(maxsize=32)
def _read_labels(path, mtime_ns, standard, codes):
    frame = _read_csv(path, LABEL_COLUMNS)
    errors = [f"line {_line(i)}: unknown standard {value!r}; use one of {', '.join(sorted(STANDARDS))}"
              for i, value in frame["standard"].items() if value not in STANDARDS]
    rows = frame[frame["standard"] == standard]
    errors += [f"line {_line(i)}: code {row['code']!r} is not a code of {standard}" for i, row in rows.iterrows()
               if row["code"] not in codes]
    errors += [f"line {_line(i)}: empty label" for i, row in rows.iterrows() if not name_key(row["label"])]
    _raise_if_errors(path, errors)
    return list(zip(rows["label"], rows["code"]))


@functools.lru_cache(maxsize=16)
def _build_lookup(standard, keys, labels_key=None):
    table = _read_classification(*keys[0], standard in _ZERO_PADDED)
    if standard == TARGET:
        targets = {code: (code, IDENTITY) for code in table["code"]}
        ydyh = table
    else:
        ydyh = _read_classification(*keys[1], TARGET in _ZERO_PADDED)
        crosswalk = _read_crosswalk(*keys[2], standard in _ZERO_PADDED)
        _check_crosswalk_codes(keys[2][0], crosswalk, set(table["code"]), set(ydyh["code"]))
        direct = dict(zip(crosswalk["source_code"], zip(crosswalk["target_code"], crosswalk["match"])))
        targets = _inherit_targets(table, direct)
    ydyh_rows = ydyh.set_index("code")
    entries = {}
    for code, name, construction, space in table[["code", "name", "construction", "space"]].itertuples(index=False):
        target, match = targets.get(code, ("", None))
        target = target or None  # "" = unmapped
        entries[code] = _Entry(
            name=name, construction=bool(construction), space=space, ydyh_code=target,
            ydyh_name=ydyh_rows.at[target, "name"] if target else None,
            ydyh_construction=bool(ydyh_rows.at[target, "construction"]) if target else None,
            match=match,
        )
    labels = _read_labels(*labels_key, standard, frozenset(table["code"])) if labels_key else []
    return _Lookup(standard, entries, dict(zip(table["code"], table["level"])), _name_index(table, labels))


def _check_crosswalk_codes(path, crosswalk, source_codes, ydyh_codes):
    errors = []
    for index, row in crosswalk.iterrows():
        if row["source_code"] not in source_codes:
            errors.append(f"line {_line(index)}: source_code {row['source_code']!r} is not in the source table")
        if row["target_code"] and row["target_code"] not in ydyh_codes:
            errors.append(f"line {_line(index)}: target_code {row['target_code']!r} is not a 用地用海 2023 code")
        for prefix in row["family"].split():
            if not any(code.startswith(prefix) for code in ydyh_codes):
                errors.append(f"line {_line(index)}: family {prefix!r} is no 用地用海 2023 code or code prefix")
        if row["umbrella"] and row["umbrella"] not in ydyh_codes:
            errors.append(f"line {_line(index)}: umbrella {row['umbrella']!r} is not a 用地用海 2023 code")
        elif row["umbrella"] and row["family"].split() and not any(
                row["umbrella"].startswith(prefix) for prefix in row["family"].split()):
            errors.append(f"line {_line(index)}: umbrella {row['umbrella']!r} is outside its family")
    _raise_if_errors(path, errors)


def _inherit_targets(table, direct):
    """Crosswalk row of every table code: its own, else its nearest ancestor's."""
    parents = dict(zip(table["code"], table["parent"]))
    targets = {}
    for code in table["code"]:
        seen, ancestor = set(), code
        while ancestor and ancestor not in direct and ancestor not in seen:
            seen.add(ancestor)  # guards against parent cycles in an edited table
            ancestor = parents.get(ancestor, "")
        if ancestor in direct:
            targets[code] = direct[ancestor]
    return targets


# ---------------------------------------------------------------------------- refinement rules

@dataclass(frozen=True)
class RefinementRule:
    """Which 用地用海 codes may stand for a source code that has no single target.

    ``family``: 用地用海 code prefixes from the crosswalk's ``family`` column (empty: the rule
    falls back to the source code's own construction flag and space); ``umbrella``: the class
    used when nothing finer is known, or None."""
    family: tuple
    umbrella: object
    construction: bool
    space: str

    def admits(self, code, ydyh):
        """Whether the 用地用海 ``code`` is compatible (``ydyh``: :func:`ydyh_properties`)."""
        if code is None or code not in ydyh:
            return False
        if self.family:
            return any(code.startswith(prefix) for prefix in self.family)
        construction, space = ydyh[code]
        return construction == self.construction and space == self.space


def refinement_rules(standard, tables_dir=None):
    """``{table code: RefinementRule}`` of a plan standard (every code, inherited along parents as
    crosswalk rows are). For the 用地用海 standard itself the rule admits the code's own subtree."""
    _lookup(standard, tables_dir)  # checks the tables (codes, families, umbrellas) once
    table = load_classification(standard, tables_dir)
    if standard == TARGET:
        return {code: RefinementRule((code,), None, bool(construction), space)
                for code, construction, space in table[["code", "construction", "space"]].itertuples(index=False)}
    crosswalk = load_crosswalk(standard, tables_dir)
    direct = dict(zip(crosswalk["source_code"], zip(crosswalk["family"], crosswalk["umbrella"])))
    rows = _inherit_targets(table, direct)
    return {code: RefinementRule(tuple(rows.get(code, ("", ""))[0].split()), rows.get(code, ("", ""))[1] or None,
                                 bool(construction), space)
            for code, construction, space in table[["code", "construction", "space"]].itertuples(index=False)}


def ydyh_properties(tables_dir=None):
    """``{用地用海 code: (construction, space)}``."""
    table = load_classification(TARGET, tables_dir)
    return {code: (bool(construction), space)
            for code, construction, space in table[["code", "construction", "space"]].itertuples(index=False)}


# ---------------------------------------------------------------------------- normalising

def normalise_code(value, standard, tables_dir=None):
    """A land-use code as text in the standard's spelling, or None for null/empty values.

    Removes whitespace, folds full-width characters, upper-cases letters (``" r2 "`` → ``"R2"``),
    turns numbers read from shapefiles into text (``101.0`` → ``"101"``) and, for the 用地用海 and
    三调 codes, restores a lost leading zero when the padded code exists (``101`` → ``"0101"``).
    """
    return _normalise(value, _lookup(standard, tables_dir))


def _normalise(value, lookup):
    text = _as_text(value)
    if text is None:
        return None
    if lookup.standard in _ZERO_PADDED and text.isdigit() and len(text) % 2 == 1:
        padded = "0" + text
        if lookup.resolve(padded) is not None:
            return padded
    return text


def _as_text(value):
    if value is None:
        return None
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):  # not a scalar: fall through to str()
        pass
    if isinstance(value, numbers.Integral):
        text = str(int(value))
    elif isinstance(value, numbers.Real):
        text = str(int(value)) if float(value).is_integer() else str(value)
    elif isinstance(value, bytes):
        text = value.decode("utf-8", errors="replace")
    else:
        text = str(value)
    text = "".join(unicodedata.normalize("NFKC", text).split()).upper()
    text = _WHOLE_FLOAT.sub(r"\1", text)  # "101.0" from a numeric field exported as text
    return text or None


# ---------------------------------------------------------------------------- harmonising

def harmonise(codes, standard, tables_dir=None):
    """One row per input code (same order and length; a Series keeps its index).

    Columns: ``source_code`` (normalised), ``known``, ``source_name``, ``ydyh_code``,
    ``ydyh_name``, ``ydyh_level1``, ``construction`` (the *source* standard's 建设用地 flag,
    nullable boolean), ``space``, ``match`` (``identity`` for 用地用海 input, else the crosswalk's;
    None when unknown), plus ``matched_code`` (the table code used, a parent when the input had a
    suffix) and ``ydyh_construction`` (the 用地用海 flag of the target).

    Each distinct value is resolved once, so 200,000 codes with a few hundred distinct values take
    well under a second.
    """
    lookup = _lookup(standard, tables_dir)
    values = codes if isinstance(codes, pd.Series) else pd.Series(list(codes), dtype=object)
    labels, uniques = pd.factorize(values.astype(object), use_na_sentinel=True)
    rows = [_harmonised_row(value, lookup) for value in uniques]
    rows.append(_harmonised_row(None, lookup))  # for the nulls (label -1)
    table = _typed_frame(rows)
    result = table.iloc[np.where(labels < 0, len(rows) - 1, labels)]
    result.index = values.index
    return result


def _harmonised_row(value, lookup):
    source_code = _normalise(value, lookup)
    matched = lookup.resolve(source_code) if source_code is not None else None
    recognised = "code" if matched is not None else None
    if matched is None and source_code is not None:
        matched, recognised = lookup.by_name(value)
    if matched is None:
        return (source_code, False, None, None, None, None, None, None, None, None, None, None)
    entry = lookup.entries[matched]
    level1 = entry.ydyh_code[:2] if entry.ydyh_code else None
    return (source_code, True, entry.name, entry.ydyh_code, entry.ydyh_name, level1,
            entry.construction, entry.space, entry.match, matched, entry.ydyh_construction, recognised)


def _typed_frame(rows):
    frame = pd.DataFrame(rows, columns=list(HARMONISED_COLUMNS), dtype=object)
    frame["known"] = frame["known"].astype(bool)
    for column in ("construction", "ydyh_construction"):
        frame[column] = frame[column].astype("boolean")
    return frame


def unknown_codes(codes, standard, tables_dir=None):
    """``{normalised code: count}`` of the codes not in the standard's table, most frequent first.

    Null and empty values are counted under ``None``.
    """
    return count_unknown(harmonise(codes, standard, tables_dir))


def count_unknown(harmonised):
    """``{normalised code: count}`` of the unknown rows of a :func:`harmonise` result."""
    unknown = harmonised.loc[~harmonised["known"], "source_code"]
    counts = unknown.value_counts(dropna=False)
    return {(None if pd.isna(code) else code): int(count) for code, count in counts.items()}
