"""Checks shared by hstack, vstack and dstack."""
from kusari.utils import type_check


def check_same(label, xs, skip_axis, same_shape_below):
    """Equal dtype and ndim; equal shapes except ``skip_axis`` (all axes when ``ndim`` is at
    most ``same_shape_below``, or none when ``same_shape_below`` is None)."""
    if not xs:
        type_check.fail(label, 'in_types.size() > 0', 'in_types.size() == 0')
    x0 = xs[0]
    ndim = x0.ndim
    for i, x in enumerate(xs[1:], 1):
        if x.dtype != x0.dtype:
            type_check.fail(label, 'x0.dtype == x{}.dtype'.format(i),
                            '{} != {}'.format(x0.dtype, x.dtype))
        if x.ndim != ndim:
            type_check.fail(label, 'x0.ndim == x{}.ndim'.format(i),
                            '{} != {}'.format(ndim, x.ndim))
        if same_shape_below is not None and ndim <= same_shape_below:
            if x.shape != x0.shape:
                type_check.fail(label, 'x0.shape == x{}.shape'.format(i),
                                '{} != {}'.format(x0.shape, x.shape))
            continue
        if same_shape_below is None and ndim <= skip_axis:
            continue
        for d in range(ndim):
            if d != skip_axis and x.shape[d] != x0.shape[d]:
                type_check.fail(label, 'x0.shape[{0}] == x{1}.shape[{0}]'.format(d, i),
                                '{} != {}'.format(x0.shape[d], x.shape[d]))
