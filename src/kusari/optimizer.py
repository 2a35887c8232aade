"""Optimizers: ``Optimizer``, ``GradientMethod``, ``UpdateRule`` and ``Hyperparameter``.

An :class:`Optimizer` is set up on a target link; a :class:`GradientMethod` gives each parameter
an :class:`UpdateRule` holding that parameter's state (moving averages and the like) and a
:class:`Hyperparameter` whose missing entries are looked up in the optimizer's own
hyperparameter, so ``optimizer.lr = 0.1`` changes every rule while ``rule.hyperparam.lr = 0.1``
changes one.

Serialized keys follow Chainer: ``t`` and ``epoch`` for the optimizer, then for each parameter
``<path>/t`` and ``<path>/<state name>`` (for example ``l1/W/m``).
"""
import collections
import copy
import math
import warnings

import numpy

from kusari import backend
from kusari import serializer as serializer_module
from kusari.variable import Parameter, Variable


class _Hookable:
    """An ordered set of named hooks called before ('pre') or after ('post') an update."""

    def __init__(self, invalid_timing_fallback=False):
        self._pre_update_hooks = collections.OrderedDict()
        self._post_update_hooks = collections.OrderedDict()
        self._invalid_timing_fallback = invalid_timing_fallback

    def add_hook(self, hook, name, timing):
        if not callable(hook):
            raise TypeError('hook function must be callable')
        if timing not in ('pre', 'post', 'auto'):
            raise ValueError("timing must be one of ('pre', 'post', 'auto'), got {!r}".format(
                timing))
        if timing == 'auto':
            timing = getattr(hook, 'timing', 'pre')
            if timing not in ('pre', 'post') and self._invalid_timing_fallback:
                warnings.warn("Hook timing attribute not in ('pre', 'post'), defaulting timing "
                              "to 'pre'.")
                timing = 'pre'
        if name is None:
            name = getattr(hook, 'name', getattr(hook, '__name__', None))
            if name is None:
                raise ValueError('the name of the hook function is not specified')
        if name in self._pre_update_hooks or name in self._post_update_hooks:
            raise KeyError('hook "{}" already exists'.format(name))
        if timing == 'pre':
            self._pre_update_hooks[name] = hook
        else:
            self._post_update_hooks[name] = hook

    def remove_hook(self, name):
        if name in self._pre_update_hooks:
            del self._pre_update_hooks[name]
        else:
            del self._post_update_hooks[name]

    def hooks(self, timing):
        if timing == 'pre':
            return self._pre_update_hooks
        if timing == 'post':
            return self._post_update_hooks
        raise ValueError("timing must be either 'pre' or 'post', got {!r}".format(timing))


class Hyperparameter:
    """A set of hyperparameter entries; entries it lacks are read from its parent.

    Parameters
    ----------
    parent : Hyperparameter, optional
        Where missing entries are looked up (typically the optimizer's hyperparameter).
    """

    def __init__(self, parent=None):
        self._parent = parent

    def __getattr__(self, name):
        if '_parent' not in self.__dict__:
            raise AttributeError('_parent is not set up yet')
        parent = self.__dict__['_parent']
        if parent is None:
            raise AttributeError('hyperparameter {!r} is not set'.format(name))
        return getattr(parent, name)

    def __getstate__(self):
        return dict(self.__dict__)

    def __setstate__(self, state):
        self.__dict__.update(state)

    def __repr__(self):
        d = self.get_dict()
        return 'Hyperparameter({})'.format(
            ', '.join('{}={}'.format(k, d[k]) for k in sorted(d)))

    @property
    def parent(self):
        """The parent hyperparameter (or None)."""
        return self._parent

    def get_dict(self):
        """All entries visible from this object (the parent's, overridden by its own).

        Returns
        -------
        dict
        """
        d = {} if self._parent is None else self._parent.get_dict()
        for k, v in self.__dict__.items():
            if k != '_parent':
                d[k] = v
        return d


class UpdateRule:
    """How one parameter is updated from its gradient; holds that parameter's state.

    Subclasses override :meth:`init_state` (allocate ``self.state[...]`` arrays) and
    :meth:`update_core_cpu` / :meth:`update_core_gpu` (or :meth:`update_core`).

    Parameters
    ----------
    parent_hyperparam : Hyperparameter, optional
        The defaults this rule's :attr:`hyperparam` falls back to.

    Attributes
    ----------
    enabled : bool
        False makes :meth:`update` a no-op.
    hyperparam : Hyperparameter
        This rule's hyperparameters.
    t : int
        The number of updates made by this rule.
    """

    is_elementwise = False

    def __init__(self, parent_hyperparam=None):
        self._state = None
        self.enabled = True
        self.hyperparam = Hyperparameter(parent_hyperparam)
        self.t = 0
        self._use_fp32_update = False
        self._fp32_param = None
        self._hookable = _Hookable()

    @property
    def state(self):
        """The state dictionary (None before the first update)."""
        return self._state

    def add_hook(self, hook, name=None, timing='auto'):
        """Add ``hook(rule, param)``, called before ('pre') or after ('post') each update.

        Parameters
        ----------
        hook : callable
            Takes the update rule and the parameter.
        name : str, optional
            The registration name; defaults to ``hook.name`` or ``hook.__name__``.
        timing : {'auto', 'pre', 'post'}
            'auto' uses ``hook.timing`` (default 'pre').
        """
        self._hookable.add_hook(hook, name, timing)

    def remove_hook(self, name):
        """Remove the hook registered as ``name`` (KeyError if there is none)."""
        self._hookable.remove_hook(name)

    def update(self, param):
        """Run the hooks and update ``param`` in place from its gradient.

        Parameters
        ----------
        param : Parameter
            The parameter (its ``grad`` is divided by the loss scale of the last backward).
        """
        if not self.enabled:
            return
        self.t += 1
        data = param.array
        is_initialized = data is not None
        if self._use_fp32_update and _dtype_or_none(param) == numpy.float16:
            if self._fp32_param is None:
                if is_initialized:
                    self._fp32_param = Parameter(data.astype(numpy.float32), name=param.name)
                else:
                    self._fp32_param = _uninitialized_parameter(numpy.float32, param.name)
            fp32_param = self._fp32_param
            if is_initialized:
                fp32_param.grad = param.grad.astype(numpy.float32)
            target = fp32_param
        else:
            fp32_param = None
            target = param
        if is_initialized:
            self._init_states(target)
            loss_scale = param._loss_scale
            if loss_scale is not None and target.grad is not None:
                target.grad /= loss_scale
        pre = self._hookable._pre_update_hooks
        if pre:
            for hook in list(pre.values()):
                hook(self, target)
        self.update_core(target)
        post = self._hookable._post_update_hooks
        if post:
            for hook in list(post.values()):
                hook(self, target)
        if fp32_param is not None:
            if is_initialized:
                param.array = fp32_param.array.astype(param.dtype)
            fp32_param.grad = None

    def update_core(self, param):
        """Update ``param``: calls :meth:`update_core_cpu` or :meth:`update_core_gpu`, by
        the device of the parameter (where an uninitialized one will be made)."""
        data = param.array
        if isinstance(data, numpy.ndarray) or (data is None and param.device.xp is numpy):
            self.update_core_cpu(param)
        else:
            self.update_core_gpu(param)

    def update_core_cpu(self, param):
        """Update a parameter held in a NumPy array."""
        raise NotImplementedError(
            '{} does not implement update_core_cpu'.format(type(self).__name__))

    def update_core_gpu(self, param):
        """Update a parameter held in a CuPy array."""
        raise NotImplementedError(
            '{} does not implement update_core_gpu'.format(type(self).__name__))

    def update_core_chainerx(self, param):
        """Update a parameter held in a ChainerX array: kusari has no ChainerX.

        Raises
        ------
        RuntimeError
            Always (Chainer's rules call it only for ChainerX parameters).
        """
        raise RuntimeError('{}.update_core_chainerx: ChainerX is not available in kusari'
                           .format(type(self).__name__))

    def init_state(self, param):
        """Fill ``self.state`` for ``param`` (called before the first update)."""

    def serialize(self, serializer):
        """Save or load ``t`` and the state arrays (not the parameter itself).

        When loading into a rule that has not updated yet, the state keys are found by
        running :meth:`init_state` on a dummy parameter. If the file holds none of them (the
        saved rule never updated, e.g. its parameter was never initialized) the state stays
        unset and is made at the next update; if it holds only some of them, the KeyError is
        raised (disabled rules tolerate that too, as in Chainer).
        """
        self.t = serializer('t', self.t)
        if self._state is None:
            if isinstance(serializer, serializer_module.Deserializer):
                self._state = {}
                probe = copy.copy(self)
                arr = numpy.empty(1, dtype=numpy.float32)
                probe.init_state(Variable(arr, grad=arr))
                keys = list(self._state)
                self._state = None
                values, missing = {}, None
                for key in keys:
                    try:
                        values[key] = serializer(key, None)
                    except KeyError as e:
                        missing = missing or e
                if missing is not None and values and self.enabled:
                    raise missing
                if missing is None and all(v is not None for v in values.values()):
                    self._state = values
        else:
            for key in self._state:
                self._state[key] = serializer(key, self._state[key])

    def _init_states(self, param):
        state = self._state
        if state is None:
            state = self._state = {}
            self.init_state(param)
        device = None
        for name, value in state.items():
            if isinstance(value, numpy.ndarray) and isinstance(param.array, numpy.ndarray):
                continue
            if isinstance(value, numpy.ndarray) or backend._is_cupy_array(value):
                if device is None:
                    device = backend.get_device_from_array(param.array)
                state[name] = device.send(value)

    def use_fp32_update(self, flag=True):
        """Update float16 parameters through a float32 copy (mixed-precision training)."""
        self._use_fp32_update = flag


def _dtype_or_none(param):
    """The dtype of ``param``; ``None`` for an uninitialized one whose dtype is not known."""
    try:
        return param.dtype
    except RuntimeError:
        return None


def _uninitialized_parameter(dtype, name):
    """An uninitialized Parameter whose dtype is ``dtype`` (its initializer never runs)."""
    def initializer(array):
        raise RuntimeError('the float32 copy of an uninitialized float16 parameter is never '
                           'initialized')
    initializer.dtype = dtype
    return Parameter(initializer, name=name)


class _OptimizerHookable(_Hookable):
    def __init__(self, optimizer):
        super().__init__(invalid_timing_fallback=True)
        self.optimizer = optimizer


class Optimizer:
    """The base class of optimizers: a target link, a step count, an epoch count and hooks.

    Attributes
    ----------
    target : Link
        The link being optimized (set by :meth:`setup`).
    t : int
        The number of update steps.
    epoch : int
        The epoch count (incremented by :meth:`new_epoch`).
    use_auto_new_epoch : bool
        True when an updater calls :meth:`new_epoch` itself.
    """

    target = None
    t = 0
    epoch = 0
    _loss_scale = None
    _loss_scale_max = 65504
    _loss_scaling_is_dynamic = False
    _loss_scaling_isnan = False
    use_auto_new_epoch = False
    _hookable = None

    def setup(self, link):
        """Set the target link and reset ``t`` and ``epoch``.

        Parameters
        ----------
        link : Link
            The link to optimize.

        Returns
        -------
        Optimizer
            ``self``, so that ``opt = Adam().setup(model)`` works.
        """
        from kusari.link import Link
        if not isinstance(link, Link):
            raise TypeError('optimization target must be a link, got {}'.format(
                type(link).__name__))
        self.target = link
        self.t = 0
        self.epoch = 0
        self._hookable = _OptimizerHookable(self)
        return self

    def update(self, lossfun=None, *args, **kwds):
        """Update the parameters (see :meth:`GradientMethod.update`)."""
        raise NotImplementedError

    def new_epoch(self, auto=False):
        """Increment :attr:`epoch`.

        Parameters
        ----------
        auto : bool
            True when called by an updater (then :attr:`use_auto_new_epoch` must be set).
        """
        if auto:
            if not self.use_auto_new_epoch:
                raise RuntimeError('invalid new_epoch call with auto=True.\nFix the updater to '
                                   'set optimizer.use_auto_new_epoch = True.')
        elif self.use_auto_new_epoch:
            raise RuntimeError('duplicated new_epoch with the updater.\nPass '
                               'auto_new_epoch=False to the updater or stop calling new_epoch '
                               'outside the updater.')
        self.epoch += 1

    def _check_set_up(self):
        if self._hookable is None:
            raise RuntimeError('Optimizer is not set up. Call `setup` method.')

    def add_hook(self, hook, name=None, timing='auto'):
        """Register a hook called once per update (or per parameter).

        Parameters
        ----------
        hook : callable
            ``hook(optimizer)``; or ``hook(rule, param)`` for each parameter when
            ``hook.call_for_each_param`` is true.
        name : str, optional
            Defaults to ``hook.name`` or ``hook.__name__``.
        timing : {'auto', 'pre', 'post'}
            'auto' uses ``hook.timing`` (default 'pre').
        """
        self._check_set_up()
        self._hookable.add_hook(hook, name, timing)

    def remove_hook(self, name):
        """Remove the hook registered as ``name``."""
        self._check_set_up()
        self._hookable.remove_hook(name)

    def call_hooks(self, timing='pre'):
        """Call the hooks of ``timing`` in registration order."""
        self._check_set_up()
        for hook in list(self._hookable.hooks(timing).values()):
            self.call_hook(hook)

    def call_hook(self, hook):
        if getattr(hook, 'call_for_each_param', False):
            for param in self.target.params():
                hook(param.update_rule, param)
        else:
            hook(self)

    def serialize(self, serializer):
        """Save or load ``t``, ``epoch`` and every update rule's state (not the parameters)."""
        self.t = serializer('t', self.t)
        self.epoch = serializer('epoch', self.epoch)
        for name, param in self.target.namedparams():
            rule = getattr(param, 'update_rule', None)
            if rule is not None:
                rule.serialize(serializer[name])

    # -- loss scaling (float16 training)
    def loss_scaling(self, interval=1000, scale=None):
        """Configure loss scaling: dynamic when ``scale`` is None, else static.

        Parameters
        ----------
        interval : int
            Updates without overflow after which a dynamic scale doubles.
        scale : float, optional
            A fixed scale.
        """
        if scale is None:
            if interval < 1:
                raise ValueError('interval must be greater than or equal to 1. Actual: '
                                 '{}'.format(interval))
            self._loss_scaling_is_dynamic = True
            self._loss_scale = 1.0
            self._loss_scaling_multiplier = math.pow(2.0, 1.0 / interval)
            self._loss_scaling_isnan_ever = False
        else:
            if scale <= 0:
                raise ValueError('loss_scale must be a positive number. Actual: {}'.format(
                    scale))
            self._loss_scale = scale

    def set_loss_scale(self, loss_scale):
        """Set a static loss scale."""
        self.loss_scaling(scale=loss_scale)

    def check_nan_in_grads(self):
        """With dynamic loss scaling, note whether any gradient is not finite."""
        self._loss_scaling_isnan = False
        if not self._loss_scaling_is_dynamic:
            return
        for name, param in self.target.namedparams():
            g = param.grad
            if g is None:
                continue
            xp = backend.get_array_module(g)
            if not bool(xp.all(xp.isfinite(g))):
                self._loss_scaling_isnan = True
                self._loss_scaling_isnan_ever = True
                warnings.warn('Non finite number found in param.grad of {} (iteration: {}, '
                              'loss_scale: {})'.format(name, self.t, self._loss_scale))

    def is_safe_to_update(self):
        return not self._loss_scaling_isnan

    def update_loss_scale(self):
        if not self._loss_scaling_is_dynamic:
            return
        if self._loss_scaling_isnan:
            multiplier = 0.5
        elif self._loss_scaling_isnan_ever:
            multiplier = self._loss_scaling_multiplier
        else:
            multiplier = 2.0
        self._loss_scale = max(1, min(self._loss_scale_max, self._loss_scale * multiplier))


class GradientMethod(Optimizer):
    """An optimizer that updates each parameter from its gradient with an :class:`UpdateRule`.

    Subclasses implement :meth:`create_update_rule`.

    Attributes
    ----------
    hyperparam : Hyperparameter
        The defaults of every update rule.
    """

    def __init__(self):
        super().__init__()
        self.hyperparam = Hyperparameter()
        self._use_fp32_update = False

    def setup(self, link):
        super().setup(link)
        for param in link.params():
            param.update_rule = self.create_update_rule()
            if self._use_fp32_update:
                param.update_rule.use_fp32_update()
        return self

    def reallocate_cleared_grads(self):
        """Give every initialized parameter without a gradient a zero gradient."""
        for param in self.target.params(False):
            if param._grad_var is None:
                data = param.array
                param.grad = backend.get_array_module(data).zeros_like(data)

    def call_hook(self, hook):
        super().call_hook(hook)
        self.reallocate_cleared_grads()

    def update(self, lossfun=None, *args, **kwds):
        """Update every parameter with its update rule.

        Parameters
        ----------
        lossfun : callable, optional
            If given, the gradients are cleared, ``lossfun(*args, **kwds)`` is called and its
            result backpropagated (with the loss scale, if any) first; otherwise the
            gradients must already be computed.
        *args, **kwds
            Arguments of ``lossfun``.
        """
        if lossfun is not None:
            use_cleargrads = getattr(self, '_use_cleargrads', True)
            loss = lossfun(*args, **kwds)
            if use_cleargrads:
                self.target.cleargrads()
            else:
                for param in self.target.params():
                    param.zerograd()
            loss.backward(loss_scale=self._loss_scale)
            del loss
        self.reallocate_cleared_grads()
        self.check_nan_in_grads()
        self.call_hooks('pre')
        self.t += 1
        if self.is_safe_to_update():
            for param in self.target.params():
                rule = param.update_rule
                if rule is not None:
                    rule.update(param)
        self.reallocate_cleared_grads()
        self.call_hooks('post')
        self.update_loss_scale()

    def use_cleargrads(self, use=True):
        """Deprecated: choose between ``cleargrads`` (default) and ``zerograds``."""
        warnings.warn('GradientMethod.use_cleargrads is deprecated.', DeprecationWarning)
        self._use_cleargrads = use

    def create_update_rule(self):
        """Return a new :class:`UpdateRule` for one parameter."""
        raise NotImplementedError

    def use_fp32_update(self, flag=True):
        """Update float16 parameters through float32 copies."""
        self._use_fp32_update = flag
        link = getattr(self, 'target', None)
        if link is not None:
            for param in link.params():
                param.update_rule.use_fp32_update()


class HyperparameterProxy:
    """A property of an optimizer that reads and writes ``optimizer.hyperparam.<name>``.

    Parameters
    ----------
    attr_name : str
        The hyperparameter's name.
    """

    def __init__(self, attr_name):
        self._attr_name = attr_name
        self.__doc__ = 'Alias to ``self.hyperparam.{}``'.format(attr_name)

    def __get__(self, obj, type=None):
        if obj is None:
            return self
        return getattr(obj.hyperparam, self._attr_name)

    def __set__(self, obj, value):
        setattr(obj.hyperparam, self._attr_name, value)


_DEPRECATED_HOOKS = ('WeightDecay', 'Lasso', 'GradientClipping', 'GradientNoise',
                     'GradientHardClipping')


def __getattr__(name):
    # chainer.optimizer.WeightDecay etc.: deprecated aliases of the optimizer_hooks classes.
    if name in _DEPRECATED_HOOKS:
        from kusari import optimizer_hooks
        base = getattr(optimizer_hooks, name)

        def __init__(self, *args, **kwargs):
            warnings.warn('kusari.optimizer.{0} is deprecated from v4. Use '
                          'kusari.optimizer_hooks.{0} instead.'.format(name),
                          DeprecationWarning)
            base.__init__(self, *args, **kwargs)

        cls = type(name, (base,), {'__init__': __init__, '__module__': __name__})
        globals()[name] = cls
        return cls
    raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))
