"""Reviewing difference patches one by one (差异图斑审查): decisions, filters and progress.

The review dock keeps the patch table as columns (numpy arrays) so filtering and counting 10⁵
patches is a handful of vectorised comparisons, not a Python loop per row. What a decision
writes into the patch layer is decided here, so the dock and any script write the same fields
the way :mod:`core.conflicts.blueprint` reads them (``CLJD`` first, then the suggestion ``JYCL``).
"""
from dataclasses import dataclass
from datetime import datetime

import numpy as np

from ..units import to_hectares, to_mu
from . import detection as cf
from .resolution import CODE_PREFIX, DEFER, decision_label, parse_decision

# Fields the dock writes; a patch layer without them is offered to have them added.
REVIEW_FIELDS = (cf.DECISION, cf.DECISION_NAME, cf.DECISION_REASON, cf.STATUS, cf.REVIEWER, cf.REVIEW_TIME)
STATUSES = (cf.STATUS_PENDING, cf.STATUS_REVIEWED, cf.STATUS_DEFERRED)
ALL = None  # filter value meaning "any"


def missing_review_fields(field_names):
    """Review fields the layer lacks, in the order they would be added."""
    present = set(field_names)
    return [name for name in REVIEW_FIELDS if name not in present]


def decision_values(decision, reason, reviewer, plan_names, now=None, language="zh"):
    """``{field: value}`` to write for one reviewed patch.

    ``decision`` is ``GH<k>``, ``DM:<用地用海 code>`` or ``DEFER``; an invalid one raises
    ``ValueError`` with the reason (e.g. a code not in the 用地用海 table), before anything is
    written. A deferred patch gets the status 暂缓, any other decision 已审查.
    """
    parse_decision(decision)
    label = decision_label(decision, plan_names, language=language)
    status = cf.STATUS_DEFERRED if decision == DEFER else cf.STATUS_REVIEWED
    stamp = (now or datetime.now()).strftime("%Y-%m-%d %H:%M:%S")
    return {cf.DECISION: decision, cf.DECISION_NAME: label, cf.DECISION_REASON: (reason or "").strip() or None,
            cf.STATUS: status, cf.REVIEWER: (reviewer or "").strip() or None, cf.REVIEW_TIME: stamp}


# What the dock's "adjust" choice says before its code box: the words :func:`decision_text`
# puts before the code ("调整为 0103 旱地"), so the button and the table read the same.
CODE_CHOICE = {"zh": "调整为", "en": "Change to"}


def decision_text(decision, plan_names, language="zh", fallback=None):
    """How the review dock shows ``decision``, in its buttons and in its table alike.

    The label :func:`core.conflicts.resolution.decision_label` writes into ``CLJDMC``/``JYCLMC``
    (保留城规, 调整为 0103 旱地, 暂缓，待人工核实), in ``language``; English starts with a
    capital (Keep 城规, Change to 0103 旱地, Defer for review). A decision that cannot be
    labelled (empty, unknown code, a plan the layer lacks) gives ``fallback``.
    """
    if decision in (None, ""):
        return fallback
    try:
        label = decision_label(str(decision), plan_names, language=language)
    except ValueError:
        return fallback
    return label[:1].upper() + label[1:] if language == "en" else label


def choice_texts(plan_names, language="zh"):
    """``{decision: button text}`` of the dock's choices: one per plan, adjust (``DM:``) and defer.

    The plan and defer buttons read exactly as :func:`decision_text` shows their decision; the
    adjust button reads the words before the code (the code is typed next to it).
    """
    texts = {f"GH{k}": decision_text(f"GH{k}", plan_names, language) for k in range(1, len(plan_names) + 1)}
    texts[CODE_PREFIX] = CODE_CHOICE[language]
    texts[DEFER] = decision_text(DEFER, plan_names, language)
    return texts


def cleared_values():
    """Values that take a patch back to 未审查 (undo a decision)."""
    values = {name: None for name in REVIEW_FIELDS}
    values[cf.STATUS] = cf.STATUS_PENDING
    return values


def normalised_status(value):
    """A stored status, with empty ones read as 未审查."""
    if value is None or (isinstance(value, float) and value != value) or str(value).strip() == "":
        return cf.STATUS_PENDING
    return str(value)


@dataclass
class PatchFilter:
    type_name: str = ALL
    admin: str = ALL
    status: str = ALL
    min_area_mu: float = None
    max_area_mu: float = None

    def rows(self, table):
        """Positions (sorted) of the rows of ``table`` (:class:`PatchColumns`) that pass."""
        keep = np.ones(len(table), dtype=bool)
        if self.type_name is not ALL:
            keep &= table.type_name == self.type_name
        if self.admin is not ALL:
            keep &= table.admin == self.admin
        if self.status is not ALL:
            keep &= table.status == self.status
        if self.min_area_mu is not None:
            keep &= table.area_mu >= self.min_area_mu
        if self.max_area_mu is not None:
            keep &= table.area_mu <= self.max_area_mu
        return np.flatnonzero(keep)


class PatchColumns:
    """The review table as aligned numpy columns (object arrays for text)."""

    TEXT = ("patch_id", "type_name", "admin", "suggestion", "suggestion_code", "decision", "decision_name", "reason",
            "status")

    def __init__(self, fids, area_m2, **texts):
        self.fid = np.asarray(fids, dtype=np.int64)
        self.area_m2 = np.asarray(area_m2, dtype=float)
        self.area_mu = to_mu(self.area_m2)
        for name in self.TEXT:
            values = texts.get(name)
            column = np.empty(len(self.fid), dtype=object)
            column[:] = [None] * len(self.fid) if values is None else list(values)
            setattr(self, name, column)
        self.status = np.array([normalised_status(value) for value in self.status], dtype=object)
        self._position = {int(fid): row for row, fid in enumerate(self.fid)}

    def __len__(self):
        return len(self.fid)

    def row_of(self, fid):
        return self._position.get(int(fid))

    def update(self, fid, values):
        """Apply written field values (by field name) to the row of ``fid``."""
        row = self.row_of(fid)
        if row is None:
            return None
        for field_name, column in ((cf.DECISION, "decision"), (cf.DECISION_NAME, "decision_name"),
                                   (cf.DECISION_REASON, "reason")):
            if field_name in values:
                getattr(self, column)[row] = values[field_name]
        if cf.STATUS in values:
            self.status[row] = normalised_status(values[cf.STATUS])
        return row

    def distinct(self, column):
        """Sorted distinct non-empty values of a text column (for the filter boxes)."""
        values = {value for value in getattr(self, column) if value not in (None, "")}
        return sorted(values, key=str)


@dataclass
class ReviewProgress:
    total: int
    reviewed: int  # decided (已审查)
    deferred: int  # looked at, decision put off (暂缓)
    total_area_m2: float
    reviewed_area_m2: float  # 已审查 and 暂缓

    @property
    def done(self):
        return self.reviewed + self.deferred

    @property
    def total_area_ha(self):
        return float(to_hectares(self.total_area_m2))

    @property
    def reviewed_area_ha(self):
        return float(to_hectares(self.reviewed_area_m2))


def review_progress(table):
    status = table.status
    reviewed = status == cf.STATUS_REVIEWED
    deferred = status == cf.STATUS_DEFERRED
    area = np.nan_to_num(table.area_m2)
    return ReviewProgress(len(table), int(reviewed.sum()), int(deferred.sum()), float(area.sum()),
                          float(area[reviewed | deferred].sum()))


def next_row(visible_rows, current, step=1, pending_only=False, status=None):
    """The row after (``step`` 1) or before (-1) ``current`` among ``visible_rows``, wrapping.

    With ``pending_only`` rows whose ``status`` is not 未审查 are skipped. None when there is
    nothing to go to.
    """
    rows = np.asarray(visible_rows)
    if pending_only and status is not None:
        rows = rows[status[rows] == cf.STATUS_PENDING] if len(rows) else rows
    if not len(rows):
        return None
    if current is None:
        return int(rows[0] if step > 0 else rows[-1])
    if step > 0:
        after = rows[rows > current]
        return int(after[0] if len(after) else rows[0])
    before = rows[rows < current]
    return int(before[-1] if len(before) else rows[-1])
