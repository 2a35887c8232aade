"""GroupNormalization: the link over group_normalization."""
import numpy

from kusari import link
from kusari.configuration import get_dtype
from kusari.links.normalization.batch_normalization import _initializer
from kusari.variable import Parameter


class GroupNormalization(link.Link):
    """Group normalization layer on the outputs of convolution functions.

    Parameters
    ----------
    groups : int
        The number of channel groups; must divide the number of channels.
    size : int or None
        The number of channels; None defers the creation of ``gamma`` and ``beta`` to the
        first forward pass.
    eps : float
        Added to the variance.
    initial_gamma : initializer, scalar or array, optional
        Initial scale (default 1).
    initial_beta : initializer, scalar or array, optional
        Initial shift (default 0).

    Attributes
    ----------
    groups : int
        The number of channel groups.
    gamma, beta : Parameter
        Scale and shift, shape ``(size,)`` (float32 under ``config.dtype == 'mixed16'``).
    eps : float
        Added to the variance.
    """

    def __init__(self, groups, size=None, eps=1e-5, initial_gamma=None, initial_beta=None):
        super().__init__()
        dtype = get_dtype(None, map_mixed16=numpy.float32)
        self.groups = groups
        with self.init_scope():
            self.gamma = Parameter(_initializer(initial_gamma, 1, dtype))
            self.beta = Parameter(_initializer(initial_beta, 0, dtype))
        self.eps = eps
        if size is not None:
            self._initialize_params(size)

    def _initialize_params(self, size):
        self.gamma.initialize(size)
        self.beta.initialize(size)

    def forward(self, x):
        """Apply group normalization.

        Parameters
        ----------
        x : Variable or array
            Shape ``(N, C, ...)`` with at least two dimensions.

        Returns
        -------
        Variable
            Shape and dtype of ``x``.

        Raises
        ------
        ValueError
            If ``x`` has fewer than two dimensions when the size is inferred.
        """
        from kusari.functions.normalization.group_normalization import group_normalization
        if self.gamma.array is None:
            if x.ndim < 2:
                raise ValueError('Input dimension must be at least 2, including batch size '
                                 'dimension (first dimension).')
            self._initialize_params(x.shape[1])
        return group_normalization(x, self.groups, self.gamma, self.beta, self.eps)
