"""core.progress: the stage profile the bench scripts print."""
import pytest

from multiplan.core import progress


@pytest.fixture
def profiling():
    progress.start_profile()
    yield
    progress._profile = None


def test_stages_record_nothing_until_a_profile_is_started():
    progress._profile = None
    with progress.stage("read"):
        pass
    assert progress.stage_times() == []


def test_nested_stages_are_recorded_in_start_order_with_their_depth(profiling):
    with progress.stage("run"):
        with progress.stage("read"):
            pass
        with progress.stage("write"):
            pass
    times = progress.stage_times()
    assert [(depth, name) for depth, name, _, _ in times] == [(0, "run"), (1, "read"), (1, "write")]
    assert times[0][2] >= times[1][2] + times[2][2] >= 0.0
    assert all(peak is None or peak > 0 for _, _, _, peak in times)


def test_a_stage_that_raises_is_still_closed(profiling):
    with pytest.raises(ValueError):
        with progress.stage("fails"):
            raise ValueError("boom")
    with progress.stage("next"):
        pass
    assert [(depth, name) for depth, name, _, _ in progress.stage_times()] == [(0, "fails"), (0, "next")]
