"""Box and Discrete spaces of the gym stand-in."""
import numpy


class Box:
    def __init__(self, low, high, dtype=numpy.float32):
        self.low = numpy.asarray(low, dtype=dtype)
        self.high = numpy.asarray(high, dtype=dtype)
        self.shape = self.low.shape
        self.dtype = numpy.dtype(dtype)
        self._rng = numpy.random.RandomState(1)

    def sample(self):
        low = numpy.maximum(self.low, -1e3)
        high = numpy.minimum(self.high, 1e3)
        return self._rng.uniform(low, high).astype(self.dtype)

    def contains(self, x):
        x = numpy.asarray(x)
        return x.shape == self.shape and bool(numpy.all((x >= self.low) & (x <= self.high)))


class Discrete:
    def __init__(self, n):
        self.n = n
        self.shape = ()
        self.dtype = numpy.dtype(numpy.int64)
        self._rng = numpy.random.RandomState(1)

    def sample(self):
        return int(self._rng.randint(self.n))

    def contains(self, x):
        return int(x) == x and 0 <= int(x) < self.n
