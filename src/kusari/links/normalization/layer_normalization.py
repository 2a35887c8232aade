"""LayerNormalization: the link over layer_normalization."""
from kusari import initializers, link
from kusari.utils import size_of_shape
from kusari.variable import Parameter


class LayerNormalization(link.Link):
    """Layer normalization layer on the outputs of linear functions.

    Parameters
    ----------
    size : int or None
        The number of units; None defers the creation of ``gamma`` and ``beta`` to the first
        forward pass (``size`` becomes the product of ``x.shape[1:]``).
    eps : float
        Added to the variance (Chainer's link default, ``1e-6``).
    initial_gamma : initializer, scalar or array, optional
        Initial scale (default 1).
    initial_beta : initializer, scalar or array, optional
        Initial shift (default 0).

    Attributes
    ----------
    gamma, beta : Parameter
        Scale and shift, shape ``(size,)``.
    eps : float
        Added to the variance.
    """

    def __init__(self, size=None, eps=1e-6, initial_gamma=None, initial_beta=None):
        super().__init__()
        with self.init_scope():
            self.gamma = Parameter(initializers._get_initializer(
                1 if initial_gamma is None else initial_gamma))
            self.beta = Parameter(initializers._get_initializer(
                0 if initial_beta is None else initial_beta))
        self.eps = eps
        if size is not None:
            self._initialize_params(size)

    def _initialize_params(self, size):
        self.gamma.initialize(size)
        self.beta.initialize(size)

    def forward(self, x):
        """Apply layer normalization.

        Parameters
        ----------
        x : Variable or array
            Shape ``(batch_size, size)``.

        Returns
        -------
        Variable
            Shape and dtype of ``x``.
        """
        from kusari.functions.normalization.layer_normalization import layer_normalization
        if self.gamma.array is None:
            self._initialize_params(size_of_shape(x.shape[1:]))
        return layer_normalization(x, self.gamma, self.beta, self.eps)
