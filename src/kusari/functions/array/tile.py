"""tile: repeat a whole array (numpy.tile); the backward sums the tiles (every order)."""
import numbers

from kusari import backend
from kusari.function_node import FunctionNode


class Tile(FunctionNode):
    """``numpy.tile(x, reps)``."""

    def __init__(self, reps):
        if isinstance(reps, numbers.Integral) and not isinstance(reps, bool):
            self.reps = (int(reps),)
        elif isinstance(reps, tuple) and all(
                isinstance(r, numbers.Integral) and not isinstance(r, bool) for r in reps):
            self.reps = tuple(int(r) for r in reps)
        else:
            raise TypeError('reps must be int or tuple of ints.\nActual: {}'.format(
                type(reps)))
        if not all(r >= 0 for r in self.reps):
            raise ValueError('All elements in reps must be zero or larger')

    def forward(self, inputs):
        x, = inputs
        self._x_shape = x.shape
        return backend.get_array_module(x).tile(x, self.reps),

    def backward(self, indexes, grad_outputs):
        from kusari.functions.array.reshape import reshape
        from kusari.functions.math.sum import sum as _sum
        gy, = grad_outputs
        n = max(len(self.reps), len(self._x_shape))
        reps = (1,) * (n - len(self.reps)) + self.reps
        shape = (1,) * (n - len(self._x_shape)) + tuple(self._x_shape)
        split = []
        for r, s in zip(reps, shape):
            split += [r, s]
        g = _sum(reshape(gy, tuple(split)), axis=tuple(range(0, 2 * n, 2)))
        return reshape(g, self._x_shape),


def tile(x, reps):
    """Construct an array by repeating ``x`` ``reps`` times, like :func:`numpy.tile`.

    Parameters
    ----------
    x : Variable or array
        The input.
    reps : int or tuple of ints
        Repetitions per axis (non-negative); shorter of ``reps`` and ``x.shape`` is padded
        with leading ones.

    Returns
    -------
    Variable
        Of ``max(x.ndim, len(reps))`` dimensions, axis ``i`` of length
        ``reps[i] * x.shape[i]`` (after padding), dtype of ``x``.
    """
    return Tile(reps).apply((x,))[0]
