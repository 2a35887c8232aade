"""``BlackOut``: the output layer trained with the BlackOut loss."""
import numpy

from kusari import link
from kusari.functions.loss.black_out import black_out
from kusari.variable import Parameter, Variable


class BlackOut(link.Link):
    """BlackOut loss layer (:func:`kusari.functions.black_out`).

    Negative samples are drawn with probability proportional to ``counts`` by a
    :class:`kusari.utils.WalkerAlias` sampler.

    Parameters
    ----------
    in_size : int
        The input size ``D``.
    counts : sequence of int
        The frequency of each word (the vocabulary size ``V`` is its length).
    sample_size : int
        The number of negative samples per row.

    Attributes
    ----------
    W : Parameter
        The output word vectors, shape ``(V, D)`` (uninitialized: NaN until set).
    sampler : WalkerAlias
        The sampler of negative ids (moved with the link).
    sample_data : array or None
        Fixed samples to use instead of drawing (for tests), int32 ``(N, sample_size)``.
    """

    sample_data = None

    def __init__(self, in_size, counts, sample_size):
        from kusari.utils import WalkerAlias
        super().__init__()
        self.sampler = WalkerAlias(numpy.asarray(counts, numpy.float32))
        self.sample_size = sample_size
        with self.init_scope():
            self.W = Parameter(shape=(len(counts), in_size))

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        self.sampler.device_resident_accept(visitor)    # the sampling table moves along

    def forward(self, x, t):
        """The mean loss of inputs ``x`` (shape ``(N, D)``) and targets ``t`` (int32
        ``(N,)``); a scalar Variable."""
        if self.sample_data is not None:
            samples = self.sample_data
        else:
            if self.sampler.device != self.device:
                self.sampler.to_device(self.device)
            samples = self.sampler.sample((x.shape[0], self.sample_size))
        return black_out(x, t, self.W, Variable(samples, requires_grad=False))
