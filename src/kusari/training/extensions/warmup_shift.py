"""WarmupShift: move a hyperparameter linearly from a start value to ``init``."""
from kusari.training.extensions._shift import _Shift


class WarmupShift(_Shift):
    """Set ``optimizer.<attr>`` to ``((W - t) * warmup_start + t * init) / W`` during the first
    ``W = warmup_iter`` calls, then leave it at ``init``.

    Parameters
    ----------
    attr : str
        The hyperparameter.
    warmup_start : float
        The value before the first call (``None``: the optimizer's current value).
    warmup_iter : int
        The length of the warm-up.
    init : float
        The value reached at the end of the warm-up.
    optimizer : Optimizer, optional
        The optimizer (the updater's ``'main'`` one by default).
    """

    _needs_init = False

    def __init__(self, attr, warmup_start, warmup_iter, init, optimizer=None):
        super().__init__(attr, init, optimizer)
        self._warmup_start = warmup_start
        self._warmup_iter = warmup_iter

    def initialize(self, trainer):
        if self._warmup_start is None:
            self._warmup_start = getattr(self._get_optimizer(trainer), self._attr)
        super().initialize(trainer)

    def _initial_value(self):
        return self._warmup_start

    def _compute(self, t):
        w = self._warmup_iter
        if t > w:
            return None  # the warm-up is over: leave the value alone
        return (t * self._init + (w - t) * self._warmup_start) / w
