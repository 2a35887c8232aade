"""copy: a copy of the array on a (possibly other) device; the gradient goes back."""
from kusari import backend
from kusari.function_node import FunctionNode


class Copy(FunctionNode):
    """Copy between two devices; its backward copies the gradient back."""

    def __init__(self, in_device, out_device):
        self._in_device = in_device
        self._out_device = out_device

    def forward(self, inputs):
        x, = inputs
        if self._in_device == self._out_device:
            return x.copy(),
        return self._out_device.send(x),

    def backward(self, indexes, grad_outputs):
        return Copy(self._out_device, self._in_device).apply(grad_outputs)


def copy(x, dst):
    """Copy ``x`` to device ``dst``.

    Parameters
    ----------
    x : Variable or array
        Input of any shape.
    dst : int, str or Device
        A device specifier: ``-1``, ``'@numpy'`` or ``cuda.DummyDevice`` for the CPU, ``N``
        or ``'@cupy:N'`` for GPU N, or a :class:`kusari.backend.Device`.

    Returns
    -------
    Variable
        A copy of ``x`` on ``dst``, same shape and dtype.

    Raises
    ------
    TypeError, ValueError, RuntimeError
        If ``dst`` is not a valid device specifier (see :func:`kusari.get_device`).
    """
    from kusari.backends import cuda
    if dst is cuda.DummyDevice:   # Chainer's old spelling of the CPU
        dst = '@numpy'
    in_device = backend.get_device_from_array(getattr(x, 'array', x))
    return Copy(in_device, backend.get_device(dst)).apply((x,))[0]
