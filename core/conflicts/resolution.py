"""Suggested decisions for difference patches (差异图斑处理建议), from an editable rule table.

After :mod:`core.conflicts.detection` has found the difference patches, every patch needs a suggested
decision and the rule that produced it. The rules live in ``resources/tables/conflict_rules.csv``
(see the README there), so an office can change the policy without touching code. The default
table ranks the three control lines as the 2019 guidance does: ecological red line first, then
permanent basic farmland, then the urban development boundary and development needs (approved
projects). That ranking is the plugin's default policy, not a national rule.

Decision codes are plain strings, shared with the blueprint step and the review dock:

* ``"GH{k}"`` (1-based): keep plan *k*'s land use on this patch;
* ``"DM:{code}"``: adjust the patch to a 用地用海 2023 code (``"DM:0103"``);
* ``"DEFER"``: no rule can decide; a person must review (the blueprint keeps the base plan's use
  meanwhile).

Rules (columns ``rule,priority,conflict_type,condition,action,fallback,reason_zh,reason_en``) are
tried by ascending ``priority``; the first whose ``conflict_type`` (a ``CYLX`` code or an
:mod:`fnmatch` pattern such as ``JS_*``) and ``condition`` (empty, ``approved`` or
``not_approved``, from ``YPXM``) match decides. Its ``action`` looks at the plans that cover the
patch (``GH{k}JS`` not null) in the plan priority order:

* ``keep_nonconstruction``: the first plan whose ``GH{k}JS`` is 0;
* ``keep_construction``: the first plan whose ``GH{k}JS`` is 1;
* ``keep_farmland``: the first plan whose ``GH{k}YDYH`` starts with ``01`` (耕地), else the first
  non-construction plan;
* ``keep_priority``: the first covering plan;
* ``set_code``: ``DM:{fallback}``;
* ``defer``: ``DEFER``.

When a plan action finds no plan, ``fallback`` decides (a 用地用海 code → ``DM:code``; empty or
``DEFER`` → ``DEFER``). A patch that no rule matches gets ``DEFER`` with rule id ``""``.

Nothing here imports QGIS.
"""
import fnmatch
import functools
import re
from pathlib import Path

import numpy as np
import pandas as pd

from ..intake import landuse
from .detection import (CONFLICT_ORDER, DECISION, IN_APPROVED, JS, PLAN_FIELDS, RULE, STATUS, STATUS_REVIEWED,
                        SUGGESTION, SUGGESTION_REASON, TYPE, plan_count_of)

RULES_FILE = "conflict_rules.csv"
RULE_COLUMNS = ("rule", "priority", "conflict_type", "condition", "action", "fallback", "reason_zh", "reason_en")

KEEP_NONCONSTRUCTION, KEEP_CONSTRUCTION = "keep_nonconstruction", "keep_construction"
KEEP_FARMLAND, KEEP_PRIORITY, SET_CODE, DEFER_ACTION = "keep_farmland", "keep_priority", "set_code", "defer"
PLAN_ACTIONS = (KEEP_NONCONSTRUCTION, KEEP_CONSTRUCTION, KEEP_FARMLAND, KEEP_PRIORITY)
ACTIONS = PLAN_ACTIONS + (SET_CODE, DEFER_ACTION)

APPROVED, NOT_APPROVED = "approved", "not_approved"
CONDITIONS = ("", APPROVED, NOT_APPROVED)

DEFER = "DEFER"
PLAN_PREFIX, CODE_PREFIX = "GH", "DM:"
KIND_PLAN, KIND_CODE, KIND_DEFER = "plan", "code", "defer"
FARMLAND_PREFIX = "01"  # 用地用海 01 耕地

SUGGESTION_REASON_EN = "JYLY_EN"
RESULT_COLUMNS = (SUGGESTION, RULE, SUGGESTION_REASON, SUGGESTION_REASON_EN)

NO_RULE_ZH, NO_RULE_EN = "没有匹配的规则，待人工核实", "no rule matched"
FALLBACK_ZH, FALLBACK_EN = "（无规划符合，按后备处理）", " (no plan qualifies; fallback applied)"

_PLAN_DECISION = re.compile(r"^GH([1-9][0-9]*)$")
_CODE_DECISION = re.compile(r"^DM:([0-9]+)$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
_JS_TYPE = re.compile(r"^JS_[01-]{2,}$")
_WILDCARDS = set("*?[")
_JS_INDEX = CONFLICT_ORDER.index(JS)


# ---------------------------------------------------------------------------- the rule table

def load_rules(path=None, tables_dir=None):
    """The rule table as a DataFrame (file order; ``priority`` as int), validated.

    ``path`` is a CSV file or a folder holding ``conflict_rules.csv`` (default: the plugin's
    ``resources/tables``). Fallback codes are checked against the 用地用海 table of ``tables_dir``;
    when it is not given, the rule file's own folder is used if it holds ``ydyh_2023.csv`` (a
    copied tables folder), else the plugin's tables.

    Raises ``ValueError`` naming the file and line of bad rows (unknown action or condition,
    priority not a whole number, duplicate or empty rule id, fallback not a 用地用海 code …).
    """
    path = Path(path) if path is not None else landuse.TABLES_DIR
    if path.is_dir():
        path = path / RULES_FILE
    if not path.is_file():
        raise FileNotFoundError(f"conflict rule table not found: {path.name}")  # a file name, not a machine path
    if tables_dir is None:
        tables_dir = path.parent if (path.parent / landuse.STANDARDS[landuse.TARGET]).is_file() else None
    ydyh_key = landuse._file_key(landuse._table_path(landuse.STANDARDS[landuse.TARGET], tables_dir))
    return _read_rules(*landuse._file_key(path), ydyh_key).copy()


@functools.lru_cache(maxsize=16)
def _read_rules(path, mtime_ns, ydyh_key):
    frame = landuse._read_csv(path, RULE_COLUMNS)
    codes = set(_ydyh_names(ydyh_key))
    frame["fallback"] = [DEFER if value.upper() == DEFER else value for value in frame["fallback"]]
    errors = [f"line {landuse._line(i)}: empty rule id" for i in frame.index[frame["rule"] == ""]]
    errors += landuse._duplicate_errors(frame["rule"][frame["rule"] != ""], "rule id")
    for index, row in frame.iterrows():
        label = f"line {landuse._line(index)} (rule {row['rule']!r})"
        errors += [f"{label}: {problem}" for problem in _rule_problems(row, codes)]
    landuse._raise_if_errors(path, errors)
    frame["priority"] = frame["priority"].astype(int)
    return frame


def _rule_problems(row, codes):
    if not _INTEGER.match(row["priority"]):
        yield f"priority must be a whole number, not {row['priority']!r}"
    pattern = row["conflict_type"]
    if not pattern:
        yield "empty conflict_type (use * for every type)"
    elif not (_WILDCARDS & set(pattern)) and pattern not in CONFLICT_ORDER and not _JS_TYPE.match(pattern):
        yield (f"conflict_type {pattern!r} is not a difference-patch type ({', '.join(CONFLICT_ORDER[:_JS_INDEX])}, "
               f"JS_10 …, {', '.join(CONFLICT_ORDER[_JS_INDEX + 1:])}) or a pattern with * ? [")
    if row["condition"] not in CONDITIONS:
        yield f"unknown condition {row['condition']!r}; use empty, {APPROVED} or {NOT_APPROVED}"
    if row["action"] not in ACTIONS:
        yield f"unknown action {row['action']!r}; use one of {', '.join(ACTIONS)}"
    fallback = row["fallback"]
    if fallback not in ("", DEFER) and fallback not in codes:
        if fallback.isdigit() and len(fallback) % 2 == 1:
            yield (f"fallback {fallback!r} looks like a code that lost its leading zero "
                   f"(format the column as text in Excel)")
        else:
            yield f"fallback {fallback!r} is not a 用地用海 2023 code (nor empty or {DEFER})"
    elif row["action"] == SET_CODE and fallback in ("", DEFER):
        yield f"action {SET_CODE} needs a 用地用海 code in fallback"


@functools.lru_cache(maxsize=16)
def _ydyh_names(key):
    """``{code: name}`` of the 用地用海 table behind a landuse file key (path, mtime)."""
    table = landuse._read_classification(*key, True)
    return dict(zip(table["code"], table["name"]))


def _ydyh_lookup(tables_dir):
    return _ydyh_names(landuse._file_key(landuse._table_path(landuse.STANDARDS[landuse.TARGET], tables_dir)))


# ---------------------------------------------------------------------------- suggestions

def suggest(patches, rules, plan_priority=None):
    """Suggested decision of every patch, as a DataFrame with the index of ``patches``.

    ``patches`` has the patch layer's fields (``CYLX``, ``GH{k}DM``, ``GH{k}JS``, ``GH{k}YDYH``,
    ``YPXM`` …); ``rules`` comes from :func:`load_rules`. ``plan_priority`` lists the 1-based
    plan numbers, most important first (default ``1..n``). Columns of the result: ``JYCL``
    (decision code), ``CLGZ`` (rule id, ``""`` when no rule matched), ``JYLY`` (reason, Chinese)
    and ``JYLY_EN`` (reason, English).
    """
    plan_count = plan_count_of(list(patches.columns))
    if plan_count == 0:
        raise ValueError("patches have no plan fields (GH1DM, GH1JS, GH1YDYH …)")
    order = _check_priority(plan_priority, plan_count)
    rules = _sorted_rules(rules)
    _check_patch_columns(patches, plan_count, rules)

    count = len(patches)
    decision = np.full(count, DEFER, dtype=object)
    rule_id = np.full(count, "", dtype=object)
    reason_zh = np.full(count, NO_RULE_ZH, dtype=object)
    reason_en = np.full(count, NO_RULE_EN, dtype=object)
    if count and len(rules):
        choose = _plan_choices(patches, order)
        type_codes, type_uniques = pd.factorize(patches[TYPE].astype(object).where(patches[TYPE].notna(), ""))
        approved = _approved(patches) if (rules["condition"] != "").any() else np.zeros(count, dtype=bool)
        open_ = np.ones(count, dtype=bool)
        for rule in rules.itertuples(index=False):
            matches = np.array([fnmatch.fnmatchcase(str(value), rule.conflict_type) for value in type_uniques],
                               dtype=bool)
            mask = open_ & matches[type_codes] if len(type_uniques) else np.zeros(count, dtype=bool)
            if rule.condition == APPROVED:
                mask &= approved
            elif rule.condition == NOT_APPROVED:
                mask &= ~approved
            if not mask.any():
                continue
            open_ &= ~mask
            fallback = _fallback_decision(rule.fallback)
            rule_id[mask] = rule.rule
            reason_zh[mask], reason_en[mask] = rule.reason_zh, rule.reason_en
            if rule.action == SET_CODE:
                decision[mask] = fallback
            elif rule.action == DEFER_ACTION:
                decision[mask] = DEFER
            else:
                plans = choose(rule.action)[mask]
                found = plans > 0
                decision[mask] = np.where(found, _plan_labels(plans, plan_count), fallback)
                missed = np.flatnonzero(mask)[~found]
                reason_zh[missed] = rule.reason_zh + FALLBACK_ZH
                reason_en[missed] = rule.reason_en + FALLBACK_EN
            if not open_.any():
                break
    return pd.DataFrame({SUGGESTION: decision, RULE: rule_id, SUGGESTION_REASON: reason_zh,
                         SUGGESTION_REASON_EN: reason_en}, index=patches.index)


def _check_priority(plan_priority, plan_count):
    """``plan_priority`` as a list of 0-based plan positions (validated)."""
    if plan_priority is None:
        return list(range(plan_count))
    try:
        numbers = list(plan_priority)
    except TypeError:
        raise ValueError(f"plan_priority must be a list of plan numbers, not {plan_priority!r}") from None
    valid = all(isinstance(n, (int, np.integer)) and not isinstance(n, (bool, np.bool_)) for n in numbers)
    if not valid or sorted(int(n) for n in numbers) != list(range(1, plan_count + 1)):
        raise ValueError(f"plan_priority must list each plan number 1..{plan_count} exactly once, "
                         f"not {numbers!r}")
    return [int(n) - 1 for n in numbers]


def _sorted_rules(rules):
    missing = [column for column in RULE_COLUMNS if column not in rules.columns]
    if missing:
        raise ValueError(f"rule table is missing column(s) {', '.join(missing)}")
    rules = rules.copy()
    for column in RULE_COLUMNS:
        if column != "priority":
            rules[column] = rules[column].fillna("").astype(str)
    rules["fallback"] = [DEFER if value.upper() == DEFER else value for value in rules["fallback"]]
    try:
        rules["priority"] = rules["priority"].astype(int)
    except (TypeError, ValueError):
        raise ValueError("rule priorities must be whole numbers") from None
    bad = sorted(set(rules["action"]) - set(ACTIONS)) + sorted(set(rules["condition"]) - set(CONDITIONS))
    if bad:
        raise ValueError(f"unknown action or condition in the rule table: {', '.join(map(repr, bad))}")
    for fallback in rules["fallback"]:
        _fallback_decision(fallback)
    setting = rules.loc[rules["action"] == SET_CODE, "fallback"]
    if setting.isin(["", DEFER]).any():
        raise ValueError(f"action {SET_CODE} needs a 用地用海 code in fallback")
    return rules.sort_values("priority", kind="stable")


def _check_patch_columns(patches, plan_count, rules):
    needed = [TYPE]
    for k in range(1, plan_count + 1):
        needed += [PLAN_FIELDS[6].format(k=k), PLAN_FIELDS[4].format(k=k)]
    if (rules["condition"] != "").any():
        needed.append(IN_APPROVED)
    missing = [column for column in needed if column not in patches.columns]
    if missing:
        raise ValueError(f"patches are missing field(s) {', '.join(missing)}")


def _approved(patches):
    return (pd.to_numeric(patches[IN_APPROVED], errors="coerce").fillna(0).to_numpy(dtype=float) == 1)


def _plan_choices(patches, order):
    """``choose(action)`` → per patch the 1-based plan number the action picks (0 = none)."""
    flags = np.column_stack([
        pd.to_numeric(patches[PLAN_FIELDS[6].format(k=k + 1)].astype(object), errors="coerce").to_numpy(dtype=float)
        for k in order])
    covered = ~np.isnan(flags)
    construction = covered & (flags == 1)
    nonconstruction = covered & (flags == 0)
    numbers = np.array([k + 1 for k in order])
    cache = {}

    def first(mask):
        return np.where(mask.any(axis=1), numbers[mask.argmax(axis=1)], 0)

    def farmland():
        columns = []
        for k in order:
            codes = patches[PLAN_FIELDS[4].format(k=k + 1)]
            codes = codes.astype(object).where(codes.notna(), "").astype(str).str.strip()
            columns.append(codes.str.startswith(FARMLAND_PREFIX).to_numpy(dtype=bool))
        chosen = first(covered & np.column_stack(columns))
        return np.where(chosen > 0, chosen, first(nonconstruction))

    def choose(action):
        if action not in cache:
            cache[action] = {KEEP_NONCONSTRUCTION: lambda: first(nonconstruction),
                             KEEP_CONSTRUCTION: lambda: first(construction),
                             KEEP_FARMLAND: farmland,
                             KEEP_PRIORITY: lambda: first(covered)}[action]()
        return cache[action]

    return choose


def _plan_labels(plans, plan_count):
    labels = np.array([""] + [format_decision(KIND_PLAN, k) for k in range(1, plan_count + 1)], dtype=object)
    return labels[plans]


def _fallback_decision(fallback):
    if fallback in ("", DEFER):
        return DEFER
    return format_decision(KIND_CODE, fallback)


# ---------------------------------------------------------------------------- decision codes

def parse_decision(text):
    """``"GH2"`` → ``("plan", 2)``; ``"DM:0103"`` → ``("code", "0103")``; ``"DEFER"`` → ``("defer", None)``.

    Anything else raises ``ValueError``. Codes must be exact (no spaces, upper case).
    """
    if isinstance(text, str):
        if text == DEFER:
            return KIND_DEFER, None
        match = _PLAN_DECISION.match(text)
        if match:
            return KIND_PLAN, int(match.group(1))
        match = _CODE_DECISION.match(text)
        if match:
            code = match.group(1)
            if len(code) % 2:
                raise ValueError(f"invalid decision {text!r}: 用地用海 codes have an even number of digits "
                                 f"(a lost leading zero?)")
            return KIND_CODE, code
    raise ValueError(f"invalid decision {text!r}: use GH<plan number> (e.g. GH1), DM:<用地用海 code> "
                     f"(e.g. DM:0103) or {DEFER}")


def decided_codes(table):
    """Per patch (rows of a patch layer's attributes), the 用地用海 code its review decided: DM:code →
    that code, GHk → plan k's code on the patch (``GH{k}YDYH``); None for a patch not reviewed
    (SHZT other than 已审查, where the layer has SHZT), deferred, or whose decision is no decision."""
    codes = []
    for row in table.to_dict("records"):
        decision = str(row.get(DECISION) or "").strip()
        code = None
        if decision and row.get(STATUS, STATUS_REVIEWED) == STATUS_REVIEWED:
            try:
                kind, value = parse_decision(decision)
            except ValueError:
                kind, value = None, None
            code = value if kind == KIND_CODE else row.get(f"GH{value}YDYH") if kind == KIND_PLAN else None
        codes.append(None if code in (None, "") else str(code))
    return codes


def format_decision(kind, value=None):
    """The decision code of ``(kind, value)``; the inverse of :func:`parse_decision`."""
    if kind == KIND_PLAN:
        text = f"{PLAN_PREFIX}{value}"
    elif kind == KIND_CODE:
        text = f"{CODE_PREFIX}{value}"
    elif kind == KIND_DEFER:
        text = DEFER
    else:
        raise ValueError(f"unknown decision kind {kind!r}; use {KIND_PLAN}, {KIND_CODE} or {KIND_DEFER}")
    parse_decision(text)  # validates value
    return text


def decision_label(decision, plan_names, tables_dir=None, language="zh"):
    """Readable decision: ``保留城规`` / ``调整为 0103 旱地`` / ``暂缓，待人工核实`` (or English).

    Raises ``ValueError`` for an invalid code, a plan number beyond ``plan_names`` or a code that
    is not in the 用地用海 2023 table.
    """
    if language not in ("zh", "en"):
        raise ValueError(f"unknown language {language!r}; use zh or en")
    kind, value = parse_decision(decision)
    if kind == KIND_PLAN:
        if value > len(plan_names):
            raise ValueError(f"decision {decision!r} names plan {value}, but there are {len(plan_names)} plans")
        name = plan_names[value - 1]
        return f"保留{name}" if language == "zh" else f"keep {name}"
    if kind == KIND_CODE:
        names = _ydyh_lookup(tables_dir)
        if value not in names:
            raise ValueError(f"decision {decision!r}: {value!r} is not a 用地用海 2023 code")
        return f"调整为 {value} {names[value]}" if language == "zh" else f"change to {value} {names[value]}"
    return "暂缓，待人工核实" if language == "zh" else "defer for review"
