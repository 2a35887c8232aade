"""``NegativeSampling``: the output layer of word2vec trained by negative sampling."""
import numpy

import kusari.functions.loss.negative_sampling as _ns
from kusari import configuration, link
from kusari.variable import Parameter


class NegativeSampling(link.Link):
    """Negative sampling loss layer (:func:`kusari.functions.negative_sampling`).

    Negative samples are drawn with probability proportional to ``counts ** power`` by a
    :class:`kusari.utils.WalkerAlias` sampler.

    Parameters
    ----------
    in_size : int
        The input size ``D``.
    counts : sequence of int
        The frequency of each word (the vocabulary size ``V`` is its length).
    sample_size : int
        The number of negative samples per row.
    power : float
        The power applied to the counts.
    dtype : dtype, optional
        The dtype of the sampling weights ``counts ** power`` (default ``config.dtype``);
        ``W`` has ``config.dtype``, as in Chainer.

    Attributes
    ----------
    W : Parameter
        The output word vectors, shape ``(V, D)``, initialized with zeros.
    sampler : WalkerAlias
        The sampler of negative ids (moved with the link).
    """

    def __init__(self, in_size, counts, sample_size, power=0.75, dtype=None):
        from kusari.utils import WalkerAlias
        super().__init__()
        dtype = configuration.get_dtype(dtype)
        self.sample_size = sample_size
        p = numpy.power(numpy.asarray(counts, dtype), dtype.type(power))
        self.sampler = WalkerAlias(p)
        with self.init_scope():
            self.W = Parameter(0, (len(counts), in_size))

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        self.sampler.device_resident_accept(visitor)    # the sampling table moves along

    def forward(self, x, t, reduce='sum', **kwargs):
        """The loss of inputs ``x`` (shape ``(N, D)``) and targets ``t`` (int32 ``(N,)``).

        Parameters
        ----------
        x : Variable or array
        t : Variable or array
        reduce : str
            ``'sum'`` or ``'no'``.
        return_samples : bool, optional (keyword only)
            Also return the samples (int32 of shape ``(N, sample_size + 1)``).

        Returns
        -------
        Variable or tuple
            The loss (a scalar or shape ``(N,)``), or ``(loss, samples)``.
        """
        return_samples = kwargs.pop('return_samples', False)
        if kwargs:
            raise TypeError('NegativeSampling.forward() got unexpected keyword argument(s): '
                            '{}'.format(', '.join(sorted(kwargs))))
        if self.sampler.device != self.device:       # the link was moved by a parent chain
            self.sampler.to_device(self.device)
        return _ns.negative_sampling(x, t, self.W, self.sampler.sample, self.sample_size,
                                     reduce=reduce, return_samples=return_samples)
