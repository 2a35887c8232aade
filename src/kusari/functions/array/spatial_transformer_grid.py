"""spatial_transformer_grid: the sampling grid of an affine warp (Spatial Transformer Networks).

The grid is linear in ``theta`` (``theta @ coords`` for constant target coordinates), so it is
written with ``F.matmul`` and is differentiable to every order.
"""
from kusari import backend
from kusari.configuration import config
from kusari.utils import type_check
from kusari.variable import as_variable


def _use_cudnn_kwargs(label, kwargs):
    if 'use_cudnn' in kwargs:
        raise ValueError("The argument \"use_cudnn\" is not supported anymore. Use "
                         "kusari.using_config('use_cudnn', value) context where value can be "
                         "`always`, `never`, or `auto`.")
    if kwargs:
        raise TypeError('{}() got unexpected keyword argument(s) {}'.format(
            label, ', '.join("'{}'".format(k) for k in sorted(kwargs))))


def target_coordinates(xp, h, w, dtype):
    """``(3, h * w)``: the x, y (each in ``[-1, 1]``) and 1 of every target pixel, row-major."""
    ys, xs = xp.meshgrid(xp.linspace(-1, 1, h, dtype=dtype), xp.linspace(-1, 1, w, dtype=dtype),
                         indexing='ij')
    return xp.stack([xs.ravel(), ys.ravel(), xp.ones(h * w, dtype)])


def spatial_transformer_grid(theta, output_shape, **kwargs):
    """The source coordinates of an affine warp, for :func:`spatial_transformer_sampler`.

    Each target pixel ``(x_t, y_t)`` of an ``h_O x w_O`` image (coordinates scaled to
    ``[-1, 1]``) is mapped to ``(x_s, y_s) = theta @ (x_t, y_t, 1)``.

    Parameters
    ----------
    theta : Variable or array
        Shape ``(n, 2, 3)``, float: one affine matrix per example.
    output_shape : pair of ints
        ``(h_O, w_O)``.

    Returns
    -------
    Variable
        Shape ``(n, 2, h_O, w_O)``, dtype of ``theta``: channel 0 holds ``x_s``, channel 1
        ``y_s`` (``(-1, -1)`` is the upper-left corner of the source image).

    >>> import numpy, kusari.functions as F
    >>> theta = numpy.array([[[1., 0., 0.], [0., 1., 0.]]], numpy.float32)
    >>> F.spatial_transformer_grid(theta, (2, 3)).array[0, 0]
    array([[-1.,  0.,  1.],
           [-1.,  0.,  1.]], dtype=float32)
    """
    from kusari.functions.array.reshape import reshape
    from kusari.functions.math.basic_math import matmul
    _use_cudnn_kwargs('spatial_transformer_grid', kwargs)
    theta = as_variable(theta)
    label = 'SpatialTransformerGrid'
    if config.type_check:
        type_check.check_float(label, 'theta', theta.array)
    if config.type_check and (theta.ndim != 3 or theta.shape[1:] != (2, 3)):
        type_check.fail(label, 'theta.ndim == 3 and theta.shape[1:] == (2, 3)',
                        'theta.shape={}'.format(theta.shape))
    h, w = output_shape
    coords = target_coordinates(backend.get_array_module(theta.array), h, w, theta.dtype)
    n = theta.shape[0]
    return reshape(matmul(theta, coords), (n, 2, h, w))
