"""The zh_CN catalogue is complete and every translation takes the same arguments as its source
(a translation with a field missing, added or numbered differently raises at run time)."""
import string
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

TS = Path(__file__).resolve().parents[2] / "i18n" / "multiplan_zh_CN.ts"


def messages():
    for context in ElementTree.parse(TS).getroot().iter("context"):
        for message in context.iter("message"):
            yield context.findtext("name"), message.findtext("source"), message.find("translation")


def fields(text):
    parsed = [(name, spec) for _, name, spec, _ in string.Formatter().parse(text) if name is not None]
    if any(name == "" for name, _ in parsed):  # automatic numbering: {} {} {} = 0, 1, 2
        if any(name != "" for name, _ in parsed):
            raise ValueError("mixes automatic and manual field numbering")
        parsed = [(str(number), spec) for number, (_, spec) in enumerate(parsed)]
    return sorted(parsed)


def test_every_message_is_translated():
    unfinished = [(context, source) for context, source, translation in messages()
                  if translation.get("type") == "unfinished" or not (translation.text or "").strip()]
    assert unfinished == [], "run scripts/i18n and translate:\n" + "\n".join(map(str, unfinished[:20]))


@pytest.mark.parametrize("context,source,translation", [m for m in messages() if "{" in (m[1] or "")])
def test_translation_takes_the_same_arguments(context, source, translation):
    try:
        expected = fields(source)
    except ValueError:
        pytest.skip("the source is not a format string")
    assert fields(translation.text or "") == expected, (context, source, translation.text)
