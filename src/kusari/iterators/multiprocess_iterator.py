"""MultiprocessIterator: examples read by worker processes, batches prefetched."""
import multiprocessing
import signal
import warnings
from concurrent import futures

from kusari.iterators._prefetch import _PrefetchIterator

# the dataset, in each worker process (set once by the pool's initializer)
_worker_dataset = None


def _init_worker(dataset):
    global _worker_dataset
    _worker_dataset = dataset
    # Ctrl-C goes to the main process, which then terminates the pool
    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _fetch(indices):
    return [_worker_dataset[i] for i in indices]


class MultiprocessIterator(_PrefetchIterator):
    """Like :class:`SerialIterator`, but the examples are read by worker processes while the
    previous batches are in use (for datasets whose examples cost CPU time to make, such as
    decoded and augmented images).

    The workers are a :class:`concurrent.futures.ProcessPoolExecutor` of the platform's
    default start method (``spawn`` with ``maxtasksperchild``, which ``fork`` does not
    allow); the dataset goes to each worker once (as the pool starts: with ``fork`` it is
    inherited, with ``spawn``/``forkserver`` it is pickled, so it must be picklable) and the
    examples come back pickled. A worker that dies (killed, crashed) makes the next batch
    raise ``BrokenProcessPool`` instead of waiting forever as a ``multiprocessing.Pool``
    would. Random augmentation in the dataset draws from each worker's own copy
    of the generators (with ``fork``, the same state in every worker, as in Chainer).

    Parameters
    ----------
    dataset
        Any object with ``__len__`` and ``__getitem__``.
    batch_size : int
        Examples per batch.
    repeat : bool
        Go on forever; otherwise stop after one epoch, the last batch possibly shorter.
    shuffle : bool, optional
        Shuffle every epoch (``None``: shuffle unless ``order_sampler`` is given).
    n_processes : int, optional
        Worker processes (default: the number of CPUs).
    n_prefetch : int
        Batches requested ahead (a batch that starts a new epoch's order is requested only
        when it is needed, which keeps snapshots exact).
    shared_mem : int, optional
        Accepted for compatibility and ignored: kusari's workers return the examples by
        pickling (Chainer copied arrays through shared memory of this size).
    order_sampler : callable, optional
        See :class:`SerialIterator`.
    dataset_timeout : float, optional
        Seconds after which a batch still being read gives a
        :class:`MultiprocessIterator.TimeoutWarning` (and the wait goes on); None: never.
    maxtasksperchild : int, optional
        Tasks (parts of batches) a worker runs before it is replaced by a fresh process
        (bounds the memory a leaking dataset can take); None: never.
    """

    class TimeoutWarning(RuntimeWarning):
        """A batch took longer than ``dataset_timeout`` to read."""

    _finalized = False

    def __init__(self, dataset, batch_size, repeat=True, shuffle=None, n_processes=None,
                 n_prefetch=1, shared_mem=None, order_sampler=None, dataset_timeout=30.0,
                 maxtasksperchild=None):
        super().__init__(dataset, batch_size, repeat, shuffle, order_sampler)
        if n_processes is not None and n_processes < 1:
            raise ValueError('n_processes must be positive, got {}'.format(n_processes))
        if n_prefetch < 1:
            raise ValueError('n_prefetch must be positive, got {}'.format(n_prefetch))
        self.n_processes = n_processes or multiprocessing.cpu_count()
        self.n_prefetch = n_prefetch
        self.shared_mem = shared_mem
        self.dataset_timeout = dataset_timeout
        self.maxtasksperchild = maxtasksperchild
        self._pool = None
        self.reset()

    def reset(self):
        """Go back to the beginning (epoch 0, a fresh order).

        Raises
        ------
        NotImplementedError
            After :meth:`finalize`, as in Chainer (a copy of the iterator can be reset).
        """
        if self._finalized:
            raise NotImplementedError(
                'Reset of finalized MultiprocessIterator is currently not supported.')
        super().reset()

    def finalize(self):
        """Stop the worker processes. The iterator can go on (with a new pool), but not be
        :meth:`reset`."""
        super().finalize()
        self._finalized = True

    def __getstate__(self):
        state = super().__getstate__()
        state.pop('_finalized', None)  # a copy or an unpickled iterator is a fresh one
        return state

    def _make_pool(self):
        ctx = None
        if self.maxtasksperchild is not None and multiprocessing.get_start_method() == 'fork':
            ctx = multiprocessing.get_context('spawn')
        return futures.ProcessPoolExecutor(self.n_processes, mp_context=ctx,
                                           initializer=_init_worker, initargs=(self.dataset,),
                                           max_tasks_per_child=self.maxtasksperchild)

    def _close_pool(self, pool):
        pool.shutdown(wait=True, cancel_futures=True)

    def _submit(self, indices):
        indices = [int(i) for i in indices]
        chunk = max(1, -(-len(indices) // self.n_processes))
        return [self._pool.submit(_fetch, indices[i:i + chunk])
                for i in range(0, len(indices), chunk)]

    def _collect(self, parts):
        if self.dataset_timeout is not None:
            _, late = futures.wait(parts, self.dataset_timeout)
            if late:
                warnings.warn('a batch of MultiprocessIterator took more than {} s to read; '
                              'still waiting'.format(self.dataset_timeout),
                              MultiprocessIterator.TimeoutWarning, stacklevel=3)
        return [example for part in parts for example in part.result()]
