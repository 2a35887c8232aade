"""MultiNodeEarlyStoppingTrigger: early stopping decided on the mean over the ranks."""
from kusari.chainermn.extensions.observation_aggregator import ObservationAggregator
from kusari.training.triggers import EarlyStoppingTrigger


class MultiNodeEarlyStoppingTrigger:
    """:class:`~kusari.training.triggers.EarlyStoppingTrigger` on a value averaged over the
    ranks, so that every rank stops at the same iteration.

    At each check (``check_trigger``) the values of ``monitor`` reported since the last
    check on every rank are averaged (an :class:`ObservationAggregator`, whose result is
    reported as ``monitor + suffix``) and the early-stopping rule is applied to that mean.

    Parameters
    ----------
    comm : CommunicatorBase
        The ranks.
    check_trigger : trigger
        When to compare (``(1, 'epoch')``).
    monitor : str
        The observation (``'main/loss'``).
    patience : int
        Checks without improvement before stopping (``patients`` is accepted too).
    mode : str
        ``'max'``, ``'min'`` or ``'auto'``.
    verbose : bool
        Print when stopping.
    max_trigger : trigger
        Stop here in any case.
    suffix : str
        Appended to ``monitor`` for the aggregated value.
    """

    def __init__(self, comm, *, check_trigger=(1, 'epoch'), monitor='main/loss',
                 patience=None, mode='auto', verbose=False, max_trigger=(100, 'epoch'),
                 suffix='_aggregated', **kwargs):
        aggregated = monitor + suffix
        self.actual_trigger = EarlyStoppingTrigger(
            check_trigger=check_trigger, monitor=aggregated, patience=patience, mode=mode,
            verbose=verbose, max_trigger=max_trigger, **kwargs)
        self.aggregator = ObservationAggregator(comm, monitor, aggregated_key=aggregated,
                                                comm_trigger=check_trigger)

    def __call__(self, trainer):
        self.aggregator(trainer)
        return self.actual_trigger(trainer)

    def get_training_length(self):
        """The ``max_trigger`` length, as for the other triggers."""
        return self.actual_trigger.get_training_length()

    def __getattr__(self, name):
        if name == 'actual_trigger':
            raise AttributeError(name)
        return getattr(self.actual_trigger, name)
