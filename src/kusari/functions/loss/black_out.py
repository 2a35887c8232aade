"""black_out: the BlackOut loss (Ji et al., 2016), a sampled softmax with discriminative
negatives; a composition of differentiable functions, exact to every order in ``x`` and
``W``."""
from kusari.variable import as_array


def black_out(x, t, W, samples, reduce='mean'):
    """BlackOut loss: ``-log p(t) - sum_{s in S} log(1 - p(s))``.

    ``p(y) = exp(W_y . x) / Z`` with ``Z`` summed over the target and the negative samples
    ``S`` only.

    Parameters
    ----------
    x : Variable or array
        The input vectors, shape ``(N, D)``, float.
    t : Variable or array
        The target ids, int32 of shape ``(N,)``.
    W : Variable or array
        The output word vectors, shape ``(V, D)``.
    samples : Variable or array
        The negative samples, int32 of shape ``(N, S)``.
    reduce : str
        ``'mean'`` (the mean over rows, a scalar) or ``'no'`` (shape ``(N,)``).

    Returns
    -------
    Variable
        The loss, of ``x``'s dtype.

    Raises
    ------
    ValueError
        For an invalid ``reduce``.

    Examples
    --------
    >>> import numpy, kusari.functions as F
    >>> x = numpy.zeros((1, 2), numpy.float32)
    >>> W = numpy.zeros((3, 2), numpy.float32)
    >>> t = numpy.array([0], numpy.int32)
    >>> samples = numpy.array([[1, 2]], numpy.int32)
    >>> round(float(F.black_out(x, t, W, samples).array), 4)    # log 3 - 2 log(2 / 3)
    1.9095
    """
    import kusari.functions as F
    if reduce not in ('mean', 'no'):
        raise ValueError("only 'mean' and 'no' are valid for 'reduce', but '{}' is "
                         'given'.format(reduce))
    t = as_array(t)
    samples = as_array(samples)
    xc = F.expand_dims(x, 2)                                     # (N, D, 1)
    neg_y = F.matmul(F.embed_id(samples, W), xc)[:, :, 0]       # (N, S)
    pos_y = F.matmul(F.expand_dims(F.embed_id(t, W), 1), xc)[:, :, 0]   # (N, 1)
    logz = F.logsumexp(F.concat([pos_y, neg_y], axis=1), axis=1)
    b_logz = F.broadcast_to(F.expand_dims(logz, 1), neg_y.shape)
    ny = F.log(1 - F.exp(neg_y - b_logz))
    loss = logz - pos_y[:, 0] - F.sum(ny, axis=1)
    if reduce == 'mean':
        loss = F.mean(loss)
    return loss
