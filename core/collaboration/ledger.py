"""The ledger of one department (部门台账), from the collaboration schema: the patches that concern
it with their status and its latest opinion, its whole opinion history, its open items."""
import pandas as pd

from ..report import AREA_HA, Column, Sheet, Text, pick, render, write_workbook
from ..units import to_hectares
from ..wording import text
from .schema import OPINIONS, PATCH_ID, PATCH_TYPE

AREA_FIELDS = ("MJ", "AREA_M2", "YSMJ")  # the patch area field a detect_conflicts result has (m²)
NAME_FIELDS = ("CYLXMC", "XZQMC", "JYCL", "JYCLMC")


def _columns(connection, schema):
    with connection, connection.cursor() as cursor:
        cursor.execute("SELECT column_name FROM information_schema.columns WHERE table_schema = %s "
                       "AND table_name = 'patches'", (schema,))
        return {row[0] for row in cursor.fetchall()}


def ledger_tables(connection, schema, department):
    """(concerning, history, pending) DataFrames of ``department`` (a code of the departments table)."""
    present = _columns(connection, schema)
    extra = [name for name in NAME_FIELDS if name in present]
    area = next((name for name in AREA_FIELDS if name in present), None)
    picked = "".join(f', s."{name}"' for name in extra) + (f', s."{area}" AS area_m2' if area else ", NULL AS area_m2")
    s = f'"{schema}"'
    with connection, connection.cursor() as cursor:
        cursor.execute(f"SELECT code, name, concerns FROM {s}.departments WHERE code = %s", (department,))
        found = cursor.fetchone()
        if found is None:
            raise ValueError(f"no department {department}")  # callers check the code first
        cursor.execute(
            f'SELECT s."{PATCH_ID}", s."{PATCH_TYPE}"{picked}, s."CLJD", s."CLJDMC", s."SHZT", l.opinion, l.reason, '
            f"l.db_role, to_char(l.created_at, 'YYYY-MM-DD HH24:MI:SS'), (q.patch_id IS NOT NULL) "
            f"FROM {s}.patch_status s JOIN {s}.departments d ON d.code = %s "
            f"LEFT JOIN {s}.latest_opinions l ON l.patch_id = s.\"{PATCH_ID}\" AND l.department = d.code "
            f"LEFT JOIN {s}.pending q ON q.patch_id = s.\"{PATCH_ID}\" AND q.department = d.code "
            f"WHERE d.concerns = '*' OR s.\"{PATCH_TYPE}\" = ANY (string_to_array(d.concerns, ';')) "
            f"ORDER BY (q.patch_id IS NOT NULL) DESC, s.\"{PATCH_ID}\"", (department,))
        concerning = pd.DataFrame(cursor.fetchall(), columns=["patch_id", "patch_type"] + extra + [
            "area_m2", "decision", "decision_name", "status", "opinion", "reason", "db_role", "time", "open"])
        cursor.execute(f"SELECT patch_id, kind, opinion, decision, decision_name, reason, documents, db_role, "
                       f"to_char(created_at, 'YYYY-MM-DD HH24:MI:SS') FROM {s}.opinions WHERE department = %s "
                       f"ORDER BY id", (department,))
        history = pd.DataFrame(cursor.fetchall(), columns=["patch_id", "kind", "opinion", "decision", "decision_name",
                                                           "reason", "documents", "db_role", "time"])
    pending = concerning[concerning["open"]].drop(columns=["open"])
    return found, concerning.drop(columns=["open"]), history, pending


def opinion_label(code):
    if code is None or (isinstance(code, float) and pd.isna(code)):
        return ""
    zh, en = OPINIONS.get(code, (code, code))
    return pick(zh, en)


def ledger_sheets(tables, note=""):
    """The workbook's sheets from :func:`ledger_tables`' result."""
    (code, name, _), concerning, history, pending = (tables[0], *(frame.copy() for frame in tables[1:]))
    for frame in (concerning, history, pending):
        frame["opinion"] = [opinion_label(value) for value in frame["opinion"]]
    for frame in (concerning, pending):
        frame["area_ha"] = [None if value is None or pd.isna(value) else float(to_hectares(value))
                            for value in frame["area_m2"]]
    history["kind"] = history["kind"].map({"opinion": pick("部门意见", "opinion"), "final": pick("最终决定", "final")})
    patch_columns = [Column("patch_id", "差异图斑编号", "Patch"), Column("patch_type", "差异类型", "Type")] + [
        Column(key, label_zh, label_en) for key, label_zh, label_en in (
            ("CYLXMC", "类型名称", "Type name"), ("XZQMC", "乡镇", "Township"), ("JYCLMC", "建议处理", "Suggestion"))
        if key in concerning.columns] + [Column("area_ha", "面积（公顷）", "Area (ha)", AREA_HA, summed=True)]
    state_columns = [Column("decision_name", "最终决定", "Final decision"), Column("status", "审查状态", "Status"),
                     Column("opinion", "本部门意见", "Our opinion"), Column("reason", "理由", "Reason", width=40),
                     Column("db_role", "填写人", "By"), Column("time", "时间", "Time")]
    title = text("{}（{}）部门台账", "Ledger of {} ({})", name, code)
    return [
        Sheet(pick("涉及本部门的图斑", "Patches concerning us"), title, patch_columns + state_columns, concerning,
              note=note, total_label=Text("合计", "Total")),
        Sheet(pick("待办", "Open items"), text("{}待提出意见的图斑", "Patches awaiting an opinion of {}", name),
              patch_columns, pending, note=note, total_label=Text("合计", "Total")),
        Sheet(pick("本部门意见", "Our opinions"), text("{}全部意见记录", "Every opinion of {}", name), [
            Column("patch_id", "差异图斑编号", "Patch"), Column("kind", "类别", "Kind"), Column("opinion", "意见", "Opinion"),
            Column("decision_name", "处理建议/决定", "Decision"), Column("decision", "代码", "Code"),
            Column("reason", "理由", "Reason", width=40), Column("documents", "文号/附件", "Documents"),
            Column("db_role", "填写人", "By"), Column("time", "时间", "Time")], history, note=note),
    ]


def write_ledger(path, tables, note=""):
    """The ledger workbook at ``path`` from :func:`ledger_tables`' result (read once by the caller)."""
    return write_workbook(path, ledger_sheets(tables, render(note)))
