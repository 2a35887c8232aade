"""FunctionHook: callbacks around the forward and backward of every FunctionNode.

A hook is installed for every function applied in the current thread with ``with hook:``,
or on one node with :meth:`FunctionNode.add_hook`. While installed it is called

- ``forward_preprocess(function, in_data)`` just before ``function.forward`` and
  ``forward_postprocess(function, in_data)`` just after it, inside ``FunctionNode.apply``;
- ``backward_preprocess(function, in_data, out_grad)`` just before the backward of
  ``function`` runs in :meth:`Variable.backward` or :func:`kusari.grad`, and
  ``backward_postprocess(function, in_data, out_grad)`` just after it. ``in_data`` holds
  the input arrays the node retained (``None`` for the others), ``out_grad`` the arrays of
  the output gradients (``None`` where none flows);
- ``added(function)`` / ``deleted(function)`` when it is installed / removed (``function``
  is ``None`` for ``with hook:``).

A backward is itself written with functions, so the forward callbacks also fire for the
functions that a backward applies. The hooks of the thread come first, then the node's own.
When no hook is installed anywhere, ``apply`` and the backprop engine test one module flag
and pay nothing else (see :mod:`kusari._hook_tables`).
"""
from kusari import _hook_tables
from kusari._hook_tables import get_function_hooks


class FunctionHook:
    """Base class of the function hooks; every callback does nothing by default.

    Subclasses override the callbacks they need and may set ``name`` (the key under which
    the hook is installed; two hooks of one name cannot be installed in one table).

    Examples
    --------
    >>> class Counter(kusari.FunctionHook):
    ...     name = 'Counter'
    ...     def __init__(self):
    ...         self.labels = []
    ...     def forward_preprocess(self, function, in_data):
    ...         self.labels.append(function.label)
    >>> with Counter() as c:
    ...     y = F.exp(x)
    >>> c.labels
    ['Exp']
    """

    name = 'FunctionHook'

    def __enter__(self):
        _hook_tables.install(get_function_hooks(), self)
        return self

    def __exit__(self, *_):
        _hook_tables.uninstall(get_function_hooks(), self)

    def added(self, function):
        """Called when the hook is installed.

        Parameters
        ----------
        function : FunctionNode or None
            The node it was added to; ``None`` for ``with hook:``.
        """

    def deleted(self, function):
        """Called when the hook is removed.

        Parameters
        ----------
        function : FunctionNode or None
            The node it was removed from; ``None`` for ``with hook:``.
        """

    def forward_preprocess(self, function, in_data):
        """Called just before ``function.forward``.

        Parameters
        ----------
        function : FunctionNode
            The function about to run.
        in_data : tuple of array
            Its input arrays.
        """

    def forward_postprocess(self, function, in_data):
        """Called just after ``function.forward``.

        Parameters
        ----------
        function : FunctionNode
            The function that ran.
        in_data : tuple of array
            Its input arrays.
        """

    def backward_preprocess(self, function, in_data, out_grad):
        """Called just before the backward of ``function``.

        Parameters
        ----------
        function : FunctionNode
            The function whose backward is about to run.
        in_data : tuple of array or None
            The input arrays it retained (``None`` for the others).
        out_grad : tuple of array or None
            The gradients of its outputs (``None`` where none flows).
        """

    def backward_postprocess(self, function, in_data, out_grad):
        """Called just after the backward of ``function``.

        Parameters
        ----------
        function : FunctionNode
            The function whose backward ran.
        in_data : tuple of array or None
            The input arrays it retained (``None`` for the others).
        out_grad : tuple of array or None
            The gradients of its outputs (``None`` where none flows).
        """


__all__ = ['FunctionHook', 'get_function_hooks']
