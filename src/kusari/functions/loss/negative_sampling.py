"""negative_sampling: the negative sampling loss of word2vec (Mikolov et al., 2013).

A composition of differentiable functions (``embed_id``, a batched ``matmul``, ``softplus``),
so the loss is differentiable to every order in ``x`` and ``W``. float16 inputs are computed
in float32 and the loss is cast back.
"""
import numpy

from kusari import backend
from kusari.utils import type_check
from kusari.variable import as_array

_LABEL = 'NegativeSamplingFunction'


def _check_types(x, t, W):
    type_check.check_float(_LABEL, 'x', x)
    if x.ndim != 2:
        type_check.fail(_LABEL, 'x.ndim == 2', 'x.ndim={}'.format(x.ndim))
    if t.dtype != numpy.int32:
        type_check.fail(_LABEL, 't.dtype == int32', 't.dtype={}'.format(t.dtype))
    if t.ndim != 1:
        type_check.fail(_LABEL, 't.ndim == 1', 't.ndim={}'.format(t.ndim))
    if x.shape[0] != t.shape[0]:
        type_check.fail(_LABEL, 'x.shape[0] == t.shape[0]',
                        '{} != {}'.format(x.shape[0], t.shape[0]))
    if W.dtype != x.dtype:
        type_check.fail(_LABEL, 'W.dtype == x.dtype', '{} != {}'.format(W.dtype, x.dtype))
    if W.ndim != 2:
        type_check.fail(_LABEL, 'W.ndim == 2', 'W.ndim={}'.format(W.ndim))


def negative_sampling(x, t, W, sampler, sample_size, reduce='sum', **kwargs):
    """Negative sampling loss: the positive word against ``sample_size`` sampled ones.

    For each row ``i`` with target ``t_i`` (``-1``: ignored, loss 0) and negative samples
    ``s_1 .. s_k`` drawn by ``sampler``::

        loss_i = softplus(-W[t_i] . x_i) + sum_j softplus(W[s_j] . x_i)

    (``softplus(z) = log(1 + exp(z))``, i.e. ``-log sigmoid(W[t] . x) -
    sum_j log sigmoid(-W[s_j] . x)``.)

    Parameters
    ----------
    x : Variable or array
        The input vectors, shape ``(N, D)``, float.
    t : Variable or array
        The target word ids, int32 of shape ``(N,)`` (``-1`` ignores the row).
    W : Variable or array
        The output word vectors, shape ``(V, D)``, of ``x``'s dtype.
    sampler : callable
        ``sampler(shape)`` returns int ids of ``shape`` (e.g. ``WalkerAlias(p).sample``).
    sample_size : int
        The number of negative samples ``k`` per row.
    reduce : str
        ``'sum'`` (a scalar) or ``'no'`` (shape ``(N,)``).
    return_samples : bool, optional (keyword only)
        Also return the samples: int32 of shape ``(N, k + 1)``, column 0 holding ``t``.

    Returns
    -------
    Variable or tuple
        The loss, of ``x``'s dtype; with ``return_samples=True`` the pair
        ``(loss, samples)``.

    Raises
    ------
    ValueError
        For an invalid ``reduce``.
    TypeError
        For an unexpected keyword argument.
    kusari.utils.type_check.InvalidType
        For inputs of the wrong dtypes or shapes.

    Examples
    --------
    >>> import numpy, kusari.functions as F
    >>> x = numpy.zeros((2, 3), numpy.float32)
    >>> W = numpy.zeros((5, 3), numpy.float32)
    >>> t = numpy.array([0, -1], numpy.int32)
    >>> sampler = lambda shape: numpy.ones(shape, numpy.int32)
    >>> loss = F.negative_sampling(x, t, W, sampler, 2, reduce='no')
    >>> numpy.round(loss.array, 4)                           # 3 log 2 and an ignored row
    array([2.0794, 0.    ], dtype=float32)
    """
    import kusari.functions as F
    return_samples = kwargs.pop('return_samples', False)
    if kwargs:
        raise TypeError('negative_sampling() got unexpected keyword argument(s): {}'.format(
            ', '.join(sorted(kwargs))))
    if reduce not in ('sum', 'no'):
        raise ValueError("only 'sum' and 'no' are valid for 'reduce', but '{}' is "
                         'given'.format(reduce))
    t_array = as_array(t)
    _check_types(as_array(x), t_array, as_array(W))
    xp = backend.get_array_module(t_array)
    samples = xp.array(sampler((t_array.shape[0], sample_size + 1)), numpy.int32)
    samples[:, 0] = t_array
    keep = t_array != -1
    ids = samples.copy()
    ids[:, 0] = xp.where(keep, t_array, 0)          # an ignored row looks up any valid row

    dtype = as_array(x).dtype
    if dtype == numpy.float16:
        x, W = F.cast(x, numpy.float32), F.cast(W, numpy.float32)
    work = numpy.float32 if dtype == numpy.float16 else dtype
    wx = F.matmul(F.embed_id(ids, W), F.expand_dims(x, 2))[:, :, 0]        # (N, k + 1)
    sign = xp.ones(sample_size + 1, work)
    sign[0] = -1
    loss = F.sum(F.softplus(wx * sign), axis=1) * keep.astype(work)
    if reduce == 'sum':
        loss = F.sum(loss)
    if dtype == numpy.float16:
        loss = F.cast(loss, dtype)
    if return_samples:
        return loss, samples
    return loss
