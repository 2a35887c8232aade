"""Highway: ``y = act(W_h x + b_h) * T + x * (1 - T)`` with ``T = sigmoid(W_t x + b_t)``."""
import kusari.functions as F
from kusari import link
from kusari.links.connection.linear import Linear


class Highway(link.Chain):
    """A highway layer (Srivastava et al., 2015).

    Parameters
    ----------
    in_out_size : int
        The input and output size.
    nobias : bool
    activate : callable
        The activation of the plain path (``F.relu`` by default).
    init_Wh, init_bh : initializers of the plain path, optional
    init_Wt, init_bt : initializers of the transform gate (``init_bt`` defaults to -1)

    Attributes
    ----------
    plain, transform : Linear
    """

    def __init__(self, in_out_size, nobias=False, activate=None, init_Wh=None, init_Wt=None,
                 init_bh=None, init_bt=-1):
        super().__init__()
        self.activate = F.relu if activate is None else activate
        with self.init_scope():
            self.plain = Linear(in_out_size, in_out_size, nobias=nobias, initialW=init_Wh,
                                initial_bias=init_bh)
            self.transform = Linear(in_out_size, in_out_size, nobias=nobias, initialW=init_Wt,
                                    initial_bias=init_bt)

    def forward(self, x):
        """Apply the layer to ``x`` of shape ``(batch, in_out_size)``; same output shape."""
        out_plain = self.activate(self.plain(x))
        t = F.sigmoid(self.transform(x))
        return out_plain * t + x * (1 - t)
