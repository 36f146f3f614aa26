"""项目辅助选址, the ranking: weights of the soft factors, scores 0–100 with their reasons, the
ranked sites and the workbook. The sites and their factor values come from
:mod:`core.control_lines.siting` (candidates cut by the hard constraints, measured).

Weights are normalised to sum 1 over the factors that can be computed (:func:`resolve_weights`);
:class:`ScoringRules` turns raw values into scores (see the table in :mod:`core.control_lines.siting`);
:func:`rank_sites` ranks by total, then area (larger first), then id, and writes the reason for
every score.
"""
import math
import re
import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd

from ..report import (AREA_HA, AREA_M2, AREA_MU, EN, INTEGER, ZH, Column, Sheet, Text, current_language, pick, render,
                      write_workbook)
from ..suitability.ahp import normalise_weights
from ..units import to_hectares, to_mu
from ..wording import sheet_name
from .siting import COMPACTNESS, FACTOR_NAMES, FACTORS, ROAD, SLOPE, SUITABILITY, TOWN

# Factor names a user may write in the weights, after NFKC and lower case.
_ALIASES = {SUITABILITY: SUITABILITY, "适宜性": SUITABILITY, "适宜": SUITABILITY, "syx": SUITABILITY,
            ROAD: ROAD, "roads": ROAD, "道路": ROAD, "距道路": ROAD, "dljl": ROAD,
            TOWN: TOWN, "towns": TOWN, "城镇": TOWN, "距城镇": TOWN, "czjl": TOWN,
            SLOPE: SLOPE, "坡度": SLOPE, "pd": SLOPE,
            COMPACTNESS: COMPACTNESS, "紧凑度": COMPACTNESS, "jcd": COMPACTNESS}
DEFAULT_WEIGHTS = "suitability=0.4;road=0.2;town=0.2;slope=0.1;compactness=0.1"


# --------------------------------------------------------------------------- weights

def parse_weights(text):
    """``"suitability=0.4;road=0.2"`` → ``{"suitability": 0.4, "road": 0.2}`` (ValueError says why not).

    Items are separated by ``;`` or ``,`` (full-width too), each ``factor=weight`` or
    ``factor:weight``; factors by English key or Chinese name (适宜性, 道路, 城镇, 坡度, 紧凑度).
    Factors left out weigh 0. Weights must be numbers ≥ 0, not all 0.
    """
    text = unicodedata.normalize("NFKC", text or "").strip()
    if not text:
        raise ValueError("no weights given: write e.g. " + DEFAULT_WEIGHTS)
    weights = {}
    for item in (part.strip() for part in re.split(r"[;,\n]", text)):
        if not item:
            continue
        match = re.fullmatch(r"([^=:]+?)\s*[=:]\s*(\S+)", item)
        if not match:
            raise ValueError(f"“{item}” is not factor=weight")
        name, value = match.group(1).strip(), match.group(2)
        factor = _ALIASES.get(name.lower())
        if factor is None:
            raise ValueError(f"unknown factor “{name}”: use {', '.join(FACTORS)}")
        if factor in weights:
            raise ValueError(f"factor “{factor}” is given twice")
        try:
            weight = float(value)
        except ValueError:
            raise ValueError(f"the weight of “{name}” is “{value}”, not a number") from None
        if not math.isfinite(weight) or weight < 0:
            raise ValueError(f"the weight of “{name}” is {value}: weights must be finite and not negative")
        weights[factor] = weight
    if not weights:
        raise ValueError("no weights given: write e.g. " + DEFAULT_WEIGHTS)
    if sum(weights.values()) <= 0:
        raise ValueError("all weights are 0: at least one factor must count")
    return weights


@dataclass
class Weights:
    weights: dict  # factor: weight (> 0), normalised to sum 1, in FACTORS order
    unavailable: list  # weighted factors left out because their data was not given
    normalised: bool  # the remaining weights did not sum to 1 and were scaled


def resolve_weights(given, available):
    """The weights of the factors that can be computed, normalised to sum 1.

    ``given``: from :func:`parse_weights`; ``available``: factors whose data is there.
    ValueError when no weighted factor is left.
    """
    unavailable = [f for f in FACTORS if given.get(f, 0) > 0 and f not in available]
    kept = [f for f in FACTORS if given.get(f, 0) > 0 and f in available]
    if not kept:
        raise ValueError("none of the weighted factors can be computed: "
                         + ", ".join(f"{f} needs its data" for f in unavailable))
    values, changed = normalise_weights([given[f] for f in kept])
    return Weights(dict(zip(kept, (float(v) for v in values))), unavailable, bool(changed))


# --------------------------------------------------------------------------- scores and ranking

@dataclass
class ScoringRules:
    """How raw factor values become scores 0–100 (100 best); see the module docstring."""

    suitability_low: float = None  # raster value scoring 0 ...
    suitability_high: float = None  # ... and 100 (high < low: lower values are better)
    road_limit_m: float = 3000.0
    town_limit_m: float = 10000.0
    slope_limit_deg: float = 25.0

    def validate(self):
        for name in ("road_limit_m", "town_limit_m", "slope_limit_deg"):
            value = getattr(self, name)
            if not (value and value > 0 and math.isfinite(value)):
                raise ValueError(f"{name} must be positive, not {value}")
        return self

    def describe(self):
        """One :class:`core.report.Text` per factor: how it is scored (for the log and the notes)."""
        low, high = self.suitability_low, self.suitability_high
        lower = _lower_better(low, high)
        road, town, slope = self.road_limit_m, self.town_limit_m, self.slope_limit_deg
        lines = {SUITABILITY: Text(f"适宜性：栅格均值，{_g(low)} → 0 … {_g(high)} → 100，线性" + ("（值越小越好）" if lower else ""),
                                   f"suitability: mean raster value, {_g(low)} → 0 … {_g(high)} → 100, linear"
                                   + (" (lower is better)" if lower else "")),
                 ROAD: Text(f"距道路：100 × (1 − d / {road:g} 米)，{road:g} 米及以上为 0",
                            f"road: 100 × (1 − d / {road:g} m), 0 from {road:g} m"),
                 TOWN: Text(f"距城镇：100 × (1 − d / {town:g} 米)，{town:g} 米及以上为 0",
                            f"town: 100 × (1 − d / {town:g} m), 0 from {town:g} m"),
                 SLOPE: Text(f"坡度：100 × (1 − 坡度 / {slope:g}°)，{slope:g}° 及以上为 0",
                             f"slope: 100 × (1 − slope / {slope:g}°), 0 from {slope:g}°"),
                 COMPACTNESS: Text("紧凑度：100 × 4πA/P²（圆为 100，正方形为 78.5）",
                                   "compactness: 100 × 4πA/P² (circle 100, square 78.5)")}
        return lines


def _g(value):
    return "?" if value is None else f"{value:g}"


def _lower_better(low, high):
    return low is not None and high is not None and high < low


def factor_scores(values, rules):
    """Scores 0–100 of the raw values ({factor: array}); NaN stays NaN."""
    scores = {}
    for factor, raw in values.items():
        raw = np.asarray(raw, dtype=float)
        if factor == SUITABILITY:
            low, high = rules.suitability_low, rules.suitability_high
            if low is None or high is None:
                raise ValueError("the suitability score needs its bounds (the raster's min and max)")
            if low == high:
                score = np.where(np.isnan(raw), np.nan, 100.0)
            else:
                score = 100.0 * (raw - low) / (high - low)
        elif factor == ROAD:
            score = 100.0 * (1 - raw / rules.road_limit_m)
        elif factor == TOWN:
            score = 100.0 * (1 - raw / rules.town_limit_m)
        elif factor == SLOPE:
            score = 100.0 * (1 - raw / rules.slope_limit_deg)
        elif factor == COMPACTNESS:
            score = 100.0 * raw
        else:
            raise ValueError(f"unknown factor {factor!r}")
        scores[factor] = np.clip(score, 0.0, 100.0)
    return scores


def rank_sites(table, values, weights, rules):
    """Scores, total, rank and reason of every site.

    ``table``: one row per site with at least ``id`` and ``area_m2``; ``values``: {factor: raw
    values aligned with the rows} for the factors computed; ``weights``: :class:`Weights`.
    Returns a copy sorted by rank with ``<factor>_value``, ``<factor>_score``, ``total``,
    ``rank``, ``reason`` (中文) and ``reason_en``; ``position`` is the row's place in ``table``.
    """
    out = table.reset_index(drop=True).copy()
    out["position"] = np.arange(len(out))
    scores = factor_scores(values, rules)
    total = np.zeros(len(out))
    for factor in FACTORS:
        out[f"{factor}_value"] = values[factor] if factor in values else np.nan
        out[f"{factor}_score"] = scores[factor] if factor in scores else np.nan
    for factor, weight in weights.weights.items():
        total += weight * np.nan_to_num(scores[factor], nan=0.0)
    out["total"] = total
    out["reason"] = [_reason(out, k, weights.weights, zh=True) for k in range(len(out))]
    out["reason_en"] = [_reason(out, k, weights.weights, zh=False) for k in range(len(out))]
    out["_id"] = out["id"].astype(str)
    out = out.sort_values(["total", "area_m2", "_id"], ascending=[False, False, True], kind="stable")
    out = out.drop(columns="_id").reset_index(drop=True)
    out["rank"] = np.arange(1, len(out) + 1)
    return out


def _reason(frame, row, weights, zh=True):
    parts = []
    for factor, weight in weights.items():
        value, score = frame.at[row, f"{factor}_value"], frame.at[row, f"{factor}_score"]
        name = FACTOR_NAMES[factor][0 if zh else 1]
        if value is None or pd.isna(value):
            parts.append(f"{name} {'无数据' if zh else 'no data'} → 0 ({weight:.2f})")
        else:
            parts.append(f"{name} {format_value(factor, value)} → {score:.0f} ({weight:.2f})")
    total = frame.at[row, "total"]
    return " · ".join(parts) + (f"；综合 {total:.1f}" if zh else f"; total {total:.1f}")


def format_value(factor, value):
    """A raw factor value as the reason text shows it: 120 m, 2.35 km, 4.2°, 0.71, 0.823."""
    if factor in (ROAD, TOWN):
        return f"{value:.0f} m" if value < 1000 else f"{value / 1000:.2f} km"
    if factor == SLOPE:
        return f"{value:.1f}°"
    if factor == COMPACTNESS:
        return f"{value:.2f}"
    return f"{value:.3g}"


# --------------------------------------------------------------------------- the workbook

SHEET_NAMES = ("选址排序", "剔除统计", "说明")
SHEET_NAMES_EN = ("Ranked sites", "Dropped", "Notes")


def _languages():
    """Which of the Chinese and English wordings a report carries: ("zh",), ("en",) or both."""
    return {ZH: ("zh",), EN: ("en",)}.get(current_language(), ("zh", "en"))


def site_columns(factors):
    """Columns of the ranked-sites table for the computed ``factors`` (the reason in the report
    language; both reasons in a bilingual report)."""
    units = {SUITABILITY: ("", ""), ROAD: ("（米）", " (m)"), TOWN: ("（米）", " (m)"), SLOPE: ("（度）", " (°)"),
             COMPACTNESS: ("", "")}
    formats = {SUITABILITY: "0.0000", ROAD: "#,##0.0", TOWN: "#,##0.0", SLOPE: "0.00", COMPACTNESS: "0.0000"}
    columns = [Column("rank", "排名", "Rank", INTEGER), Column("id", "选址编号", "Site id"),
               Column("source", "来源", "Source"), Column("source_ids", "来源编号", "Source ids"),
               Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
               Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True),
               Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=True),
               Column("candidate_area_m2", "候选地块原面积（平方米）", "Candidate area before constraints (m²)", AREA_M2)]
    for factor in FACTORS:
        if factor not in factors:
            continue
        zh, en = FACTOR_NAMES[factor]
        unit_zh, unit_en = units[factor]
        columns.append(Column(f"{factor}_value", f"{zh}{unit_zh}", f"{en.capitalize()}{unit_en}", formats[factor]))
        columns.append(Column(f"{factor}_score", f"{zh}得分", f"{en.capitalize()} score", "0.00"))
    columns.append(Column("total", "综合得分", "Total score", "0.00"))
    languages = _languages()
    if "zh" in languages:
        columns.append(Column("reason", "得分理由", "Reason", width=90))
    if "en" in languages:
        columns.append(Column("reason_en", "英文理由", "Reason" if languages == ("en",) else "Reason (English)",
                              width=90))
    return columns


def report_sheets(ranked, drops, factors, note, notes=()):
    """The workbook's sheets in the report language: ranked sites, drops per reason, notes
    (settings, inputs; :class:`core.report.Text` or plain lines)."""
    ranked = ranked.assign(area_ha=to_hectares(ranked["area_m2"]), area_mu=to_mu(ranked["area_m2"]))
    drops = drops.assign(area_ha=to_hectares(drops["area_m2"]), area_mu=to_mu(drops["area_m2"]))
    languages = _languages()
    drop_columns = [Column("name_zh", "剔除原因", "Reason dropped")] if "zh" in languages else []
    if "en" in languages:
        drop_columns.append(Column("name_en", "英文", "English" if len(languages) == 2 else "Reason dropped"))
    drop_columns += [Column("unit", "计数单位", "Counted as"), Column("count", "数量", "Count", INTEGER, summed=True),
                     Column("area_m2", "面积（平方米）", "Area (m²)", AREA_M2, summed=True),
                     Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True),
                     Column("area_mu", "面积（亩）", "Area (mu)", AREA_MU, summed=True)]
    names = [sheet_name(zh, en) for zh, en in zip(SHEET_NAMES, SHEET_NAMES_EN)]
    total = Text("合计", "Total")
    return [Sheet(names[0], pick("项目辅助选址 候选地块排序", "Ranked candidate sites"), site_columns(factors), ranked,
                  note, total_label=total),
            Sheet(names[1], pick("剔除统计", "Candidates dropped"), drop_columns, drops, note, total_label=total),
            Sheet(names[2], pick("说明", "Notes"), [Column("note", "说明", "Note", width=120)],
                  pd.DataFrame({"note": [render(line) for line in notes]}), note)]


def write_report(path, ranked, drops, factors, note, notes=()):
    return write_workbook(path, report_sheets(ranked, drops, factors, note, notes))
