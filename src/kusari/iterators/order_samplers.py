"""Order samplers: decide the order of the examples of each epoch."""
import numpy


class OrderSampler:
    """Base class: ``sampler(current_order, current_position)`` returns the next order."""

    def __call__(self, current_order, current_position):
        raise NotImplementedError


class ShuffleOrderSampler(OrderSampler):
    """A fresh random permutation every epoch.

    Parameters
    ----------
    random_state : numpy.random.RandomState, optional
        The generator. ``None`` uses NumPy's global generator (seeded by
        ``numpy.random.seed``). A generator given here is saved and restored with the
        iterator's state, so a resumed run draws the same orders as an uninterrupted one.
    """

    def __init__(self, random_state=None):
        self._own_state = random_state is not None
        if random_state is None:
            random_state = numpy.random.random.__self__
        self._random = random_state

    def __call__(self, current_order, current_position):
        return self._random.permutation(len(current_order))

    def serialize(self, serializer):
        """Save or load the generator's state (only for a generator given at construction)."""
        if not self._own_state:
            return
        name, keys, pos, has_gauss, cached = self._random.get_state()
        keys = serializer('keys', numpy.array(keys, dtype=numpy.uint32))
        pos = serializer('pos', int(pos))
        has_gauss = serializer('has_gauss', int(has_gauss))
        cached = serializer('cached_gaussian', float(cached))
        self._random.set_state((name, numpy.asarray(keys, dtype=numpy.uint32), int(pos),
                                int(has_gauss), float(cached)))
