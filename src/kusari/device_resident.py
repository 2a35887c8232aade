"""Objects that live on a device (``chainer.device_resident``): :class:`DeviceResident` and
the visitors that move a hierarchy of them.

A :class:`DeviceResident` (every :class:`~kusari.Link`) has a :attr:`~DeviceResident.device`
and moves itself with :meth:`~DeviceResident.to_device`. The move is a walk: a
:class:`DeviceResidentsVisitor` is passed to :meth:`~DeviceResident.device_resident_accept`,
which hands the visitor the object itself, its Variables and its arrays, and passes the
visitor on to its children. A class with device state of its own (an RNN link's state
Variables, a sampler's tables) overrides ``device_resident_accept`` to show them to the
visitor; it does not override ``to_device``.

As in Chainer 7.8.1:

- ``to_device``, ``to_chx`` and ``from_chx`` are final: a subclass that defines one of them
  fails at class creation with ``TypeError``.
- ``to_cpu``, ``to_gpu`` and ``to_intel64`` are deprecated (each call warns
  ``DeprecationWarning``; use ``to_device('@numpy')``, ``to_device('@cupy:N')``). Overriding
  one warns ``DeprecationWarning`` when the class is created, and the override is still
  honoured: a walk that reaches such an object (started by ``to_device`` or by one of the
  three) calls its override instead of moving it itself.
"""
import abc
import threading
import warnings

from kusari import backend
from kusari.backends import _chainerx, cuda, intel64
from kusari.utils import meta

# Chainer's private switch for detecting GPU-to-GPU transfers that to_gpu skips (read by
# updaters): None (warn as usual), or False to record such a skip as True instead of warning.
_thread_local = threading.local()
_thread_local.flag_gpu_to_gpu = None

_TO_METHODS = ('to_cpu', 'to_gpu', 'to_intel64')


_DEVICE_NAMES = {'to_cpu': '@numpy', 'to_gpu': '@cupy:N', 'to_intel64': '@intel64'}


def _warn_deprecated(method):
    # first thing in the deprecated method (before a missing CuPy or iDeep raises)
    warnings.warn("{} is deprecated. Please use to_device('{}') instead.".format(
        method, _DEVICE_NAMES[method]), DeprecationWarning, stacklevel=3)


class DeviceResident(meta.enable_final(meta_base=abc.ABCMeta)):
    """Base class of objects that hold arrays on one device and move as a whole.

    Subclasses with arrays, Variables or other DeviceResidents of their own override
    :meth:`device_resident_accept` (calling the base's first) to show them to the visitor.
    """

    _device = backend.CpuDevice()
    # the deprecated to_* methods a subclass overrides (set per class, see __init_subclass__)
    _overridden_to_methods = ()

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls._overridden_to_methods = tuple(
            name for name in _TO_METHODS
            if getattr(cls, name) is not getattr(DeviceResident, name))

    def __init__(self):
        pass

    def device_resident_accept(self, visitor):
        """Show this object (and whatever it holds on its device) to ``visitor``.

        The base calls ``visitor.visit_device_resident(self)``; an override calls the base,
        then ``visitor.visit_variable(v)`` for each Variable, ``x = visitor.visit_array(x)``
        for each array (keeping the returned array), and ``child.device_resident_accept(
        visitor)`` for each child.

        Parameters
        ----------
        visitor : DeviceResidentsVisitor
            The visitor.
        """
        visitor.visit_device_resident(self)

    @property
    def device(self):
        """The :class:`~kusari.backend.Device` this object lives on."""
        return self._device

    @property
    def xp(self):
        """The array module of :attr:`device` (:mod:`numpy` or :mod:`cupy`)."""
        device = self.device
        return None if device is None else device.xp

    @meta.final(action=DeprecationWarning)
    def to_cpu(self):
        """Move to the CPU (deprecated: use ``to_device('@numpy')``).

        Returns
        -------
        DeviceResident
            This object.
        """
        _warn_deprecated('to_cpu')
        self.device_resident_accept(_ToDeviceVisitor(
            backend.CpuDevice(), entry_method_info=('to_cpu', {}),
            starting_device_resident=self))
        return self

    @meta.final(action=DeprecationWarning)
    def to_gpu(self, device=None):
        """Move to a GPU (deprecated: use ``to_device('@cupy:N')``).

        Unlike ``to_device``, this leaves arrays that are on a GPU already where they are.

        Parameters
        ----------
        device : int or cupy.cuda.Device, optional
            The GPU (the current one by default).

        Returns
        -------
        DeviceResident
            This object.
        """
        _warn_deprecated('to_gpu')
        cuda.check_cuda_available()
        gpu = backend.GpuDevice(cuda._device_or_current(device))
        self.device_resident_accept(_ToDeviceVisitor(
            gpu, entry_method_info=('to_gpu', {'device': gpu.device}),
            skip_between_cupy_devices=True, starting_device_resident=self))
        return self

    @meta.final(action=DeprecationWarning)
    def to_intel64(self):
        """Move to the iDeep device (deprecated; kusari has no iDeep: this raises).

        Raises
        ------
        RuntimeError
            Always (iDeep is not available).
        """
        _warn_deprecated('to_intel64')
        intel64.check_ideep_available()
        self.device_resident_accept(_ToDeviceVisitor(
            intel64.Intel64Device(), entry_method_info=('to_intel64', {}),
            starting_device_resident=self))
        return self

    @meta.final
    def to_chx(self):
        """Convert to ChainerX arrays (kusari has no ChainerX: this raises).

        Raises
        ------
        RuntimeError
            Always.
        """
        if not _chainerx.is_available():
            raise RuntimeError('ChainerX is not available: kusari has no ChainerX backend, '
                               "so {}.to_chx() cannot convert it; use to_device('@numpy') or "
                               "to_device('@cupy:N')".format(type(self).__name__))
        self.device_resident_accept(_ToChxVisitor())
        return self

    @meta.final
    def from_chx(self):
        """Convert ChainerX arrays back to NumPy/CuPy (a no-op in kusari, which has none).

        Returns
        -------
        DeviceResident
            This object.
        """
        if isinstance(self._device, backend.ChainerxDevice):
            self._device = self._device.fallback_device
        self.device_resident_accept(_FromChxVisitor())
        return self

    @meta.final
    def to_device(self, device):
        """Move every registered array and Variable to ``device``, in place.

        Parameters
        ----------
        device : Device, int or str
            A device specifier, as :func:`kusari.get_device` takes (``'@numpy'``,
            ``'@cupy:0'``, ``-1``, ``0``, a :class:`~kusari.backend.Device`, ...).

        Returns
        -------
        DeviceResident
            This object.
        """
        self.device_resident_accept(_ToDeviceVisitor(backend.get_device(device)))
        return self


class DeviceResidentsVisitor:
    """Base class of the visitors that walk a hierarchy of :class:`DeviceResident` objects.

    Subclasses implement the three ``visit_*`` methods.
    """

    def visit_device_resident(self, device_resident):
        """Process a :class:`DeviceResident` (before its Variables and arrays)."""
        raise NotImplementedError(
            '{} does not implement visit_device_resident'.format(type(self).__name__))

    def visit_array(self, arr):
        """Process an array; return the array to keep in its place (possibly ``arr``)."""
        raise NotImplementedError(
            '{} does not implement visit_array'.format(type(self).__name__))

    def visit_variable(self, param):
        """Process a :class:`~kusari.Variable` or :class:`~kusari.Parameter` in place."""
        raise NotImplementedError(
            '{} does not implement visit_variable'.format(type(self).__name__))




class _ToDeviceVisitor(DeviceResidentsVisitor):
    """Moves a hierarchy to one device (what ``to_device`` and the deprecated ``to_*`` do).

    Parameters
    ----------
    device : Device
        The destination.
    entry_method_info : (str, dict), optional
        The deprecated method that started the walk (it warned already) and the keyword
        arguments to call overrides of it with.
    skip_between_cupy_devices : bool
        Leave arrays that are on some GPU already (``to_gpu``'s rule).
    starting_device_resident : DeviceResident, optional
        The object whose deprecated method started the walk (its override is not called
        again).
    """

    def __init__(self, device, entry_method_info=None, skip_between_cupy_devices=False,
                 starting_device_resident=None):
        if not isinstance(device, backend.Device):
            raise TypeError('_ToDeviceVisitor needs a Device, not {}'.format(
                type(device).__name__))
        self._device = device
        self._entry_method_info = entry_method_info
        self._skip_between_cupy_devices = skip_between_cupy_devices
        self._starting_device_resident = starting_device_resident

    def visit_device_resident(self, device_resident):
        device_resident._device = self._device
        overridden = device_resident._overridden_to_methods
        if not overridden or device_resident is self._starting_device_resident:
            return
        if self._entry_method_info is not None:
            method, kwargs = self._entry_method_info
        else:
            method, kwargs = self._method_for(self._device)
        if method in overridden:
            # a subclass's own to_cpu / to_gpu / to_intel64: Chainer code relied on these
            getattr(device_resident, method)(**kwargs)

    @staticmethod
    def _method_for(device):
        # the deprecated method (and its arguments) that moves to ``device``
        if isinstance(device, backend.GpuDevice):
            return 'to_gpu', {'device': device.device.id}
        if isinstance(device, backend.CpuDevice):
            return 'to_cpu', {}
        if isinstance(device, backend.Intel64Device):
            return 'to_intel64', {}
        return None, {}

    def _skip(self, device):
        return (self._skip_between_cupy_devices
                and isinstance(self._device, backend.GpuDevice)
                and isinstance(device, backend.GpuDevice))

    def visit_array(self, arr):
        device = backend.get_device_from_array(arr)
        if self._skip(device):
            self._warn_to_gpu(device, self._device)
            return arr
        return self._device.send(arr)

    def visit_variable(self, param):
        device = param.device
        if self._skip(device):
            self._warn_to_gpu(device, self._device)
            return
        param.to_device(self._device)

    @staticmethod
    def _warn_to_gpu(src_device, dst_device):
        src_id = src_device.device.id
        dst_id = dst_device.device.id
        if src_id == dst_id:
            return
        flag = getattr(_thread_local, 'flag_gpu_to_gpu', None)
        if flag is None:
            warnings.warn(
                'to_gpu({dst}) leaves a DeviceResident that is on GPU {src} already where it '
                "is; to_device('@cupy:{dst}') moves it between GPUs.".format(
                    dst=dst_id, src=src_id), RuntimeWarning)
        else:
            _thread_local.flag_gpu_to_gpu = True


class _ToChxVisitor(DeviceResidentsVisitor):
    """Converts a hierarchy to ChainerX (unreachable in kusari: ``to_chx`` raises first)."""

    def visit_device_resident(self, device_resident):
        device_resident._device = backend.ChainerxDevice.from_fallback_device(
            device_resident._device)

    def visit_array(self, arr):
        return backend.to_chx(arr)

    def visit_variable(self, param):
        param.to_chx()


class _FromChxVisitor(DeviceResidentsVisitor):
    """Converts ChainerX arrays of a hierarchy back (nothing to convert in kusari)."""

    def visit_device_resident(self, device_resident):
        if isinstance(device_resident._device, backend.ChainerxDevice):
            device_resident._device = device_resident._device.fallback_device

    def visit_array(self, arr):
        return backend.from_chx(arr)

    def visit_variable(self, param):
        from_chx = getattr(param, 'from_chx', None)
        if from_chx is not None:
            from_chx()
