"""relu: the rectified linear unit, differentiable to every order (almost everywhere).

On the CPU, large float32/float64 arrays go through two single-pass kernels
(:mod:`kusari.utils._numba`; ``config.use_numba`` off runs the NumPy path): ``numpy.maximum``
is about 3x slower than a plain copy (its NaN handling does not vectorize), and the NumPy gradient
``gy * (y > 0)`` makes two temporaries.
"""

from kusari import backend
from kusari.backends import cpu_memory
from kusari.function_node import FunctionNode
from kusari.utils import _numba, _threads, force_array, type_check

#: Arrays of at least this many elements take the Numba kernels; below it NumPy's call costs
#: less than Numba's dispatch.
NUMBA_MIN_SIZE = 1 << 14


#: Elements from which the kernels split the array over :mod:`kusari.utils._threads`: relu
#: forward + backward on the 2-core benchmark VM, one thread against two: 2**19 elements
#: 0.157 ms against 0.213, 2**20 elements 0.362 ms against 0.279, 2**21 1.13 against 0.57.
SPLIT_MIN = 1 << 20


# (elements lo .. hi - 1, as slices: an index that provably starts at 0 lets LLVM
# vectorize the loop, where range(lo, hi) kept NumPy's negative-index wraparound: 7x slower)
@_numba.kernel
def _relu_kernel(x, y, zero, lo, hi):
    xf = x.ravel()[lo:hi]
    yf = y.ravel()[lo:hi]
    for i in range(xf.size):
        v = xf[i]
        yf[i] = zero if v < zero else v    # NaN stays NaN, as with numpy.maximum


@_numba.kernel
def _relu_grad_kernel(y, gy, gx, lo, hi):
    yf = y.ravel()[lo:hi]
    gf = gy.ravel()[lo:hi]
    of = gx.ravel()[lo:hi]
    for i in range(yf.size):
        of[i] = gf[i] * (yf[i] > 0)      # a product, so that NaN and inf in gy propagate


def _run(k, *args):
    """``k(*args, lo, hi)`` over the elements of ``args[0]``, split over the threads from
    :data:`SPLIT_MIN` elements on."""
    n = args[0].size
    _threads.split(n, lambda lo, hi: k(*args, lo, hi), SPLIT_MIN, n, uses_blas=False)


def _kernel(k, *arrays):
    """The kernel ``k`` when every array is a large C-contiguous CPU array of one float
    dtype (float32 or float64) and the kernels are on, else None."""
    if (arrays[0].size < _numba.threshold(NUMBA_MIN_SIZE) or _numba.flat(*arrays) is None
            or not _numba.enabled()):
        return None
    return k


class ReLU(FunctionNode):
    def _check_data_type_forward(self, in_data):
        type_check.check_float(self.label, 'x', in_data[0])

    def forward(self, inputs):
        x, = inputs
        self.retain_outputs((0,))
        k = _kernel(_relu_kernel, x)
        if k is not None:
            y = cpu_memory.empty(x.shape, x.dtype)
            _run(k, x, y, x.dtype.type(0))
            return y,
        xp = backend.get_array_module(x)
        return force_array(xp.maximum(x, x.dtype.type(0))),

    def backward(self, indexes, grad_outputs):
        y = self.output_data[0]
        return ReLUGrad2(y).apply(grad_outputs)


class ReLUGrad2(FunctionNode):
    """``gx = gy * (y > 0)`` from ``gy``, with ``y`` (relu's output) held as a constant: the
    mask has a zero derivative, so its backward is itself again, exact at every order."""

    def __init__(self, y):
        self.y = y

    def forward(self, inputs):
        gy, = inputs
        y = self.y
        k = _kernel(_relu_grad_kernel, y, gy)
        if k is not None:
            gx = cpu_memory.empty(gy.shape, gy.dtype)
            _run(k, y, gy, gx)
            return gx,
        return force_array(gy * (y > 0).astype(gy.dtype, copy=False)),

    def backward(self, indexes, grad_outputs):
        return ReLUGrad2(self.y).apply(grad_outputs)


def relu(x):
    """Rectified linear unit :math:`y = \\max(0, x)`, elementwise.

    The derivative at ``x = 0`` is taken as 0, as in Chainer.

    Parameters
    ----------
    x : Variable or array
        Input of any shape ``(s_1, ..., s_N)``, float dtype.

    Returns
    -------
    Variable
        Same shape and dtype as ``x``.

    >>> import numpy, kusari.functions as F
    >>> F.relu(numpy.array([-1., 2.], numpy.float32)).array
    array([0., 2.], dtype=float32)
    """
    return ReLU().apply((x,))[0]
