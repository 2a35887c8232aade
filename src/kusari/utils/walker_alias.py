"""Walker's alias method (``chainer.utils.WalkerAlias``): O(1) sampling from a fixed
discrete distribution, used by negative sampling."""
import numpy

from kusari import device_resident


class WalkerAlias(device_resident.DeviceResident):
    """Draw indices ``i`` with probability ``probs[i] / sum(probs)`` in constant time each.

    The table is built once (``O(n log n)``): each of ``n`` equal-width bins holds a
    threshold and two indices; a draw picks a bin uniformly and one of its two indices by
    comparing a uniform number with the threshold.

    Parameters
    ----------
    probs : sequence of float
        Non-negative weights of the ``n`` indices (normalized by their sum).

    Attributes
    ----------
    threshold : array
        Shape ``(n,)``, float32.
    values : array
        Shape ``(2 n,)``, int32: the two indices of each bin.
    """

    def __init__(self, probs):
        p = numpy.asarray(probs, numpy.float64).ravel()
        n = len(p)
        if n == 0:
            raise ValueError('WalkerAlias: probs must not be empty')
        if (p < 0).any() or not p.sum() > 0:
            raise ValueError('WalkerAlias: probs must be non-negative with a positive sum')
        p = (p / p.sum()).astype(numpy.float32)
        threshold = numpy.zeros(n, numpy.float32)
        values = numpy.zeros(2 * n, numpy.int32)
        # sweep the indices by increasing probability: each small one fills its own bin
        # first (threshold = its scaled mass), large ones top up the open bins on the left
        order = sorted(zip(p.tolist(), range(n)))
        filled = 0   # bins [0, filled) are complete (both indices known)
        opened = 0   # bins [0, opened) have their first index
        for prob, i in order:
            mass = prob * n
            while mass > 1 and filled < opened:
                values[2 * filled + 1] = i
                mass -= 1.0 - threshold[filled]
                filled += 1
            threshold[opened] = mass
            values[2 * opened] = i
            opened += 1
        super().__init__()
        self.threshold = threshold
        self.values = values

    def device_resident_accept(self, visitor):
        """Move the table with the object (``to_device`` and the like)."""
        super().device_resident_accept(visitor)
        self.threshold = visitor.visit_array(self.threshold)
        self.values = visitor.visit_array(self.values)

    @property
    def use_gpu(self):
        """Whether the table is on a GPU."""
        return self._device.xp is not numpy

    def sample(self, shape):
        """Draw indices.

        Parameters
        ----------
        shape : int or tuple of int
            The shape of the result.

        Returns
        -------
        array
            int32 indices in ``[0, n)``, on the table's device.
        """
        return self.sample_xp(self._device.xp, shape)

    def sample_xp(self, xp, shape):
        """Draw indices with the random generator of array module ``xp``.

        Parameters
        ----------
        xp : module
            ``numpy`` or ``cupy`` (where the table is).
        shape : int or tuple of int
            The shape of the result.

        Returns
        -------
        array
            int32 indices, shape ``shape``.
        """
        n = len(self.threshold)
        u = xp.random.uniform(0, n, shape)
        index = u.astype(numpy.int32)
        index = xp.minimum(index, n - 1)   # uniform() can round up to n
        frac = (u - index).astype(numpy.float32)
        right = (self.threshold[index] < frac).astype(numpy.int32)
        return self.values[index * 2 + right]

    def sample_gpu(self, shape):
        """Draw indices on the GPU (the table must be there); see :meth:`sample`."""
        return self.sample_xp(self._device.xp, shape)
