"""Code refinement (代码细化): a 用地用海 code for ground whose deciding plan has a code with no
single 用地用海 target (土规 211 城镇用地, 城规 E2 农林用地 …).

The deciding plan's code defines which 用地用海 codes are *compatible* with it
(:class:`core.intake.landuse.RefinementRule`: the crosswalk's ``family`` column, else the same
construction flag and space). The first compatible code, in this order, is taken:

1. the other plans' 用地用海 codes on the same ground, in plan priority order;
2. the current use (三调 地类图斑 DLTB) on that ground;
3. the umbrella class of the code (the crosswalk's ``umbrella`` column, level 1 where one exists).

and made as specific as the later candidates allow: a later compatible code *inside* it (土规 says
01 耕地, the 三调 underneath 0103 旱地) replaces it, so the most specific code the sources agree on
is kept, never one that contradicts the higher-priority source.

Every piece records where its code came from (``source``: ``土规``, ``城规→土规``, ``城规→三调``,
``城规→土规→三调`` (土规's class, refined by the 三调) …) and how (``method``, one of
:data:`METHODS`). Nothing here imports QGIS.
"""
from ..report import Text

EXACT, REFINED, UMBRELLA, CURRENT, PENDING, UNRESOLVED = "exact", "refined", "umbrella", "current", "pending", "unresolved"
#: How a blueprint code was obtained:
#: exact       the deciding plan's own code (its crosswalk target, exact or approximate), or a code a decision set;
#: refined     a compatible code of another plan or of the current use on the same ground;
#: umbrella    the umbrella class of the deciding code (no finer compatible code was found);
#: current     ground no plan covers, coded by its current use (三调);
#: pending     a patch left 待定 (the build was asked to leave undecided patches open);
#: unresolved  no compatible code was found: kept, listed with its area, never silently empty.
METHODS = (EXACT, REFINED, UMBRELLA, CURRENT, PENDING, UNRESOLVED)
METHOD_NAMES = {EXACT: Text("精确", "exact"), REFINED: Text("细化", "refined"), UMBRELLA: Text("上位类", "umbrella"),
                CURRENT: Text("现状", "current use"), PENDING: Text("待定", "pending"),
                UNRESOLVED: Text("未定", "unresolved")}
ARROW = "→"


def choose(rule, candidates, ydyh):
    """(code, method, source suffix) for ground whose deciding code has ``rule`` and no target.

    ``candidates`` are ``(label, 用地用海 code or None)`` in the documented order (other plans by
    priority, then the current use); ``ydyh`` is :func:`core.intake.landuse.ydyh_properties`. Returns
    the first compatible candidate, deepened by later compatible candidates within it (``refined``,
    their labels joined by →), else the rule's umbrella (``umbrella``, no label), else
    ``(None, "unresolved", None)``. ``rule`` None (a code the table does not know) admits nothing."""
    if rule is not None:
        chosen, labels = None, []
        for label, code in candidates:
            if code is None or not rule.admits(code, ydyh):
                continue
            if chosen is None or (len(code) > len(chosen) and code.startswith(chosen)):
                chosen = code
                labels.append(label)
        if chosen is not None:
            return chosen, REFINED, ARROW.join(labels)
        if rule.umbrella:
            return rule.umbrella, UMBRELLA, None
    return None, UNRESOLVED, None


def source_text(plan, via=None):
    """``土规`` or ``土规→三调``: where a piece's code came from."""
    if not plan:
        return via
    return f"{plan}{ARROW}{via}" if via else plan
