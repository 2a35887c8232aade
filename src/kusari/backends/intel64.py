"""``chainer.backends.intel64`` as in a Chainer built without iDeep: the names exist, and
asking for the iDeep device raises a clear error."""
import numpy

from kusari import _backend


class mdarray:  # noqa: N801 - iDeep's name
    """Placeholder for ``ideep4py.mdarray``: no array is an instance of it."""


ideep = None


def is_ideep_available():
    """Always False: kusari does not use iDeep."""
    return False


def check_ideep_available():
    """Raise, since iDeep is never available in kusari.

    Raises
    ------
    RuntimeError
        Always, naming the device specifier that needs iDeep.
    """
    raise RuntimeError(
        "iDeep is not available: kusari has no iDeep ('@intel64') backend; use '@numpy' "
        "(its CPU kernels are built in)")


def should_use_ideep(level):
    """Always False (``chainer.backends.intel64.should_use_ideep``)."""
    return False


def inputs_all_ready(inputs, supported_ndim=(2, 4)):
    """Always False (``chainer.backends.intel64.inputs_all_ready``)."""
    return False


class Intel64Device(_backend.Device):
    """The iDeep device of Chainer; constructing it raises (see check_ideep_available)."""

    xp = numpy
    name = '@intel64'
    supported_array_types = (numpy.ndarray, mdarray)
    __hash__ = _backend.Device.__hash__

    def __init__(self):
        check_ideep_available()

    @staticmethod
    def from_array(array):
        """Always None: no array lives on an iDeep device."""
        return None

    def __eq__(self, other):
        return isinstance(other, Intel64Device)

    def __repr__(self):
        return '<Intel64Device>'
