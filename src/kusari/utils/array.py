"""Array helpers (``chainer.utils.array``): ``sum_to``, ``size_of_shape`` and three
deprecated ones kept for old code (``as_vec``, ``as_mat``, ``empty_like``)."""
import warnings

from kusari.utils import size_of_shape, sum_to  # noqa: F401 - defined there, as in Chainer


def _deprecated(name, instead):
    warnings.warn('kusari.utils.array.{} is deprecated: use {} instead.'.format(name, instead),
                  DeprecationWarning, stacklevel=3)


def as_vec(x):
    """Deprecated: ``x`` flattened to one dimension (use ``x.ravel()``).

    Parameters
    ----------
    x : array
        Any shape.

    Returns
    -------
    array
        Shape ``(x.size,)``; ``x`` itself if it is already 1-D.
    """
    _deprecated('as_vec', 'numpy.ravel')
    return x if x.ndim == 1 else x.ravel()


def as_mat(x):
    """Deprecated: ``x`` reshaped to ``(len(x), -1)`` (use ``x.reshape``).

    Parameters
    ----------
    x : array
        At least one dimension.

    Returns
    -------
    array
        Shape ``(x.shape[0], prod(x.shape[1:]))``; ``x`` itself if it is already 2-D.
    """
    _deprecated('as_mat', 'numpy.reshape')
    return x if x.ndim == 2 else x.reshape(len(x), -1)


def empty_like(x):
    """Deprecated: an uninitialized array like ``x`` on its device (use ``xp.empty_like``).

    Parameters
    ----------
    x : array
        Any shape.

    Returns
    -------
    array
        Same shape, dtype and array type as ``x``.
    """
    _deprecated('empty_like', 'numpy.empty_like / cupy.empty_like')
    from kusari import backend
    return backend.get_array_module(x).empty_like(x)
