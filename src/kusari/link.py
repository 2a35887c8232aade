"""Links: objects that own Parameters (``Link``), other links (``Chain``, ``ChainList``).

Parameters and child links are registered by assigning them inside ``with self.init_scope():``.
Paths use Chainer's layout: ``/child/param`` in ``namedparams``; serializers drop the leading
slash (``child/param``).

A Link is a :class:`~kusari.DeviceResident`: ``to_device`` moves it with its descendants,
and a link with device state besides its parameters and persistent arrays shows it to the
mover by overriding ``device_resident_accept`` (``to_device`` itself is final).
"""
import collections.abc
import contextlib
import copy as _copy
import operator
import warnings

import numpy

from kusari import _hook_tables, backend, device_resident, initializers
from kusari.variable import Parameter

# True while a link hook is installed in any thread or on any link; kept up to date by
# kusari._hook_tables, read once per Link.__call__.
_hooked = False

_COPY_MODES = ('share', 'copy', 'init')


def _is_array(v):
    return isinstance(v, numpy.ndarray) or backend._is_cupy_array(v)


def _is_shape(value):
    # Chainer's deprecated Link(name=spec): a spec is a shape (None, an int, a sequence of
    # ints) or a (shape, dtype) pair
    if value is None:
        return True
    if isinstance(value, collections.abc.Sequence) and not isinstance(value, str):
        try:
            for dim in value:
                int(dim)
        except (TypeError, ValueError):
            return False
        return True
    try:
        int(value)
    except (TypeError, ValueError):
        return False
    return True


def _check_copy_mode(mode):
    if mode not in _COPY_MODES:
        raise ValueError("The 'mode' argument should be either 'init', 'copy', or 'share'. "
                         'But {!r} was given.'.format(mode))


def _str_with_items(name, items):
    # Chainer's str of a container: Name(\n  (key): item,\n  ...\n), or Name() when empty
    lines = []
    for key, text in items:
        for line in '({}): {},'.format(key, text).splitlines():
            lines.append('  {}\n'.format(line))
    return '{}({})'.format(name, '\n' + ''.join(lines) if lines else '')


class _LinkMeta(type(device_resident.DeviceResident)):
    """Checks, once a link is made, that ``Link.__init__`` ran (when the link's class calls
    through ``Link.__call__``): the calls themselves then test nothing but the hook flag."""

    def __call__(cls, *args, **kwargs):
        link = super().__call__(*args, **kwargs)
        if not link._Link__init_done and cls.__call__ is Link.__call__:
            raise RuntimeError('Link.__init__() has not been called.')
        return link


def _mixin_call(cls):
    # the __call__ that a class after Link in cls's MRO defines (a mixin's), if any
    mro = cls.__mro__
    for klass in mro[mro.index(Link) + 1:]:
        if '__call__' in klass.__dict__:
            return klass.__dict__['__call__']
    return None


class Link(device_resident.DeviceResident, metaclass=_LinkMeta):
    """A building block of models that holds Parameters and persistent values.

    Calling a link runs its ``forward`` (with the link hooks around it, when some are
    installed); a class that defines ``__call__`` itself, or that inherits one from a mixin
    listed after Link, is called through that ``__call__`` instead.

    Parameters
    ----------
    **params
        Deprecated Chainer form: ``name=shape`` or ``name=(shape, dtype)`` adds a parameter.

    Attributes
    ----------
    name : str or None
        The name given by the parent Chain (the index, as a str, in a ChainList).

    Raises
    ------
    RuntimeError
        When a subclass's ``__init__`` does not call ``Link.__init__`` (at ``init_scope``,
        ``add_param``, or once the link is made).
    """

    __init_done = False       # set by Link.__init__

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        # a mixin's __call__ (after Link in the MRO) is called in place of forward, as in
        # Chainer; such classes get the slower __call__ so that Link.__call__ stays one test
        if cls.__call__ is Link.__call__ and _mixin_call(cls) is not None:
            cls.__call__ = Link._call_mixin

    def __init__(self, **params):
        super().__init__()
        self._params = set()
        self._persistent = set()
        self._within_init_scope = False
        self.name = None
        self.__init_done = True
        for name, value in params.items():
            shape, dtype = (value, numpy.float32) if _is_shape(value) else value
            self.add_param(name, shape, dtype=dtype)

    def __check_init_done(self):
        if not self.__init_done:
            raise RuntimeError('Link.__init__() has not been called.')

    # -- text
    @property
    def printable_specs(self):
        """``(name, value)`` pairs shown by ``str(link)``: ``Linear(in_size=3, ...)``.

        Subclasses override this (a generator property); the base yields nothing.
        """
        return iter(())

    def __str__(self):
        return '{}({})'.format(type(self).__name__, ', '.join(
            '{}={}'.format(key, value) for key, value in self.printable_specs))

    def __repr__(self):
        return self.__str__()

    # -- registration
    @property
    def within_init_scope(self):
        """True inside :meth:`init_scope`."""
        return getattr(self, '_within_init_scope', False)

    @contextlib.contextmanager
    def init_scope(self):
        """Within this block, assigning a Parameter (or a Link, in Chains) registers it.

        Raises
        ------
        RuntimeError
            If ``Link.__init__`` has not been called (a subclass forgot ``super().__init__()``).
        """
        self.__check_init_done()
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
        """Register a new Parameter ``name`` (uninitialized when ``shape`` is None).

        Parameters
        ----------
        name : str
            The attribute name.
        shape : int or tuple of ints, optional
            The shape; without it the parameter is initialized later.
        dtype : dtype
            The dtype (used when ``initializer`` is None: NaN-filled).
        initializer : initializer, array or scalar, optional
            What the data is made from.

        Raises
        ------
        AttributeError
            If the attribute exists.
        RuntimeError
            If ``Link.__init__`` has not been called.
        """
        if name in self.__dict__:
            raise AttributeError('cannot register a new parameter {}: the attribute already '
                                 'exists'.format(name))
        if initializer is None:
            initializer = initializers.NaN(dtype)
        param = Parameter(initializer, shape)
        with self.init_scope():
            setattr(self, name, param)

    def add_persistent(self, name, value):
        """Register a persistent value (an array or a scalar saved by serializers).

        Raises
        ------
        AttributeError
            If the attribute exists.
        RuntimeError
            If ``Link.__init__`` has not been called.
        """
        self.__check_init_done()
        if name in self.__dict__:
            raise AttributeError('cannot register a new persistent value {}: the attribute '
                                 'already exists'.format(name))
        self._persistent.add(name)
        self._params.discard(name)
        self.__dict__[name] = value

    def register_persistent(self, name):
        """Mark an existing attribute as persistent (no longer a parameter if it was one)."""
        self.__check_init_done()
        if not hasattr(self, name):
            raise AttributeError('cannot register a non-existent attribute {} as a persistent '
                                 'value'.format(name))
        self._persistent.add(name)
        self._params.discard(name)

    @classmethod
    def from_params(cls, *args, **kwargs):
        """Make a link from parameter arrays (implemented by some links, e.g. Linear)."""
        raise NotImplementedError('{} does not implement from_params'.format(cls.__name__))

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

    # -- calls
    def __call__(self, *args, **kwargs):
        if _hooked:   # a link hook is installed somewhere: the path that calls them
            return self._call_slow(args, kwargs)
        return self.forward(*args, **kwargs)

    def _call_mixin(self, *args, **kwargs):
        return self._call_slow(args, kwargs)

    def _call_slow(self, args, kwargs):
        self.__check_init_done()
        forward = getattr(super(Link, self), '__call__', None)   # a mixin's __call__
        if forward is None:
            forward = self.forward
        if not _hooked:
            return forward(*args, **kwargs)
        from kusari import link_hook
        hooks = _hook_tables.merged(_hook_tables.get_link_hooks(),
                                    self.__dict__.get('_local_link_hooks'))
        if hooks:
            pre = link_hook._ForwardPreprocessCallbackArgs(self, 'forward', args, kwargs)
            for hook in hooks:
                hook.forward_preprocess(pre)
        out = forward(*args, **kwargs)
        if hooks:
            post = link_hook._ForwardPostprocessCallbackArgs(
                self, 'forward', args, kwargs, out)
            for hook in hooks:
                hook.forward_postprocess(post)
        return out

    # -- hooks
    @property
    def local_link_hooks(self):
        """The dict ``{name: hook}`` of the link hooks installed on this link only."""
        hooks = self.__dict__.get('_local_link_hooks')
        if hooks is None:
            hooks = _hook_tables.LinkHookTable()
            object.__setattr__(self, '_local_link_hooks', hooks)
        return hooks

    def add_hook(self, hook, name=None):
        """Install the link hook ``hook`` on this link only and call ``hook.added(self)``.

        Its ``forward_preprocess`` / ``forward_postprocess`` then run around every call of
        this link, after the hooks installed for the thread with ``with hook:``.

        Parameters
        ----------
        hook : LinkHook
            The hook.
        name : str, optional
            The key in :attr:`local_link_hooks` (``hook.name`` by default).

        Returns
        -------
        Link
            This link.

        Raises
        ------
        TypeError
            If ``hook`` is not a :class:`~kusari.LinkHook`.
        KeyError
            If a hook of that name is installed on this link already.
        """
        from kusari.link_hook import LinkHook
        if not isinstance(hook, LinkHook):
            raise TypeError('{}.add_hook: the hook must be a LinkHook, not {}'.format(
                type(self).__name__, type(hook).__name__))
        if name is None:
            name = hook.name
        hooks = self.local_link_hooks
        if name in hooks:
            raise KeyError('{}.add_hook: a hook named {!r} exists already'.format(
                type(self).__name__, name))
        hooks[name] = hook
        hook.added(self)
        return self

    def delete_hook(self, name):
        """Remove the link hook installed on this link under ``name``; calls its
        ``deleted(self)``.

        Parameters
        ----------
        name : str
            The key in :attr:`local_link_hooks`.

        Raises
        ------
        KeyError
            If no hook of that name is installed on this link.
        """
        hooks = self.local_link_hooks
        if name not in hooks:
            raise KeyError('{}.delete_hook: no hook named {!r} on this link'.format(
                type(self).__name__, name))
        hooks[name].deleted(self)
        del hooks[name]

    # -- gradients and parameter values
    def cleargrads(self):
        """Set every parameter's gradient to None."""
        for param in self.params():
            param.cleargrad()

    def zerograds(self):
        """Fill every parameter's gradient with zeros (deprecated in Chainer: prefer
        :meth:`cleargrads`)."""
        warnings.warn('Link.zerograds is deprecated; use Link.cleargrads instead.',
                      DeprecationWarning, stacklevel=2)
        for param in self.params():
            param.zerograd()

    def addgrads(self, link):
        """Add the gradients of ``link``'s parameters to this link's, link by link.

        ``link`` must have this link's structure (the same parameter and child names). An
        uninitialized parameter here is initialized from the source's data first.
        """
        src = link.__dict__
        dst = self.__dict__
        for name in self._params:
            dst[name].addgrad(_source(src, name, link, 'parameter'))

    def copyparams(self, link, copy_persistent=True):
        """Copy parameter values (and persistent values) from ``link``, link by link.

        Gradients are not copied. A persistent array is copied into this link's array;
        any other persistent value is deep-copied.

        Parameters
        ----------
        link : Link
            A link of this link's structure (the same parameter and child names).
        copy_persistent : bool
            Copy the persistent values too.
        """
        src = link.__dict__
        dst = self.__dict__
        for name in self._params:
            dst[name].copydata(_source(src, name, link, 'parameter'))
        if copy_persistent:
            for name in self._persistent:
                value = _source(src, name, link, 'persistent value')
                if _is_array(dst[name]) and _is_array(value):
                    backend.copyto(dst[name], value)
                else:
                    dst[name] = _copy.deepcopy(value)

    def count_params(self):
        """The number of parameter elements (uninitialized ones are skipped with a warning)."""
        n = 0
        for path, param in self.namedparams():
            if param.array is None:
                warnings.warn("Parameter '{}' has not been initialized, so the resulting count "
                              'will not include the number of parameters in it.'.format(path))
                continue
            n += param.size
        return n

    # -- update switches
    def enable_update(self):
        """Enable the update rules of every parameter here and below (parameters without
        an update rule yet, before ``optimizer.setup``, are not affected)."""
        for param in self.params():
            rule = param.update_rule
            if rule is not None:
                rule.enabled = True

    def disable_update(self):
        """Disable the update rules of every parameter here and below (parameters without
        an update rule yet, before ``optimizer.setup``, are not affected)."""
        for param in self.params():
            rule = param.update_rule
            if rule is not None:
                rule.enabled = False

    @property
    def update_enabled(self):
        """True if some parameter here or below has an enabled update rule."""
        for param in self.params():
            rule = param.update_rule
            if rule is not None and rule.enabled:
                return True
        return False

    # -- copies
    def copy(self, mode='share'):
        """A copy of this link and its descendants.

        Parameters
        ----------
        mode : {'share', 'copy', 'init'}
            ``'share'``: new links and Parameter objects over the same arrays (a parameter
            copied before initialization shares the array its original gets), gradients
            cleared, persistent values shared, ``name`` None. ``'copy'``: a deep copy (names
            kept). ``'init'``: a deep copy whose initialized parameters are re-initialized
            with their initializers (new values, NaN gradients).

        Returns
        -------
        Link
            The copy.

        Raises
        ------
        ValueError
            For another ``mode``.
        """
        _check_copy_mode(mode)
        if mode == 'share':
            ret = _copy.copy(self)
            ret._params = set(self._params)
            ret._persistent = set(self._persistent)
            ret.name = None
            d = ret.__dict__
            for name in ret._params:
                param = _copy.copy(d[name])
                param.cleargrad()
                d[name] = param
            return ret
        ret = _copy.deepcopy(self)
        if mode == 'init':
            for param in ret.params(include_uninit=False):
                param.initialize(param.shape)
                param.grad = param.xp.full_like(param.array, numpy.nan)
        return ret

    def repeat(self, n_repeat, mode='init'):
        """A :class:`Sequential` of ``n_repeat`` copies of this link (see :meth:`copy`).

        Raises
        ------
        ValueError
            For an unknown ``mode``.
        """
        from kusari.sequential import Sequential
        ret = Sequential()
        if n_repeat <= 0:
            return ret
        _check_copy_mode(mode)
        for _ in range(n_repeat):
            ret.append(self.copy(mode))
        return ret

    # -- devices
    def device_resident_accept(self, visitor):
        """Show this link, its parameters and persistent arrays to ``visitor``."""
        super().device_resident_accept(visitor)
        d = self.__dict__
        for name in sorted(self._params):
            visitor.visit_variable(d[name])
        for name in sorted(self._persistent):
            value = d[name]
            if _is_array(value):
                d[name] = visitor.visit_array(value)

    @property
    def _device_id(self):
        warnings.warn('Link._device_id is deprecated: use Link.device', DeprecationWarning,
                      stacklevel=2)
        device = self.device
        return device.device.id if isinstance(device, backend.GpuDevice) else None

    # -- serialization
    def serialize(self, serializer):
        """Save or load parameters and persistent values through ``serializer``.

        An uninitialized parameter is initialized from the loaded array.
        """
        d = self.__dict__
        for name in sorted(self._params):
            param = d[name]
            data = serializer(name, param.array)
            if param.array is None and data is not None:
                param.initialize(data.shape)
                backend.copyto(param.array, data)
        for name in sorted(self._persistent):
            d[name] = serializer(name, d[name])


def _source(src, name, link, what):
    # the value ``name`` of the source link's __dict__ ``src``, or a KeyError naming it
    try:
        return src[name]
    except KeyError:
        raise KeyError('the source link {} has no {} {!r}'.format(
            type(link).__name__, what, name)) from None


class Chain(Link):
    """A link whose child links are registered as attributes inside ``init_scope``.

    Parameters
    ----------
    **links
        Child links, registered under the keyword names.
    """

    def __init__(self, **links):
        super().__init__()
        self._children = set()
        for name, link in links.items():
            self.add_link(name, link)

    def __str__(self):
        return _str_with_items(type(self).__name__,
                               [(child.name, str(child)) for child in self.children()])

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
        """Register ``link`` as the child ``name``.

        Raises
        ------
        AttributeError
            If the attribute exists.
        TypeError
            If ``link`` is not a Link.
        """
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
                child = d[name].copy(mode)
                child.name = name
                d[name] = child
        return ret

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        d = self.__dict__
        for name in sorted(self._children):
            d[name].device_resident_accept(visitor)

    def copyparams(self, link, copy_persistent=True):
        super().copyparams(link, copy_persistent)
        src = link.__dict__
        d = self.__dict__
        for name in self._children:
            d[name].copyparams(_source(src, name, link, 'child link'), copy_persistent)

    def addgrads(self, link):
        super().addgrads(link)
        src = link.__dict__
        d = self.__dict__
        for name in self._children:
            d[name].addgrads(_source(src, name, link, 'child link'))

    def serialize(self, serializer):
        super().serialize(serializer)
        d = self.__dict__
        for name in sorted(self._children):
            d[name].serialize(serializer[name])


class ChainList(Link, collections.abc.MutableSequence):
    """A link holding child links in a list (paths ``/0``, ``/1``, ...).

    It is a mutable sequence of its children: indexing, slicing (a list), assignment and
    deletion by index or slice, ``insert``, ``append``, ``extend``, ``+=``, ``pop``,
    ``remove``, ``index``, ``count``, ``reverse``; each child's ``name`` is kept equal to its
    index.

    Parameters
    ----------
    *links : Link
        The initial children.
    """

    def __init__(self, *links):
        super().__init__()
        self._children = []
        for link in links:
            self.add_link(link)

    def __str__(self):
        return _str_with_items(type(self).__name__,
                               [(i, str(child)) for i, child in enumerate(self._children)])

    def __setattr__(self, name, value):
        if self.within_init_scope and isinstance(value, Link):
            raise TypeError('cannot register a new link within an init_scope of a ChainList: '
                            'use append() instead')
        super().__setattr__(name, value)

    @staticmethod
    def _check_link(link):
        if not isinstance(link, Link):
            raise TypeError('cannot register a non-link object as a child of a ChainList: '
                            'got {}'.format(type(link).__name__))

    def _rename(self):
        for i, child in enumerate(self._children):
            child.name = str(i)

    def __getitem__(self, index):
        return self._children[index]

    def __setitem__(self, index, value):
        if isinstance(index, slice):
            value = list(value)
            for link in value:
                self._check_link(link)
        else:
            try:
                index = operator.index(index)
            except TypeError:
                raise TypeError('ChainList indices must be integers or slices, not {}'.format(
                    type(index).__name__)) from None
            self._check_link(value)
        self._children[index] = value
        self._rename()

    def __delitem__(self, index):
        del self._children[index]
        self._rename()

    def insert(self, index, link):
        """Insert ``link`` before position ``index`` (names follow the new positions)."""
        self._check_link(link)
        self._children.insert(index, link)
        self._rename()

    def append(self, link):
        """Add ``link`` at the end; its name becomes its index."""
        self._check_link(link)
        link.name = str(len(self._children))
        self._children.append(link)

    def add_link(self, link):
        """Add ``link`` at the end (same as :meth:`append`)."""
        self.append(link)

    def __iter__(self):
        return iter(self._children)

    def __len__(self):
        return len(self._children)

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
            ret._children = [child.copy(mode) for child in self._children]
            ret._rename()
        return ret

    def device_resident_accept(self, visitor):
        super().device_resident_accept(visitor)
        for child in self._children:
            child.device_resident_accept(visitor)

    def copyparams(self, link, copy_persistent=True):
        super().copyparams(link, copy_persistent)
        for child, src in zip(self._children, self._source_children(link)):
            child.copyparams(src, copy_persistent)

    def addgrads(self, link):
        super().addgrads(link)
        for child, src in zip(self._children, self._source_children(link)):
            child.addgrads(src)

    def _source_children(self, link):
        children = list(link.children())
        if len(children) != len(self._children):
            raise ValueError('the source {} has {} child links, this {} has {}'.format(
                type(link).__name__, len(children), type(self).__name__, len(self._children)))
        return children

    def serialize(self, serializer):
        super().serialize(serializer)
        for idx, child in enumerate(self._children):
            child.serialize(serializer[str(idx)])
