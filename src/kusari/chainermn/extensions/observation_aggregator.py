"""ObservationAggregator: a reported value combined over the ranks."""
from kusari import backend
from kusari.training import extension, util
from kusari.variable import Variable


def _average_2d(xs):
    """The mean of every value in a list of lists (ObservationAggregator's default)."""
    flat = [x for values in xs for x in values]
    total = flat[0]
    for x in flat[1:]:
        total = total + x
    return total / len(flat)


def _to_host(value):
    """``value`` on the CPU: a Variable stays a Variable (with a NumPy array, no graph)."""
    if isinstance(value, Variable):
        array = value.array
        if backend._is_cupy_array(array):
            array = array.get()
        return Variable(array, requires_grad=False)
    if backend._is_cupy_array(value):
        return value.get()
    return value


class ObservationAggregator(extension.Extension):
    """Replace an observation by its aggregate over the ranks and over time.

    Every iteration the value reported as ``original_key`` is recorded (moved to the CPU);
    when ``comm_trigger`` fires, rank 0 gathers every rank's record, applies ``aggregator``
    (default: the mean of all values) and broadcasts the result, which every rank then
    reports as ``aggregated_key``. Variables stay Variables (without their graph).

    Parameters
    ----------
    comm : CommunicatorBase
        The ranks.
    original_key : str
        The observation to aggregate (``'main/loss'``).
    aggregated_key : str or None
        Where to put the result (``original_key`` itself when None).
    comm_trigger : trigger
        When to communicate (default every iteration).
    aggregator : callable, optional
        Takes the list (one per rank) of lists of values since the last communication.
    """

    trigger = 1, 'iteration'
    priority = extension.PRIORITY_EDITOR
    name = None

    def __init__(self, comm, original_key, aggregated_key=None, *,
                 comm_trigger=(1, 'iteration'), aggregator=None):
        self.comm = comm
        self.original_key = original_key
        self.aggregated_key = original_key if aggregated_key is None else aggregated_key
        self.comm_trigger = util.get_trigger(comm_trigger)
        self.observation_history = []
        self.aggregator = aggregator or _average_2d

    def compute_summary(self, trainer):
        """Record this iteration's value; when it is time, return the aggregate (else None).
        """
        if self.original_key in trainer.observation:
            self.observation_history.append(
                _to_host(trainer.observation[self.original_key]))
        if not self.comm_trigger(trainer):
            return None
        gathered = self.comm.gather_obj(self.observation_history)
        self.observation_history = []
        result = None
        if self.comm.rank == 0:
            try:
                result = ('ok', self.aggregator(gathered))
            except Exception as e:     # tell the other ranks instead of leaving them waiting
                result = ('error', '{}: {}'.format(type(e).__name__, e))
        status, summary = self.comm.bcast_obj(result)
        if status == 'error':
            raise RuntimeError('ObservationAggregator: the aggregator failed on rank 0 for '
                               '{!r}: {}'.format(self.original_key, summary))
        return summary

    def __call__(self, trainer):
        summary = self.compute_summary(trainer)
        if summary is not None:
            trainer.observation[self.aggregated_key] = summary
