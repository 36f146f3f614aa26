"""multiplan:setup_collaboration: the shared review of difference patches on PostGIS (部门协同)."""
import shapely
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber, QgsProcessingOutputString,
                       QgsProcessingParameterFeatureSource, QgsProcessingParameterFile,
                       QgsProcessingParameterProviderConnection, QgsProcessingParameterString)

from ....core.collaboration import schema as cs
from ....core.report import render
from ...layer_io import attribute_table, read_layer
from ...postgres import connect
from ..base import MultiPlanAlgorithm


class SetupCollaborationAlgorithm(MultiPlanAlgorithm):
    DATABASE, SCHEMA, PATCHES, DEPARTMENTS = "DATABASE", "SCHEMA", "PATCHES", "DEPARTMENTS"
    PATCH_COUNT, IMPORTED_COUNT, ROLES = "PATCH_COUNT", "IMPORTED_COUNT", "ROLES"
    GROUP_ID = "collaboration"

    def name(self):
        return "setup_collaboration"

    def displayName(self):  # noqa: N802
        return self.tr("Set up department collaboration on PostGIS (部门协同)")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Creates, in a PostgreSQL database with PostGIS, the schema where departments review the same difference "
            "patches at once: the patches (a detect_conflicts or suggest_resolutions result), an append-only opinions "
            "table, the views patch_status (the review fields CLJD, SHZT … of the latest final decision, as the "
            "GeoPackage review writes them), latest_opinions and pending, and one database role per department of "
            "an editable table (default resources/collaboration/departments.csv: 规划局, 自然资源局, 发改, 生态环境局, "
            "农业农村局 and the coordinating 多规合一办公室).\n\n"
            "The rules are the database's own, so they hold for any client, plain psql included: every department "
            "reads all patches and opinions, adds opinions only for a department whose role it has, never changes or "
            "deletes one; only the coordinating role records final decisions, each on top of the current one (two "
            "coordinators deciding at once: the second is refused). A decision already made in a GeoPackage review "
            "comes along as a final decision.\n\n"
            "The roles are created without login: grant them to the people's own login roles (GRANT mp_ziran TO "
            "li_si) or give them a password. Run this as a role that may create roles and schemas. Everything is "
            "written in one transaction; an existing schema is never touched.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterProviderConnection(
            self.DATABASE, self.tr("PostgreSQL connection (saved in QGIS)"), "postgres"))
        self.addParameter(QgsProcessingParameterString(self.SCHEMA, self.tr("Schema to create"),
                                                       defaultValue=cs.DEFAULT_SCHEMA))
        self.addParameter(QgsProcessingParameterFeatureSource(
            self.PATCHES, self.tr("Difference patches"), [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFile(
            self.DEPARTMENTS, self.tr("Edited department table (CSV, optional)"),
            behavior=QgsProcessingParameterFile.File, fileFilter="CSV (*.csv)", optional=True))
        self.addOutput(QgsProcessingOutputNumber(self.PATCH_COUNT, self.tr("Patches loaded")))
        self.addOutput(QgsProcessingOutputNumber(self.IMPORTED_COUNT, self.tr("Decisions imported")))
        self.addOutput(QgsProcessingOutputString(self.ROLES, self.tr("Department roles")))

    def run_algorithm(self, parameters, context, feedback):
        schema = (self.parameterAsString(parameters, self.SCHEMA, context) or "").strip()
        try:
            cs.check_schema_name(schema)
            departments = cs.load_departments(self.parameterAsFile(parameters, self.DEPARTMENTS, context) or None)
        except cs.CollaborationError as error:
            raise QgsProcessingException(self.tr("Cannot set up: {}").format(render(error.text))) from None
        data = read_layer(self, parameters, self.PATCHES, context, feedback)
        srid = data.source_crs.postgisSrid()
        if not srid or data.source_crs.authid().split(":")[0] != "EPSG":
            raise QgsProcessingException(self.tr(
                "The patches' CRS {} has no EPSG code; reproject them to a CGCS2000 zone (EPSG:4513–4554) first.").format(
                data.source_crs.description() or data.source_crs.toProj()))
        attributes = attribute_table(data)
        wkb = [None if g is None else shapely.to_wkb(g) for g in data.geometries]  # ST_Multi on the server
        connection = connect(self.parameterAsConnectionName(parameters, self.DATABASE, context))
        try:
            count, imported = self.run_core(cs.setup, connection, schema, wkb, attributes, srid, departments,
                                            progress=self.progress_callback(feedback, 10, 95))
        except cs.CollaborationError as error:
            raise QgsProcessingException(self.tr("Cannot set up: {}").format(render(error.text))) from None
        except Exception as error:  # noqa: BLE001 (psycopg2.Error: the server's own message)
            raise QgsProcessingException(self.tr("The database refused the set-up: {}").format(
                str(error).strip().splitlines()[0])) from None
        finally:
            connection.close()
        roles = ", ".join(d.role for d in departments)
        feedback.pushInfo(self.tr("Schema {}: {} patches, {} decisions imported; department roles: {}.").format(
            schema, count, imported, roles))
        return {self.PATCH_COUNT: count, self.IMPORTED_COUNT: imported, self.ROLES: roles}
