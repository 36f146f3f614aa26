"""The collaboration schema on PostGIS (部门协同): patches, an append-only opinions table, roles
and row-level security, status views. :func:`setup` writes it all in one transaction.

Layout in schema ``S`` (default ``multiplan``):

* ``S.departments`` — code, name, database role, the patch types (``CYLX``) that concern it
  (``*`` = all), whether it coordinates. From an editable table
  (``resources/collaboration/departments.csv``).
* ``S.patches`` — the difference patches as ``detect_conflicts``/``suggest_resolutions`` wrote
  them (review fields left out), geometry ``geom``; nobody but the owner can change them.
* ``S.opinions`` — append-only: patch (``CYTBBH``), department, ``db_role`` and ``created_at``
  (set by the server, whatever the client sends), ``kind`` (``opinion`` from a department,
  ``final`` from the coordinator), the opinion (AGREE/CONDITIONAL/DISAGREE/NO_COMMENT), a
  proposed or final decision (``GH<k>``, ``DM:<用地用海 code>``, ``DEFER``) and its label, reason,
  document numbers, and for a final decision the final decision it replaces (``supersedes``).
* ``S.patch_status`` — every patch with the review fields the GeoPackage review writes
  (``CLJD``, ``CLJDMC``, ``CLLY``, ``SHZT``, ``SHR``, ``SHSJ``) from its latest final decision, so
  the review dock and ``build_blueprint`` read a PostGIS review as they read a GeoPackage one.
* ``S.latest_opinions`` (each department's latest opinion per patch) and ``S.pending``
  (patches that concern a department, without its opinion and without a final decision).

The rules live in the database, so plain ``psql`` with a department's credentials is held to
them: every role reads everything; a department inserts opinions only under a department whose
role it has, never a final decision; only the coordinating role inserts final decisions, and
only on top of the current one (``supersedes`` must name it: two coordinators deciding at once
→ the second fails, a unique index makes that hold under concurrency); nobody — the owner
included — updates, deletes or truncates an opinion (triggers). Every insert notifies
``multiplan_<schema>`` with the patch id (LISTEN/NOTIFY) so open review docks update.
"""
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from .. import RESOURCES
from ..intake.landuse import read_text_table
from ..report import Text
from ..wording import text

DEPARTMENTS_FILE = RESOURCES / "collaboration" / "departments.csv"
DEFAULT_SCHEMA = "multiplan"
PATCH_ID = "CYTBBH"
PATCH_TYPE = "CYLX"
REVIEW_FIELDS = ("CLJD", "CLJDMC", "CLLY", "SHZT", "SHR", "SHSJ")
OPINIONS = {"AGREE": ("同意", "agree"), "CONDITIONAL": ("有条件同意", "agree with conditions"),
            "DISAGREE": ("不同意", "disagree"), "NO_COMMENT": ("无意见", "no comment")}
OPINION, FINAL = "opinion", "final"
DECISION_PATTERN = r"^(GH[1-9]|DM:[0-9A-Za-z]+|DEFER)$"
_IDENTIFIER = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class CollaborationError(ValueError):
    """Input or a server state setup cannot use; ``text`` says why in both languages."""

    def __init__(self, message):
        self.text = message if isinstance(message, Text) else Text(str(message), str(message))
        super().__init__(self.text.en)


@dataclass(frozen=True)
class Department:
    code: str
    name: str
    role: str
    concerns: tuple  # patch types (CYLX), ("*",) = all
    coordinator: bool = False


def load_departments(path=None):
    """The departments of the editable table (CSV, UTF-8 or GBK): code, name, role, concerns
    (patch types separated by ``;``, ``*`` for all), coordinator (1/0). Raises
    :class:`CollaborationError` naming every bad row."""
    path = Path(path) if path else DEPARTMENTS_FILE
    if not path.is_file():
        raise CollaborationError(text("找不到部门表 {}", "department table not found: {}", path.name))
    frame = read_text_table(path)
    missing = [c for c in ("code", "name", "role", "concerns", "coordinator") if c not in frame.columns]
    if missing:
        raise CollaborationError(text("{}：缺少列 {}", "{}: missing column(s) {}", path.name, ", ".join(missing)))
    departments, errors, codes, roles = [], [], set(), set()
    for row, record in enumerate(frame.to_dict("records"), start=2):
        code, name, role = (str(record.get(key) or "").strip() for key in ("code", "name", "role"))
        if not code and not role:
            continue
        concerns = tuple(part.strip() for part in str(record.get("concerns") or "*").split(";") if part.strip())
        coordinator = str(record.get("coordinator") or "0").strip()
        if not re.fullmatch(r"[A-Za-z0-9_]{1,20}", code):
            errors.append(text("第 {} 行：部门代码“{}”只能由 1–20 个字母、数字或下划线组成",
                               "row {}: code {!r} must be 1-20 letters, digits or _", row, code))
        if not _IDENTIFIER.match(role):
            errors.append(text("第 {} 行：角色名“{}”须为小写数据库角色名（a-z、0-9、_）",
                               "row {}: role {!r} must be a lower-case database role name (a-z, 0-9, _)", row, role))
        if coordinator not in ("0", "1"):
            errors.append(text("第 {} 行：coordinator 须为 1 或 0，而不是“{}”",
                               "row {}: coordinator must be 1 or 0, not {!r}", row, coordinator))
        if code in codes or role in roles:
            errors.append(text("第 {} 行：部门代码 {} 或角色 {} 重复", "row {}: code {} or role {} is listed twice",
                               row, code, role))
        codes.add(code)
        roles.add(role)
        departments.append(Department(code, name or code, role, concerns or ("*",), coordinator == "1"))
    if not departments:
        errors.append(Text("没有任何部门", "no department"))
    elif not any(d.coordinator for d in departments):
        errors.append(Text("没有协调部门（coordinator 为 1）", "no coordinating department (coordinator 1)"))
    if errors:
        raise CollaborationError(Text(f"{path.name}：" + "；".join(e.zh for e in errors),
                                      f"{path.name}: " + "; ".join(e.en for e in errors)))
    return departments


def check_schema_name(schema):
    if not _IDENTIFIER.match(schema or ""):
        raise CollaborationError(text("模式名“{}”只能由小写字母、数字和下划线组成",
                                      "schema name {!r} must be lower-case letters, digits and _", schema))
    return schema


def channel(schema):
    return f"multiplan_{schema}"


# --------------------------------------------------------------------------- SQL

def _column_type(kind):
    return {"int": "bigint", "float": "double precision"}.get(kind, "text")


def schema_sql(schema, srid, columns, departments):
    """The statements that create the schema (tables, triggers, views, policies, grants), as text.

    ``columns``: [(name, "int" | "float" | "text")] of the patches' attributes (review fields
    excluded), ``PATCH_ID`` among them. Roles must exist (:func:`role_sql`).
    """
    check_schema_name(schema)
    s = f'"{schema}"'
    roles = [d.role for d in departments]
    coordinators = [d.role for d in departments if d.coordinator]
    everyone = ", ".join(roles)
    patch_columns = ",\n  ".join(f'"{name}" {_column_type(kind)}' for name, kind in columns)
    return [
        f"CREATE SCHEMA {s}",
        f"REVOKE ALL ON SCHEMA {s} FROM PUBLIC",
        f"""CREATE TABLE {s}.departments (
  code text PRIMARY KEY, name text NOT NULL, role_name name NOT NULL UNIQUE,
  concerns text NOT NULL DEFAULT '*', coordinator boolean NOT NULL DEFAULT false)""",
        f"""CREATE TABLE {s}.patches (
  fid bigserial PRIMARY KEY,
  {patch_columns},
  geom geometry(MultiPolygon, {int(srid)}),
  UNIQUE ("{PATCH_ID}"))""",
        f"CREATE INDEX patches_geom ON {s}.patches USING gist (geom)",
        f"""CREATE TABLE {s}.opinions (
  id bigserial PRIMARY KEY,
  patch_id text NOT NULL REFERENCES {s}.patches ("{PATCH_ID}"),
  department text NOT NULL REFERENCES {s}.departments (code),
  db_role name NOT NULL DEFAULT current_user,
  created_at timestamptz NOT NULL DEFAULT clock_timestamp(),
  kind text NOT NULL CHECK (kind IN ('{OPINION}', '{FINAL}')),
  opinion text CHECK (opinion IN ({", ".join(f"'{code}'" for code in OPINIONS)})),
  decision text CHECK (decision ~ '{DECISION_PATTERN}'),
  decision_name text,
  reason text,
  documents text,
  supersedes bigint REFERENCES {s}.opinions (id),
  CHECK (kind <> '{FINAL}' OR decision IS NOT NULL),
  CHECK (kind <> '{OPINION}' OR (opinion IS NOT NULL AND supersedes IS NULL)))""",
        f"CREATE INDEX opinions_patch ON {s}.opinions (patch_id, id)",
        # one final decision on top of each: the second of two concurrent coordinators fails here
        f"CREATE UNIQUE INDEX opinions_one_final ON {s}.opinions (patch_id, coalesce(supersedes, 0)) "
        f"WHERE kind = '{FINAL}'",
        f"""CREATE FUNCTION {s}.opinion_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE current_final bigint;
BEGIN
  NEW.db_role := current_user;
  NEW.created_at := clock_timestamp();
  IF NEW.kind = '{FINAL}' THEN
    SELECT max(id) INTO current_final FROM {s}.opinions WHERE patch_id = NEW.patch_id AND kind = '{FINAL}';
    IF NEW.supersedes IS DISTINCT FROM current_final THEN
      RAISE EXCEPTION 'multiplan: the patch % has another final decision (%)', NEW.patch_id, current_final
        USING ERRCODE = 'serialization_failure';
    END IF;
  END IF;
  RETURN NEW;
END $$""",
        f"CREATE TRIGGER opinion_stamp BEFORE INSERT ON {s}.opinions FOR EACH ROW EXECUTE FUNCTION {s}.opinion_stamp()",
        f"""CREATE FUNCTION {s}.opinion_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'multiplan: opinions are never changed or deleted' USING ERRCODE = 'insufficient_privilege';
END $$""",
        f"CREATE TRIGGER opinion_frozen BEFORE UPDATE OR DELETE ON {s}.opinions FOR EACH ROW "
        f"EXECUTE FUNCTION {s}.opinion_frozen()",
        f"CREATE TRIGGER opinion_not_truncated BEFORE TRUNCATE ON {s}.opinions FOR EACH STATEMENT "
        f"EXECUTE FUNCTION {s}.opinion_frozen()",
        f"""CREATE FUNCTION {s}.opinion_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('{channel(schema)}', NEW.patch_id);
  RETURN NULL;
END $$""",
        f"CREATE TRIGGER opinion_notify AFTER INSERT ON {s}.opinions FOR EACH ROW EXECUTE FUNCTION {s}.opinion_notify()",
        f"ALTER TABLE {s}.opinions ENABLE ROW LEVEL SECURITY",
        f"CREATE POLICY everyone_reads ON {s}.opinions FOR SELECT TO {everyone} USING (true)",
        f"""CREATE POLICY department_opinion ON {s}.opinions FOR INSERT TO {everyone} WITH CHECK (
  kind = '{OPINION}' AND pg_has_role(current_user,
    (SELECT role_name FROM {s}.departments d WHERE d.code = department), 'MEMBER'))""",
        f"""CREATE POLICY coordinator_final ON {s}.opinions FOR INSERT TO {", ".join(coordinators)} WITH CHECK (
  kind = '{FINAL}' AND EXISTS (SELECT 1 FROM {s}.departments d WHERE d.code = department AND d.coordinator
    AND pg_has_role(current_user, d.role_name, 'MEMBER')))""",
        f"""CREATE VIEW {s}.latest_opinions AS
SELECT DISTINCT ON (o.patch_id, o.department) o.*
FROM {s}.opinions o WHERE o.kind = '{OPINION}' ORDER BY o.patch_id, o.department, o.id DESC""",
        f"""CREATE VIEW {s}.patch_status AS
SELECT p.*, f.decision AS "CLJD", f.decision_name AS "CLJDMC", f.reason AS "CLLY",
  CASE WHEN f.id IS NULL THEN '未审查' WHEN f.decision = 'DEFER' THEN '暂缓' ELSE '已审查' END AS "SHZT",
  f.db_role::text AS "SHR", to_char(f.created_at, 'YYYY-MM-DD HH24:MI:SS') AS "SHSJ", f.id AS final_id,
  (SELECT count(*) FROM {s}.opinions o WHERE o.patch_id = p."{PATCH_ID}" AND o.kind = '{OPINION}') AS opinion_count
FROM {s}.patches p
LEFT JOIN LATERAL (SELECT * FROM {s}.opinions o WHERE o.patch_id = p."{PATCH_ID}" AND o.kind = '{FINAL}'
                   ORDER BY o.id DESC LIMIT 1) f ON true""",
        f"""CREATE VIEW {s}.pending AS
SELECT d.code AS department, p."{PATCH_ID}" AS patch_id
FROM {s}.departments d JOIN {s}.patches p
  ON d.concerns = '*' OR p."{PATCH_TYPE}" = ANY (string_to_array(d.concerns, ';'))
WHERE NOT EXISTS (SELECT 1 FROM {s}.opinions o WHERE o.patch_id = p."{PATCH_ID}"
                  AND (o.kind = '{FINAL}' OR o.department = d.code))""",
        f"GRANT USAGE ON SCHEMA {s} TO {everyone}",
        f"GRANT SELECT ON {s}.departments, {s}.patches, {s}.opinions, {s}.latest_opinions, {s}.patch_status, "
        f"{s}.pending TO {everyone}",
        f"GRANT INSERT (patch_id, department, kind, opinion, decision, decision_name, reason, documents, supersedes) "
        f"ON {s}.opinions TO {everyone}",
        f"GRANT USAGE ON SEQUENCE {s}.opinions_id_seq TO {everyone}",
    ]


def role_sql(departments, existing):
    """``CREATE ROLE`` for the department roles the server lacks (NOLOGIN: people log in as
    themselves and are granted the role; or the administrator gives the role a password)."""
    return [f'CREATE ROLE "{d.role}" NOLOGIN' for d in departments if d.role not in existing]


# --------------------------------------------------------------------------- setup

def column_kinds(attributes):
    """[(name, kind)] of a patch attribute table (pandas), review fields left out."""
    import pandas as pd

    kinds = []
    for name in attributes.columns:
        if name in REVIEW_FIELDS or name.lower() in ("fid", "geom"):
            continue
        column = attributes[name]
        values = column.dropna()
        if pd.api.types.is_bool_dtype(column) or pd.api.types.is_integer_dtype(column):
            kinds.append((name, "int"))
        elif pd.api.types.is_float_dtype(column):
            kinds.append((name, "float"))
        elif len(values) and all(isinstance(v, (int, np.integer)) and not isinstance(v, bool) for v in values):
            kinds.append((name, "int"))  # object columns (as QGIS attributes arrive): by their values
        elif len(values) and all(isinstance(v, (int, float, np.number)) and not isinstance(v, bool) for v in values):
            kinds.append((name, "float"))
        else:
            kinds.append((name, "text"))
    return kinds


def setup(connection, schema, geometries_wkb, attributes, srid, departments, progress=None):
    """Create the schema in ``connection`` (psycopg2, a role allowed to create roles and schemas)
    and load the patches, in one transaction; returns (patches, decisions imported).

    ``geometries_wkb``: MultiPolygon WKB per patch; ``attributes``: pandas table with ``CYTBBH``
    (unique, filled) and the other fields; a review already made in a GeoPackage (``CLJD``…) is
    kept as final decisions of the coordinating department. Refuses an existing schema.
    """
    from psycopg2.extras import execute_values

    check_schema_name(schema)
    if PATCH_ID not in attributes.columns:
        raise CollaborationError(text("差异图斑没有字段 {}（差异图斑检测的结果中有）",
                                      "the patches have no field {} (a detect_conflicts result has it)", PATCH_ID))
    ids = attributes[PATCH_ID]
    if ids.isna().any() or (ids.astype(str).str.strip() == "").any() or ids.duplicated().any():
        raise CollaborationError(text("每个差异图斑的 {} 都须填写且不重复", "{} must be filled and unique in every patch",
                                      PATCH_ID))
    columns = column_kinds(attributes)
    coordinator = next(d for d in departments if d.coordinator)
    with connection:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
            if cursor.fetchone():
                raise CollaborationError(text("模式 {} 已存在：请换一个名称，或先删除它",
                                              "schema {} exists already; choose another name or drop it first", schema))
            cursor.execute("SELECT rolname FROM pg_roles")
            existing = {row[0] for row in cursor.fetchall()}
            for statement in role_sql(departments, existing) + schema_sql(schema, srid, columns, departments):
                cursor.execute(statement)
            execute_values(cursor, f'INSERT INTO "{schema}".departments VALUES %s',
                           [(d.code, d.name, d.role, ";".join(d.concerns), d.coordinator) for d in departments])
            names = [name for name, _ in columns]
            quoted = ", ".join(f'"{name}"' for name in names)
            rows = [tuple(_plain(record[name]) for name in names) + (bytes(wkb),)
                    for record, wkb in zip(attributes.to_dict("records"), geometries_wkb)]
            execute_values(cursor, f'INSERT INTO "{schema}".patches ({quoted}, geom) VALUES %s', rows,
                           template="(" + ", ".join(["%s"] * len(names)) +
                                    f", ST_Multi(ST_GeomFromWKB(%s, {int(srid)})))", page_size=2000)
            if progress:
                progress(0.8)
            imported = 0
            if "CLJD" in attributes.columns:
                decided = attributes[attributes["CLJD"].notna() & (attributes["CLJD"].astype(str).str.strip() != "")]
                for record in decided.to_dict("records"):
                    who = " ".join(str(record.get(key) or "") for key in ("SHR", "SHSJ")).strip()
                    cursor.execute(
                        f'INSERT INTO "{schema}".opinions (patch_id, department, kind, decision, decision_name, '
                        f"reason, documents) VALUES (%s, %s, '{FINAL}', %s, %s, %s, %s)",
                        (str(record[PATCH_ID]), coordinator.code, str(record["CLJD"]).strip(),
                         record.get("CLJDMC"), record.get("CLLY"), f"导入的审查结果 {who}".strip()))
                    imported += 1
    return len(rows), imported


def _plain(value):
    import math

    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    return value.item() if hasattr(value, "item") else value
