"""discriminative_margin_based_clustering_loss (De Brabandere et al., 2017): pull the
embeddings of an instance together, push the instance means apart, keep the means small.

A composition of differentiable functions. The L2 norms are taken as ``sqrt`` of a sum of
squares that is replaced by 1 where it is exactly 0 (masked pixels, coinciding means), and
the norm set to 0 there: the value is the norm's, and the gradient at a zero vector is 0
instead of NaN.
"""
import numpy

from kusari import backend
from kusari.variable import as_array


class DiscriminativeMarginBasedClusteringLoss:
    """The loss with its hyperparameters fixed; call it with ``(embeddings, labels)``.

    See :func:`discriminative_margin_based_clustering_loss` for the parameters.

    Raises
    ------
    ValueError
        If ``max_embedding_dim <= 0`` or ``norm`` is neither 1 nor 2.
    """

    def __init__(self, delta_v=0.5, delta_d=1.5, max_embedding_dim=10, norm=1, alpha=1.0,
                 beta=1.0, gamma=0.001):
        if max_embedding_dim <= 0:
            raise ValueError('Max number of embeddings has to be positive!')
        if norm not in (1, 2):
            raise ValueError('For discriminative loss, norm can only be 1 or 2. Obtained the '
                             'value : {}'.format(norm))
        self.delta_v = delta_v
        self.delta_d = delta_d
        self.max_embedding_dim = max_embedding_dim
        self.norm_order = norm
        self.alpha = alpha
        self.beta = beta
        self.gamma = gamma

    def norm(self, x, axis):
        """The L1 or L2 norm of ``x`` over ``axis`` (see the module docstring for L2)."""
        import kusari.functions as F
        if self.norm_order == 1:
            return F.sum(F.absolute(x), axis=axis)
        s = F.sum(x * x, axis=axis)
        nonzero = s.array > 0
        xp = backend.get_array_module(s.array)
        one = xp.ones((), s.dtype)
        return F.where(nonzero, F.sqrt(F.where(nonzero, s, one)), xp.zeros((), s.dtype))

    def __call__(self, embeddings, labels):
        """The three terms ``(alpha * l_var, beta * l_dist, gamma * l_reg)`` (scalars)."""
        import kusari.functions as F
        emb_shape = embeddings.shape
        n_clusters = self.max_embedding_dim
        if emb_shape[1] != n_clusters:
            raise AssertionError('discriminative_margin_based_clustering_loss: embeddings.shape'
                                 '[1] ({}) must equal max_embedding_dim ({})'.format(
                                     emb_shape[1], n_clusters))
        labels = as_array(labels)
        xp = backend.get_array_module(labels)
        dtype = as_array(embeddings).dtype
        n_batch = emb_shape[0]
        # masks[k, b, 0, h, w]: pixel (h, w) of image b belongs to instance k + 1
        masks = (labels[None] == xp.arange(1, n_clusters + 1).reshape(
            (-1,) + (1,) * labels.ndim))[:, :, None].astype(dtype)
        emb = F.broadcast_to(F.expand_dims(embeddings, 0), (n_clusters,) + emb_shape)
        counts = xp.maximum(masks.sum(axis=(2, 3, 4)), 1)[:, :, None]        # (K, B, 1)
        means = F.sum(emb * masks, axis=(3, 4)) / counts                       # (K, B, C)

        l_reg = F.sum(self.norm(means, (1, 2))) / (n_clusters * n_batch)

        spread = (F.broadcast_to(means[:, :, :, None, None], emb.shape) - emb) * masks
        l_var = F.relu(self.norm(spread, 2) - self.delta_v) ** 2              # (K, B, H, W)
        l_var = F.sum(l_var, axis=(1, 2, 3)) / xp.maximum(masks.sum(axis=(1, 2, 3, 4)), 1)
        l_var = F.sum(l_var) / n_clusters

        ia, ib = numpy.triu_indices(n_clusters, 1)
        if len(ia):
            dist = self.norm(means[xp.asarray(ia)] - means[xp.asarray(ib)], 2)   # (P, B)
            l_dist = F.sum(F.relu(2 * self.delta_d - dist) ** 2) / (len(ia) * n_batch)
        else:
            l_dist = F.sum(means * 0)
        return self.alpha * l_var, self.beta * l_dist, self.gamma * l_reg


def discriminative_margin_based_clustering_loss(
        embeddings, labels, delta_v, delta_d, max_embedding_dim, norm=1, alpha=1.0, beta=1.0,
        gamma=0.001):
    """Discriminative margin-based clustering loss of instance embeddings.

    With ``K = max_embedding_dim`` instances (label ``k + 1``; label 0 is background),
    ``mu_kb`` the mean embedding of instance ``k`` in image ``b`` and ``||.||`` the L1 or L2
    norm over the channels:

    - variance term: ``sum_k [sum_{b, pixels of k} relu(||mu_kb - e|| - delta_v)^2 /
      n_k] / K``, with ``n_k`` the pixel count of ``k`` over the batch;
    - distance term: the mean over instance pairs ``k < l`` and images of
      ``relu(2 delta_d - ||mu_kb - mu_lb||)^2``;
    - regularization: ``sum_k ||mu_k||`` (the norm taken over images and channels together)
      divided by ``K B``.

    Parameters
    ----------
    embeddings : Variable or array
        Shape ``(B, K, H, W)``: ``K`` embedding channels per pixel, float.
    labels : Variable or array
        Instance labels, int of shape ``(B, H, W)`` (0: background, ``1..K``: instances).
    delta_v : float
        The pull margin.
    delta_d : float
        The push margin.
    max_embedding_dim : int
        ``K``; must equal ``embeddings.shape[1]``.
    norm : int
        1 or 2.
    alpha, beta, gamma : float
        The weights of the variance, distance and regularization terms.

    Returns
    -------
    tuple of Variable
        ``(alpha * l_var, beta * l_dist, gamma * l_reg)``, scalars of ``embeddings``' dtype,
        differentiable to every order in ``embeddings``.

    Raises
    ------
    ValueError
        If ``max_embedding_dim <= 0`` or ``norm`` is not 1 or 2.
    AssertionError
        If ``embeddings.shape[1] != max_embedding_dim`` (as Chainer).

    Examples
    --------
    >>> import numpy, kusari.functions as F
    >>> emb = numpy.zeros((1, 2, 2, 2))
    >>> labels = numpy.array([[[1, 1], [2, 2]]])
    >>> l_var, l_dist, l_reg = F.discriminative_margin_based_clustering_loss(
    ...     emb, labels, 0.5, 1.5, 2)
    >>> float(l_var.array), float(l_dist.array), float(l_reg.array)   # means coincide
    (0.0, 9.0, 0.0)
    """
    loss = DiscriminativeMarginBasedClusteringLoss(delta_v, delta_d, max_embedding_dim, norm,
                                                   alpha, beta, gamma)
    return loss(embeddings, labels)
