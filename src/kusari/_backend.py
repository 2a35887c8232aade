"""The device base class (``chainer._backend``); the concrete devices live in ``backends``."""


def _convert_arrays(arrays, func):
    """Apply ``func`` to an array, or to each array of a (nested) list, tuple or dict.

    ``None`` stays ``None``; an array that appears twice is converted once, so the result
    holds one object twice as well. (Chainer converts one level of list or tuple; nesting
    and dicts are kusari's addition.)
    """
    done = {}

    def convert(a):
        if a is None:
            return None
        if isinstance(a, (list, tuple)):
            return type(a)(convert(b) for b in a)
        if isinstance(a, dict):
            return {k: convert(v) for k, v in a.items()}
        b = done.get(id(a))
        if b is None:
            b = done[id(a)] = func(a)
        return b
    return convert(arrays)


class _NullContext:
    def __enter__(self):
        return None

    def __exit__(self, *exc):
        return False


_null_context = _NullContext()


class Device:
    """A place arrays live on (``chainer.backend.Device``).

    Subclasses set ``xp`` (the array module), ``name`` (a unique string such as ``'@numpy'``)
    and ``supported_array_types``, and implement ``send_array``, ``is_array_supported`` and
    ``__eq__``. Make a device current with :func:`kusari.using_device`, not ``with device:``.
    """

    @property
    def xp(self):
        """The array module of the device (``numpy`` or ``cupy``)."""
        raise NotImplementedError('{} does not define xp'.format(type(self).__name__))

    @property
    def name(self):
        """The device's unique name, e.g. ``'@numpy'`` or ``'@cupy:0'``."""
        raise NotImplementedError('{} does not define name'.format(type(self).__name__))

    @property
    def supported_array_types(self):
        """The array types the device's ``xp`` functions take (a tuple of types)."""
        raise NotImplementedError(
            '{} does not define supported_array_types'.format(type(self).__name__))

    def __str__(self):
        return self.name

    def __eq__(self, other):
        raise NotImplementedError('{} does not define __eq__'.format(type(self).__name__))

    def __ne__(self, other):
        return not self == other

    def __hash__(self):
        return hash(self.name)

    def __enter__(self):
        raise RuntimeError(
            'a Device is not a context manager: use `with kusari.using_device(device):` '
            '(chainer.using_device) to make it current')

    def __exit__(self, *exc):
        return False

    def create_context(self):
        """A context manager in which this device is current (nothing to do on the CPU).

        Returns
        -------
        context manager
            What :func:`kusari.using_device` enters.
        """
        return _null_context

    def send(self, arrays):
        """Transfer an array, or a list or tuple of arrays, to this device.

        Parameters
        ----------
        arrays : array, list or tuple of arrays (None allowed)
            What to transfer; shapes and dtypes are kept.

        Returns
        -------
        array, list or tuple
            The arrays on this device (the same objects where already there).
        """
        return _convert_arrays(arrays, self.send_array)

    def send_array(self, array):
        """Transfer one array to this device (implemented by each device)."""
        raise NotImplementedError('{} does not define send_array'.format(type(self).__name__))

    def use(self):
        """Make the device current in this thread (nothing to do on the CPU)."""

    def is_array_supported(self, array):
        """Whether ``array`` is an array of this device.

        Parameters
        ----------
        array : object
            The array to check.

        Returns
        -------
        bool
            True when the device's functions can take ``array`` as it is.
        """
        raise NotImplementedError(
            '{} does not define is_array_supported'.format(type(self).__name__))
