"""MultistepShift: multiply a hyperparameter by ``gamma`` at given calls."""
from kusari.training.extensions._shift import _Shift


class MultistepShift(_Shift):
    """Set ``optimizer.<attr>`` to ``init * gamma ** k`` where ``k`` is the number of entries of
    ``step_value`` reached so far.

    Parameters
    ----------
    attr : str
        The hyperparameter.
    gamma : float
        The factor per step.
    step_value : list of int
        The calls at which the value is multiplied (increasing).
    init : float
        The initial value (``None``: the optimizer's current value).
    optimizer : Optimizer, optional
        The optimizer (the updater's ``'main'`` one by default).
    """

    def __init__(self, attr, gamma, step_value, init, optimizer=None):
        super().__init__(attr, init, optimizer)
        self._gamma = gamma
        self._step_value = list(step_value)

    def _compute(self, t):
        k = sum(1 for s in self._step_value if t >= s)
        return self._init * self._gamma ** k
