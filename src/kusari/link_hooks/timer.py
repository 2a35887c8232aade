"""TimerHook (links): how long each link's forward takes."""
from kusari import link_hook
from kusari.function_hooks import _report


class TimerHook(_report.CallTimer, link_hook.LinkHook):
    """Record the time of every forward of the hooked links.

    On the CPU the wall-clock time is taken; for a link on the GPU a pair of CUDA events,
    waited for at the end of the call. Links nest (a chain calls its children): every call
    is recorded, so the times of a chain include those of its children; :meth:`total_time`
    sums the outermost calls only.

    Attributes
    ----------
    call_history : list of (str, float)
        One ``(link class name, seconds)`` per finished call, in finishing order.
    """

    name = 'TimerHook'
    table = _report.TIME_UNITS
    _name_header = 'LinkName'

    def forward_preprocess(self, args):
        self._start(args.link.xp)

    def forward_postprocess(self, args):
        self._stop(type(args.link).__name__)
