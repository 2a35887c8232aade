"""Links: objects that own Parameters (``Link``), other links (``Chain``, ``ChainList``).

Parameters and child links are registered by assigning them inside ``with self.init_scope():``.
Paths use Chainer's layout: ``/child/param`` in ``namedparams``; serializers drop the leading
slash (``child/param``).
"""
import contextlib
import copy as _copy
import warnings

import numpy

from kusari import backend, initializers
from kusari.variable import Parameter


def _is_array(v):
    return isinstance(v, numpy.ndarray) or backend._is_cupy_array(v)


class Link:
    """A building block of models that holds Parameters and persistent values.

    Parameters
    ----------
    **params
        Deprecated Chainer form: ``name=shape`` or ``name=(shape, dtype)`` adds a parameter.
    """

    def __init__(self, **params):
        self._params = set()
        self._persistent = set()
        self._within_init_scope = False
        self.name = None
        self._device = backend.CpuDevice()
        for name, value in params.items():
            if isinstance(value, tuple) and len(value) == 2 and not isinstance(value[1], int):
                shape, dtype = value
            else:
                shape, dtype = value, numpy.float32
            self.add_param(name, shape, dtype=dtype)

    # -- registration
    @property
    def within_init_scope(self):
        """True inside :meth:`init_scope`."""
        return getattr(self, '_within_init_scope', False)

    @contextlib.contextmanager
    def init_scope(self):
        """Within this block, assigning a Parameter (or a Link, in Chains) registers it."""
        old = self._within_init_scope
        self._within_init_scope = True
        try:
            yield
        finally:
            self._within_init_scope = old

    def __setattr__(self, name, value):
        if self.within_init_scope and isinstance(value, Parameter):
            value.name = name
            self._params.add(name)
            self._persistent.discard(name)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        self._params.discard(name)
        self._persistent.discard(name)
        super().__delattr__(name)

    def add_param(self, name, shape=None, dtype=numpy.float32, initializer=None):
        """Register a new Parameter ``name`` (uninitialized when ``shape`` is None)."""
        if name in self.__dict__:
            raise AttributeError('cannot register a new parameter {}: the attribute already '
                                 'exists'.format(name))
        if initializer is None:
            initializer = initializers.NaN(dtype)
        param = Parameter(initializer, shape)
        with self.init_scope():
            setattr(self, name, param)

    def add_persistent(self, name, value):
        """Register a persistent value (an array or a scalar saved by serializers)."""
        if name in self.__dict__:
            raise AttributeError('cannot register a new persistent value {}: the attribute '
                                 'already exists'.format(name))
        self._persistent.add(name)
        self._params.discard(name)
        super().__setattr__(name, value)

    def register_persistent(self, name):
        """Mark an existing attribute as persistent."""
        if not hasattr(self, name):
            raise AttributeError('cannot register a non-existent attribute {} as a persistent '
                                 'value'.format(name))
        self._persistent.add(name)
        self._params.discard(name)

    # -- traversal
    def params(self, include_uninit=True):
        """Yield every Parameter of this link and its descendants."""
        for _, param in self.namedparams(include_uninit):
            yield param

    def namedparams(self, include_uninit=True):
        """Yield ``(path, Parameter)`` pairs, paths like ``/l1/W``."""
        d = self.__dict__
        for name in sorted(self._params):
            if include_uninit or d[name].array is not None:
                yield '/' + name, d[name]

    def links(self, skipself=False):
        """Yield this link (unless ``skipself``) and its descendants."""
        if not skipself:
            yield self

    def namedlinks(self, skipself=False):
        """Yield ``(path, link)`` pairs; this link's path is ``/``."""
        if not skipself:
            yield '/', self

    def children(self):
        """Yield the direct child links."""
        return iter(())

    def __call__(self, *args, **kwargs):
        return self.forward(*args, **kwargs)

    def forward(self, *args, **kwargs):
        raise NotImplementedError('{} does not implement forward'.format(type(self).__name__))

    # -- gradients and parameter values
    def cleargrads(self):
        """Set every parameter's gradient to None."""
        for param in self.params():
            param.cleargrad()

    def zerograds(self):
        """Fill every parameter's gradient with zeros (deprecated in Chainer: prefer
        :meth:`cleargrads`)."""
        warnings.warn('Link.zerograds is deprecated; use Link.cleargrads instead.',
                      DeprecationWarning)
        for param in self.params():
            param.zerograd()

    def addgrads(self, link):
        """Add the gradients of ``link``'s parameters (matched by path) to this link's."""
        src = dict(link.namedparams())
        for path, param in self.namedparams():
            param.addgrad(src[path])

    def copyparams(self, link, copy_persistent=True):
        """Copy parameter values (and persistent values) from ``link``, matched by path."""
        src = dict(link.namedparams())
        for path, param in self.namedparams():
            if path not in src:
                raise KeyError('copyparams: {} has no parameter {}'.format(
                    type(link).__name__, path))
            param.copydata(src[path])
        if copy_persistent:
            src_links = dict(link.namedlinks())
            for path, dst in self.namedlinks():
                s = src_links.get(path)
                if s is None:
                    continue
                for name in dst._persistent:
                    value = s.__dict__[name]
                    if _is_array(dst.__dict__[name]):
                        backend.copyto(dst.__dict__[name], value)
                    else:
                        dst.__dict__[name] = _copy.deepcopy(value)

    def count_params(self):
        """The number of parameter elements (uninitialized ones are skipped with a warning)."""
        n = 0
        for path, param in self.namedparams():
            if param.array is None:
                warnings.warn('parameter {} is not initialized; it is not counted'.format(path))
                continue
            n += param.size
        return n

    # -- update switches
    def enable_update(self):
        """Let optimizers update every parameter of this link and its descendants."""
        for param in self.params():
            rule = param.update_rule
            if rule is not None:
                rule.enabled = True
        self._set_update_enabled(True)

    def disable_update(self):
        """Freeze every parameter of this link and its descendants."""
        for param in self.params():
            rule = param.update_rule
            if rule is not None:
                rule.enabled = False
        self._set_update_enabled(False)

    def _set_update_enabled(self, value):
        for link in self.links():
            link.__dict__['_update_disabled'] = not value

    @property
    def update_enabled(self):
        """True unless :meth:`disable_update` was called (and not undone)."""
        for param in self.params():
            rule = param.update_rule
            if rule is not None and not rule.enabled:
                return False
        return not self.__dict__.get('_update_disabled', False)

    # -- copies
    def copy(self, mode='share'):
        """A copy of this link.

        Parameters
        ----------
        mode : {'share', 'copy', 'init'}
            ``'share'``: new Parameter objects sharing the arrays; ``'copy'``: deep copies;
            ``'init'``: deep copies re-initialized with their initializers.
        """
        if mode == 'share':
            ret = _copy.copy(self)
            ret._params = set(self._params)
            ret._persistent = set(self._persistent)
            ret.name = None
            d = ret.__dict__
            for name in ret._params:
                src = d[name]
                p = Parameter(src.initializer) if src.array is None else Parameter(src.array)
                p.initializer = src.initializer
                p.name = name
                d[name] = p
            return ret
        if mode == 'copy':
            ret = _copy.deepcopy(self)
            ret.name = None
            return ret
        if mode == 'init':
            ret = self.copy('copy')
            for param in ret.params():
                if param.array is not None:
                    param.initialize(param.shape)
            return ret
        raise ValueError("mode must be 'share', 'copy' or 'init', got {!r}".format(mode))

    def repeat(self, n_repeat, mode='init'):
        """A :class:`Sequential` of ``n_repeat`` copies of this link (see :meth:`copy`)."""
        from kusari.sequential import Sequential
        if n_repeat <= 0:
            return Sequential()
        return Sequential(*[self.copy(mode) for _ in range(n_repeat)])

    # -- devices
    @property
    def device(self):
        return self._device

    @property
    def xp(self):
        return self._device.xp

    def to_device(self, device):
        """Move every parameter and persistent array to ``device``; returns self."""
        device = backend.get_device(device)
        for link in self.links():
            d = link.__dict__
            for name in link._params:
                d[name].to_device(device)
            for name in link._persistent:
                if _is_array(d[name]):
                    d[name] = device.send(d[name])
            link._device = device
        return self

    def to_cpu(self):
        """Move to the CPU; deprecated as in Chainer 7 (use ``to_device('@numpy')``)."""
        warnings.warn("to_cpu is deprecated. Please use to_device('@numpy') instead.",
                      DeprecationWarning, stacklevel=2)
        return self.to_device(backend.CpuDevice())

    def to_gpu(self, device=None):
        """Move to a GPU; deprecated as in Chainer 7 (use ``to_device('@cupy:N')``)."""
        warnings.warn("to_gpu is deprecated. Please use to_device('@cupy:N') instead.",
                      DeprecationWarning, stacklevel=2)
        return self.to_device(backend.GpuDevice(0 if device is None else device))

    # -- serialization
    def serialize(self, serializer):
        """Save or load parameters and persistent values through ``serializer``."""
        d = self.__dict__
        for name in sorted(self._params):
            param = d[name]
            data = serializer(name, param.array)
            if param.array is None and data is not None:
                param.initialize(data.shape)
                backend.copyto(param.array, data)
        for name in sorted(self._persistent):
            d[name] = serializer(name, d[name])

    def __repr__(self):
        return '{}()'.format(type(self).__name__)


class Chain(Link):
    """A link whose child links are registered as attributes inside ``init_scope``."""

    def __init__(self, **links):
        super().__init__()
        self._children = set()
        for name, link in links.items():
            self.add_link(name, link)

    def __getitem__(self, name):
        return getattr(self, name)

    def __setattr__(self, name, value):
        if self.within_init_scope and isinstance(value, Link):
            if hasattr(self, name):
                raise AttributeError('cannot register a new link {}: the attribute already '
                                     'exists'.format(name))
            value.name = name
            self._children.add(name)
        super().__setattr__(name, value)

    def __delattr__(self, name):
        self._children.discard(name)
        super().__delattr__(name)

    def add_link(self, name, link):
        """Register ``link`` as the child ``name``."""
        if name in self.__dict__:
            raise AttributeError('cannot register a new link {}: the attribute already '
                                 'exists'.format(name))
        if not isinstance(link, Link):
            raise TypeError('cannot register a non-link object as a child')
        with self.init_scope():
            setattr(self, name, link)

    def namedparams(self, include_uninit=True):
        yield from super().namedparams(include_uninit)
        d = self.__dict__
        for name in sorted(self._children):
            prefix = '/' + name
            for path, param in d[name].namedparams(include_uninit):
                yield prefix + path, param

    def links(self, skipself=False):
        if not skipself:
            yield self
        d = self.__dict__
        for name in sorted(self._children):
            yield from d[name].links()

    def namedlinks(self, skipself=False):
        if not skipself:
            yield '/', self
        d = self.__dict__
        for name in sorted(self._children):
            child = '/' + name
            yield child, d[name]
            for path, link in d[name].namedlinks(True):
                yield child + path, link

    def children(self):
        d = self.__dict__
        for name in sorted(self._children):
            yield d[name]

    def copy(self, mode='share'):
        ret = super().copy(mode)
        if mode == 'share':
            ret._children = set(self._children)
            d = ret.__dict__
            for name in ret._children:
                d[name] = d[name].copy(mode)
                d[name].name = name
        return ret

    def serialize(self, serializer):
        super().serialize(serializer)
        d = self.__dict__
        for name in sorted(self._children):
            d[name].serialize(serializer[name])

    def __repr__(self):
        lines = ['{}('.format(type(self).__name__)]
        for name in sorted(self._children):
            lines.append('  ({}): {}'.format(name, repr(self.__dict__[name]).replace(
                '\n', '\n  ')))
        lines.append(')')
        return '\n'.join(lines) if len(lines) > 2 else '{}()'.format(type(self).__name__)


class ChainList(Link):
    """A link holding child links in a list (paths ``/0``, ``/1``, ...)."""

    def __init__(self, *links):
        super().__init__()
        self._children = []
        for link in links:
            self.add_link(link)

    def __setattr__(self, name, value):
        if self.within_init_scope and isinstance(value, Link):
            raise TypeError('cannot register a new link within an init_scope of a ChainList: '
                            'use append() instead')
        super().__setattr__(name, value)

    def __getitem__(self, index):
        return self._children[index]

    def __iter__(self):
        return iter(self._children)

    def __len__(self):
        return len(self._children)

    def append(self, link):
        """Add ``link`` at the end."""
        self.add_link(link)

    def add_link(self, link):
        """Add ``link`` at the end; its name becomes its index."""
        if not isinstance(link, Link):
            raise TypeError('cannot register a non-link object as a child')
        link.name = str(len(self._children))
        self._children.append(link)

    def namedparams(self, include_uninit=True):
        yield from super().namedparams(include_uninit)
        for idx, link in enumerate(self._children):
            prefix = '/{}'.format(idx)
            for path, param in link.namedparams(include_uninit):
                yield prefix + path, param

    def links(self, skipself=False):
        if not skipself:
            yield self
        for child in self._children:
            yield from child.links()

    def namedlinks(self, skipself=False):
        if not skipself:
            yield '/', self
        for idx, child in enumerate(self._children):
            prefix = '/{}'.format(idx)
            yield prefix, child
            for path, link in child.namedlinks(True):
                yield prefix + path, link

    def children(self):
        return iter(self._children)

    def copy(self, mode='share'):
        ret = super().copy(mode)
        if mode == 'share':
            ret._children = [c.copy(mode) for c in self._children]
            for i, c in enumerate(ret._children):
                c.name = str(i)
        return ret

    def serialize(self, serializer):
        super().serialize(serializer)
        for idx, child in enumerate(self._children):
            child.serialize(serializer[str(idx)])

    def __repr__(self):
        lines = ['{}('.format(type(self).__name__)]
        for i, c in enumerate(self._children):
            lines.append('  ({}): {}'.format(i, repr(c).replace('\n', '\n  ')))
        lines.append(')')
        return '\n'.join(lines)
