"""multiplan:suggest_resolutions: a suggested decision and its rule for every difference patch."""
from qgis.core import (QgsProcessing, QgsProcessingException, QgsProcessingOutputNumber,
                       QgsProcessingParameterFeatureSink, QgsProcessingParameterFeatureSource,
                       QgsProcessingParameterFile, QgsProcessingParameterFileDestination,
                       QgsProcessingParameterString)

from qgis.PyQt.QtCore import QCoreApplication

from ....core.conflicts import detection as cf
from ....core.conflicts import resolution
from ....core.conflicts.conflict_report import write_ledger
from ....core.report import area_note
from ...layer_io import attribute_table, read_layer
from ...sinks import new_field, write_with_values
from ..base import MultiPlanAlgorithm


def plan_names_of(table):
    """Plan labels stored in a patch table (GH1, GH2 … columns)."""
    names = []
    for k in range(1, cf.plan_count_of(table.columns) + 1):
        values = table[f"GH{k}"].dropna() if f"GH{k}" in table else []
        names.append(str(values.iloc[0]) if len(values) else f"GH{k}")
    return names


def parse_priority(text):
    """``"2,1"`` → [2, 1]; empty → None (the plans' order)."""
    text = (text or "").replace("，", ",").strip()
    if not text:
        return None
    try:
        return [int(part) for part in text.split(",") if part.strip()]
    except ValueError:
        raise QgsProcessingException(QCoreApplication.translate(
            "SuggestResolutionsAlgorithm", "Plan priority must list plan numbers separated by commas, e.g. 2,1; got “{}”.")
            .format(text)) from None


def patch_output_fields(fields):
    """The fields of a patch layer as written again: the numbers the patch layer defines (areas,
    coordinates) with their decimals (m² 2, 公顷 4, 亩 2, coordinates 3), whatever the input's
    format kept of them; every other field as it is."""
    from qgis.core import QgsFields

    decimals = {name: n for name, kind, n in cf.field_spec(cf.plan_count_of(fields.names())) if kind is float}
    result = QgsFields()
    for field in fields:
        result.append(new_field(field.name(), float, 0, decimals[field.name()]) if field.name() in decimals else field)
    return result


def check_patch_layer(table, layer_name):
    missing = [name for name in (cf.PATCH_ID, cf.TYPE, "GH1JS", "GH2JS") if name not in table.columns]
    if missing:
        raise QgsProcessingException(QCoreApplication.translate(
            "SuggestResolutionsAlgorithm",
            "“{}” is not a difference-patch layer: fields {} are missing. Run “Detect multi-plan conflicts” first.")
            .format(layer_name, ", ".join(missing)))


class SuggestResolutionsAlgorithm(MultiPlanAlgorithm):
    INPUT, RULES, PLAN_PRIORITY = "INPUT", "RULES", "PLAN_PRIORITY"
    OUTPUT, REPORT = "OUTPUT", "REPORT"
    DEFERRED_COUNT = "DEFERRED_COUNT"
    GROUP_ID = "conflicts"
    OUTPUT_STYLES = {"OUTPUT": "patches"}

    def name(self):
        return "suggest_resolutions"

    def displayName(self):  # noqa: N802
        return self.tr("Suggest conflict resolutions")

    def shortHelpString(self):  # noqa: N802
        return self.tr(
            "Gives every difference patch a suggested decision (JYCL: GH1/GH2… keep that plan's use, DM:<code> set a "
            "用地用海 code, DEFER review by hand), its readable form (JYCLMC), the rule that produced it (CLGZ) and "
            "the reason (JYLY). Reviewed decisions (CLJD, CLLY, SHZT) are never changed.\n\n"
            "Rules come from an editable priority table (CSV; default resources/tables/conflict_rules.csv): the "
            "first rule, by priority, whose conflict type and condition match decides. The default policy ranks "
            "ecological protection first, then permanent basic farmland, then approved projects and development "
            "needs; it is this plugin's default, not a national rule, so offices adapt it. Plan priority (e.g. 2,1) "
            "orders the plans for rules that keep the first suitable plan.")

    def initAlgorithm(self, config=None):  # noqa: N802
        self.addParameter(QgsProcessingParameterFeatureSource(self.INPUT, self.tr("Difference patches"),
                                                              [QgsProcessing.TypeVectorPolygon]))
        self.addParameter(QgsProcessingParameterFile(self.RULES, self.tr("Rule table (CSV, optional)"),
                                                     extension="csv", optional=True))
        self.addParameter(QgsProcessingParameterString(
            self.PLAN_PRIORITY, self.tr("Plan priority, most authoritative first (e.g. 2,1; empty: plan order)"),
            optional=True))
        self.addParameter(QgsProcessingParameterFeatureSink(self.OUTPUT, self.tr("Patches with suggestions"),
                                                            QgsProcessing.TypeVectorPolygon))
        self.addParameter(QgsProcessingParameterFileDestination(
            self.REPORT, self.tr("Conflict ledger (Excel, optional)"), fileFilter="Excel (*.xlsx)", optional=True,
            createByDefault=False))
        self.addOutput(QgsProcessingOutputNumber(self.DEFERRED_COUNT, self.tr("Patches left for review (DEFER)")))

    def run_algorithm(self, parameters, context, feedback):
        layer = read_layer(self, parameters, self.INPUT, context, feedback)
        table = attribute_table(layer)
        check_patch_layer(table, layer.name)
        names = plan_names_of(table)
        priority = parse_priority(self.parameterAsString(parameters, self.PLAN_PRIORITY, context))
        # Decisions and reasons in the report language (English reports: English; else Chinese).
        language = cf.layer_language()
        try:
            rules = resolution.load_rules(self.parameterAsFile(parameters, self.RULES, context) or None)
            suggested = resolution.suggest(table, rules, priority)
            labels = {code: resolution.decision_label(code, names, language=language)
                      for code in set(suggested[cf.SUGGESTION])}
        except (ValueError, OSError) as error:
            raise QgsProcessingException(self.tr("Cannot suggest resolutions: {}").format(error)) from None
        suggested[cf.SUGGESTION_NAME] = suggested[cf.SUGGESTION].map(labels)
        if language == "en":
            suggested[cf.SUGGESTION_REASON] = suggested[resolution.SUGGESTION_REASON_EN]
        for rule, group in suggested.groupby(cf.RULE):
            feedback.pushInfo(self.tr("Rule {}: {} patches").format(rule or self.tr("(none)"), len(group)))
        deferred = int((suggested[cf.SUGGESTION] == resolution.DEFER).sum())
        if deferred:
            feedback.pushWarning(self.tr("{} patches are left for review (DEFER).").format(deferred))

        columns = {name: suggested[name].tolist() for name in
                   (cf.SUGGESTION, cf.SUGGESTION_NAME, cf.RULE, cf.SUGGESTION_REASON)}
        fields = patch_output_fields(layer.fields)
        sink, dest_id = self.parameterAsSink(parameters, self.OUTPUT, context, fields, layer.wkb_type,
                                             layer.source_crs)
        if sink is None:
            raise QgsProcessingException(self.invalidSinkError(parameters, self.OUTPUT))
        write_with_values(sink, layer.features, fields, columns, feedback, 10, 95)
        del sink
        results = {self.OUTPUT: dest_id, self.DEFERRED_COUNT: deferred}
        report = self.parameterAsFileOutput(parameters, self.REPORT, context)
        if report:
            for name, values in columns.items():
                table[name] = values
            if feedback.isCanceled():  # the ledger can take a minute: not after a cancel
                raise self.cancelled_error()
            write_ledger(report, table, names, area_note(cf.ELLIPSOIDAL_METHOD))
            results[self.REPORT] = report
        return results
