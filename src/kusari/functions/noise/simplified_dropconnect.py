"""simplified_dropconnect: a linear layer with randomly dropped weights (every order)."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check
from kusari.variable import Variable


class SimplifiedDropconnect(FunctionNode):
    """``y[n] = (W * mask[n] / (1 - ratio)) @ x[n] + b``."""

    def __init__(self, ratio, mask=None, use_batchwise_mask=True):
        self.ratio = ratio
        self.mask = mask
        self.use_batchwise_mask = use_batchwise_mask

    def _check_data_type_forward(self, in_data):
        label = self.label
        if not 2 <= len(in_data) <= 3:
            type_check.fail(label, '2 <= in_types.size() <= 3', 'in_types.size() == {}'.format(
                len(in_data)))
        x, w = in_data[:2]
        type_check.check_float(label, 'x', x)
        type_check.check_float(label, 'W', w)
        if x.ndim < 2 or w.ndim != 2:
            type_check.fail(label, 'x.ndim >= 2 and W.ndim == 2',
                            'x.ndim={}, W.ndim={}'.format(x.ndim, w.ndim))
        n_in = int(numpy.prod(x.shape[1:]))
        if n_in != w.shape[1]:
            type_check.fail(label, 'prod(x.shape[1:]) == W.shape[1]',
                            '{} != {}'.format(n_in, w.shape[1]))
        if len(in_data) == 3:
            b = in_data[2]
            if b.dtype != x.dtype or b.ndim != 1 or b.shape[0] != w.shape[0]:
                type_check.fail(label, 'b.dtype == x.dtype, b.ndim == 1, '
                                'b.shape[0] == W.shape[0]',
                                'b: {} {}, x.dtype={}, W.shape={}'.format(
                                    b.shape, b.dtype, x.dtype, w.shape))
        m = self.mask
        if m is not None:
            want = (x.shape[0],) + w.shape if self.use_batchwise_mask else w.shape
            if m.shape != want:
                type_check.fail(label, 'mask.shape == {}'.format(want),
                                'mask.shape={}'.format(m.shape))

    def forward(self, inputs):
        self.retain_inputs((0, 1))
        x, w = inputs[:2]
        xp = backend.get_array_module(x)
        self._scale = 1.0 / (1 - self.ratio)
        if self.mask is None:
            shape = ((x.shape[0],) + w.shape) if self.use_batchwise_mask else w.shape
            rand = (numpy.random.rand(*shape) if xp is numpy
                    else xp.random.rand(*shape, dtype=numpy.float32))
            self.mask = rand >= self.ratio
        self.mask = xp.asarray(self.mask)   # a given mask moves to the device of x
        self._m = self.mask.astype(w.dtype) * w.dtype.type(self._scale)
        x2 = x.reshape(len(x), -1)
        if self.use_batchwise_mask:
            y = xp.einsum('noi,ni->no', w * self._m, x2)
        else:
            y = x2 @ (w * self._m).T
        y = y.astype(x.dtype, copy=False)
        if len(inputs) == 3:
            y = y + inputs[2]
        return y,

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.cast import cast
        from kusari.functions.array.reshape import reshape
        from kusari.functions.math.basic_math import matmul
        from kusari.functions.math.sum import sum as _sum
        x, w = self.get_retained_inputs()
        gy, = grad_outputs
        n = x.shape[0]
        x2 = reshape(x, (n, -1))
        m = self._m

        def as_dtype(v, dtype):     # x and W may differ in dtype: each gradient keeps its own
            return v if v.dtype == dtype else cast(v, dtype)

        ret = []
        for i in indexes:
            if i == 0:
                wm = as_dtype(w * m, x.dtype)
                if self.use_batchwise_mask:
                    gx = reshape(matmul(reshape(gy, (n, 1, -1)), wm), x.shape)
                else:
                    gx = reshape(matmul(gy, wm), x.shape)
                ret.append(gx)
            elif i == 1:
                if self.use_batchwise_mask:
                    outer = reshape(gy, gy.shape + (1,)) * reshape(x2, (n, 1, -1))
                    ret.append(_sum(as_dtype(outer, w.dtype) * m, axis=0))
                else:
                    ret.append(as_dtype(matmul(gy, x2, transa=True), w.dtype) * m)
            else:
                ret.append(_sum(gy, axis=0))
        return tuple(ret)


def simplified_dropconnect(x, W, b=None, ratio=.5, train=True, mask=None,
                           use_batchwise_mask=True):
    """Linear function with DropConnect: each weight is dropped with probability ``ratio``
    (independently per example with ``use_batchwise_mask``) and the rest scaled by
    ``1 / (1 - ratio)``.

    Unlike :func:`dropout`, the mode is the ``train`` argument (as in Chainer), not the
    configuration.

    Parameters
    ----------
    x : Variable or array
        Shape ``(N, ...)`` with ``prod(x.shape[1:]) == M``, float dtype.
    W : Variable or array
        Shape ``(L, M)``, float dtype.
    b : Variable or array or None
        Shape ``(L,)``, dtype of ``x``.
    ratio : float
        The dropping probability, in ``[0, 1)``.
    train : bool
        False uses every weight (``ratio`` 0).
    mask : array or None
        The kept weights (boolean or 0/1), shape ``(N, L, M)`` with ``use_batchwise_mask``
        or ``(L, M)`` without; drawn when None.
    use_batchwise_mask : bool
        Draw one mask per example.

    Returns
    -------
    Variable
        Shape ``(N, L)``, dtype of ``x``.
    """
    if not train:
        ratio = 0
    if isinstance(mask, Variable):
        mask = mask.array
    func = SimplifiedDropconnect(ratio, mask, use_batchwise_mask)
    args = (x, W) if b is None else (x, W, b)
    return func.apply(args)[0]
