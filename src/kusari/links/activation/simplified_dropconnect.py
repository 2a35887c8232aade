"""SimplifiedDropconnect: a linear layer with DropConnect on its weights."""
import numpy

from kusari import initializers, link
from kusari.variable import Parameter


class SimplifiedDropconnect(link.Link):
    """A fully connected layer whose weights are dropped at random in training
    (:func:`~kusari.functions.simplified_dropconnect`).

    Parameters
    ----------
    in_size : int or None
        Input size (None: from the first input, ``x.size // len(x)``).
    out_size : int
        Output size.
    ratio : float
        The dropping probability of each weight.
    nobias : bool
    initialW : initializer, scalar or array, optional
        Default: He normal with scale ``1 / sqrt(2)``.
    initial_bias : initializer, scalar or array, optional
        Default: 0.

    Attributes
    ----------
    W : Parameter of shape ``(out_size, in_size)``
    b : Parameter of shape ``(out_size,)`` or None
    """

    def __init__(self, in_size, out_size, ratio=.5, nobias=False, initialW=None,
                 initial_bias=None):
        super().__init__()
        self.out_size = out_size
        self.ratio = ratio
        if initialW is None:
            initialW = initializers.HeNormal(1. / numpy.sqrt(2))
        with self.init_scope():
            self.W = Parameter(initializers._get_initializer(initialW))
            if in_size is not None:
                self._initialize_params(in_size)
            if nobias:
                self.b = None
            else:
                self.b = Parameter(initializers._get_initializer(
                    0 if initial_bias is None else initial_bias), out_size)

    def _initialize_params(self, in_size):
        self.W.initialize((self.out_size, in_size))

    def forward(self, x, train=True, mask=None, use_batchwise_mask=True):
        """Apply the layer to ``x`` of shape ``(n, ...)``.

        Parameters
        ----------
        x : Variable or array
        train : bool
            Drop weights (False uses them all).
        mask : array, optional
            The kept weights (see the function); the first mask given is also kept as the
            persistent value ``mask``.
        use_batchwise_mask : bool
            One mask per example.

        Returns
        -------
        Variable of shape ``(n, out_size)``
        """
        import kusari.functions as F
        if self.W.array is None:
            self._initialize_params(x.size // len(x))
        if mask is not None and 'mask' not in self.__dict__:
            self.add_persistent('mask', mask)
        return F.simplified_dropconnect(x, self.W, self.b, self.ratio, train, mask,
                                        use_batchwise_mask)
