"""``BackendConfig`` and ``inject_backend_tests``: running one test on several backends."""
import functools
import inspect
import unittest

from kusari import backend
from kusari.configuration import using_config
from kusari.testing import _cases, attr


class BackendConfig:
    """One backend to run a test on: a device and the configuration that goes with it.

    Parameters
    ----------
    params : dict
        Values of the properties below; the others keep their defaults.

    Attributes
    ----------
    use_chainerx, chainerx_device : bool, str
        A ChainerX device (``'native:0'``, ``'cuda:0'``); ChainerX is not part of kusari,
        so such a configuration cannot make its device and tests on it are skipped.
    use_cuda, cuda_device : bool, int
        A CuPy device (device 0 unless given).
    use_cudnn, cudnn_deterministic, autotune, cudnn_fast_batch_normalization
        cuDNN settings, set as configuration inside ``with config:``.
    use_ideep : str
        ``'never'``, ``'auto'`` or ``'always'``; other than ``'never'`` asks for the iDeep
        device, which kusari does not have (tests on it are skipped).

    Raises
    ------
    TypeError
        If ``params`` is not a dict.
    ValueError
        If it names an unknown property.
    """

    _props = [
        ('use_chainerx', False),
        ('chainerx_device', None),
        ('use_cuda', False),
        ('cuda_device', None),
        ('use_cudnn', 'never'),
        ('cudnn_deterministic', False),
        ('autotune', False),
        ('cudnn_fast_batch_normalization', False),
        ('use_ideep', 'never'),
    ]

    _device = None

    def __init__(self, params):
        if not isinstance(params, dict):
            raise TypeError('BackendConfig takes a dict, got {}'.format(type(params).__name__))
        self._contexts = []
        for key, default in self._props:
            setattr(self, key, default)
        for key, value in params.items():
            if not any(key == k for k, _ in self._props):
                raise ValueError('BackendConfig has no parameter {!r} (known: {})'.format(
                    key, ', '.join(k for k, _ in self._props)))
            setattr(self, key, value)
        if self.use_chainerx and not isinstance(self.chainerx_device, str):
            raise ValueError("use_chainerx needs 'chainerx_device', a ChainerX device "
                             "specifier such as 'native:0'")
        if self.use_cuda and self.cuda_device is None:
            self.cuda_device = 0

    @property
    def device(self):
        """The :class:`~kusari.backend.Device` of this configuration (made on first use).

        Raises
        ------
        RuntimeError
            For a backend kusari cannot provide here (ChainerX, iDeep, CUDA without CuPy).
        """
        if self._device is None:
            if self.use_cuda:
                device = backend.GpuDevice.from_device_id(self.cuda_device)
            elif self.use_chainerx:
                device = backend.get_device(self.chainerx_device)
            elif self.use_ideep != 'never':
                device = backend.Intel64Device()
            else:
                device = backend.CpuDevice()
            self._device = device
        return self._device

    @property
    def xp(self):
        """The array module of the device."""
        return self.device.xp

    def unavailable_reason(self):
        """Why tests on this configuration cannot run here, or None when they can.

        Returns
        -------
        str or None
        """
        if self.use_chainerx:
            return 'ChainerX is not available in kusari ({})'.format(self.chainerx_device)
        if self.use_cuda:
            need = self.cuda_device + 1
            have = attr._usable_gpus()
            if have < need:
                return 'CuPy with {} CUDA device{} required, {} usable'.format(
                    need, 's' if need > 1 else '', have)
        elif self.use_ideep != 'never':
            from kusari.backends import intel64
            if not intel64.is_ideep_available():
                return 'iDeep is not available in kusari (use_ideep={!r})'.format(
                    self.use_ideep)
        return None

    def __enter__(self):
        contexts = [
            using_config('use_cudnn', self.use_cudnn),
            using_config('cudnn_deterministic', self.cudnn_deterministic),
            using_config('autotune', self.autotune),
            using_config('use_ideep', self.use_ideep),
            backend.using_device(self.device),
        ]
        entered = []
        try:
            for c in contexts:
                c.__enter__()
                entered.append(c)
        except BaseException:
            for c in reversed(entered):
                c.__exit__(None, None, None)
            raise
        self._contexts.append(entered)
        return self

    def __exit__(self, typ, value, tb):
        for c in reversed(self._contexts.pop()):
            c.__exit__(typ, value, tb)

    def __repr__(self):
        return '<BackendConfig {}>'.format(' '.join(
            '{}={!r}'.format(k, getattr(self, k)) for k, _ in self._props))

    def get_func_str(self):
        """The configuration as a string usable in a name (``use_cuda_true__cuda_device_0...``).

        Returns
        -------
        str
        """
        parts = []
        for key, _ in self._props:
            value = getattr(self, key)
            text = 'true' if value is True else 'false' if value is False else str(value)
            parts.append('{}_{}'.format(key, text))
        return '__'.join(parts)

    def get_pytest_marks(self):
        """The marks of tests on this configuration (``attr.gpu``, ``attr.cudnn``, ...).

        Returns
        -------
        list of callable
            Decorators from :mod:`kusari.testing.attr`.
        """
        marks = []
        if self.use_chainerx:
            marks.append(attr.chainerx)
            kind, _, index = self.chainerx_device.partition(':')
            if kind == 'cuda':
                marks.append(attr.gpu)
                if int(index or 0) >= 1:
                    marks.append(attr.multi_gpu(int(index) + 1))
        elif self.use_cuda:
            marks.append(attr.gpu)
            if self.use_cudnn != 'never':
                marks.append(attr.cudnn)
            if self.cuda_device >= 1:
                marks.append(attr.multi_gpu(self.cuda_device + 1))
        elif self.use_ideep != 'never':
            marks.append(attr.ideep)
        return marks

    def get_array(self, np_array):
        """``np_array`` (an array, or a tuple or list of them) sent to the device."""
        return self.device.send(np_array)


def _without_first_argument(method):
    """The signature of ``method`` less the argument after ``self`` (the configuration), so
    that pytest does not take it for a fixture."""
    try:
        sig = inspect.signature(method)
    except (TypeError, ValueError):  # pragma: no cover - builtins
        return None
    params = list(sig.parameters.values())
    if len(params) >= 2 and params[1].kind in (params[1].POSITIONAL_ONLY,
                                                params[1].POSITIONAL_OR_KEYWORD):
        del params[1]
    return sig.replace(parameters=params)


def _backend_method(method, config, marks):
    @functools.wraps(method)
    def test(self, *args, **kwargs):
        reason = config.unavailable_reason()
        if reason is not None:
            raise unittest.SkipTest(reason)
        return method(self, config, *args, **kwargs)

    signature = _without_first_argument(method)
    if signature is not None:
        test.__signature__ = signature
    for mark in marks:
        test = mark(test)
    return test


def inject_backend_tests(method_names, params):
    """Class decorator: run test methods once per backend configuration.

    For each dict of ``params`` a subclass named ``Base_<config.get_func_str()>`` is made
    whose test methods get the :class:`BackendConfig` as their first argument after
    ``self`` (``def test_forward(self, backend_config)``) and carry its marks (``gpu``,
    ``cudnn``, ``chainerx``, ``ideep``). Configurations that cannot run here (no CuPy or not
    enough devices, ChainerX, iDeep) are skipped with the reason. Stacks with
    :func:`~kusari.testing.parameterize`.

    Parameters
    ----------
    method_names : list of str or None
        The methods to inject into (None: every ``test_*`` method). With a list, the other
        test methods stay in a class of the base's name and run once, without a
        configuration.
    params : list of dict
        The configurations, as :class:`BackendConfig` parameters.

    Returns
    -------
    callable
        The decorator.

    Raises
    ------
    TypeError
        If ``method_names`` is neither None nor a list, or ``params`` is not a list of
        dicts.
    """
    if not (method_names is None or isinstance(method_names, list)):
        raise TypeError('method_names must be None or a list of method names')
    if not isinstance(params, list) or not all(isinstance(p, dict) for p in params):
        raise TypeError('params must be a list of dicts')
    for p in params:
        BackendConfig(p)            # refuse bad parameters when decorating

    def make_cases(base):
        if method_names is not None:
            yield (base.__name__, {},
                   lambda method: None if method.__name__ in method_names else method)
        for config in [BackendConfig(p) for p in params]:
            marks = config.get_pytest_marks()

            def wrap(method, config=config, marks=marks):
                if method_names is not None and method.__name__ not in method_names:
                    return None
                return _backend_method(method, config, marks)

            yield '{}_{}'.format(base.__name__, config.get_func_str()), {}, wrap

    return _cases.generator_decorator(make_cases)
