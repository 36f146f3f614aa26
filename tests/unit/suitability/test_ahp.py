"""core.suitability.ahp: AHP weights and consistency against matrices whose answers are known."""
import numpy as np
import pytest

from multiplan.core.suitability.ahp import (SAATY_RANDOM_INDEX, InconsistentJudgements, ahp_weights, check_consistency,
                                            normalise_weights)

# Saaty, T. L. (2008) "Decision making with the analytic hierarchy process", Int. J. Services
# Sciences 1(1), 83-98, Table 2 "Which drink is consumed more in the US?": the judgements of a
# group, the eigenvector it derives (to 3 decimals) and C.R. = 0.022.
DRINKS = ("coffee", "wine", "tea", "beer", "sodas", "milk", "water")
DRINKS_MATRIX = [
    [1, 9, 5, 2, 1, 1, 1 / 2],
    [1 / 9, 1, 1 / 3, 1 / 9, 1 / 9, 1 / 9, 1 / 9],
    [1 / 5, 3, 1, 1 / 3, 1 / 4, 1 / 3, 1 / 9],
    [1 / 2, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [1, 9, 4, 2, 1, 2, 1 / 2],
    [1, 9, 3, 1, 1 / 2, 1, 1 / 3],
    [2, 9, 9, 3, 2, 3, 1],
]
DRINKS_PUBLISHED_WEIGHTS = [0.177, 0.019, 0.042, 0.116, 0.190, 0.129, 0.327]
DRINKS_PUBLISHED_CR = 0.022


def consistent_matrix(weights):
    weights = np.asarray(weights, dtype=float)
    return weights[:, None] / weights[None, :]


def test_a_consistent_matrix_gives_back_its_weights_with_cr_zero():
    weights = np.array([0.4, 0.3, 0.15, 0.1, 0.05])
    result = ahp_weights(consistent_matrix(weights))
    assert result.weights == pytest.approx(weights, abs=1e-12)
    assert result.lambda_max == pytest.approx(5.0, abs=1e-12)
    assert result.ci == pytest.approx(0.0, abs=1e-12)
    assert result.ri == 1.12
    assert result.cr == pytest.approx(0.0, abs=1e-12)


def test_saaty_2008_drinks_example_gives_the_published_weights_and_cr():
    result = ahp_weights(DRINKS_MATRIX, names=DRINKS)
    assert np.round(result.weights, 3).tolist() == DRINKS_PUBLISHED_WEIGHTS
    assert round(result.cr, 3) == DRINKS_PUBLISHED_CR
    assert result.ri == 1.32  # Saaty's RI for n = 7
    assert result.ci == pytest.approx((result.lambda_max - 7) / 6)
    assert check_consistency(result) is None


def test_3x3_matches_the_closed_form_by_hand():
    # For a 3 × 3 reciprocal matrix (a12 = p, a13 = q, a23 = r) the principal eigenvector is the
    # row geometric means and λmax = 1 + d + 1/d with d = (p·r/q)^(1/3): multiply out A·w = λ·w.
    # Here p = 2, q = 8, r = 2: d = 0.5^(1/3), the rows' geometric means 16^(1/3), 1, 16^(-1/3).
    result = ahp_weights([[1, 2, 8], [1 / 2, 1, 2], [1 / 8, 1 / 2, 1]])
    means = np.array([16 ** (1 / 3), 1.0, 16 ** (-1 / 3)])
    d = 0.5 ** (1 / 3)
    assert result.weights == pytest.approx(means / means.sum(), abs=1e-12)
    assert result.lambda_max == pytest.approx(1 + d + 1 / d, abs=1e-12)  # 3.05362
    assert result.cr == pytest.approx((1 + d + 1 / d - 3) / 2 / 0.58, abs=1e-12)  # 0.0462


def test_reciprocals_typed_with_two_decimals_are_accepted_and_made_exact():
    typed = [[1, 3, 9], [0.33, 1, 3], [0.11, 0.33, 1]]
    result = ahp_weights(typed)
    assert result.matrix[1, 0] == 1 / 3 and result.matrix[2, 0] == 1 / 9
    assert result.weights == pytest.approx([9 / 13, 3 / 13, 1 / 13], abs=1e-12)


def test_a_non_reciprocal_matrix_is_refused_naming_the_first_bad_cell():
    matrix = [[1, 3, 5], [1 / 3, 1, 2], [1 / 5, 2, 1]]  # a32 should be 1/2
    with pytest.raises(ValueError, match=r"not reciprocal: cell \(row 3, column 2\) \[water vs soil\] is 2 "
                                         r"but 1 / cell \(row 2, column 3\)"):
        ahp_weights(matrix, names=["slope", "soil", "water"])


@pytest.mark.parametrize("matrix, message", [
    ([[1, 2], [0.5, 1], [1, 1]], "square"),
    ([[1, -2], [-0.5, 1]], r"cell \(row 1, column 2\) is -2: comparisons must be positive"),
    ([[1, 0], [0, 1]], r"cell \(row 1, column 2\) is 0"),
    ([[2, 1], [1, 1]], r"cell \(row 1, column 1\) is 2: a factor compared with itself must be 1"),
    ([[1, "x"], [1, 1]], "numbers"),
])
def test_malformed_matrices_are_refused(matrix, message):
    with pytest.raises(ValueError, match=message):
        ahp_weights(matrix)


def test_cr_above_the_limit_is_an_error_unless_overridden():
    # a > b by 9, b > c by 9 but c > a by 9: circular judgements.
    result = ahp_weights([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]], names=["a", "b", "c"])
    assert result.cr > 0.1
    with pytest.raises(InconsistentJudgements, match=r"CR = \d+\.\d{3} exceeds 0.1.*\[a vs b\]"):
        check_consistency(result)
    warning = check_consistency(result, override=True)
    assert "exceeds 0.1" in warning and "overridden" in warning


def test_a_mildly_inconsistent_matrix_passes_a_looser_limit_only():
    result = ahp_weights([[1, 3, 1], [1 / 3, 1, 3], [1, 1 / 3, 1]])
    assert 0.1 < result.cr < 1.0
    with pytest.raises(InconsistentJudgements):
        check_consistency(result, limit=0.1)
    assert check_consistency(result, limit=1.0) is None


def test_one_and_two_factors_are_always_consistent():
    one = ahp_weights([[1]])
    assert one.weights.tolist() == [1.0] and one.cr == 0.0 and one.ci == 0.0
    two = ahp_weights([[1, 4], [1 / 4, 1]])
    assert two.weights == pytest.approx([0.8, 0.2], abs=1e-12)
    assert two.lambda_max == pytest.approx(2.0) and two.ri == 0.0 and two.cr == 0.0


def test_random_index_table_and_its_limit():
    assert SAATY_RANDOM_INDEX[1:] == (0.0, 0.0, 0.58, 0.90, 1.12, 1.24, 1.32, 1.41, 1.45, 1.49,
                                      1.51, 1.48, 1.56, 1.57, 1.59)
    with pytest.raises(ValueError, match="up to 15 factors"):
        ahp_weights(np.ones((16, 16)))
    assert ahp_weights(np.ones((16, 16)), random_index=1.6).weights == pytest.approx(np.full(16, 1 / 16))


def test_weights_given_directly_are_normalised_and_say_so():
    weights, changed = normalise_weights([0.3, 0.3, 0.2, 0.1])  # sums to 0.9
    assert changed and weights == pytest.approx([1 / 3, 1 / 3, 2 / 9, 1 / 9]) and weights.sum() == pytest.approx(1)
    weights, changed = normalise_weights([0.5, 0.25, 0.25])
    assert not changed and weights.tolist() == [0.5, 0.25, 0.25]
    assert normalise_weights([2, 0, 2])[0].tolist() == [0.5, 0.0, 0.5]


@pytest.mark.parametrize("weights, message", [
    ([0.5, -0.1, 0.6], "weight 2 is -0.1"),
    ([0, 0, 0], "all weights are 0"),
    ([], "no weights"),
    ([0.5, float("nan")], "weight 2 is nan"),
])
def test_bad_direct_weights_are_refused(weights, message):
    with pytest.raises(ValueError, match=message):
        normalise_weights(weights)
