"""DecorrelatedBatchNormalization: the link over decorrelated_batch_normalization and its fixed
form."""
import functools
import warnings

import numpy

from kusari import backend, link
from kusari import serializer as serializer_mod
from kusari.configuration import config


class DecorrelatedBatchNormalization(link.Link):
    """Decorrelated batch normalization layer (ZCA whitening of channel groups).

    In training mode (``config.train`` True) it whitens with the batch statistics and keeps
    moving averages of the group means and whitening matrices (``avg_mean``,
    ``avg_projection``); with ``finetune=True`` the moving average becomes the plain average of
    the batches since :meth:`start_finetuning`. In test mode it uses the averages
    (:func:`~kusari.functions.fixed_decorrelated_batch_normalization`).

    Parameters
    ----------
    size : int
        The number of channels.
    groups : int
        The number of channel groups whitened separately (``size`` divisible by it).
    decay : float
        Decay of the moving averages.
    eps : float
        Added to the diagonal of each covariance.
    dtype : dtype
        Dtype of the statistics.

    Attributes
    ----------
    avg_mean : array
        ``(groups, size // groups)`` population means (persistent).
    avg_projection : array
        ``(groups, size // groups, size // groups)`` population whitening matrices
        (persistent, identities at first).
    N : int
        The number of batches seen in fine-tuning (persistent).

    Notes
    -----
    A file saved by Chainer before v7 holds ``avg_mean`` ``(C,)`` and ``avg_projection``
    ``(C, C)`` shared by every group; they are loaded as such (with a warning when
    ``groups != 1``, since the algorithm was different then).
    """

    def __init__(self, size, groups=16, decay=0.9, eps=2e-5, dtype=numpy.float32):
        super().__init__()
        c = size // groups
        self.avg_mean = numpy.zeros((groups, c), dtype=dtype)
        self.register_persistent('avg_mean')
        self.avg_projection = numpy.tile(numpy.eye(c, dtype=dtype), (groups, 1, 1))
        self.register_persistent('avg_projection')
        self.N = 0
        self.register_persistent('N')
        self.decay = decay
        self.eps = eps
        self.groups = groups

    def serialize(self, serializer):
        """Save or load the statistics; old ungrouped statistics are broadcast to groups."""
        if isinstance(serializer, serializer_mod.Deserializer):
            serializer = _PatchedDeserializer(serializer, {
                'avg_mean': functools.partial(fix_avg_mean, groups=self.groups),
                'avg_projection': functools.partial(fix_avg_projection, groups=self.groups),
            })
        super().serialize(serializer)

    def forward(self, x, **kwargs):
        """Whiten ``x`` of shape ``(n, size, ...)``; ``finetune=True`` (keyword, training mode
        only) accumulates the population statistics.

        Returns
        -------
        Variable
            The shape and dtype of ``x``.
        """
        import kusari.functions as F
        finetune = kwargs.pop('finetune', False)
        if kwargs:
            raise TypeError('forward() got unexpected keyword argument(s) {}'.format(
                ', '.join("'{}'".format(k) for k in sorted(kwargs))))
        if config.train:
            if finetune:
                self.N += 1
                decay = 1. - 1. / self.N
            else:
                decay = self.decay
            avg_mean, avg_projection = self.avg_mean, self.avg_projection
            if config.in_recomputing:
                # a recomputed forward pass must not count twice
                if finetune:
                    self.N -= 1
                avg_mean = avg_projection = None
            return F.decorrelated_batch_normalization(
                x, groups=self.groups, eps=self.eps, running_mean=avg_mean,
                running_projection=avg_projection, decay=decay)
        return F.fixed_decorrelated_batch_normalization(
            x, self.avg_mean, self.avg_projection, groups=self.groups)

    def start_finetuning(self):
        """Reset the batch count before accumulating population statistics again."""
        self.N = 0


class _PatchedDeserializer(serializer_mod.Deserializer):
    """A deserializer that passes some entries through a fix-up function."""

    def __init__(self, base, patches):
        self.base = base
        self.patches = patches

    def __repr__(self):
        return '_PatchedDeserializer({!r}, {!r})'.format(self.base, self.patches)

    def __getitem__(self, key):
        return self.base[key]

    def __call__(self, key, value):
        if key not in self.patches:
            return self.base(key, value)
        arr = self.patches[key](self.base(key, None))
        if value is None:
            return arr
        backend.copyto(value, arr)
        return value


def _warn_old_model():
    warnings.warn('Found moving statistics of old DecorrelatedBatchNormalization, whose '
                  'algorithm was different from the paper.')


def fix_avg_mean(avg_mean, groups):
    """``avg_mean`` as ``(groups, C)``; an old ``(C,)`` one is broadcast."""
    if avg_mean.ndim == 2:
        return avg_mean
    if avg_mean.ndim == 1:
        if groups != 1:
            _warn_old_model()
        return numpy.broadcast_to(avg_mean, (groups,) + avg_mean.shape)
    raise ValueError('unexpected shape of avg_mean: {}'.format(avg_mean.shape))


def fix_avg_projection(avg_projection, groups):
    """``avg_projection`` as ``(groups, C, C)``; an old ``(C, C)`` one is broadcast."""
    if avg_projection.ndim == 3:
        return avg_projection
    if avg_projection.ndim == 2:
        if groups != 1:
            _warn_old_model()
        return numpy.broadcast_to(avg_projection, (groups,) + avg_projection.shape)
    raise ValueError('unexpected shape of avg_projection: {}'.format(avg_projection.shape))
