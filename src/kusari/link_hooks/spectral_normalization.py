"""SpectralNormalization: divide a link's weight by its largest singular value."""
from kusari import backend, configuration, links
from kusari import functions as F
from kusari.link_hooks import _reparametrize
from kusari.utils import force_array
from kusari.variable import Parameter


def _normalized(xp, v, eps):
    return v / (xp.linalg.norm(v) + eps)


def update_approximate_vectors(weight_matrix, u, n_power_iteration, eps):
    """Refine the leading left and right singular vectors of ``weight_matrix`` by power
    iteration (on arrays: no graph is recorded).

    Parameters
    ----------
    weight_matrix : Variable or array, shape (m, n)
        The weight as a matrix.
    u : array, shape (m,)
        The current left vector.
    n_power_iteration : int
        The number of iterations (each updates ``v`` then ``u``).
    eps : float
        Added to the norms before dividing.

    Returns
    -------
    tuple of array
        ``u`` of shape (m,) and ``v`` of shape (n,), each of unit norm (up to ``eps``).
    """
    W = getattr(weight_matrix, 'array', weight_matrix)
    xp = backend.get_array_module(W)
    v = None
    for _ in range(n_power_iteration):
        v = _normalized(xp, xp.dot(u, W), eps)
        u = _normalized(xp, xp.dot(W, v), eps)
    return u, v


def calculate_max_singular_value(weight_matrix, u, v):
    """``u^T W v``: the largest singular value of ``W`` when ``u``, ``v`` are its leading
    singular vectors; differentiable in ``W`` (``u`` and ``v`` are constants).

    Parameters
    ----------
    weight_matrix : Variable, shape (m, n)
    u : array, shape (m,)
    v : array, shape (n,)

    Returns
    -------
    Variable, shape ()
    """
    Wv = F.matmul(weight_matrix, v.reshape(-1, 1))        # (m, 1)
    return F.sum(Wv * u.reshape(-1, 1))


class SpectralNormalization(_reparametrize.WeightHook):
    """During each forward of the link, use ``W / sigma(W)`` instead of its weight ``W``.

    ``sigma(W)``, the largest singular value of ``W`` (reshaped to a matrix whose rows are
    the output units: ``W.shape[0]`` rows, or ``W.shape[1]`` for the deconvolutions), is
    estimated as ``u^T W v`` with vectors refined by ``n_power_iteration`` steps of power
    iteration per call (Miyato et al., 2018, "Spectral Normalization for Generative
    Adversarial Networks"). The left vector ``u`` is kept on the link as the persistent
    array ``<weight_name>_u`` (saved by serializers) and updated in training mode only;
    gradients flow to ``W`` through the normalized weight, with ``u`` and ``v`` held
    constant, to every order. With ``config.in_recomputing`` set, ``u`` and ``v`` of the last
    call are reused unchanged.

    Parameters
    ----------
    n_power_iteration : int
        Power-iteration steps per forward (at least 1).
    eps : float
        Added to the norms in the power iteration.
    use_gamma : bool
        Also learn a scale: the weight used is ``gamma * W / sigma(W)`` with the Parameter
        ``link.gamma`` (shape ``()``), initialized to the largest singular value of the
        initial weight. Add the hook before setting up the optimizer so that it sees
        ``gamma``.
    factor : float, optional
        Divide ``sigma`` by it (the weight's spectral norm becomes ``factor``).
    weight_name : str
        The attribute holding the weight (``'W'``).
    name : str, optional
        The hook's name (``'SpectralNormalization'``).

    Attributes
    ----------
    vector_name : str
        ``weight_name + '_u'``.
    axis : int
        The weight's axis of output units.

    Examples
    --------
    >>> layer = L.Linear(5, 3).add_hook(SpectralNormalization())
    >>> layer.W_u.shape
    (3,)
    """

    name = 'SpectralNormalization'

    def __init__(self, n_power_iteration=1, eps=1e-6, use_gamma=False, factor=None,
                 weight_name='W', name=None):
        if int(n_power_iteration) < 1:
            raise ValueError('SpectralNormalization: n_power_iteration must be at least 1, '
                             'got {}'.format(n_power_iteration))
        super().__init__(weight_name, name)
        self.n_power_iteration = int(n_power_iteration)
        self.eps = eps
        self.use_gamma = use_gamma
        self.factor = factor
        self.vector_name = weight_name + '_u'
        self.axis = 0
        self.v = None

    def added(self, link):
        if isinstance(link, (links.Deconvolution2D, links.DeconvolutionND)):
            self.axis = 1
        super().added(link)

    def deleted(self, link):
        if hasattr(link, self.vector_name):   # absent while a lazy weight was never shaped
            delattr(link, self.vector_name)
        if self.use_gamma and hasattr(link, 'gamma'):
            del link.gamma

    def _initialize(self, link):
        W = getattr(link, self.weight_name)
        if W.shape[self.axis] == 0:
            raise ValueError('SpectralNormalization: {}.shape[{}] must be positive, got '
                             'shape {}'.format(self.weight_name, self.axis, W.shape))
        xp = link.xp
        u = xp.random.normal(size=(W.shape[self.axis],)).astype(W.dtype)
        setattr(link, self.vector_name, u)
        link.register_persistent(self.vector_name)
        if self.use_gamma:
            s = xp.linalg.svd(self.reshape_W(W.array), compute_uv=False)
            with link.init_scope():
                link.gamma = Parameter(force_array(s[0]))
        self._initialized = True

    def reshape_W(self, W):
        """``W`` (array or Variable) as a matrix with the output units along the rows.

        Parameters
        ----------
        W : Variable or array
            The weight, of 2 or more dimensions.

        Returns
        -------
        Variable or array, shape (W.shape[axis], W.size // W.shape[axis])
        """
        if self.axis != 0:
            W = W.transpose([self.axis] + [i for i in range(W.ndim) if i != self.axis])
        if W.ndim == 2:
            return W
        return W.reshape(W.shape[0], -1)

    def normalize_weight(self, link):
        """The weight to use in this forward: ``[gamma *] W / sigma(W) [* factor]``.

        Updates the stored ``u`` in training mode (not while recomputing).

        Parameters
        ----------
        link : Link
            The hooked link.

        Returns
        -------
        Variable
            Of the weight's shape and dtype.
        """
        W = getattr(link, self.weight_name)
        u = getattr(link, self.vector_name)
        matrix = self.reshape_W(W)
        recomputing = configuration.config.in_recomputing
        if recomputing:
            v = self.v
        else:
            with backend.using_device(link.device):
                u, v = update_approximate_vectors(matrix, u, self.n_power_iteration, self.eps)
        sigma = calculate_max_singular_value(matrix, u, v)
        if self.factor is not None:
            sigma = sigma / self.factor
        W = (link.gamma * W if self.use_gamma else W) / sigma
        if not recomputing:
            self.v = v
            if configuration.config.train:
                getattr(link, self.vector_name)[...] = u
        return W

    def _weight(self, link, W):
        return self.normalize_weight(link)
