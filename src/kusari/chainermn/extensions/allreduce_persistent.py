"""AllreducePersistent: average the float persistents of a model (BN statistics) over the
ranks."""
import numpy

from kusari import backend
from kusari.chainermn.communicators import _memory_utility as _mem
from kusari.training import extension


def _float_persistents(model):
    """``(path, owner link, name, array)`` of the floating-point array persistents, sorted."""
    found = []
    for path, link in model.namedlinks():
        for name in sorted(link._persistent):
            value = link.__dict__.get(name)
            if getattr(value, 'dtype', None) is not None and value.dtype.kind == 'f' \
                    and getattr(value, 'ndim', None) is not None:
                found.append((path + '/' + name, value))
    found.sort(key=lambda item: item[0])
    return found


class AllreducePersistent(extension.Extension):
    """Replace each floating-point persistent array of ``model`` by its mean over the ranks.

    Batch normalization's running mean and variance are estimated on each rank's data only;
    averaging them before evaluating or saving uses every rank's examples. All float arrays
    go in one all-reduce (in float64); integer and Python-scalar persistents (``N``) are left
    alone.

    Parameters
    ----------
    model : kusari.Link
        The model (the same persistents on every rank).
    comm : CommunicatorBase
        The ranks.
    """

    trigger = 1, 'epoch'
    priority = extension.PRIORITY_WRITER + 1    # before the evaluators

    def __init__(self, model, comm):
        self.model = model
        self.comm = comm

    def __call__(self, trainer=None):
        arrays = [a for _, a in _float_persistents(self.model)]
        if not arrays:
            return
        buf = numpy.concatenate([_mem.to_host(a).reshape(-1).astype(numpy.float64)
                                 for a in arrays])
        buf = self.comm.allreduce(buf) * (1.0 / self.comm.size)
        offset = 0
        for a in arrays:
            n = a.size
            part = buf[offset:offset + n].reshape(a.shape).astype(a.dtype)
            offset += n
            backend.copyto(a, _mem.from_host(part, a))
