"""as_strided: a view of an array's memory with a new shape, strides and offset,
differentiable to every order.

The view is a linear function of the input: each output element reads one memory element,
and where several input elements share memory (an input that is itself an overlapping
view) the read counts as their mean. The gradient (:class:`AsStridedGrad`) is its adjoint:
the output gradient is added up per memory element, then shared out equally among the
input elements at that address. Both maps are written with index arrays, and each is the
other's derivative, so every order is exact. (The gradient follows PyTorch's layout-agnostic
rule, as Chainer's does.)
"""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode


def _min_index(shape, strides, offset):
    """The lowest element address (in elements) of a view."""
    return offset + sum((n - 1) * s for n, s in zip(shape, strides) if s < 0 and n > 0)


def _max_index(shape, strides, offset):
    """The highest element address (in elements) of a view."""
    return offset + sum((n - 1) * s for n, s in zip(shape, strides) if s > 0 and n > 0)


def _base_array(array):
    while array.base is not None and isinstance(array.base, type(array)):
        array = array.base
    return array


def _stride_array(array, shape, strides, storage_offset):
    """A view of ``array``'s whole buffer with ``shape``, element ``strides`` and
    ``storage_offset`` (counted from the start of the buffer, in elements).

    Raises
    ------
    ValueError
        If the view would reach outside the buffer.
    """
    shape = tuple(int(n) for n in shape)
    strides = tuple(int(s) for s in strides)
    lo = _min_index(shape, strides, storage_offset)
    hi = _max_index(shape, strides, storage_offset)
    if lo < 0:
        raise ValueError('as_strided: out of buffer: the view reaches index {} (below 0)'
                         .format(lo))
    itemsize = array.itemsize
    byte_strides = tuple(s * itemsize for s in strides)
    if isinstance(array, numpy.ndarray):
        base = _base_array(array)
        if (hi + 1) * itemsize > base.nbytes:
            raise ValueError('as_strided: out of buffer: the view reaches index {} of a buffer '
                             'of {} elements'.format(hi, base.nbytes // itemsize))
        return numpy.ndarray(shape, base.dtype, base.data, storage_offset * itemsize,
                             byte_strides)
    if backend._is_cupy_array(array):
        import cupy
        mem = array.data.mem
        if (hi + 1) * itemsize > mem.size:
            raise ValueError('as_strided: out of buffer: the view reaches index {} of a buffer '
                             'of {} elements'.format(hi, mem.size // itemsize))
        ptr = cupy.cuda.memory.MemoryPointer(mem, storage_offset * itemsize)
        return cupy.ndarray(shape, array.dtype, ptr, byte_strides)
    raise TypeError('as_strided: only numpy.ndarray and cupy.ndarray are accepted, got {}'
                    .format(type(array)))


class TensorGeometry:
    """Shape, element strides and element offset (from the buffer's start) of an array."""

    def __init__(self, array):
        self.shape = array.shape
        self.itemsize = array.itemsize
        for s in array.strides:
            if s % array.itemsize:
                raise ValueError('as_strided: the input has strides {} that are not whole '
                                 'elements'.format(array.strides))
        self.strides = tuple(s // array.itemsize for s in array.strides)
        if isinstance(array, numpy.ndarray):
            base = _base_array(array)
            offset = (array.__array_interface__['data'][0]
                      - base.__array_interface__['data'][0])
        else:
            offset = array.data.ptr - array.data.mem.ptr
        self.storage_offset = offset // array.itemsize

    @property
    def ndim(self):
        return len(self.shape)


def _addresses(xp, shape, strides, offset):
    """The element address of every element of a view, as an int64 array of ``shape``."""
    idx = xp.full(shape, offset, dtype=numpy.int64)
    for axis, (n, s) in enumerate(zip(shape, strides)):
        idx += xp.arange(n, dtype=numpy.int64).reshape(
            (1,) * axis + (n,) + (1,) * (len(shape) - axis - 1)) * s
    return idx


class _Layout:
    """The input and output address maps of one as_strided call, relative to the lowest
    address either touches; ``count`` is how many input elements share each address."""

    def __init__(self, geometry, shape, strides, storage_offset):
        self.in_shape = geometry.shape
        self.out_shape = tuple(shape)
        lo = min(_min_index(geometry.shape, geometry.strides, geometry.storage_offset),
                 _min_index(shape, strides, storage_offset))
        hi = max(_max_index(geometry.shape, geometry.strides, geometry.storage_offset),
                 _max_index(shape, strides, storage_offset))
        self.size = hi - lo + 1
        self.args = (geometry.strides, geometry.storage_offset - lo,
                     tuple(strides), storage_offset - lo)
        self._cache = {}

    def maps(self, xp):
        got = self._cache.get(xp)
        if got is None:
            in_strides, in_off, out_strides, out_off = self.args
            in_idx = _addresses(xp, self.in_shape, in_strides, in_off).ravel()
            out_idx = _addresses(xp, self.out_shape, out_strides, out_off).ravel()
            count = xp.bincount(in_idx, minlength=self.size)
            got = self._cache[xp] = (in_idx, out_idx, count)
        return got

    def gather(self, x):
        """The adjoint of :meth:`scatter`: memory = mean of the input elements at each
        address (zero where none is), read through the output map."""
        xp = backend.get_array_module(x)
        in_idx, out_idx, count = self.maps(xp)
        acc = numpy.float32 if x.dtype == numpy.float16 else x.dtype
        mem = xp.bincount(in_idx, x.ravel().astype(acc), minlength=self.size)
        mem = mem / xp.maximum(count, 1)
        return mem[out_idx].reshape(self.out_shape).astype(x.dtype)

    def scatter(self, gy):
        """Add ``gy`` up per address, then share each sum out among the input elements at
        that address."""
        xp = backend.get_array_module(gy)
        in_idx, out_idx, count = self.maps(xp)
        acc = numpy.float32 if gy.dtype == numpy.float16 else gy.dtype
        mem = xp.bincount(out_idx, gy.ravel().astype(acc), minlength=self.size)
        mem = mem / xp.maximum(count, 1)
        return mem[in_idx].reshape(self.in_shape).astype(gy.dtype)


class AsStrided(FunctionNode):
    """A view of the input's buffer; see the module docstring for the gradient."""

    def __init__(self, shape, strides, storage_offset=None):
        self.shape = tuple(shape)
        self.strides = tuple(strides)
        self.storage_offset = storage_offset
        self.input_geometry = None

    def _check_data_type_forward(self, in_data):
        if len(self.shape) != len(self.strides):
            from kusari.utils import type_check
            type_check.fail(self.label, 'len(shape) == len(strides)',
                            '{} != {}'.format(len(self.shape), len(self.strides)))

    def forward(self, inputs):
        x, = inputs
        self.input_geometry = TensorGeometry(x)
        if self.storage_offset is None:
            self.storage_offset = self.input_geometry.storage_offset
        y = _stride_array(x, self.shape, self.strides, self.storage_offset)
        self._layout = _Layout(self.input_geometry, self.shape, self.strides,
                               self.storage_offset)
        return y,

    def backward(self, indexes, grad_outputs):
        return _AsStridedGrad(self._layout).apply(grad_outputs)


class _AsStridedGrad(FunctionNode):
    """The gradient of :class:`AsStrided`: a linear map whose derivative is
    :class:`_AsStridedView`."""

    def __init__(self, layout):
        self.layout = layout

    def forward(self, inputs):
        gy, = inputs
        if gy.dtype.kind != 'f':
            raise TypeError('as_strided: only float gradients are supported, got {}'.format(
                gy.dtype))
        return self.layout.scatter(gy),

    def backward(self, indexes, grad_outputs):
        return _AsStridedView(self.layout).apply(grad_outputs)


class _AsStridedView(FunctionNode):
    """The view as a function of an input of the same geometry (used in derivatives)."""

    def __init__(self, layout):
        self.layout = layout

    def forward(self, inputs):
        return self.layout.gather(inputs[0]),

    def backward(self, indexes, grad_outputs):
        return _AsStridedGrad(self.layout).apply(grad_outputs)


AsStridedGrad = _AsStridedGrad


def as_strided(x, shape, strides, storage_offset=None):
    """A new view of ``x``'s memory: ``shape``, ``strides`` and ``storage_offset`` in
    elements (not bytes, unlike :func:`numpy.lib.stride_tricks.as_strided`).

    The view reads the whole buffer behind ``x`` (``x``'s own shape and strides are
    ignored); negative strides are allowed. Writing into the result writes into ``x``.
    The gradient adds up the output gradient per memory element; where elements of ``x``
    share memory, each gets an equal share (PyTorch's layout-agnostic rule).

    Parameters
    ----------
    x : Variable or array
        The array whose buffer is viewed.
    shape : tuple of int
        The shape of the view.
    strides : tuple of int
        Its strides, in elements.
    storage_offset : int, optional
        The address of its first element, in elements from the start of the buffer
        (``x``'s own offset when None).

    Returns
    -------
    Variable
        Shape ``shape``, dtype of ``x``.

    Raises
    ------
    ValueError
        If the view reaches outside the buffer.

    >>> import numpy, kusari.functions as F
    >>> F.as_strided(numpy.arange(4.), (3, 2), (1, 1), 0).array
    array([[0., 1.],
           [1., 2.],
           [2., 3.]])
    """
    return AsStrided(shape, strides, storage_offset).apply((x,))[0]
