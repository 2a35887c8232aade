"""softmax_cross_entropy: the classification loss, differentiable to every order.

Hard (integer) targets go through one fused node: its forward computes the log-softmax once,
and its gradient is a :class:`SoftmaxCrossEntropyGrad` node whose forward reuses the cached
softmax (``cache_score``) and whose backward is written with ``F.softmax`` and Variable
arithmetic, so second and higher derivatives are exact with or without
``enable_double_backprop`` (Chainer needs the flag for a second derivative). Soft (float)
targets are composed of ``F.log_softmax`` and reductions, which also gives the gradient with
respect to the targets.
"""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.functions._labels import check_labels
from kusari.utils import force_array, type_check
from kusari.variable import Variable


def _check_class_weight_option(class_weight):
    if class_weight is None:
        return
    if isinstance(class_weight, Variable):
        raise ValueError('class_weight should be a numpy.ndarray or cupy.ndarray, '
                         'not a Variable')
    if class_weight.ndim != 1:
        raise ValueError('class_weight.ndim should be 1')
    if class_weight.dtype.kind != 'f':
        raise ValueError("The dtype of class_weight should be 'f'")


def _check_reduce_option(reduce):
    if reduce not in ('mean', 'no'):
        raise ValueError(
            "only 'mean' and 'no' are valid for 'reduce', but '{}' is given".format(reduce))


def _log_softmax_array(x):
    """Log-softmax along axis 1 in float32 or wider."""
    xp = backend.get_array_module(x)
    if x.dtype == numpy.float16:
        x = x.astype(numpy.float32)
    z = x - x.max(axis=1, keepdims=True)
    return z - xp.log(xp.exp(z).sum(axis=1, keepdims=True))


def _onehot_axis1(x_shape, t, dtype, xp):
    """``(N, C, ...)`` array, 1 where the class index equals ``t``."""
    c = x_shape[1]
    shape = [1] * len(x_shape)
    shape[1] = c
    classes = xp.arange(c).reshape(shape)
    return (classes == xp.expand_dims(t, 1)).astype(dtype)


class SoftmaxCrossEntropy(FunctionNode):
    """Cross entropy of ``softmax(x, axis=1)`` and integer labels ``t``."""

    def __init__(self, normalize=True, cache_score=True, class_weight=None, ignore_label=-1,
                 reduce='mean'):
        _check_class_weight_option(class_weight)
        _check_reduce_option(reduce)
        self.normalize = normalize
        self.cache_score = cache_score
        self.class_weight = class_weight
        self.ignore_label = ignore_label
        self.reduce = reduce

    def _check_data_type_forward(self, in_data):
        x, t = in_data
        label = self.label
        type_check.check_float(label, 'x', x)
        if t.dtype.kind != 'i':
            type_check.fail(label, "t.dtype.kind == 'i' (class labels: a signed integer dtype)",
                            't.dtype={}'.format(t.dtype))
        if x.ndim < 2:
            type_check.fail(label, 'x.ndim >= 2', 'x.ndim={}'.format(x.ndim))
        if t.ndim != x.ndim - 1:
            type_check.fail(label, 't.ndim == x.ndim - 1',
                            't.ndim={}, x.ndim={}'.format(t.ndim, x.ndim))
        if x.shape[0] != t.shape[0]:
            type_check.fail(label, 'x.shape[0] == t.shape[0]',
                            '{} != {}'.format(x.shape[0], t.shape[0]))
        if x.shape[2:] != t.shape[1:]:
            type_check.fail(label, 'x.shape[2:] == t.shape[1:]',
                            '{} != {}'.format(x.shape[2:], t.shape[1:]))
        cw = self.class_weight
        if cw is not None and cw.shape[0] != x.shape[1]:
            type_check.fail(label, 'class_weight.shape[0] == x.shape[1]',
                            '{} != {}'.format(cw.shape[0], x.shape[1]))

    def forward(self, inputs):
        x, t = inputs
        xp = backend.get_array_module(x)
        valid = t != self.ignore_label
        t_safe = xp.where(valid, t, 0)
        check_labels('softmax_cross_entropy', t, x.shape[1], self.ignore_label, t_safe)
        self.retain_inputs((0,))
        log_y = _log_softmax_array(x)
        self.y = xp.exp(log_y) if self.cache_score else None
        log_p = xp.take_along_axis(log_y, xp.expand_dims(t_safe, 1), 1)[:, 0]
        weight = valid.astype(log_y.dtype)
        if self.class_weight is not None:
            weight = weight * xp.asarray(self.class_weight, dtype=log_y.dtype)[t_safe]
        if self.reduce == 'mean':
            count = int(valid.sum()) if self.normalize else len(x)
            weight *= 1.0 / max(count, 1)
            y = force_array(-(log_p * weight).sum(), x.dtype)
        else:
            y = force_array(-(log_p * weight), x.dtype)
        self._t = t_safe
        self._weight = weight
        return y,

    def backward(self, indexes, grad_outputs):
        x, = self.get_retained_inputs()
        gy, = grad_outputs
        grad = SoftmaxCrossEntropyGrad(self._t, self._weight, self.y, self.reduce)
        return grad.apply((x, gy))[0], None


class SoftmaxCrossEntropyGrad(FunctionNode):
    """``gx = (softmax(x) - onehot(t)) * weight * gy``, exact to every order.

    Its forward uses the cached softmax when there is one; its backward recomputes
    ``softmax(x)`` as a Variable with ``F.softmax``.
    """

    def __init__(self, t, weight, y, reduce):
        self._t = t
        self._weight = weight      # (N, ...): class weight * valid mask (* 1 / count)
        self._y = y
        self.reduce = reduce

    def _expanded_weight(self, dtype):
        return self._weight.astype(dtype, copy=False)[:, None]

    def forward(self, inputs):
        x, gy = inputs
        self.retain_inputs((0, 1))
        xp = backend.get_array_module(x)
        y = self._y
        if y is None:
            y = xp.exp(_log_softmax_array(x))
        gx = y - _onehot_axis1(x.shape, self._t, y.dtype, xp)
        w = self._expanded_weight(gx.dtype)
        if self.reduce == 'mean':
            gx *= w * gy.astype(gx.dtype)
        else:
            gx *= w * xp.expand_dims(gy, 1).astype(gx.dtype)
        return force_array(gx, x.dtype),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.activation.softmax import softmax
        from kusari.functions.array.expand_dims import expand_dims
        from kusari.functions.math.sum import sum as _sum
        x, gy = self.get_retained_inputs()
        ggx, = grad_outputs
        xp = backend.get_array_module(x.array)
        w = self._expanded_weight(x.dtype)
        s = softmax(x, axis=1)
        g_full = gy if self.reduce == 'mean' else expand_dims(gy, 1)
        ret = []
        if 0 in indexes:
            v = ggx * (g_full * w)
            ret.append(s * v - s * _sum(s * v, axis=1, keepdims=True))
        if 1 in indexes:
            onehot = _onehot_axis1(x.shape, self._t, x.dtype, xp)
            h = ggx * ((s - onehot) * w)
            ret.append(_sum(h) if self.reduce == 'mean' else _sum(h, axis=1))
        return tuple(ret)


def _soft_target_loss(x, t, reduce, soft_target_loss):
    from kusari.functions.activation.log_softmax import log_softmax
    from kusari.functions.math.exponential import log
    from kusari.functions.math.sum import sum as _sum
    label = 'SoftmaxCrossEntropy'
    type_check.check_float(label, 'x', x)
    if t.shape != x.shape:
        type_check.fail(
            label, 't: integer class labels (a signed integer dtype) of shape '
            'x.shape[:1] + x.shape[2:] = {}, or float soft targets of the shape of x, {}'.format(
                x.shape[:1] + x.shape[2:], x.shape),
            't.dtype={}, t.shape={}'.format(t.dtype, t.shape))
    if t.dtype != x.dtype:
        type_check.fail(label, 't.dtype == x.dtype (float soft targets)',
                        'x.dtype={}, t.dtype={}'.format(x.dtype, t.dtype))
    t = getattr(t, 'array', t)   # no gradient flows to the targets, as in Chainer
    log_y = log_softmax(x, axis=1)
    if soft_target_loss == 'kl-divergence':
        loss = _sum(t * (log(t + 1e-7) - log_y), axis=1)
    else:
        loss = -_sum(t * log_y, axis=1)
    if reduce == 'mean':
        return _sum(loss) * (x.shape[1] / max(x.size, 1))
    return loss


def softmax_cross_entropy(x, t, normalize=True, cache_score=True, class_weight=None,
                          ignore_label=-1, reduce='mean', enable_double_backprop=False,
                          soft_target_loss='cross-entropy'):
    """Cross entropy between ``softmax(x)`` along axis 1 and the targets ``t``.

    With integer labels the loss of an example is
    :math:`-w_{t} \\log \\mathrm{softmax}(x)_{t}` (:math:`w` the class weight, 1 without
    one); examples labelled ``ignore_label`` contribute nothing. With float targets of the
    shape of ``x`` (soft labels) it is :math:`-\\sum_c t_c \\log \\mathrm{softmax}(x)_c`
    (``'cross-entropy'``) or :math:`\\sum_c t_c (\\log(t_c + 10^{-7}) -
    \\log \\mathrm{softmax}(x)_c)` (``'kl-divergence'``).

    Every order of derivative is exact whatever ``enable_double_backprop`` says.

    Parameters
    ----------
    x : Variable or array
        Scores of shape ``(N, C, d_1, ..., d_k)``, float dtype.
    t : Variable or array
        Integer class labels of shape ``(N, d_1, ..., d_k)``, each in ``[0, C)`` or equal
        to ``ignore_label`` (checked in every mode: anything else raises a ValueError), or
        float soft targets of the shape of ``x``.
    normalize : bool
        With ``reduce='mean'``: divide by the number of non-ignored labels (True) or by
        ``N`` (False).
    cache_score : bool
        Keep the softmax from the forward for the backward (memory for speed).
    class_weight : array or None
        Shape ``(C,)``, float: the weight of each class.
    ignore_label : int
        The label to ignore.
    reduce : {'mean', 'no'}
        ``'mean'``: a scalar loss; ``'no'``: one loss per label (shape of ``t`` for
        integer labels, ``(N, d_1, ..., d_k)`` for soft targets).
    enable_double_backprop : bool
        Accepted for compatibility; kusari's loss is always differentiable to every order.
    soft_target_loss : {'cross-entropy', 'kl-divergence'}
        The loss for soft targets.

    Returns
    -------
    Variable
        The loss, dtype of ``x``.

    Raises
    ------
    ValueError
        If a label is neither in ``[0, C)`` nor ``ignore_label`` (the message names the first
        such label and where it is).
    InvalidType
        If ``t`` is neither integer labels of shape ``(N, d_1, ..., d_k)`` nor float targets
        of the shape of ``x``.

    >>> import numpy, kusari.functions as F
    >>> x = numpy.array([[0.0, 0.0]], numpy.float32)
    >>> float(F.softmax_cross_entropy(x, numpy.array([0])).array)  # log 2
    0.6931471824645996
    """
    if soft_target_loss not in ('cross-entropy', 'kl-divergence'):
        raise ValueError("soft_target_loss must be 'cross-entropy' or 'kl-divergence'.")
    _check_class_weight_option(class_weight)
    _check_reduce_option(reduce)
    if t.dtype.kind == 'f':
        return _soft_target_loss(x, t, reduce, soft_target_loss)
    func = SoftmaxCrossEntropy(normalize, cache_score, class_weight, ignore_label, reduce)
    return func.apply((x, t))[0]
