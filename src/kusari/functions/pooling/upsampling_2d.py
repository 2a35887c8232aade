"""upsampling_2d: put each pixel back where max pooling found it (every order exact)."""
from kusari.functions.pooling import _pooling_nd
from kusari.utils import _args, conv, type_check


class Upsampling2D(_pooling_nd.IndexScatter):
    """Scatter of ``x`` to the window positions given by ``indexes``."""

    def __init__(self, indexes, ksize, stride=None, pad=0, outsize=None, cover_all=True):
        if stride is None:
            stride = ksize
        self.outh, self.outw = (None, None) if outsize is None else outsize
        super().__init__(indexes, _args.as_tuple(ksize, 2),
                         _args.as_tuple(stride, 2), _args.as_tuple(pad, 2), ())
        self.cover_all = cover_all

    def _check_data_type_forward(self, in_data):
        label = self.label
        _pooling_nd.check_pool_input(label, in_data, 2)
        x = in_data[0]
        if x.shape != self.indexes.shape:
            type_check.fail(label, 'x.shape == indexes.shape',
                            '{} != {}'.format(x.shape, self.indexes.shape))
        for i, out in enumerate((self.outh, self.outw)):
            if out is None:
                continue
            expected = conv.get_conv_outsize(out, self.ksize[i], self.stride[i],
                                                    self.pad[i], self.cover_all)
            if x.shape[2 + i] != expected:
                type_check.fail(label, 'x.shape[{}] == {}'.format(2 + i, expected),
                                'x.shape={}'.format(x.shape))

    def forward(self, inputs):
        x, = inputs
        outs = []
        for i, out in enumerate((self.outh, self.outw)):
            if out is None:
                out = conv.get_deconv_outsize(x.shape[2 + i], self.ksize[i],
                                                     self.stride[i], self.pad[i],
                                                     cover_all=self.cover_all)
            outs.append(out)
        self.outh, self.outw = outs
        self.insize = tuple(outs)
        return super().forward(inputs)


class Upsampling2DGrad(_pooling_nd.IndexGather):
    """The gradient of upsampling: a gather at ``indexes``."""


def upsampling_2d(x, indexes, ksize, stride=None, pad=0, outsize=None, cover_all=True):
    """Upsampling with the argmax of a max pooling (the inverse of :func:`max_pooling_2d`).

    Each ``x[n, c, i, j]`` is placed at the position ``indexes[n, c, i, j]`` (``ky * kw +
    kx``) of its window; other positions are zero and overlapping windows add up.

    Parameters
    ----------
    x : Variable or array
        Input of shape ``(N, C, H, W)``.
    indexes : ndarray
        Integer array of the shape of ``x``, as returned by
        ``max_pooling_2d(..., return_indices=True)``.
    ksize, stride, pad : int or pair of ints
        The window of the pooling being inverted (``stride=None`` means ``ksize``).
    outsize : pair of ints, optional
        ``(H_out, W_out)``; by default ``sy (H - 1) + kh - 2 ph`` (``- sy + 1`` more with
        ``cover_all``).
    cover_all : bool
        Whether the pooling used ``cover_all`` (default True).

    Returns
    -------
    Variable
        Shape ``(N, C, H_out, W_out)``, dtype of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.arange(16, dtype=numpy.float32).reshape(1, 1, 4, 4)
    >>> y, idx = F.max_pooling_2d(x, 2, return_indices=True)
    >>> F.upsampling_2d(y, idx, 2, outsize=(4, 4)).shape
    (1, 1, 4, 4)
    """
    indexes = getattr(indexes, 'array', indexes)
    return Upsampling2D(indexes, ksize, stride, pad, outsize, cover_all).apply((x,))[0]
