"""Progress and cancellation for long core functions, without depending on QGIS.

Core functions take ``progress``: a callable receiving a fraction in [0, 1]. The caller's
callable raises :class:`Cancelled` when the user cancels; core code lets it propagate so that
no partial result is returned as if it were complete.
"""


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
