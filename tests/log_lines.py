"""The log lines a tool wrote itself, for tests that check a Chinese run's log has no English.

QGIS Processing's own ``Results: {…}`` line (processing.run, with the outputs' full paths) is
left out: it is QGIS's, not MultiPlan's.
"""
import re

SHARED_LINES = re.compile(r"^Results: ")


def own_log_lines(feedback):
    """The lines of a :class:`recording.RecordingFeedback` that the tool logged, as (where, text)."""
    return [("log", line) for line in feedback.infos + feedback.warnings if not SHARED_LINES.search(line)]
