"""BatchNormalization: the link over batch_normalization / fixed_batch_normalization."""
import copy

import numpy

from kusari import initializers, link
from kusari.configuration import config, get_dtype
from kusari.variable import Parameter


def _initializer(value, default, dtype):
    """An initializer of ``dtype`` from what the links accept (None, scalar, array, callable)."""
    init = initializers._get_initializer(default if value is None else value)
    if init is value:
        init = copy.copy(init)   # never change the dtype of the caller's object
    init.dtype = numpy.dtype(dtype)
    return init


def _parse_forward_kwargs(kwargs):
    if 'test' in kwargs:
        raise ValueError('test argument is not supported anymore. Use chainer.using_config')
    finetune = kwargs.pop('finetune', False)
    if kwargs:
        raise TypeError('forward() got unexpected keyword argument(s) {}'.format(
            ', '.join("'{}'".format(k) for k in sorted(kwargs))))
    return finetune


def _is_int(n):
    return isinstance(n, (int, numpy.integer)) and not isinstance(n, bool)


def _is_shape(size):
    return _is_int(size) or (isinstance(size, (tuple, list)) and all(map(_is_int, size)))


class BatchNormalization(link.Link):
    """Batch normalization layer on the outputs of linear or convolution functions.

    In training mode (``config.train`` True) it normalizes with the batch statistics and
    keeps moving averages of them (``avg_mean``, ``avg_var``); with ``finetune=True`` the
    moving average becomes the plain average of all the batches seen since
    :meth:`start_finetuning` (decay ``1 - 1 / N``). In test mode (``config.train`` False) it
    normalizes with ``avg_mean`` and ``avg_var``.

    Parameters
    ----------
    size : int, tuple of ints or None
        Shape of the channel dimensions. None (with ``axis`` given) defers the creation of the
        statistics and parameters to the first forward pass.
    decay : float
        Decay of the moving averages.
    eps : float
        Added to the variances.
    dtype : dtype or None
        Dtype of the parameters and statistics (``config.dtype`` when None; ``'mixed16'``
        gives float32).
    use_gamma : bool
        Learn a scale (otherwise it is 1).
    use_beta : bool
        Learn a shift (otherwise it is 0).
    initial_gamma, initial_beta : initializer, scalar or array, optional
        Initial scale (default 1) and shift (default 0).
    axis : int, tuple of ints or None
        The reduced ("batch") axes, in ascending order; None means 0 and every axis after the
        channel dimensions.
    initial_avg_mean, initial_avg_var : initializer, scalar or array, optional
        Initial population mean (default 0) and variance (default 1).

    Attributes
    ----------
    gamma, beta : Parameter or None
        Scale and shift (None when not used).
    avg_mean, avg_var : array or None
        Population statistics (persistent).
    N : int
        The number of batches seen in fine-tuning (persistent).

    Raises
    ------
    RuntimeError
        If neither ``size`` nor ``axis`` is given.
    TypeError
        If ``size`` is neither an int nor a tuple of ints.
    """

    gamma = None
    beta = None

    def __init__(self, size=None, decay=0.9, eps=2e-5, dtype=None, use_gamma=True,
                 use_beta=True, initial_gamma=None, initial_beta=None, axis=None,
                 initial_avg_mean=None, initial_avg_var=None):
        super().__init__()
        if size is None and axis is None:
            raise RuntimeError('size or axis is required')
        if size is not None and not _is_shape(size):
            raise TypeError('BatchNormalization: size must be an int or a tuple of ints, '
                            'got {!r}'.format(size))
        self._initial_avg_mean = initial_avg_mean
        self._initial_avg_var = initial_avg_var
        self.N = 0
        self.register_persistent('N')
        self.decay = decay
        self.eps = eps
        if isinstance(axis, (int, numpy.integer)):
            axis = (int(axis),)
        self.axis = axis
        self._highprec_dtype = get_dtype(dtype, map_mixed16=numpy.float32)
        with self.init_scope():
            if use_gamma:
                self.gamma = Parameter(_initializer(initial_gamma, 1, self._highprec_dtype))
            if use_beta:
                self.beta = Parameter(_initializer(initial_beta, 0, self._highprec_dtype))
        if size is None:
            self.avg_mean = None
            self.avg_var = None
        else:
            self._initialize_params(size)
        self.register_persistent('avg_mean')
        self.register_persistent('avg_var')

    def _initialize_params(self, shape):
        self.avg_mean = self._init_array(self._initial_avg_mean, 0, shape)
        self._initial_avg_mean = None
        self.avg_var = self._init_array(self._initial_avg_var, 1, shape)
        self._initial_avg_var = None
        if self.gamma is not None:
            self.gamma.initialize(shape)
        if self.beta is not None:
            self.beta.initialize(shape)

    def _init_array(self, value, default, shape):
        init = _initializer(value, default, self._highprec_dtype)
        return initializers.generate_array(init, shape, self.xp, dtype=self._highprec_dtype)

    def _param_shape(self, x):
        ndim = x.ndim
        axis = [a % ndim if -ndim <= a < ndim else a for a in self.axis]
        return tuple(d for i, d in enumerate(x.shape) if i not in axis)

    def _gamma_beta(self):
        xp = self.xp
        gamma = self.gamma
        if gamma is None:
            gamma = xp.ones(self.avg_mean.shape, dtype=self._highprec_dtype)
        beta = self.beta
        if beta is None:
            beta = xp.zeros(self.avg_mean.shape, dtype=self._highprec_dtype)
        return gamma, beta

    @property
    def printable_specs(self):
        """``(name, value)`` pairs describing the link."""
        yield 'size', self.avg_mean.shape[0]
        yield 'decay', self.decay
        yield 'eps', self.eps
        yield 'dtype', self.avg_mean.dtype
        yield 'use_gamma', self.gamma is not None
        yield 'use_beta', self.beta is not None

    def forward(self, x, **kwargs):
        """forward(self, x, finetune=False)

        Normalize ``x`` (batch statistics in training mode, population ones in test mode).

        Parameters
        ----------
        x : Variable or array
            Input of shape ``(N, *size, ...)`` (or any shape when ``axis`` is given).
        finetune : bool
            In training mode, accumulate the population statistics (decay ``1 - 1 / N``).

        Returns
        -------
        Variable
            Shape and dtype of ``x``.

        Raises
        ------
        ValueError
            If the removed ``test`` argument is given.
        """
        from kusari.functions.normalization.batch_normalization import (
            batch_normalization,
            fixed_batch_normalization,
        )
        finetune = _parse_forward_kwargs(kwargs)
        if self.avg_mean is None:
            self._initialize_params(self._param_shape(x))
        gamma, beta = self._gamma_beta()
        if config.train:
            if finetune:
                self.N += 1
                decay = 1. - 1. / self.N
            else:
                decay = self.decay
            avg_mean, avg_var = self.avg_mean, self.avg_var
            if config.in_recomputing:
                if finetune:
                    self.N -= 1
                avg_mean = avg_var = None
            return batch_normalization(x, gamma, beta, eps=self.eps, running_mean=avg_mean,
                                       running_var=avg_var, decay=decay, axis=self.axis)
        return fixed_batch_normalization(x, gamma, beta, self.avg_mean, self.avg_var,
                                         self.eps, axis=self.axis)

    def start_finetuning(self):
        """Reset the batch count ``N`` before accumulating population statistics again."""
        self.N = 0
