"""crf1d / argmax_crf1d: the linear-chain conditional random field loss and its decoder.

Both take time-major batches (``xs[t]`` of shape ``(B_t, K)`` with ``B_t`` non-increasing:
sequences sorted by decreasing length and transposed, see
:func:`~kusari.functions.transpose_sequence`). The loss is a composition of differentiable
functions (``logsumexp`` over the forward recursion, ``select_item`` / ``get_item`` for the
score of the given path), so it is differentiable to every order in ``cost`` and ``xs``.
"""
from kusari import backend
from kusari.variable import as_array


def _check_reduce(reduce):
    if reduce not in ('mean', 'no'):
        raise ValueError("only 'mean' and 'no' are valid for 'reduce', but '{}' is "
                         'given'.format(reduce))


def _run_by_rows(xs, first, step):
    """Fold ``step(state, x)`` over time on the rows still running; finished rows keep
    their last state. Returns the final states of all ``B_0`` rows, in row order."""
    import kusari.functions as F
    state = first
    done = []                         # the rows finished at each step, in time order
    for x in xs[1:]:
        batch = x.shape[0]
        if state.shape[0] > batch:
            state, rest = F.split_axis(state, [batch], axis=0)
            done.append(rest)
        state = step(state, x)
    if done:
        state = F.concat([state] + done[::-1], axis=0)
    return state


def crf1d(cost, xs, ys, reduce='mean'):
    """Negative log-likelihood of label paths under a linear-chain CRF.

    For a sequence with unary scores ``x_t`` (shape ``(K,)``) and the transition scores
    ``cost`` (``cost[i, j]``: from label ``i`` to label ``j``), a path ``y`` scores
    ``s(y) = sum_t x_t[y_t] + sum_t cost[y_{t-1}, y_t]``, and the loss is
    ``log sum_{y'} exp(s(y')) - s(y)``.

    Parameters
    ----------
    cost : Variable or array
        Transition scores, shape ``(K, K)``.
    xs : list of Variable or array
        Time-major unary scores: ``xs[t]`` of shape ``(B_t, K)``, ``B_t`` non-increasing.
    ys : list of Variable or array
        The gold labels: ``ys[t]`` int32 of shape ``(B_t,)``.
    reduce : str
        ``'mean'`` (the sum over sequences divided by ``B_0``, a scalar) or ``'no'``
        (shape ``(B_0,)``).

    Returns
    -------
    Variable
        The loss, of ``xs``' dtype.

    Raises
    ------
    ValueError
        For an invalid ``reduce``, or when ``xs[0].shape[1] != cost.shape[0]``.

    Examples
    --------
    >>> import numpy, kusari.functions as F
    >>> cost = numpy.zeros((2, 2), numpy.float32)
    >>> xs = [numpy.zeros((1, 2), numpy.float32)] * 3
    >>> ys = [numpy.zeros(1, numpy.int32)] * 3
    >>> round(float(F.crf1d(cost, xs, ys).array), 4)       # log(2 ** 3): uniform paths
    2.0794
    """
    import kusari.functions as F
    _check_reduce(reduce)
    n_label = cost.shape[0]
    if xs[0].shape[1] != n_label:
        raise ValueError('crf1d: xs[0].shape[1] must equal cost.shape[0], got {} and '
                         '{}'.format(xs[0].shape[1], n_label))
    n_batch = xs[0].shape[0]

    def forward_step(alpha, x):
        b_alpha, b_cost = F.broadcast(F.expand_dims(alpha, 2), cost)
        return F.logsumexp(b_alpha + b_cost, axis=1) + x

    logz = F.logsumexp(_run_by_rows(xs, xs[0], forward_step), axis=1)

    labels = [as_array(y) for y in ys]
    score = F.select_item(xs[0], labels[0])
    prev = [labels[0]]

    def score_step(score, x):
        t = len(prev)
        y, y_prev = labels[t], prev[-1][:x.shape[0]]
        prev.append(y)
        return score + F.select_item(x, y) + F.get_item(cost, (y_prev, y))

    score = _run_by_rows(xs, score, score_step)
    loss = logz - score
    if reduce == 'mean':
        return F.sum(loss) / n_batch
    return loss


def argmax_crf1d(cost, xs):
    """The highest-scoring label path of a linear-chain CRF (Viterbi decoding).

    Parameters
    ----------
    cost : Variable or array
        Transition scores, shape ``(K, K)``.
    xs : list of Variable or array
        Time-major unary scores: ``xs[t]`` of shape ``(B_t, K)``, ``B_t`` non-increasing.

    Returns
    -------
    tuple
        ``(score, path)``: ``score`` a Variable of shape ``(B_0,)`` holding the best path's
        score (differentiable in ``cost`` and ``xs``), ``path`` a list of int arrays,
        ``path[t]`` of shape ``(B_t,)``.

    Examples
    --------
    >>> import numpy, kusari.functions as F
    >>> cost = numpy.zeros((2, 2), numpy.float32)
    >>> xs = [numpy.array([[0., 1.]], numpy.float32), numpy.array([[1., 0.]], numpy.float32)]
    >>> score, path = F.argmax_crf1d(cost, xs)
    >>> float(score.array[0]), [int(p[0]) for p in path]
    (2.0, [1, 0])
    """
    import kusari.functions as F
    xp = backend.get_array_module(as_array(xs[0]))
    alpha = xs[0]
    back = []                         # per step: the best previous label of every label
    done = []                         # per step: the rows that finished before it (or None)
    for x in xs[1:]:
        batch = x.shape[0]
        if alpha.shape[0] > batch:
            alpha, rest = F.split_axis(alpha, [batch], axis=0)
            done.append(rest)
        else:
            done.append(None)
        b_alpha, b_cost = F.broadcast(F.expand_dims(alpha, 2), cost)
        scores = b_alpha + b_cost
        back.append(xp.argmax(scores.array, axis=1))
        alpha = F.max(scores, axis=1) + x
    best = xp.argmax(alpha.array, axis=1)
    path = [best]
    for b, rest in zip(back[::-1], done[::-1]):
        best = b[xp.arange(len(best)), best]
        if rest is not None:
            best = xp.concatenate([best, xp.argmax(rest.array, axis=1)])
        path.append(best)
    path.reverse()
    score = F.max(alpha, axis=1)
    finished = [F.max(rest, axis=1) for rest in done[::-1] if rest is not None]
    if finished:
        score = F.concat([score] + finished, axis=0)
    return score, path
