"""connectionist_temporal_classification: the CTC loss (Graves et al., 2006).

The forward (alpha) recursion over the extended label sequence runs in the log domain as a
composition of differentiable functions (``log_softmax``, ``logsumexp``, ``where``, ...), one
vectorized step per input frame, so the loss is differentiable to every order in ``x``.
Impossible positions hold a large negative number rather than ``-inf`` (as in Chainer), so
no NaN reaches a gradient.
"""
import collections.abc

import numpy

from kusari import backend
from kusari.variable import as_array


def _neg(dtype):
    return -10000.0 if dtype == numpy.float16 else -10000000000.0


def _length(v, default, n, name):
    if v is None:
        return numpy.full(n, default, numpy.int32)
    v = backend.CpuDevice().send(as_array(v))
    if v.ndim != 1 or len(v) != n or v.dtype.kind not in 'iu':
        raise ValueError('{} must be a 1-d integer array of length {} (the batch size), got '
                         'shape {} and dtype {}'.format(name, n, v.shape, v.dtype))
    return v.astype(numpy.int64)


def connectionist_temporal_classification(x, t, blank_symbol, input_length=None,
                                          label_length=None, reduce='mean'):
    """Connectionist Temporal Classification loss of unsegmented label sequences.

    ``-log p(t | x)``, where ``p`` sums over every alignment of the label sequence ``t``
    (with blanks between and around the labels, repeated labels separated by a blank) to
    the ``T`` input frames of the softmax probabilities ``softmax(x[i])``.

    Parameters
    ----------
    x : list or tuple of Variable or array
        ``T`` frames of unnormalized label scores, each of shape ``(B, V)`` (the function
        applies the softmax itself).
    t : Variable or array
        The label sequences, int32 of shape ``(B, L)``, entries in ``[0, V)``.
    blank_symbol : int
        The index of the blank label, in ``[0, V)``.
    input_length : Variable or array, optional
        The number of valid frames per sequence, shape ``(B,)`` (default: all ``T``).
    label_length : Variable or array, optional
        The number of valid labels per sequence, shape ``(B,)`` (default: all ``L``).
    reduce : str
        ``'mean'`` (the mean over the batch, a scalar) or ``'no'`` (shape ``(B,)``).

    Returns
    -------
    Variable
        The loss, of ``x``'s dtype: shape ``()`` for ``reduce='mean'``, ``(B,)`` else.
        Differentiable (to every order) in ``x`` only.

    Raises
    ------
    TypeError
        If ``x`` is not a list or tuple, or ``blank_symbol`` is not an int.
    ValueError
        For an invalid ``reduce``, ``blank_symbol`` out of range, ``x[i]`` not 2-d, or
        lengths of the wrong shape.

    Examples
    --------
    >>> import numpy, kusari.functions as F
    >>> x = [numpy.zeros((1, 3), numpy.float32)] * 2       # T = 2 frames, B = 1, V = 3
    >>> t = numpy.array([[0]], numpy.int32)                  # the label sequence "0"
    >>> loss = F.connectionist_temporal_classification(x, t, blank_symbol=2)
    >>> round(float(loss.array), 4)                         # -log(3 / 9): 3 alignments
    1.0986
    """
    import kusari.functions as F
    if not isinstance(x, collections.abc.Sequence):
        raise TypeError('x must be a list of Variables')
    if not isinstance(blank_symbol, int):
        raise TypeError('blank_symbol must be non-negative integer.')
    if reduce not in ('mean', 'no'):
        raise ValueError("only 'mean' and 'no' are valid for 'reduce', but '{}' is "
                         'given'.format(reduce))
    if x[0].ndim != 2:
        raise ValueError('connectionist_temporal_classification: each x[i] must be 2-d '
                         '(B, V), got shape {}'.format(x[0].shape))
    n_vocab = x[0].shape[1]
    if not 0 <= blank_symbol < n_vocab:
        raise ValueError('blank_symbol must be in [0, {}), got {}'.format(n_vocab, blank_symbol))
    xs = F.stack(list(x))                                   # (T, B, V)
    dtype = xs.dtype
    if dtype.kind != 'f':
        raise ValueError('connectionist_temporal_classification: x must be float, got '
                         '{}'.format(dtype))
    xp = backend.get_array_module(xs.array)
    n_time, n_batch = xs.shape[:2]
    labels = backend.CpuDevice().send(as_array(t))
    if labels.ndim != 2 or len(labels) != n_batch:
        raise ValueError('t must have shape (B, L) with B = {}, got {}'.format(
            n_batch, labels.shape))
    input_length = _length(input_length, n_time, n_batch, 'input_length')
    label_length = _length(label_length, labels.shape[1], n_batch, 'label_length')

    # the extended sequence: blank, t_0, blank, t_1, ..., blank
    n_path = 2 * labels.shape[1] + 1
    path = numpy.full((n_batch, n_path), blank_symbol, numpy.int64)
    path[:, 1::2] = labels
    path_length = 2 * label_length + 1
    pos = numpy.arange(n_path)
    valid = pos < path_length[:, None]
    skip = numpy.zeros_like(valid)              # s - 2 -> s allowed: s is a new label
    skip[:, 2:] = path[:, 2:] != path[:, :-2]
    start = valid & (pos < 2)
    end = valid & (pos >= path_length[:, None] - 2)
    running = numpy.arange(n_time)[:, None] < input_length          # (T, B)

    work = numpy.float32 if dtype == numpy.float16 else dtype
    if work != dtype:
        xs = F.cast(xs, work)
    neg = xp.asarray(_neg(dtype), work)
    logp = F.log_softmax(xs, axis=2)
    batch_index = numpy.arange(n_batch)[:, None]
    lp = F.separate(F.get_item(logp, (slice(None), xp.asarray(batch_index),
                                      xp.asarray(path))), axis=0)    # T x (B, S)
    valid, skip, start, end = (xp.asarray(m) for m in (valid, skip, start, end))
    neg_col = xp.full((n_batch, 1), neg, work)
    neg_cols = xp.full((n_batch, 2), neg, work)

    alpha = F.where(start, lp[0], neg)
    for i in range(1, n_time):
        stay = alpha
        step = F.concat([neg_col, alpha], axis=1)[:, :n_path]
        jump = F.where(skip, F.concat([neg_cols, alpha], axis=1)[:, :n_path], neg)
        new = F.where(valid, F.logsumexp(F.stack([stay, step, jump]), axis=0) + lp[i], neg)
        if running[i].all():
            alpha = new
        else:
            alpha = F.where(xp.asarray(running[i][:, None]), new, alpha)
    loss = -F.logsumexp(F.where(end, alpha, neg), axis=1)
    if work != dtype:
        loss = F.cast(loss, dtype)
    if reduce == 'mean':
        loss = F.mean(loss)
    return loss
