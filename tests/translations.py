"""A Chinese QGIS for tests: installs MultiPlan's zh_CN translations as QGIS would under a Chinese
locale, read from the translation source (i18n/multiplan_zh_CN.ts, what ships), so a test sees
what a Chinese user's log says without building the .qm.

    with chinese_ui():
        processing.run(...)
"""
import xml.etree.ElementTree as ElementTree
from contextlib import contextmanager
from pathlib import Path

from qgis.PyQt.QtCore import QCoreApplication, QTranslator

ROOT = Path(__file__).resolve().parents[1]


def zh_translations(root=ROOT):
    """{(context, source): translation} from the .ts file."""
    table = {}
    ts = root / "i18n" / "multiplan_zh_CN.ts"
    if ts.exists():
        for context in ElementTree.parse(ts).getroot().iter("context"):
            name = context.findtext("name")
            for message in context.iter("message"):
                translation = message.find("translation")
                if translation is None or translation.get("type") in ("obsolete", "vanished"):
                    continue
                if translation.text:
                    table[(name, message.findtext("source"))] = translation.text
    return table


class DictTranslator(QTranslator):
    """A QTranslator answering from a {(context, source): translation} table."""

    def __init__(self, table):
        super().__init__()
        self.table = table

    def translate(self, context, source, disambiguation=None, n=-1):  # noqa: D102 (Qt's signature)
        return self.table.get((context, source))  # None: not translated here (Qt asks the next translator)

    def isEmpty(self):  # noqa: N802
        return False


@contextmanager
def chinese_ui():
    """Translate MultiPlan's messages into Chinese inside the block."""
    translator = DictTranslator(zh_translations())
    QCoreApplication.installTranslator(translator)
    try:
        yield translator
    finally:
        QCoreApplication.removeTranslator(translator)
