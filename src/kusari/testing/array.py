"""``assert_allclose`` and non-contiguous copies of arrays for tests."""
import io

import numpy

from kusari import backend


def _on_cpu(a):
    a = getattr(a, 'array', a)          # a Variable stands for its array
    if a is None:
        raise TypeError('assert_allclose: got None instead of an array')
    if isinstance(a, (numpy.ndarray, numpy.generic)) or not hasattr(a, 'shape'):
        return numpy.asarray(a)
    return numpy.asarray(backend.CpuDevice().send(a))


def assert_allclose(x, y, atol=1e-5, rtol=1e-4, verbose=True):
    """Assert ``|x - y| <= atol + rtol * |y|`` elementwise, for arrays on any device.

    Parameters
    ----------
    x, y : array, Variable or scalar
        The actual and the expected values; their shapes must be equal or broadcast.
    atol, rtol : float
        The absolute and relative tolerances.
    verbose : bool
        Show the values in the message (as :func:`numpy.testing.assert_allclose`).

    Raises
    ------
    AssertionError
        If some element differs by more than the tolerance, or the shapes do not
        broadcast; the message gives the shapes, dtypes and the worst element.
    """
    x = _on_cpu(x)
    y = _on_cpu(y)
    try:
        numpy.testing.assert_allclose(x, y, atol=atol, rtol=rtol, verbose=verbose)
    except AssertionError as e:
        raise AssertionError(_mismatch_message(str(e), x, y, atol, rtol)) from None
    except ValueError as e:        # shapes that do not broadcast
        raise AssertionError('assert_allclose: shapes {} and {} differ ({})'.format(
            x.shape, y.shape, e)) from None


def _mismatch_message(numpy_message, x, y, atol, rtol):
    s = io.StringIO()
    s.write(numpy_message + '\n\n')
    s.write('assert_allclose failed:\n  shape: {} {}\n  dtype: {} {}\n'.format(
        x.shape, y.shape, x.dtype, y.dtype))
    if x.shape == y.shape and x.size:
        with numpy.errstate(all='ignore'):
            xx = numpy.atleast_1d(x).astype(numpy.float64)
            yy = numpy.atleast_1d(y).astype(numpy.float64)
            err = numpy.abs(xx - yy)
            allowed = atol + rtol * numpy.abs(yy)
            excess = numpy.where(numpy.isnan(err), numpy.inf, err - allowed)
            i = tuple(int(j) for j in numpy.unravel_index(numpy.argmax(excess), err.shape))
            rel = 'inf' if yy[i] == 0 else err[i] / abs(yy[i])
        s.write('  worst element at {}: x = {}, y = {}\n'.format(i, xx[i], yy[i]))
        s.write('  absolute error {}, relative error {}, allowed {} (atol {} + rtol {} * '
                '|y|)\n'.format(err[i], rel, allowed[i], atol, rtol))
    options = numpy.get_printoptions()
    try:
        numpy.set_printoptions(threshold=10000)
        s.write('x: ' + numpy.array2string(x, prefix='x: ') + '\n')
        s.write('y: ' + numpy.array2string(y, prefix='y: ') + '\n')
    finally:
        numpy.set_printoptions(**options)
    return s.getvalue()


def _as_noncontiguous_array(array):
    """A non-contiguous array equal to ``array`` on the same device (lists and tuples of
    arrays elementwise; None and arrays of at most one element unchanged).

    Every axis of the copy has a stride of minus two elements, so it is neither C- nor
    F-contiguous.
    """
    if isinstance(array, (list, tuple)):
        return type(array)(_as_noncontiguous_array(a) for a in array)
    a = array
    if a is None or a.size <= 1:
        return a
    device = backend.get_device_from_array(a)
    xp = device.xp
    every_other = (slice(None, None, -2),) * a.ndim
    with backend.using_device(device):
        big = xp.empty(tuple(2 * s for s in a.shape), dtype=a.dtype)
        view = big[every_other]
        view[...] = a
    return view
