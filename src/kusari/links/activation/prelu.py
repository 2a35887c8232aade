"""PReLU: the parametric ReLU with a learned slope."""
import kusari.functions as F
from kusari import link
from kusari.variable import Parameter


class PReLU(link.Link):
    """``max(x, 0) + W * min(x, 0)`` with a learned slope ``W``.

    Parameters
    ----------
    shape : tuple of ints
        The shape of ``W`` (broadcast against ``x.shape[1:]``); ``()`` shares one slope.
    init : float or initializer
        The initial slope (0.25).

    Attributes
    ----------
    W : Parameter of shape ``shape``
    """

    def __init__(self, shape=(), init=0.25):
        super().__init__()
        with self.init_scope():
            self.W = Parameter(init, shape)

    def forward(self, x):
        """Apply PReLU to ``x`` of shape ``(batch,) + shape + ...``; same output shape."""
        return F.prelu(x, self.W)
