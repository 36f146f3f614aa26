"""multiplan:department_ledger: one department's ledger from the collaboration schema (部门台账)."""
from qgis.core import (QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterProviderConnection, QgsProcessingParameterString)

from ....core.collaboration import ledger
from ....core.collaboration.store import CollaborationError, ReviewSession
from ....core.report import area_note, render
from ....core.wording import ELLIPSOIDAL
from ...postgres import connect
from ..base import MultiPlanAlgorithm


class DepartmentLedgerAlgorithm(MultiPlanAlgorithm):
    DATABASE, SCHEMA, DEPARTMENT, REPORT = "DATABASE", "SCHEMA", "DEPARTMENT", "REPORT"
    PATCH_COUNT, OPEN_COUNT, OPINION_COUNT = "PATCH_COUNT", "OPEN_COUNT", "OPINION_COUNT"
    GROUP_ID = "collaboration"

    def name(self):
        return "department_ledger"

    def displayName(self):  # noqa: N802
        return self.tr("Department ledger (部门台账)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Writes the Excel ledger of one department from the collaboration schema: the difference patches that "
            "concern it (by patch type, as the department table says) with their final decision, status and the "
            "department's latest opinion, its open items (patches still awaiting its opinion, no final decision yet) "
            "and every opinion it gave. The department is given by its code (GH, ZR …); empty: the department of the "
            "connection's role. The database is only read.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterProviderConnection(
            self.DATABASE, self.tr("PostgreSQL connection (saved in QGIS)"), "postgres"))
        self.addParameter(QgsProcessingParameterString(self.SCHEMA, self.tr("Collaboration schema"),
                                                       defaultValue="multiplan"))
        self.addParameter(QgsProcessingParameterString(
            self.DEPARTMENT, self.tr("Department code (empty: the connection's own department)"), optional=True))
        self.addParameter(QgsProcessingParameterFileDestination(self.REPORT, self.tr("Ledger (Excel)"),
                                                                fileFilter="Excel (*.xlsx)"))
        self.addOutput(QgsProcessingOutputNumber(self.PATCH_COUNT, self.tr("Patches concerning the department")))
        self.addOutput(QgsProcessingOutputNumber(self.OPEN_COUNT, self.tr("Open items")))
        self.addOutput(QgsProcessingOutputNumber(self.OPINION_COUNT, self.tr("Opinions given")))

    def run_algorithm(self, parameters, context, feedback):
        schema = (self.parameterAsString(parameters, self.SCHEMA, context) or "").strip()
        connection = connect(self.parameterAsConnectionName(parameters, self.DATABASE, context))
        try:
            try:
                session = ReviewSession(connection, schema)
            except CollaborationError as error:
                raise QgsProcessingException(self.tr("Cannot read the collaboration schema: {}").format(
                    render(error.text))) from None
            code = (self.parameterAsString(parameters, self.DEPARTMENT, context) or "").strip()
            if not code:
                if not session.memberships:
                    raise QgsProcessingException(self.tr(
                        "The role {} belongs to no department: give the department code.").format(session.user))
                code = session.memberships[0].code
            if code not in {d.code for d in session.departments}:
                raise QgsProcessingException(self.tr("There is no department {} (known: {}).").format(
                    code, ", ".join(d.code for d in session.departments)))
            tables = ledger.ledger_tables(connection, schema, code)
            (_, name, _), concerning, history, pending = tables
            report = self.parameterAsFileOutput(parameters, self.REPORT, context)
            ledger.write_ledger(report, tables, area_note(ELLIPSOIDAL))
        finally:
            connection.close()
        feedback.pushInfo(self.tr("{}: {} patches concern it, {} open, {} opinions given.").format(
            name, len(concerning), len(pending), len(history)))
        return {self.REPORT: report, self.PATCH_COUNT: len(concerning), self.OPEN_COUNT: len(pending),
                self.OPINION_COUNT: len(history)}
