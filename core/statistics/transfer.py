"""Land-use transfer between two versions or years (土地利用转移矩阵): overlay, pairs, change.

:func:`compare_versions` overlays two versions (two years of 三调, a plan against the survey, a
revised blueprint) classified by :func:`core.statistics.area_statistics.classify_codes`, and
gives the area of every pair (class in A, class in B) where both have a parcel, each version's
area per class and what only one of them covers; :func:`transfer_matrix` lays the pairs out as
the matrix (rows A, columns B, totals), :func:`write_matrix_csv` and :func:`comparison_sheets`
for people. Areas are ellipsoidal on CGCS2000, overlaps inside a version count once.
"""
from dataclasses import dataclass

import pandas as pd

from ..geometry import as_array
from ..overlay import union_overlay
from ..progress import report, scaled
from ..report import AREA_HA, AREA_MU, Column, Sheet, pick, render
from ..units import to_hectares, to_mu
from .area_statistics import (EMPTY_CODE, EMPTY_NAME, HA, MU, TOTAL, TOTAL_KEY, UNITS, _check, _class_names, _label,
                              _measure, _overlaps, _sheet, convert)


PAIR_COLUMNS = ["class_a", "name_a", "class_b", "name_b", "area_m2"]


@dataclass
class Comparison:
    """Two versions overlaid (see :func:`compare_versions`)."""

    pairs: pd.DataFrame  # PAIR_COLUMNS: area where A has class_a and B has class_b (both cover the ground)
    rows: pd.DataFrame  # A's classes in the overlap, report order: class_code, class_name
    columns: pd.DataFrame  # B's classes in the overlap, report order: class_code, class_name
    changes: pd.DataFrame  # per class of either version: class_code, class_name, a_m2, b_m2, change_m2 (whole layers)
    overlap_m2: float
    only_a_m2: float  # ground only A covers
    only_b_m2: float
    changed_m2: object  # overlap area whose class differs; None when the versions' classes differ in kind
    repaired: tuple  # invalid geometries repaired in A, B
    overlaps: tuple  # ((pairs, m²) of A, (pairs, m²) of B)


def compare_versions(geometries_a, classification_a, geometries_b, classification_b, crs, progress=None):
    """Overlay version A and version B: area (m², ellipsoidal) of every (class in A, class in B) pair.

    Both versions are in the projected working CRS ``crs``. Overlaps inside a version count once.
    """
    geometries_a, geometries_b = as_array(geometries_a), as_array(geometries_b)
    _check(geometries_a, classification_a, crs)
    _check(geometries_b, classification_b, crs)
    overlay = union_overlay([geometries_a, geometries_b], progress=scaled(progress, 0.0, 0.7))
    areas = _measure(overlay.geometries, crs, scaled(progress, 0.7, 0.95))
    comparison = compare_overlay(overlay, areas, classification_a, classification_b)
    report(progress, 1.0)
    return comparison


def compare_overlay(overlay, areas, classification_a, classification_b):
    """:func:`compare_versions` from an overlay of the two versions already made (and its pieces'
    areas), for callers that need the overlay's pieces too."""
    in_a, in_b = overlay.sources[:, 0], overlay.sources[:, 1]
    frame_a, frame_b = classification_a.frame, classification_b.frame
    both = (in_a >= 0) & (in_b >= 0)
    pieces = pd.DataFrame({
        "class_a": frame_a["class_code"].to_numpy(dtype=object)[in_a[both]],
        "name_a": frame_a["class_name"].to_numpy(dtype=object)[in_a[both]],
        "rank_a": frame_a["class_rank"].to_numpy()[in_a[both]],
        "class_b": frame_b["class_code"].to_numpy(dtype=object)[in_b[both]],
        "name_b": frame_b["class_name"].to_numpy(dtype=object)[in_b[both]],
        "rank_b": frame_b["class_rank"].to_numpy()[in_b[both]],
        "area_m2": areas[both]})
    pairs = (pieces.groupby(["class_a", "class_b"], sort=False, dropna=False)
             .agg(name_a=("name_a", "first"), name_b=("name_b", "first"), rank_a=("rank_a", "first"),
                  rank_b=("rank_b", "first"), area_m2=("area_m2", "sum"))
             .reset_index().sort_values(["rank_a", "rank_b"], kind="stable").reset_index(drop=True))
    rows = (pairs.sort_values("rank_a", kind="stable").drop_duplicates("class_a")
            .rename(columns={"class_a": "class_code", "name_a": "class_name"})[["class_code", "class_name"]])
    columns = (pairs.sort_values("rank_b", kind="stable").drop_duplicates("class_b")
               .rename(columns={"class_b": "class_code", "name_b": "class_name"})[["class_code", "class_name"]])
    comparable = classification_a.same_scheme(classification_b)
    changed = float(pairs.loc[pairs["class_a"] != pairs["class_b"], "area_m2"].sum()) if comparable else None
    return Comparison(
        pairs=pairs[PAIR_COLUMNS].copy(), rows=rows.reset_index(drop=True), columns=columns.reset_index(drop=True),
        changes=_changes(frame_a, in_a, frame_b, in_b, areas), overlap_m2=float(areas[both].sum()),
        only_a_m2=float(areas[(in_a >= 0) & (in_b < 0)].sum()), only_b_m2=float(areas[(in_a < 0) & (in_b >= 0)].sum()),
        changed_m2=changed, repaired=(overlay.repairs[0].repaired, overlay.repairs[1].repaired),
        overlaps=(_overlaps(overlay.repairs[0]), _overlaps(overlay.repairs[1])))


def _changes(frame_a, in_a, frame_b, in_b, areas):
    """Each version's area per class over its whole extent, and B − A."""
    def per_class(frame, positions):
        covered = positions >= 0
        pieces = pd.DataFrame({"class_code": frame["class_code"].to_numpy(dtype=object)[positions[covered]],
                               "class_name": frame["class_name"].to_numpy(dtype=object)[positions[covered]],
                               "rank": frame["class_rank"].to_numpy()[positions[covered]],
                               "area_m2": areas[covered]})
        return pieces.groupby("class_code", sort=False).agg(
            class_name=("class_name", "first"), rank=("rank", "first"), area_m2=("area_m2", "sum"))

    a, b = per_class(frame_a, in_a), per_class(frame_b, in_b)
    codes = list(a.sort_values("rank", kind="stable").index)
    codes += [code for code in b.sort_values("rank", kind="stable").index if code not in a.index]
    table = pd.DataFrame({"class_code": codes})
    names_a, names_b = a["class_name"].to_dict(), b["class_name"].to_dict()
    table["class_name"] = [names_a.get(code) or names_b.get(code) for code in codes]
    table["a_m2"] = table["class_code"].map(a["area_m2"]).fillna(0.0).astype(float)
    table["b_m2"] = table["class_code"].map(b["area_m2"]).fillna(0.0).astype(float)
    table["change_m2"] = table["b_m2"] - table["a_m2"]
    return table


def matrix_key(code):
    """The column key of B's class ``code`` in :func:`transfer_matrix`."""
    return f"b:{code}"


def transfer_matrix(comparison, unit=HA, totals=True):
    """The transfer matrix in ``unit``: a row per class of A (``class_code``, ``class_name``), a
    column per class of B (:func:`matrix_key`) and ``total``; with ``totals`` a last row
    (class_code :data:`TOTAL`) of column sums."""
    table = comparison.rows.copy()
    if len(comparison.pairs):
        wide = comparison.pairs.pivot_table(index="class_a", columns="class_b", values="area_m2", aggfunc="sum",
                                            fill_value=0.0, dropna=False)
    else:
        wide = pd.DataFrame()
    for code in comparison.columns["class_code"]:
        table[matrix_key(code)] = convert(wide[code].reindex(table["class_code"]).fillna(0.0).to_numpy(dtype=float),
                                          unit)
    keys = [matrix_key(code) for code in comparison.columns["class_code"]]
    table[TOTAL_KEY] = table[keys].sum(axis=1) if keys else 0.0
    if totals:
        sums = {key: float(table[key].sum()) for key in keys + [TOTAL_KEY]}
        table = pd.concat([table, pd.DataFrame([{"class_code": TOTAL, "class_name": None, **sums}])],
                          ignore_index=True)
    return table


def _unit_words(unit):
    _, zh, en, _ = UNITS[unit]
    return zh, en


def matrix_csv_table(comparison, unit=HA, labels=("A", "B")):
    """The transfer matrix with readable headers (B's classes as "code name") and a 合计 row."""
    table = transfer_matrix(comparison, unit, totals=True)
    zh, en = _unit_words(unit)
    renamed = {"class_code": f"{labels[0]} {pick('地类代码', 'Class code')}",
               "class_name": f"{labels[0]} {pick('地类名称', 'Class name')}",
               TOTAL_KEY: pick(f"合计（{zh}）", f"Total ({en})")}
    for code, name in comparison.columns.itertuples(index=False):
        renamed[matrix_key(code)] = f"{labels[1]} {_label(code, name)}"
    table["class_code"] = [render(code) for code in table["class_code"]]
    table["class_name"] = _class_names(table["class_code"], table["class_name"])
    return table.rename(columns=renamed)


def write_matrix_csv(path, comparison, unit=HA, labels=("A", "B")):
    matrix_csv_table(comparison, unit, labels).to_csv(path, index=False, encoding="utf-8-sig")
    return path


def _matrix_sheet(comparison, unit, note, labels):
    _, zh, en, number_format = UNITS[unit]
    table = transfer_matrix(comparison, unit, totals=False)
    table["class_name"] = _class_names(table["class_code"], table["class_name"])
    columns = [Column("class_code", f"{labels[0]} 地类代码", f"{labels[0]} class code (rows)"),
               Column("class_name", f"{labels[0]} 地类名称", "Class name", width=22)]
    for code, name in comparison.columns.itertuples(index=False):
        heading = str(EMPTY_NAME) if code == EMPTY_CODE else (render(name) or str(code))
        columns.append(Column(matrix_key(code), heading, f"{labels[1]} {code}", number_format, summed=True))
    columns.append(Column(TOTAL_KEY, f"合计（{zh}）", f"Total ({en})", number_format, summed=True))
    only_a, only_b = convert(comparison.only_a_m2, unit), convert(comparison.only_b_m2, unit)
    extra = pick(f"行为 {labels[0]} 的地类，列为 {labels[1]} 的地类，只统计两者都覆盖的范围；仅 {labels[0]} 覆盖 "
                 f"{only_a:,.4f} {zh}，仅 {labels[1]} 覆盖 {only_b:,.4f} {zh}",
                 f"Rows: {labels[0]}, columns: {labels[1]}, where both cover the ground; only {labels[0]} covers "
                 f"{only_a:,.4f} {en}, only {labels[1]} covers {only_b:,.4f} {en}")
    title = pick(f"土地利用转移矩阵（{zh}）：{labels[0]} → {labels[1]}", f"Transfer matrix ({en}): {labels[0]} → {labels[1]}")
    return Sheet(_sheet(f"matrix_{unit}"), title, columns, table, note=pick("；", "; ").join([render(note), extra]),
                 total_label=TOTAL)


def _change_sheet(comparison, note, labels):
    table = comparison.changes.copy()
    for side in ("a", "b", "change"):
        m2 = table[f"{side}_m2"].to_numpy(dtype=float)
        table[f"{side}_ha"], table[f"{side}_mu"] = to_hectares(m2), to_mu(m2)
    table["class_name"] = _class_names(table["class_code"], table["class_name"])
    columns = [Column("class_code", "地类代码", "Class code"), Column("class_name", "地类名称", "Class name", width=22)]
    for side, label in (("a", labels[0]), ("b", labels[1]), ("change", f"{labels[1]} − {labels[0]}")):
        zh_side = "变化" if side == "change" else label
        en_side = "Change" if side == "change" else label
        columns += [Column(f"{side}_ha", f"{zh_side}（公顷）", f"{en_side} (ha)", AREA_HA, summed=True),
                    Column(f"{side}_mu", f"{zh_side}（亩）", f"{en_side} (mu)", AREA_MU, summed=True)]
    title = pick(f"地类面积变化表：{labels[0]} → {labels[1]}", f"Area change by class: {labels[0]} → {labels[1]}")
    return Sheet(_sheet("change"), title, columns, table,
                 note=pick("；", "; ").join([render(note), pick("各版本全部范围", "Whole extent of each version")]),
                 total_label=TOTAL)


def comparison_sheets(comparison, note, labels=("A", "B")):
    """The workbook sheets of a comparison: the transfer matrix in 公顷 and 亩, the change per class."""
    return [_matrix_sheet(comparison, unit, note, labels) for unit in (HA, MU)] + [
        _change_sheet(comparison, note, labels)]
