"""MultiNodeBatchNormalization: batch normalization over the global batch of all processes."""
import copy

import numpy

from kusari import link
from kusari.chainermn.functions import batch_normalization as _mnbn
from kusari.configuration import config, get_dtype
from kusari.links.normalization.batch_normalization import _initializer, _parse_forward_kwargs
from kusari.variable import Parameter


class MultiNodeBatchNormalization(link.Link):
    """Batch normalization whose statistics are those of every process's batch together.

    With small per-process batches, ordinary batch normalization is noisy: each process
    normalizes with the statistics of its few examples. This link normalizes with the mean
    and variance of the global batch (one small allgather per forward, one all-reduce per
    backward), so that N processes with batches of b examples compute exactly what one
    process would with the N*b examples. Test mode uses the running statistics, as
    :class:`kusari.links.BatchNormalization` does.

    Parameters
    ----------
    size : int or tuple of int
        The channel shape.
    comm : CommunicatorBase
        The processes whose batches form the global batch.
    decay : float
        Decay of the running averages.
    eps : float
        Added to the variance.
    dtype : dtype or None
        Dtype of the parameters and statistics (``config.dtype`` when None; float32 under
        ``mixed16``).
    use_gamma, use_beta : bool
        Learn a scale / a shift.
    initial_gamma, initial_beta : initializer, scalar or array, optional
        Initial scale (1) and shift (0).
    communication_backend : str
        ``'mpi'``, ``'nccl'`` (a ``pure_nccl`` communicator) or ``'auto'``.

    Raises
    ------
    ValueError
        For an unknown ``communication_backend`` or ``'nccl'`` without ``pure_nccl``.
    """

    gamma = None
    beta = None

    def __init__(self, size, comm, decay=0.9, eps=2e-5, dtype=None, use_gamma=True,
                 use_beta=True, initial_gamma=None, initial_beta=None,
                 communication_backend='auto'):
        super().__init__()
        self._communication_backend = _mnbn.get_communication_backend(
            comm, communication_backend)
        self.comm = comm
        self._highprec_dtype = get_dtype(dtype, map_mixed16=numpy.float32)
        self.avg_mean = numpy.zeros(size, dtype=self._highprec_dtype)
        self.register_persistent('avg_mean')
        # 1 as in BatchNormalization (ChainerMN started from 0, which makes the test mode of
        # an untrained link divide by sqrt(eps))
        self.avg_var = numpy.ones(size, dtype=self._highprec_dtype)
        self.register_persistent('avg_var')
        self.N = 0
        self.register_persistent('N')
        self.decay = decay
        self.eps = eps
        with self.init_scope():
            if use_gamma:
                self.gamma = Parameter(_initializer(initial_gamma, 1, self._highprec_dtype),
                                       size)
            if use_beta:
                self.beta = Parameter(_initializer(initial_beta, 0, self._highprec_dtype),
                                      size)

    def forward(self, x, **kwargs):
        """forward(self, x, finetune=False)

        Normalize ``x`` with the global batch statistics (training) or the running ones
        (test mode).

        Parameters
        ----------
        x : Variable or array
            This process's batch, ``(N_r, *size, ...)``.
        finetune : bool
            Accumulate the population statistics (decay ``1 - 1 / N``).

        Returns
        -------
        Variable
            Shape and dtype of ``x``.
        """
        from kusari.functions.normalization.batch_normalization import (
            fixed_batch_normalization,
        )
        finetune = _parse_forward_kwargs(kwargs)
        xp = self.xp
        gamma = self.gamma
        if gamma is None:
            gamma = xp.ones(self.avg_mean.shape, dtype=self._highprec_dtype)
        beta = self.beta
        if beta is None:
            beta = xp.zeros(self.avg_mean.shape, dtype=self._highprec_dtype)
        if config.train:
            if finetune:
                self.N += 1
                decay = 1.0 - 1.0 / self.N
            else:
                decay = self.decay
            return _mnbn.multi_node_batch_normalization(
                self.comm, x, gamma, beta, eps=self.eps, running_mean=self.avg_mean,
                running_var=self.avg_var, decay=decay)
        return fixed_batch_normalization(x, gamma, beta, self.avg_mean, self.avg_var,
                                         self.eps)

    def start_finetuning(self):
        """Reset the batch count ``N`` before accumulating population statistics again."""
        self.N = 0

    def __deepcopy__(self, memo):
        # the communicator (an MPI handle) is shared by the copies, never copied
        comm = self.comm
        memo[id(comm)] = comm
        cls = type(self)
        new = cls.__new__(cls)
        memo[id(self)] = new
        for k, v in self.__dict__.items():
            new.__dict__[k] = copy.deepcopy(v, memo)
        return new
