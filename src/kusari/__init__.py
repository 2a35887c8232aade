"""kusari: Chainer v7's define-by-run API on Python 3.11+ and NumPy 2.

Chainer code imports it as ``chainer`` (the top-level ``chainer`` package serves kusari's
modules under Chainer's names) or ``import kusari as chainer``.
"""
from kusari import (
    backend,  # noqa: F401
    backends,  # noqa: F401
    configuration,
    functions,  # noqa: F401
    utils,  # noqa: F401
)
from kusari._backprop import backward as _backward
from kusari.backend import get_device, is_arrays_compatible, using_device  # noqa: F401
from kusari.backends.cuda import should_use_cudnn, should_use_cudnn_tensor_core  # noqa: F401
from kusari.configuration import config, get_dtype, global_config, mixed16, using_config  # noqa: F401
from kusari.function import Function, FunctionAdapter, force_backprop_mode, no_backprop_mode  # noqa: F401
from kusari.function_node import FunctionNode, grad  # noqa: F401
from kusari.functions.math import basic_math as _basic_math
from kusari.variable import Parameter, Variable, VariableNode, as_array, as_variable  # noqa: F401

__version__ = '0.1.0'

#: Set to True to silence the FutureWarning of :func:`kusari.utils.experimental`.
disable_experimental_feature_warning = False

_basic_math.install_variable_arithmetics()


def backward(outputs, grad_outputs=None, **kwargs):
    """Backprop from several outputs at once, accumulating into the leaves' gradients.

    As in Chainer, no output starts from ones: an output without a gradient contributes
    nothing.

    Parameters
    ----------
    outputs : list of Variable
        The variables to start from.
    grad_outputs : list of array, Variable or None, optional
        Their initial gradients, each of its output's shape and dtype (``None`` elements
        contribute nothing); ``None`` takes each output's ``grad_var`` and clears it.
    **kwargs
        ``enable_double_backprop``, and kusari's additions ``retain_grad`` and
        ``loss_scale`` (as in :meth:`Variable.backward`).

    Raises
    ------
    TypeError
        If ``outputs`` (or ``grad_outputs``) is not a tuple or list, an output is not a
        Variable, or an unknown keyword is given.
    ValueError
        If ``grad_outputs`` has another length than ``outputs``.
    """
    import warnings
    if not isinstance(outputs, (tuple, list)):
        raise TypeError('outputs must be a tuple or a list, not {}'.format(type(outputs)))
    for y in outputs:
        if not isinstance(y, Variable):
            raise TypeError('each output must be a Variable, not {}'.format(type(y)))
    if grad_outputs is not None:
        if not isinstance(grad_outputs, (tuple, list)):
            raise TypeError('grad_outputs must be None, a tuple or a list, not {}'.format(
                type(grad_outputs)))
        if len(grad_outputs) != len(outputs):
            raise ValueError('grad_outputs has {} elements but outputs has {}'.format(
                len(grad_outputs), len(outputs)))
    unknown = set(kwargs) - {'retain_grad', 'enable_double_backprop', 'loss_scale'}
    if unknown:
        raise TypeError('backward() got unexpected keyword arguments {}'.format(sorted(unknown)))
    if grad_outputs is None:
        grad_outputs = []
        for y in outputs:
            if y.grad_var is None:
                warnings.warn('backward: an output has no grad (or appears twice); kusari.'
                              'backward does not start from ones', RuntimeWarning, stacklevel=2)
            grad_outputs.append(y.grad_var)
            y.grad_var = None
    pairs = [(y, gy if gy is None or isinstance(gy, Variable) else Variable(gy))
             for y, gy in zip(outputs, grad_outputs)]
    _backward([(y, gy) for y, gy in pairs if gy is not None],
              kwargs.get('retain_grad', False), kwargs.get('enable_double_backprop', False),
              kwargs.get('loss_scale'))


def is_debug():
    """True when ``config.debug`` is on.

    Returns
    -------
    bool
        The debug mode of the current thread.
    """
    return bool(config.debug)


def set_debug(debug):
    """Turn debug mode (NaN checks on every forward and backward) on or off globally.

    Parameters
    ----------
    debug : bool
        The new global value of ``config.debug``.
    """
    global_config.debug = debug


class DebugMode:
    """Context manager that sets ``config.debug`` for the current thread.

    Parameters
    ----------
    debug : bool
        The value of ``config.debug`` inside the ``with`` block.
    """

    def __init__(self, debug):
        self._ctx = using_config('debug', debug)

    def __enter__(self):
        self._ctx.__enter__()

    def __exit__(self, *exc):
        return self._ctx.__exit__(*exc)


def get_array_types():
    """The array types kusari accepts: numpy.ndarray, plus cupy.ndarray once CuPy is loaded.

    Returns
    -------
    tuple of type
        ``(numpy.ndarray,)`` or ``(numpy.ndarray, cupy.ndarray)``.
    """
    import sys

    import numpy
    cupy = sys.modules.get('cupy')
    return (numpy.ndarray,) if cupy is None else (numpy.ndarray, cupy.ndarray)


def get_cpu_array_types():
    """The array types of the CPU: ``(numpy.ndarray,)`` (kusari has no iDeep arrays).

    Returns
    -------
    tuple of type
        ``(numpy.ndarray,)``.
    """
    import numpy
    return (numpy.ndarray,)


del configuration

# Submodules and names loaded on first use, so that `import kusari` stays fast.
_LAZY_MODULES = {
    'links', 'optimizers', 'optimizer_hooks', 'serializers', 'training', 'datasets', 'dataset',
    'iterators', 'initializers', 'initializer', 'reporter', 'link', 'sequential', 'optimizer',
    'testing', 'gradient_check', 'serializer', 'examples', '_runtime_info',
    'distribution', 'distributions',
    'function_hook', 'function_hooks', 'link_hook', 'link_hooks', 'computational_graph',
    'graph_optimizations', 'device_resident', 'chainermn',
}
_LAZY_NAMES = {
    'Link': 'link', 'Chain': 'link', 'ChainList': 'link', 'Sequential': 'sequential',
    'DeviceResident': 'device_resident',
    'Initializer': 'initializer',
    'Optimizer': 'optimizer', 'GradientMethod': 'optimizer', 'UpdateRule': 'optimizer',
    'Hyperparameter': 'optimizer',
    'Reporter': 'reporter', 'report': 'reporter', 'report_scope': 'reporter',
    'Summary': 'reporter', 'DictSummary': 'reporter', 'get_current_reporter': 'reporter',
    'Serializer': 'serializer', 'Deserializer': 'serializer',
    'AbstractSerializer': 'serializer',
    'DatasetMixin': 'dataset',
    'Distribution': 'distribution', 'kl_divergence': 'distribution',
    'register_kl': 'distribution', 'cross_entropy': 'distribution',
    'FunctionHook': 'function_hook', 'LinkHook': 'link_hook',
    'get_function_hooks': '_hook_tables',
    'static_graph': 'graph_optimizations.static_graph',
    'static_code': 'graph_optimizations.static_graph_utilities',
    'print_runtime_info': '_runtime_info',
}
# Chainer's top-level aliases of names that live elsewhere
_ALIASES = {
    'cuda': ('backends', 'cuda'),               # `from chainer import cuda` (Chainer's alias)
    'basic_math': ('functions.math', 'basic_math'),  # `from chainer import basic_math`
}


def __getattr__(name):
    import importlib
    if name in _LAZY_MODULES:
        return importlib.import_module('kusari.' + name)
    mod = _LAZY_NAMES.get(name)
    if mod is not None:
        return getattr(importlib.import_module('kusari.' + mod), name)
    if name == '_get_link_hooks':   # Chainer's private name for the thread's link hooks
        from kusari._hook_tables import get_link_hooks
        return get_link_hooks
    alias = _ALIASES.get(name)
    if alias is not None:
        return getattr(importlib.import_module('kusari.' + alias[0]), alias[1])
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))
