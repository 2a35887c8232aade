"""Swish: ``x * sigmoid(beta * x)`` with a learned ``beta``."""
import kusari.functions as F
from kusari import initializers, link
from kusari.variable import Parameter


class Swish(link.Link):
    """The Swish activation with a learned ``beta``.

    Parameters
    ----------
    beta_shape : tuple of ints or None
        The shape of ``beta`` (broadcast against ``x.shape[1:]``); None makes it
        ``x.shape[1:]`` at the first forward pass.
    beta_init : float
        The initial value (1.0).

    Attributes
    ----------
    beta : Parameter
    """

    def __init__(self, beta_shape, beta_init=1.0):
        super().__init__()
        with self.init_scope():
            if beta_shape is not None:
                self.beta = Parameter(beta_init, beta_shape)
            else:
                self.beta = Parameter(initializers.Constant(beta_init))

    def forward(self, x):
        """Apply Swish to ``x`` of shape ``(batch, ...)``; same output shape."""
        if self.beta.array is None:
            self.beta.initialize(x.shape[1:])
        return F.swish(x, self.beta)
