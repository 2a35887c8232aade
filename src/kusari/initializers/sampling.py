"""Bilinear up- and downsampling filters: ``UpsamplingDeconvFilter`` and
``DownsamplingConvFilter`` (the fixed weights of FCN's upsampling layers)."""
import numpy

from kusari import backend
from kusari.initializer import Initializer


def _linear_filter(size, ndim, upsampling=True):
    """The separable tent (multi-linear interpolation) kernel of ``size`` per axis.

    For upsampling its entries are the interpolation weights; for downsampling it is
    normalized to sum to one.
    """
    factor = (size + 1) // 2
    center = factor - 1.0 if size % 2 == 1 else factor - 0.5
    tent = 1.0 - numpy.abs(numpy.arange(size) - center) / factor
    filt = numpy.ones((size,) * ndim)
    for axis in range(ndim):
        filt = filt * tent.reshape((1,) * axis + (size,) + (1,) * (ndim - axis - 1))
    if not upsampling:
        filt = filt / filt.sum()
    return filt


class _SamplingFilter(Initializer):
    def __init__(self, upsampling, interpolation='linear', dtype=None):
        if interpolation != 'linear':
            raise ValueError('Unsupported interpolation method: {!r} (only \'linear\')'.format(
                interpolation))
        super().__init__(dtype)
        self._upsampling = upsampling
        self.interpolation = interpolation

    def __call__(self, array):
        self._check(array)
        if array.ndim < 3:
            raise ValueError('{}: the array needs the shape (in_channels, out_channels, k, ...), '
                             'got {}'.format(type(self).__name__, array.shape))
        in_c, out_c = array.shape[:2]
        if not (in_c == out_c or out_c == 1):
            raise ValueError('{}: the channels must be equal (or the second one 1), got shape '
                             '{}'.format(type(self).__name__, array.shape))
        ksize = array.shape[2]
        if any(k != ksize for k in array.shape[3:]):
            raise ValueError('ksize must be all same: got {}'.format(array.shape[2:]))
        filt = _linear_filter(ksize, array.ndim - 2, self._upsampling)
        w = numpy.zeros(array.shape)
        channels = numpy.arange(in_c)
        w[channels, 0 if out_c == 1 else channels] = filt
        backend.copyto(array, w.astype(array.dtype))


class UpsamplingDeconvFilter(_SamplingFilter):
    """Fill a deconvolution weight with a bilinear upsampling kernel, channel by channel.

    Weight ``W[i, i]`` (or ``W[i, 0]`` when the second axis has size 1) is the separable
    tent kernel of size ``k``; the rest is zero. With ``stride = (k + 1) // 2``, a
    :class:`~kusari.links.DeconvolutionND` so initialized upsamples by interpolation
    (Long et al., https://arxiv.org/abs/1411.4038).

    Parameters
    ----------
    interpolation : str
        ``'linear'`` (the only method).
    dtype : dtype, optional
        The required dtype.

    Raises
    ------
    ValueError
        For another ``interpolation``; when called, for channels that are neither equal nor
        ``(n, 1)``, or unequal kernel sizes.
    """

    def __init__(self, interpolation='linear', dtype=None):
        super().__init__(True, interpolation, dtype)


class DownsamplingConvFilter(_SamplingFilter):
    """Fill a convolution weight with a normalized bilinear (tent) kernel, channel by channel.

    As :class:`UpsamplingDeconvFilter`, with the kernel divided by its sum, so that a
    :class:`~kusari.links.ConvolutionND` with ``stride = (k + 1) // 2`` downsamples by
    averaging.

    Parameters
    ----------
    interpolation : str
        ``'linear'`` (the only method).
    dtype : dtype, optional
        The required dtype.
    """

    def __init__(self, interpolation='linear', dtype=None):
        super().__init__(False, interpolation, dtype)
