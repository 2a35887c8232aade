"""MultithreadIterator: examples read by a thread pool, the next batch prefetched."""
from multiprocessing import pool as _pool

from kusari.iterators._prefetch import _PrefetchIterator


class MultithreadIterator(_PrefetchIterator):
    """Like :class:`SerialIterator`, but the examples are read by ``n_threads`` threads while
    the previous batch is being used (good for datasets that read files or decode images).

    Parameters
    ----------
    dataset
        Any object with ``__len__`` and ``__getitem__``.
    batch_size : int
        Examples per batch.
    repeat : bool
        Go on forever; otherwise stop after one epoch.
    shuffle : bool, optional
        Shuffle every epoch (``None``: shuffle unless ``order_sampler`` is given).
    n_threads : int
        Reader threads.
    order_sampler : callable, optional
        See :class:`SerialIterator`.
    """

    def __init__(self, dataset, batch_size, repeat=True, shuffle=None, n_threads=1,
                 order_sampler=None):
        super().__init__(dataset, batch_size, repeat, shuffle, order_sampler)
        self.n_threads = n_threads
        self._pool = None
        self.reset()

    def _make_pool(self):
        return _pool.ThreadPool(self.n_threads)

    def _submit(self, indices):
        return self._pool.map_async(self.dataset.__getitem__, list(indices))
