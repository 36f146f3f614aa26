"""core.conflicts.review: the words the review dock shows for a decision, in its buttons and its table."""
import numpy as np
import pytest

from multiplan.core.conflicts import detection as cf
from multiplan.core.conflicts import review

PLANS = ["城规", "土规"]


@pytest.mark.parametrize("language, expected", [
    ("zh", {"GH1": "保留城规", "GH2": "保留土规", "DM:0103": "调整为 0103 旱地",
            "DEFER": "暂缓，待人工核实"}),
    ("en", {"GH1": "Keep 城规", "GH2": "Keep 土规", "DM:0103": "Change to 0103 旱地",
            "DEFER": "Defer for review"}),
])
def test_decision_text_uses_one_verb_per_decision_kind(language, expected):
    assert {code: review.decision_text(code, PLANS, language) for code in expected} == expected


def test_decision_text_is_what_a_decision_writes_into_cljdmc_in_chinese():
    for code in ("GH1", "DM:0103", "DEFER"):
        written = review.decision_values(code, "", "", PLANS)[cf.DECISION_NAME]
        assert review.decision_text(code, PLANS, "zh") == written


@pytest.mark.parametrize("language", ["zh", "en"])
def test_choice_buttons_read_as_the_decisions_they_make(language):
    choices = review.choice_texts(PLANS, language)
    assert set(choices) == {"GH1", "GH2", "DM:", "DEFER"}
    for code in ("GH1", "GH2", "DEFER"):
        assert choices[code] == review.decision_text(code, PLANS, language)
    # The adjust button is followed by the code box: the table reads "<button> <code> <name>".
    assert review.decision_text("DM:0103", PLANS, language) == f"{choices['DM:']} 0103 旱地"
    # Nothing says 采用 where the table says 保留 (or Adopt where it says Keep).
    assert not any(word in text for text in choices.values() for word in ("采用", "Adopt", "Adjust to"))


@pytest.mark.parametrize("decision", [None, "", "GH3", "DM:99", "nonsense"])
def test_decisions_that_cannot_be_labelled_fall_back(decision):
    assert review.decision_text(decision, PLANS, "zh", fallback="原样") == "原样"


def test_patch_columns_keep_the_suggestion_code_beside_its_name():
    table = review.PatchColumns([1, 2], [100.0, 200.0], suggestion=["保留土规", None],
                                suggestion_code=["GH2", None])
    assert list(table.suggestion_code) == ["GH2", None] and list(table.suggestion) == ["保留土规", None]
    assert np.allclose(table.area_mu, [0.15, 0.3])
