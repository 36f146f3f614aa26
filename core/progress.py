"""Progress and cancellation for long core functions, without depending on QGIS.

Core functions take ``progress``: a callable receiving a fraction in [0, 1]. The caller's
callable raises :class:`Cancelled` when the user cancels; core code lets it propagate so that
no partial result is returned as if it were complete.
"""
import time

try:
    import resource  # peak memory of the stage profile; not on Windows
except ImportError:
    resource = None


class Cancelled(Exception):
    """The user cancelled the run."""


def report(progress, fraction):
    if progress is not None:
        progress(min(max(fraction, 0.0), 1.0))


def chunks(count, size):
    """(start, stop) slices covering ``range(count)`` in steps of ``size``."""
    return [(start, min(start + size, count)) for start in range(0, count, size)]


def scaled(progress, start, end):
    """A progress callable for one stage: its 0..1 drives ``progress`` from ``start`` to ``end``."""
    if progress is None:
        return None
    return lambda fraction: progress(start + (end - start) * min(max(fraction, 0.0), 1.0))


# --------------------------------------------------------------------------- stage profile
# Benchmarks (bench/) switch it on with start_profile(); a run then records how long each named
# stage took, nested stages indented under the stage they run in, and the process's peak memory
# when it ended (where the resource module exists). Off (the default) a stage costs one check.

_profile = None
_depth = 0


def start_profile():
    """Record stage times from now on (forgetting earlier ones)."""
    global _profile, _depth
    _profile, _depth = [], 0


def stage_times():
    """[(depth, name, seconds, peak MB or None)] of the stages run since :func:`start_profile`,
    in start order."""
    return [tuple(entry) for entry in _profile or []]


def _peak_mb():
    return None if resource is None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


class stage:
    """``with stage("overlay"):`` times a block when profiling is on."""

    def __init__(self, name):
        self.name = name

    def __enter__(self):
        global _depth
        if _profile is not None:
            self.entry = [_depth, self.name, 0.0, None]
            _profile.append(self.entry)
            _depth += 1
            self.start = time.perf_counter()
        return self

    def __exit__(self, *exc):
        global _depth
        if _profile is not None and hasattr(self, "entry"):
            self.entry[2] = time.perf_counter() - self.start
            self.entry[3] = _peak_mb()
            _depth -= 1
        return False
