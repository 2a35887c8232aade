"""Evaluators over the ranks: averaged results (create_multi_node_evaluator) and a gathered,
user-aggregated one (GenericMultiNodeEvaluator)."""
import copy
import types

from kusari import backend
from kusari.dataset import convert
from kusari.function import no_backprop_mode
from kusari.training import extension


def create_multi_node_evaluator(actual_evaluator, communicator):
    """Make an evaluator report the mean over the ranks of its per-rank results.

    Each rank evaluates its own part of the data (:func:`~kusari.chainermn.scatter_dataset`);
    the patched ``evaluate`` then averages every reported value over the ranks (one
    collective: the result dicts are gathered on every rank and summed in rank order, so all
    ranks get identical numbers). Every rank must report the same keys.

    Parameters
    ----------
    actual_evaluator : kusari.training.extensions.Evaluator
        The evaluator to patch (modified in place).
    communicator : CommunicatorBase
        The ranks.

    Returns
    -------
    Evaluator
        ``actual_evaluator``, whose ``evaluate`` now returns the means over the ranks.
    """
    actual_evaluator._mn_original_evaluate = actual_evaluator.evaluate
    actual_evaluator._mn_communicator = communicator

    def evaluate(self):
        local = self._mn_original_evaluate()
        local = {k: _to_host(v) for k, v in local.items()}
        comm = self._mn_communicator
        results = comm.mpi_comm.allgather(local)
        keys = sorted(results[0])
        for r, res in enumerate(results):
            if sorted(res) != keys:
                raise ValueError(
                    'multi-node evaluator: the ranks reported different values: rank 0 '
                    'reported {} and rank {} reported {}'.format(keys, r, sorted(res)))
        out = {}
        for k in keys:
            total = results[0][k]
            for res in results[1:]:
                total = total + res[k]
            out[k] = total / comm.size
        return out

    actual_evaluator.evaluate = types.MethodType(evaluate, actual_evaluator)
    return actual_evaluator


def _to_host(value):
    """A reported value as a host object (a CuPy array or a Variable's array to NumPy)."""
    value = getattr(value, 'array', value)
    if backend._is_cupy_array(value):
        return value.get()
    return value


class GenericMultiNodeEvaluator(extension.Extension):
    """Evaluate per batch on every rank and aggregate all results at ``root``.

    For evaluations that are not a mean (a ranking metric, a confusion matrix, ...):
    :meth:`calc_local` runs on each batch of each rank (without backprop), its results are
    gathered at ``root``, and :meth:`aggregate` runs there once on all of them. Override both
    for your metric; the default ``calc_local`` calls the target on the converted batch and
    the default ``aggregate`` returns the list of results. Other ranks get None. The ranks may
    have different numbers of batches. No reporting is done: report in ``aggregate``.

    Parameters
    ----------
    comm : CommunicatorBase
        The ranks.
    iterator : Iterator
        The rank's test data; must not repeat.
    target : callable
        The model.
    device : device specifier, optional
        Where the converter sends the batches.
    converter : callable
        Batch to arrays (:func:`kusari.dataset.concat_examples`).
    root : int
        The rank that aggregates.
    progress_hook : callable, optional
        Called at ``root`` with each of its batches.
    """

    trigger = 1, 'epoch'
    default_name = 'validation'
    priority = extension.PRIORITY_WRITER
    name = None

    _gather_interval = 8     # batches between the checks whether every rank is done

    def __init__(self, comm, iterator, target, device=None,
                 converter=convert.concat_examples, root=0, **kwargs):
        progress_hook = kwargs.pop('progress_hook', None)
        if kwargs:
            raise TypeError('GenericMultiNodeEvaluator() got unexpected keyword arguments: '
                            '{}'.format(sorted(kwargs)))
        if comm is not None and not 0 <= root < comm.size:
            raise ValueError('root must be a rank in [0, {}), got {}'.format(comm.size, root))
        self.comm = comm
        self.iterator = iterator
        self._targets = {'main': target}
        self.converter = converter
        self.device = None if device is None else backend.get_device(device)
        self._progress_hook = progress_hook
        self.root = root

    def __call__(self, trainer=None):
        if hasattr(self.iterator, 'reset'):
            self.iterator.reset()
            it = self.iterator
        else:
            it = copy.copy(self.iterator)
        if self.comm is None:
            return self.aggregate(list(self._evaluate_local_single(it)))
        results = list(self._evaluate_local(it))
        return self.aggregate(results) if self.comm.rank == self.root else None

    def calc_local(self, *args, **kwargs):
        """The result of one batch (the target called on it by default); not None."""
        return self._targets['main'](*args, **kwargs)

    def aggregate(self, results):
        """Combine every rank's results (called once, at ``root``); returns them as they are
        by default."""
        return results

    def _calc(self, batch):
        in_arrays = convert._call_converter(self.converter, batch, self.device)
        with no_backprop_mode():
            if isinstance(in_arrays, tuple):
                return self.calc_local(*in_arrays)
            if isinstance(in_arrays, dict):
                return self.calc_local(**in_arrays)
            return self.calc_local(in_arrays)

    def _evaluate_local_single(self, iterator):
        for batch in iterator:
            result = self._calc(batch)
            if self._progress_hook:
                self._progress_hook(batch)
            yield result

    def _evaluate_local(self, iterator):
        """Yield (at ``root``) each round's results in rank order until every rank is done."""
        comm = self.comm
        is_root = comm.rank == self.root
        done = False
        while not done:
            empty = False
            for _ in range(self._gather_interval):
                try:
                    batch = iterator.next()
                except StopIteration:
                    result = None
                else:
                    result = self._calc(batch)
                    if is_root and self._progress_hook:
                        self._progress_hook(batch)
                gathered = comm.gather_obj(result, root=self.root)
                if is_root:
                    valid = [r for r in gathered if r is not None]
                    empty = not valid      # once every rank is out of data, all stay out
                    yield from valid
            done = comm.bcast_obj(empty if is_root else None, root=self.root)
