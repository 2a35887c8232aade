"""``chainer.backends._chainerx`` as in a Chainer built without ChainerX: the names exist,
and asking for a ChainerX device raises a clear error."""
from kusari import _backend


def is_available():
    """Always False: kusari has no ChainerX."""
    return False


class ndarray:  # noqa: N801 - ChainerX's name
    """Placeholder for ``chainerx.ndarray``, for isinstance checks: no array is one, and
    making one raises."""

    def __init__(self, *args, **kwargs):
        raise RuntimeError('chainerx is not available: kusari has no ChainerX backend')


def _unavailable(what):
    return RuntimeError(
        'ChainerX is not available: kusari has no ChainerX backend ({}); use '
        "'@numpy' or '@cupy:N'".format(what))


class ChainerxDevice(_backend.Device):
    """The ChainerX device of Chainer; constructing it raises ``RuntimeError``."""

    __hash__ = _backend.Device.__hash__

    def __init__(self, device):
        raise _unavailable('device {!r}'.format(device))

    @staticmethod
    def from_array(array):
        """Always None: no array is a ChainerX array."""
        return None

    @staticmethod
    def from_fallback_device(device):
        """Raise: there is no ChainerX device to fall back from."""
        raise _unavailable('from_fallback_device')

    def __eq__(self, other):
        return isinstance(other, ChainerxDevice) and other.name == self.name


def to_chx(array):
    """Raise: arrays cannot become ChainerX arrays in kusari.

    Raises
    ------
    RuntimeError
        Always.
    """
    raise _unavailable('to_chx')


def from_chx(array):
    """Return ``array`` (or the list or tuple of arrays) unchanged: nothing is a ChainerX array.

    Parameters
    ----------
    array : array, list or tuple
        Arrays of any device.

    Returns
    -------
    array, list or tuple
        The same object.
    """
    return array
