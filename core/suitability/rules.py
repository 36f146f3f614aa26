"""The guideline's tables as data: level tables, judgement matrices and downgrade rules.

双评价 integrates single-factor levels (1 = best … 5 = worst) with tables that planning
institutes adjust to their province: slope classes, 土地 × 水 judgement matrices, "hazard level 1
downgrades 2 levels" rules. They are CSV files in ``resources/suitability/`` (documented in its
README); a folder of the user's own files replaces any of them. This module reads them and
applies them to level arrays; :mod:`core.suitability.guideline` strings them into the three evaluations.

Rules: ``group, condition, action, value, applies_to, note``. A condition compares factor rasters
by name with numbers (``hazard == 1``, ``elevation > 3500 & elevation <= 5000``, ``air == 5 |
water_env == 5``; ``&`` binds tighter than ``|``). Actions: ``downgrade n`` / ``upgrade n`` (move
n levels, within 1..5), ``set n``, ``at_least n`` (no better than n). ``applies_to`` restricts a
rule to current levels (``2..4`` or ``1``). Within one group the first matching rule wins per
cell (so "both at 5 → −2" and "either at 5 → −1" do not add up); rules apply in file order.
"""
import operator
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import RESOURCES
from ..intake.landuse import read_text_table

LEVELS = 5
LEVEL_DTYPE = np.uint8
DEFAULT_FOLDER = RESOURCES / "suitability"
ACTIONS = ("downgrade", "upgrade", "set", "at_least", "none")
_OPERATORS = {"==": operator.eq, "!=": operator.ne, "<=": operator.le, ">=": operator.ge, "<": operator.lt,
              ">": operator.gt}
_COMPARISON = re.compile(r"^\s*([A-Za-z_][A-Za-z0-9_]*)\s*(==|!=|<=|>=|<|>)\s*([-+]?\d+(?:\.\d*)?)\s*$")


# --------------------------------------------------------------------------- tables

def table_path(name, folder=None):
    """``name`` from the user's folder when it holds one, else the default; (path, is_default)."""
    if folder:
        candidate = Path(folder) / name
        if candidate.is_file():
            return candidate, False
    return DEFAULT_FOLDER / name, True


def read_rows(name, folder=None):
    """The rows of a table as {column: stripped text}, in file order."""
    path, _ = table_path(name, folder)
    frame = read_text_table(path)
    return [{key: value.strip() for key, value in row.items()} for row in frame.to_dict("records")]


def _number(text, where):
    if text == "":
        return None
    try:
        return float(text)
    except ValueError:
        raise ValueError(f"{where}: “{text}” is not a number") from None


def range_table(name, folder=None):
    """Rows (min, max, level) of a range table (``min,max,level[,name]``; empty = open end)."""
    rows = []
    for k, row in enumerate(read_rows(name, folder), 2):
        where = f"{name} line {k}"
        level = _number(row.get("level", ""), where)
        if level is None:
            raise ValueError(f"{where}: no level")
        rows.append((_number(row.get("min", ""), where), _number(row.get("max", ""), where), level))
    if not rows:
        raise ValueError(f"{name} is empty")
    return rows


def level_classes(name, folder=None):
    """The levels → classes table (``level,name,class,class_name``, e.g. ecological_levels.csv):
    ``(to_class array indexed by level, {level: name}, {class: class name})``.

    Every level 1..5 must have exactly one row, and a more important level never falls in a less
    important class (classes never rise as levels do: 1 极重要 cannot be 一般 while 2 is 重要);
    a table that breaks this is refused, naming the file and line, instead of grading cells
    against their importance or leaving a level without a class.
    """
    to_class = np.zeros(LEVELS + 1, dtype=np.uint8)
    level_names, class_names, lines = {}, {}, {}
    for k, row in enumerate(read_rows(name, folder), 2):
        where = f"{name} line {k}"
        level, grade = _number(row.get("level", ""), where), _number(row.get("class", ""), where)
        if level is None or level != int(level) or not 1 <= level <= LEVELS:
            raise ValueError(f"{where}: the level must be 1..{LEVELS}")
        if grade is None or grade != int(grade) or grade < 1:
            raise ValueError(f"{where}: the class must be a whole number from 1")
        level, grade = int(level), int(grade)
        if level in lines:
            raise ValueError(f"{where}: level {level} is already given on line {lines[level]}")
        lines[level] = k
        to_class[level] = grade
        level_names[level] = row.get("name", "")
        class_names.setdefault(grade, row.get("class_name", ""))
    missing = sorted(set(range(1, LEVELS + 1)) - set(lines))
    if missing:
        raise ValueError(f"{name}: no row for level {', '.join(map(str, missing))}")
    for level in range(2, LEVELS + 1):
        if to_class[level] < to_class[level - 1]:
            raise ValueError(f"{name} line {lines[level]}: level {level} is in class {to_class[level]}, more "
                             f"important than level {level - 1}'s class {to_class[level - 1]} (line "
                             f"{lines[level - 1]}); classes must not rise as levels do")
    return to_class, level_names, class_names


def matrix_table(name, folder=None):
    """A 5 × 5 judgement matrix: ``matrix[row level - 1, column level - 1]`` = result level."""
    rows = read_rows(name, folder)
    matrix = np.zeros((LEVELS, LEVELS), dtype=LEVEL_DTYPE)
    seen = set()
    for k, row in enumerate(rows, 2):
        values = list(row.values())
        where = f"{name} line {k}"
        level = int(_number(values[0], where) or 0)
        if not 1 <= level <= LEVELS or len(values) != LEVELS + 1:
            raise ValueError(f"{where}: expected a row level 1..5 and 5 results")
        results = [int(_number(v, where) or 0) for v in values[1:]]
        if not all(1 <= r <= LEVELS for r in results):
            raise ValueError(f"{where}: results must be levels 1..5")
        matrix[level - 1] = results
        seen.add(level)
    if seen != set(range(1, LEVELS + 1)):
        raise ValueError(f"{name}: rows for levels {sorted(set(range(1, LEVELS + 1)) - seen)} are missing")
    return matrix


def lookup(matrix, rows, columns):
    """Matrix results for level arrays (0 = nodata in either → 0)."""
    rows, columns = np.asarray(rows).astype(np.intp), np.asarray(columns).astype(np.intp)
    valid = (rows >= 1) & (rows <= LEVELS) & (columns >= 1) & (columns <= LEVELS)
    out = np.zeros(np.shape(rows), dtype=LEVEL_DTYPE)
    out[valid] = matrix[rows[valid] - 1, columns[valid] - 1]
    return out


def levels_from_ranges(values, rows):
    """Levels (uint8, 0 = nodata) of values by (min, max, level) rows, ``min < v ≤ max``."""
    from .mce import reclassify

    levels = reclassify(values, rows)
    return np.nan_to_num(levels, nan=0).astype(LEVEL_DTYPE)


def levels_from_values(values):
    """A level raster read as float (NaN = nodata) → uint8 levels, 0 for nodata or out of 1..5."""
    values = np.asarray(values)
    rounded = np.rint(np.nan_to_num(values, nan=0))
    return np.where((rounded >= 1) & (rounded <= LEVELS), rounded, 0).astype(LEVEL_DTYPE)


# --------------------------------------------------------------------------- rules

@dataclass
class Rule:
    group: str
    condition: str
    action: str
    value: int
    applies_to: tuple  # (lowest, highest) current level, or None
    note: str
    clauses: list  # [[(factor, op, number), …] and-ed], or-ed

    @property
    def factors(self):
        return {factor for clause in self.clauses for factor, _, _ in clause}

    def matches(self, arrays):
        hit = None
        for clause in self.clauses:
            part = None
            for factor, op, number in clause:
                values = arrays[factor]
                test = _OPERATORS[op](values, number) & ~np.isnan(values)
                part = test if part is None else part & test
            hit = part if hit is None else hit | part
        return hit


def parse_condition(text):
    clauses = []
    for alternative in text.split("|"):
        clause = []
        for comparison in alternative.split("&"):
            match = _COMPARISON.match(comparison)
            if not match:
                raise ValueError(f"“{comparison.strip()}” is not a comparison such as “hazard == 1”")
            clause.append((match.group(1), match.group(2), float(match.group(3))))
        clauses.append(clause)
    return clauses


def read_rules(name, folder=None):
    rules = []
    for k, row in enumerate(read_rows(name, folder), 2):
        where = f"{name} line {k}"
        action = row.get("action", "").lower()
        if action not in ACTIONS:
            raise ValueError(f"{where}: action “{action}”; use one of {', '.join(ACTIONS)}")
        try:
            clauses = parse_condition(row.get("condition", ""))
        except ValueError as error:
            raise ValueError(f"{where}: {error}") from None
        value = int(_number(row.get("value", "") or "0", where))
        applies = row.get("applies_to", "")
        span = None
        if applies:
            match = re.fullmatch(r"(\d)(?:\s*\.\.\s*(\d))?", applies)
            if not match:
                raise ValueError(f"{where}: applies_to “{applies}”; write a level or a range such as 2..4")
            span = (int(match.group(1)), int(match.group(2) or match.group(1)))
        rules.append(Rule(row.get("group", ""), row.get("condition", ""), action, value, span, row.get("note", ""),
                          clauses))
    return rules


def apply_action(levels, hit, action, value):
    """Levels after one rule where ``hit``; nodata (0) cells never change."""
    hit = hit & (levels > 0)
    out = levels.copy()
    current = levels[hit].astype(np.int16)
    if action == "downgrade":
        out[hit] = np.minimum(current + value, LEVELS)
    elif action == "upgrade":
        out[hit] = np.maximum(current - value, 1)
    elif action == "set":
        out[hit] = value
    elif action == "at_least":
        out[hit] = np.maximum(current, value)
    return out


def apply_rules(levels, rules, arrays, on_step=None):
    """Apply ``rules`` in order to ``levels`` given factor ``arrays`` ({name: float array}); rules
    whose factors are missing from ``arrays`` are skipped (the caller says so once).
    ``on_step(rule, before, after)`` is called after each applied rule."""
    claimed = {}
    for rule in rules:
        if not rule.factors <= arrays.keys() or rule.action == "none":
            continue
        hit = rule.matches(arrays) & (levels > 0)
        if rule.applies_to:
            low, high = rule.applies_to
            hit &= (levels >= low) & (levels <= high)
        if rule.group:
            taken = claimed.setdefault(rule.group, np.zeros(levels.shape, dtype=bool))
            hit &= ~taken
            taken |= hit
        before, levels = levels, apply_action(levels, hit, rule.action, rule.value)
        if on_step is not None:
            on_step(rule, before, levels)
    return levels
