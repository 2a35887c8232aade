"""embed_id: rows of ``W`` picked by integer ids, differentiable to every order in ``W``."""
import numpy

from kusari import backend
from kusari.configuration import config
from kusari.function_node import FunctionNode
from kusari.functions.array._add_at import add_at
from kusari.utils import type_check


class EmbedIDFunction(FunctionNode):
    """``y[...] = W[x[...]]`` (zeros where ``x == ignore_label``)."""

    def __init__(self, ignore_label=None):
        self.ignore_label = ignore_label

    def _check_data_type_forward(self, in_data):
        label = self.label
        if len(in_data) != 2:
            type_check.fail(label, 'in_types.size() == 2',
                            'in_types.size() == {}'.format(len(in_data)))
        x, W = in_data
        if x.dtype.kind != 'i':
            type_check.fail(label, "x.dtype.kind == 'i'", 'x.dtype={}'.format(x.dtype))
        if x.ndim < 1:
            type_check.fail(label, 'x.ndim >= 1', 'x.shape={}'.format(x.shape))
        type_check.check_float(label, 'W', W)
        if W.ndim != 2:
            type_check.fail(label, 'W.ndim == 2', 'W.shape={}'.format(W.shape))

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, W = inputs
        self._w_shape = W.shape
        xp = backend.get_array_module(x)
        if config.debug:
            valid = (0 <= x) & (x < len(W))
            if self.ignore_label is not None:
                valid |= x == self.ignore_label
            if not valid.all():
                raise ValueError('Each not ignored `x` value need to satisfy `0 <= x < len(W)`')
        if self.ignore_label is not None:
            mask = x == self.ignore_label
            return xp.where(mask[..., None], W.dtype.type(0), W[xp.where(mask, 0, x)]),
        return W[x],

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gW = EmbedIDGrad(self._w_shape, self.ignore_label).apply((x, grad_outputs[0]))[0]
        return None, gW


class EmbedIDGrad(FunctionNode):
    """Adds the rows of ``gy`` into a zero ``W``-shaped array at the ids ``x``; its backward
    (with respect to ``gy``) is ``embed_id`` again."""

    def __init__(self, w_shape, ignore_label=None):
        self.w_shape = tuple(w_shape)
        self.ignore_label = ignore_label

    def forward(self, inputs):
        self.retain_inputs((0,))
        x, gy = inputs
        xp = backend.get_array_module(x)
        gy = gy.reshape(-1, self.w_shape[1])
        ids = x.ravel()
        if self.ignore_label is not None:
            keep = ids != self.ignore_label
            ids, gy = ids[keep], gy[keep]
        ids = ids % self.w_shape[0]
        if xp is numpy:
            acc = numpy.float32 if gy.dtype == numpy.float16 else gy.dtype
            gW = numpy.zeros(self.w_shape, acc)
            numpy.add.at(gW, ids, gy)
            gW = gW.astype(gy.dtype, copy=False)
        else:
            gW = xp.zeros(self.w_shape, gy.dtype)
            add_at(gW, ids, gy)
        return gW,

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        ret = []
        for i in indexes:
            if i == 0:
                ret.append(None)
            else:
                ret.append(EmbedIDFunction(self.ignore_label).apply((x, grad_outputs[0]))[0])
        return tuple(ret)


def embed_id(x, W, ignore_label=None):
    """Efficient linear function for one-hot input: ``y[...] = W[x[...]]``.

    Parameters
    ----------
    x : Variable or array
        Integer ids of any shape ``(...)`` (at least 1-d), each in ``[0, len(W))`` or equal
        to ``ignore_label``.
    W : Variable or array
        Embedding matrix of shape ``(n_vocab, n_units)``.
    ignore_label : int, optional
        Ids equal to it give zero vectors (and no gradient).

    Returns
    -------
    Variable
        Shape ``x.shape + (n_units,)``, dtype of ``W``.

    >>> import numpy, kusari.functions as F
    >>> F.embed_id(numpy.array([[0, 2]], numpy.int32), numpy.eye(3, dtype=numpy.float32)).shape
    (1, 2, 3)
    """
    return EmbedIDFunction(ignore_label=ignore_label).apply((x, W))[0]
