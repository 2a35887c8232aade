"""unchain_variables: free the graphs kept by observed Variables."""
from kusari.configuration import config
from kusari.training import extension
from kusari.variable import Variable


class unchain_variables(extension.Extension):  # noqa: N801 - Chainer's name
    """Cut the graph behind every Variable in the observation, in iterations where
    ``config.keep_graph_on_report`` was on (so that graphs kept for, e.g., :class:`DumpGraph`
    are released right after use)."""

    priority = 0

    def __init__(self):
        self._prev_flag = None

    def initialize(self, _):
        self._prev_flag = config.keep_graph_on_report

    def trigger(self, _):
        flag = self._prev_flag
        self._prev_flag = config.keep_graph_on_report
        return flag

    def __call__(self, trainer):
        for value in trainer.observation.values():
            if isinstance(value, Variable):
                value.unchain_backward()
