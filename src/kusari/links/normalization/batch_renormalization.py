"""BatchRenormalization: the link over batch_renormalization."""
from kusari.configuration import config
from kusari.links.normalization.batch_normalization import BatchNormalization


class BatchRenormalization(BatchNormalization):
    """Batch renormalization layer on the outputs of linear or convolution functions.

    Training mode calls :func:`~kusari.functions.batch_renormalization` (updating
    ``avg_mean`` and ``avg_var``); test mode (``config.train`` False) calls
    :func:`~kusari.functions.fixed_batch_normalization` with them. Every order of derivative
    is exact.

    Parameters
    ----------
    size : int or tuple of ints
        Shape of the channel dimensions.
    rmax : float
        Bound of the variance correction (``r`` in ``[1 / rmax, rmax]``).
    dmax : float
        Bound of the mean correction (``d`` in ``[-dmax, dmax]``).
    decay, eps, dtype, use_gamma, use_beta, initial_gamma, initial_beta, initial_avg_mean,
    initial_avg_var
        As in :class:`BatchNormalization`.
    """

    def __init__(self, size, rmax=1, dmax=0, decay=0.9, eps=2e-5, dtype=None, use_gamma=True,
                 use_beta=True, initial_gamma=None, initial_beta=None, initial_avg_mean=None,
                 initial_avg_var=None):
        super().__init__(size, decay, eps, dtype, use_gamma, use_beta, initial_gamma,
                         initial_beta, initial_avg_mean=initial_avg_mean,
                         initial_avg_var=initial_avg_var)
        self.rmax = rmax
        self.dmax = dmax
        self.r = None
        self.d = None

    def forward(self, x, finetune=False):
        """Renormalize ``x`` in training mode, normalize it with the statistics otherwise.

        Parameters
        ----------
        x : Variable or array
            Input of shape ``(N, *size, ...)``.
        finetune : bool
            In training mode, accumulate the population statistics (decay ``1 - 1 / N``).

        Returns
        -------
        Variable
            Shape and dtype of ``x``.
        """
        from kusari.functions.normalization.batch_renormalization import (
            batch_renormalization,
        )
        gamma, beta = self._gamma_beta()
        if not config.train:
            from kusari.functions.normalization.batch_normalization import (
                fixed_batch_normalization,
            )
            return fixed_batch_normalization(x, gamma, beta, self.avg_mean, self.avg_var,
                                             self.eps)
        if finetune:
            self.N += 1
            decay = 1. - 1. / self.N
        else:
            decay = self.decay
        avg_mean, avg_var = self.avg_mean, self.avg_var
        update_statistics = True
        if config.in_recomputing:
            if finetune:
                self.N -= 1
            avg_mean = getattr(self, '_prev_avg_mean', avg_mean)
            avg_var = getattr(self, '_prev_avg_var', avg_var)
            update_statistics = False
        elif getattr(config, '_will_recompute', False):
            self._prev_avg_mean = avg_mean.copy()
            self._prev_avg_var = avg_var.copy()
        return batch_renormalization(x, gamma, beta, self.rmax, self.dmax, self.eps, avg_mean,
                                     avg_var, decay, update_statistics=update_statistics)
