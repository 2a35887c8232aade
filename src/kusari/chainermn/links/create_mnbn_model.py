"""create_mnbn_model: a copy of a model with its BatchNormalization links made multi-node."""
import copy

from kusari.chainermn.links.batch_normalization import MultiNodeBatchNormalization


def create_mnbn_model(link, comm, communication_backend='auto'):
    """A deep copy of ``link`` in which every :class:`kusari.links.BatchNormalization` is
    replaced by a :class:`MultiNodeBatchNormalization` with the same settings, parameters
    and statistics.

    Parameters
    ----------
    link : kusari.Link
        The model (a Chain, ChainList, Sequential or a single link).
    comm : CommunicatorBase
        The processes.
    communication_backend : str
        Passed to :class:`MultiNodeBatchNormalization`.

    Returns
    -------
    kusari.Link
        The new model (``link`` itself is not changed).
    """
    from kusari.link import Chain, ChainList, Link
    from kusari.links.normalization.batch_normalization import BatchNormalization
    from kusari.sequential import Sequential

    if isinstance(link, BatchNormalization):
        if link.avg_mean is None:
            raise ValueError('create_mnbn_model: a BatchNormalization without size (its '
                             'statistics are created on the first forward) cannot be '
                             'converted; give it a size')
        if link.axis is not None:
            raise ValueError('create_mnbn_model: BatchNormalization with an explicit axis '
                             'is not supported by MultiNodeBatchNormalization')
        mnbn = MultiNodeBatchNormalization(
            link.avg_mean.shape, comm, decay=link.decay, eps=link.eps,
            dtype=link.avg_mean.dtype, use_gamma=link.gamma is not None,
            use_beta=link.beta is not None, communication_backend=communication_backend)
        mnbn.copyparams(link)
        for name in link._persistent:
            mnbn.__dict__[name] = copy.deepcopy(link.__dict__[name])
        return mnbn
    if isinstance(link, Sequential):
        new = copy.deepcopy(link)
        for i, layer in enumerate(link):
            if isinstance(layer, Link):
                new[i] = create_mnbn_model(layer, comm, communication_backend)
        return new
    if isinstance(link, ChainList):
        new = copy.deepcopy(link)
        for i, child in enumerate(link):
            converted = create_mnbn_model(child, comm, communication_backend)
            converted.name = str(i)
            new._children[i] = converted
        return new
    if isinstance(link, Chain):
        new = copy.deepcopy(link)
        for name in sorted(link._children):
            converted = create_mnbn_model(link.__dict__[name], comm, communication_backend)
            converted.name = name
            new.__dict__[name] = converted
        return new
    return copy.deepcopy(link)
