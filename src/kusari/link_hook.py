"""LinkHook: callbacks around the forward of every Link called.

A hook is installed for every link called in the current thread with ``with hook:``, or on
one link with :meth:`Link.add_hook`. While installed, calling a link (``link(*args,
**kwargs)``) calls ``forward_preprocess(args)`` before ``link.forward`` and
``forward_postprocess(args)`` after it, where ``args`` carries ``link``, ``forward_name``
(``'forward'``), ``args``, ``kwargs`` and, after the forward, ``out``. ``added(link)`` /
``deleted(link)`` are called when the hook is installed / removed (``link`` is ``None`` for
``with hook:``). The hooks of the thread come first, then the link's own. When no link hook
is installed anywhere, ``Link.__call__`` tests one module flag and pays nothing else.
"""
from kusari import _hook_tables, utils
from kusari._hook_tables import get_link_hooks


class _ForwardPreprocessCallbackArgs:
    """What :meth:`LinkHook.forward_preprocess` receives."""

    def __init__(self, link, forward_name, args, kwargs):
        self.link = link
        self.forward_name = forward_name
        self.args = args
        self.kwargs = kwargs

    def __repr__(self):
        return utils._repr_with_named_data(self, **vars(self))


class _ForwardPostprocessCallbackArgs(_ForwardPreprocessCallbackArgs):
    """What :meth:`LinkHook.forward_postprocess` receives (``out``: the forward's result)."""

    def __init__(self, link, forward_name, args, kwargs, out):
        super().__init__(link, forward_name, args, kwargs)
        self.out = out


class LinkHook:
    """Base class of the link hooks; every callback does nothing by default.

    Subclasses override the callbacks they need and may set ``name`` (the key under which
    the hook is installed).
    """

    name = 'LinkHook'

    def __enter__(self):
        _hook_tables.install(get_link_hooks(), self)
        return self

    def __exit__(self, *_):
        _hook_tables.uninstall(get_link_hooks(), self)

    def added(self, link):
        """Called when the hook is installed.

        Parameters
        ----------
        link : Link or None
            The link it was added to; ``None`` for ``with hook:``.
        """

    def deleted(self, link):
        """Called when the hook is removed.

        Parameters
        ----------
        link : Link or None
            The link it was removed from; ``None`` for ``with hook:``.
        """

    def forward_preprocess(self, args):
        """Called before the forward of a link.

        Parameters
        ----------
        args : object
            With attributes ``link``, ``forward_name`` (str), ``args`` (tuple) and
            ``kwargs`` (dict): the call about to run.
        """

    def forward_postprocess(self, args):
        """Called after the forward of a link.

        Parameters
        ----------
        args : object
            As for :meth:`forward_preprocess`, plus ``out``: what the forward returned.
        """


__all__ = ['LinkHook']
