"""The tables of function hooks and link hooks, and the one flag per kind that hot paths test.

Chainer keeps the hooks in ordered dicts: one per thread for the hooks installed with
``with hook:``, and one per FunctionNode (or Link) for the hooks added with ``add_hook``.
Looking them up on every ``FunctionNode.apply`` would cost a thread-local read and a dict
merge per op, so kusari keeps one process-wide flag per kind instead: it is True while any
table of that kind, in any thread or on any node, holds a hook. ``FunctionNode.apply``,
the backprop engine and ``Link.__call__`` test that flag (a module global) and take a slower
path that calls the hooks only when it is set.

The tables are :class:`HookTable` dicts that report every change, so the flag stays right
however a table is edited (``add_hook``, ``with hook:``, or the dict returned by
:func:`get_function_hooks` changed by hand). A table dropped with its node (or its thread)
while it still holds hooks lowers the flag when it is collected (a weak reference tells).
"""
import importlib
import threading
import weakref


class _Registry:
    """Every live table of one kind, and where the kind's flag lives."""

    def __init__(self, module, attribute):
        self._tables = {}   # id -> weak reference (dicts are unhashable: no WeakSet)
        self._lock = threading.RLock()
        self._module = module
        self._attribute = attribute

    def changed(self, table):
        with self._lock:
            key = id(table)
            if key not in self._tables:
                self._tables[key] = weakref.ref(table, lambda _, key=key: self._forget(key))
            self._refresh()

    def _forget(self, key):
        try:
            with self._lock:
                self._tables.pop(key, None)
                self._refresh()
        except Exception:   # interpreter shutdown: modules half torn down, nothing to keep
            pass

    def _refresh(self):
        while True:
            try:   # a collection inside list() may run _forget and resize the dict
                refs = list(self._tables.values())
                break
            except RuntimeError:
                continue
        tables = [ref() for ref in refs]
        active = any([t is not None and len(t) > 0 for t in tables])
        setattr(importlib.import_module(self._module), self._attribute, active)


class HookTable(dict):
    """A ``{name: hook}`` dict (in insertion order) that keeps its kind's flag up to date."""

    _registry = None   # set by the subclasses

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self._registry.changed(self)

    def __delitem__(self, key):
        super().__delitem__(key)
        self._registry.changed(self)

    def __ior__(self, other):
        super().__ior__(other)
        self._registry.changed(self)
        return self

    def pop(self, *args):
        value = super().pop(*args)
        self._registry.changed(self)
        return value

    def popitem(self):
        item = super().popitem()
        self._registry.changed(self)
        return item

    def clear(self):
        super().clear()
        self._registry.changed(self)

    def update(self, *args, **kwargs):
        super().update(*args, **kwargs)
        self._registry.changed(self)

    def setdefault(self, key, default=None):
        value = super().setdefault(key, default)
        self._registry.changed(self)
        return value

    def __reduce__(self):
        # pickles and deep copies rebuild the table through __setitem__ (registered again)
        return type(self), (), None, None, iter(self.items())


class FunctionHookTable(HookTable):
    """A table of :class:`~kusari.FunctionHook` objects."""

    _registry = _Registry('kusari.function_node', '_hooked')


class LinkHookTable(HookTable):
    """A table of :class:`~kusari.LinkHook` objects."""

    _registry = _Registry('kusari.link', '_hooked')


_local = threading.local()


def get_function_hooks():
    """The function hooks installed in this thread with ``with hook:``, by name.

    Returns
    -------
    dict
        ``{name: FunctionHook}`` in installation order; changing it installs or removes
        hooks for this thread.
    """
    try:
        return _local.function_hooks
    except AttributeError:
        hooks = _local.function_hooks = FunctionHookTable()
        return hooks


def get_link_hooks():
    """The link hooks installed in this thread with ``with hook:``, by name.

    Returns
    -------
    dict
        ``{name: LinkHook}`` in installation order.
    """
    try:
        return _local.link_hooks
    except AttributeError:
        hooks = _local.link_hooks = LinkHookTable()
        return hooks


def install(hooks, hook):
    """Install ``hook`` in the thread's table ``hooks`` (``with hook:``) and tell it.

    Parameters
    ----------
    hooks : HookTable
        The thread's table of the hook's kind.
    hook : FunctionHook or LinkHook
        The hook, installed under ``hook.name``.

    Raises
    ------
    KeyError
        If a hook of that name is already installed.
    """
    if hook.name in hooks:
        raise KeyError('hook {} already exists'.format(hook.name))
    hooks[hook.name] = hook
    hook.added(None)


def uninstall(hooks, hook):
    """Remove the hook installed as ``hook.name`` from ``hooks`` (end of ``with hook:``).

    Parameters
    ----------
    hooks : HookTable
        The thread's table of the hook's kind.
    hook : FunctionHook or LinkHook
        The hook whose name is removed.
    """
    hooks[hook.name].deleted(None)
    del hooks[hook.name]


def merged(global_hooks, local_hooks):
    """The hooks to call: the thread's, then the node's own (a same name replaces in place).

    Parameters
    ----------
    global_hooks : dict
        The thread's table.
    local_hooks : dict or None
        The node's (or link's) table.

    Returns
    -------
    list
        The hook objects in calling order.
    """
    if not local_hooks:
        return list(global_hooks.values())
    if not global_hooks:
        return list(local_hooks.values())
    hooks = dict(global_hooks)
    hooks.update(local_hooks)
    return list(hooks.values())
