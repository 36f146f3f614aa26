"""A reviewer's session on the collaboration schema (:mod:`core.collaboration.schema`): who am I,
the patches with their status (mine pending first), the opinions on a patch, adding an opinion,
deciding, and hearing what the other reviewers did. psycopg2; no QGIS.

Every write is one short transaction; the database decides what is allowed (row-level security,
triggers), this module only turns its refusals into messages a reviewer understands.
"""
from dataclasses import dataclass

import pandas as pd

from ..report import Text
from ..wording import text
from .schema import FINAL, OPINION, OPINIONS, PATCH_ID, PATCH_TYPE, CollaborationError, channel, check_schema_name

STATUS_COLUMNS = ["fid", "patch_id", "patch_type", "decision", "status", "final_id", "opinion_count", "mine_pending",
                  "my_opinion"]
OPINION_COLUMNS = ["id", "department", "department_name", "db_role", "created_at", "kind", "opinion", "decision",
                   "decision_name", "reason", "documents", "supersedes"]


class Refused(CollaborationError):
    """The database refused a write (the rules of the schema); ``text`` says why."""


class DecisionConflict(Refused):
    """Another coordinator decided the patch first; ``current`` is that decision (a dict)."""

    def __init__(self, message, current):
        super().__init__(message)
        self.current = current


@dataclass(frozen=True)
class Membership:
    code: str
    name: str
    role: str
    coordinator: bool


class ReviewSession:
    """One reviewer's connection to a collaboration schema."""

    def __init__(self, connection, schema):
        self.connection = connection
        self.schema = check_schema_name(schema)
        self._listening, self._last_seen = None, 0
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", (schema,))
            if cursor.fetchone() is None:
                raise CollaborationError(text("数据库中没有协同审查模式 {}", "the database has no collaboration schema {}",
                                              schema))
            cursor.execute(f'SELECT code, name, role_name, coordinator, pg_has_role(current_user, role_name, '
                           f"'MEMBER') FROM \"{schema}\".departments ORDER BY coordinator, code")
            rows = cursor.fetchall()
            cursor.execute("SELECT current_user")
            self.user = cursor.fetchone()[0]
        self.departments = [Membership(code, name, role, coordinator) for code, name, role, coordinator, _ in rows]
        self.memberships = [Membership(code, name, role, coordinator)
                            for code, name, role, coordinator, member in rows if member]

    @property
    def is_coordinator(self):
        return any(m.coordinator for m in self.memberships)

    def department_name(self, code):
        return next((d.name for d in self.departments if d.code == code), code)

    def _table(self, name):
        return f'"{self.schema}".{name}'

    # -- reading ---------------------------------------------------------------------------
    def status(self, department=None):
        """Every patch: fid, id, type, current final decision and status, opinion count, and
        for ``department`` (default: my first) whether it still owes an opinion and its latest
        one. Sorted: pending for the department first, then by patch id."""
        department = department or (self.memberships[0].code if self.memberships else None)
        query = (f'SELECT s.fid, s."{PATCH_ID}", s."{PATCH_TYPE}", s."CLJD", s."SHZT", s.final_id, s.opinion_count, '
                 f"(q.patch_id IS NOT NULL) AS mine_pending, l.opinion "
                 f"FROM {self._table('patch_status')} s "
                 f"LEFT JOIN {self._table('pending')} q ON q.patch_id = s.\"{PATCH_ID}\" AND q.department = %s "
                 f"LEFT JOIN {self._table('latest_opinions')} l ON l.patch_id = s.\"{PATCH_ID}\" AND l.department = %s "
                 f"ORDER BY mine_pending DESC, s.\"{PATCH_ID}\"")
        with self.connection, self.connection.cursor() as cursor:
            cursor.execute(query, (department, department))
            rows = cursor.fetchall()
        return pd.DataFrame(rows, columns=STATUS_COLUMNS)

    def patch_columns(self):
        """The patch table's own columns (name → data type)."""
        with self.connection, self.connection.cursor() as cursor:
            cursor.execute("SELECT column_name, data_type FROM information_schema.columns WHERE table_schema = %s "
                           "AND table_name = 'patches'", (self.schema,))
            return dict(cursor.fetchall())

    def review_table(self, department=None, patch_ids=None):
        """What the review dock shows, one row per patch (``patch_ids``: only those): fid, patch_id,
        type_name, admin, suggestion, suggestion_code, decision, decision_name, reason, status,
        area_m2, final_id, mine_pending; the department's pending patches first."""
        department = department or (self.memberships[0].code if self.memberships else None)
        present = self.patch_columns()

        def first(*names):
            name = next((n for n in names if n in present), None)
            return f's."{name}"' if name else "NULL"

        where, arguments = "", [department]
        if patch_ids is not None:
            where, arguments = f' WHERE s."{PATCH_ID}" = ANY(%s)', [department, list(map(str, patch_ids))]
        query = (f'SELECT s.fid, s."{PATCH_ID}", {first("CYLXMC", PATCH_TYPE)}, {first("XZQMC", "XZQDM")}, '
                 f'{first("JYCLMC", "JYCL")}, {first("JYCL")}, s."CLJD", s."CLJDMC", s."CLLY", s."SHZT", '
                 f'{first("AREA_M2", "MJ")}, s.final_id, '
                 f"EXISTS (SELECT 1 FROM {self._table('pending')} q WHERE q.patch_id = s.\"{PATCH_ID}\" "
                 f"AND q.department = %s) AS mine_pending "
                 f"FROM {self._table('patch_status')} s{where} ORDER BY mine_pending DESC, s.\"{PATCH_ID}\"")
        with self.connection, self.connection.cursor() as cursor:
            cursor.execute(query, arguments)
            rows = cursor.fetchall()
        return pd.DataFrame(rows, columns=["fid", "patch_id", "type_name", "admin", "suggestion", "suggestion_code",
                                           "decision", "decision_name", "reason", "status", "area_m2", "final_id",
                                           "mine_pending"])

    def opinions(self, patch_id):
        """Every opinion and final decision on the patch, oldest first."""
        with self.connection, self.connection.cursor() as cursor:
            cursor.execute(f"SELECT o.id, o.department, d.name, o.db_role, o.created_at, o.kind, o.opinion, o.decision, "
                           f"o.decision_name, o.reason, o.documents, o.supersedes FROM {self._table('opinions')} o "
                           f"JOIN {self._table('departments')} d ON d.code = o.department "
                           f"WHERE o.patch_id = %s ORDER BY o.id", (str(patch_id),))
            rows = cursor.fetchall()
        return pd.DataFrame(rows, columns=OPINION_COLUMNS)

    def current_final(self, patch_id):
        frame = self.opinions(patch_id)
        finals = frame[frame["kind"] == FINAL]
        return None if finals.empty else finals.iloc[-1].to_dict()

    # -- writing ---------------------------------------------------------------------------
    def add_opinion(self, patch_id, department, opinion, decision=None, decision_name=None, reason="", documents=""):
        """A department's opinion (one transaction); returns its id."""
        if opinion not in OPINIONS:
            raise CollaborationError(text("未知的意见代码“{}”，可用：{}", "unknown opinion {!r}; use one of {}", opinion,
                                          ", ".join(OPINIONS)))
        return self._insert(patch_id, department, OPINION, opinion, decision, decision_name, reason, documents, None)

    def decide(self, patch_id, department, decision, decision_name=None, reason="", documents="", supersedes=None):
        """The coordinator's final decision on top of ``supersedes`` (the final decision it saw,
        None when there was none). Raises :class:`DecisionConflict` with the decision another
        coordinator saved in between."""
        return self._insert(patch_id, department, FINAL, None, decision, decision_name, reason, documents, supersedes)

    def _insert(self, patch_id, department, kind, opinion, decision, decision_name, reason, documents, supersedes):
        import psycopg2

        try:
            with self.connection, self.connection.cursor() as cursor:
                cursor.execute(
                    f"INSERT INTO {self._table('opinions')} (patch_id, department, kind, opinion, decision, "
                    f"decision_name, reason, documents, supersedes) VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s) "
                    f"RETURNING id",
                    (str(patch_id), department, kind, opinion, decision or None, decision_name or None,
                     (reason or "").strip() or None, (documents or "").strip() or None, supersedes))
                return cursor.fetchone()[0]
        except (psycopg2.errors.SerializationFailure, psycopg2.errors.UniqueViolation):
            current = self.current_final(patch_id)
            who = "" if current is None else f"{self.department_name(current['department'])}（{current['db_role']}）"
            raise DecisionConflict(text(
                "图斑 {} 已由 {} 作出最终决定“{}”，请查看后再决定", "patch {} was decided by {} first (“{}”): look at it "
                "before deciding", patch_id, who, (current or {}).get("decision_name") or (current or {}).get("decision")),
                current) from None
        except psycopg2.errors.InsufficientPrivilege:
            raise Refused(self._refusal(department, kind)) from None
        except psycopg2.errors.ForeignKeyViolation:
            raise Refused(text("没有图斑 {} 或部门 {}", "there is no patch {} or department {}", patch_id,
                               department)) from None
        except psycopg2.errors.CheckViolation:
            raise Refused(text("意见或决定代码无效（{}，{}）", "invalid opinion or decision code ({}, {})",
                               opinion or "—", decision or "—")) from None

    def _refusal(self, department, kind):
        if kind == FINAL:
            return Text("只有协调部门可以作出最终决定", "only the coordinating department can make the final decision")
        return text("当前用户 {} 不能以“{}”的名义提交意见", "user {} cannot give opinions for “{}”", self.user,
                    self.department_name(department))

    # -- hearing the others ----------------------------------------------------------------
    def listen(self, notifications=True):
        """Start hearing every write to the schema; :meth:`changed` collects them.

        By LISTEN/NOTIFY where the server allows it; where it does not (a connection pooler in
        transaction mode, a server that refuses LISTEN) or with ``notifications`` False, by asking
        for the opinions newer than the last one seen, at each :meth:`changed`."""
        import psycopg2

        if self._listening is not None:
            return
        self._last_seen = self._newest_opinion()
        self._listening = False
        if not notifications:
            return
        old = self.connection.autocommit
        self.connection.autocommit = True
        try:
            with self.connection.cursor() as cursor:
                cursor.execute(f'LISTEN "{channel(self.schema)}"')
            self._listening = True
        except psycopg2.Error:
            pass  # asked at each look instead
        finally:
            self.connection.autocommit = old

    @property
    def hears_notifications(self):
        return bool(self._listening)

    def _newest_opinion(self):
        with self.connection, self.connection.cursor() as cursor:
            cursor.execute(f"SELECT coalesce(max(id), 0) FROM {self._table('opinions')}")
            return cursor.fetchone()[0]

    def changed(self, wait=0.0):
        """Patch ids written by anyone since the last call (needs :meth:`listen`).

        A notification travels on its own after the writer commits; with *wait* > 0 the call
        waits up to that many seconds for the first one when none has arrived yet."""
        if self._listening is None:
            return set()
        if not self._listening:  # no notifications: the opinions newer than the last one seen
            with self.connection, self.connection.cursor() as cursor:
                cursor.execute(f"SELECT patch_id, id FROM {self._table('opinions')} WHERE id > %s",
                               (self._last_seen,))
                rows = cursor.fetchall()
            self._last_seen = max([self._last_seen] + [row[1] for row in rows])
            return {row[0] for row in rows}
        self.connection.poll()
        if not self.connection.notifies and wait > 0:
            import select

            if select.select([self.connection], [], [], wait)[0]:
                self.connection.poll()
        ids = {notify.payload for notify in self.connection.notifies}
        self.connection.notifies.clear()
        return ids
