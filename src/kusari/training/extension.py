"""The Extension base class, priorities, and the ``make_extension`` decorator."""

PRIORITY_WRITER = 300
PRIORITY_EDITOR = 200
PRIORITY_READER = 100


class Extension:
    """Base class of trainer extensions: callables ``extension(trainer)`` run by the trainer.

    Class attributes give the defaults that :meth:`Trainer.extend` uses when its arguments are
    omitted.

    Attributes
    ----------
    trigger : tuple or callable
        When to run (``(1, 'iteration')`` by default).
    priority : int
        Higher runs first within an iteration (``PRIORITY_READER`` by default;
        ``PRIORITY_WRITER`` for extensions that add observations, ``PRIORITY_EDITOR`` for
        those that modify them).
    name : str or None
        Set by the trainer when the extension is registered.
    """

    trigger = 1, 'iteration'
    priority = PRIORITY_READER
    name = None

    @property
    def default_name(self):
        """The name used when none is given: the class name by default."""
        return type(self).__name__

    def __call__(self, trainer):
        raise NotImplementedError('Extension implementation must override __call__.')

    def initialize(self, trainer):
        """Called before the training loop (also after a resume): restore derived state."""

    def finalize(self):
        """Called at the end of training, even when it ends with an exception."""

    def on_error(self, trainer, exc, tb):
        """Called when the training loop raises, before :meth:`finalize`."""

    def serialize(self, serializer):
        """Save or load the extension's state (nothing by default)."""


def make_extension(trigger=None, default_name=None, priority=None, finalizer=None,
                   initializer=None, on_error=None, **kwargs):
    """Decorator that turns a function ``f(trainer)`` into an extension.

    Parameters
    ----------
    trigger : tuple or callable, optional
        The default trigger (``(1, 'iteration')``).
    default_name : str, optional
        The default name (the function's name).
    priority : int, optional
        The default priority (``PRIORITY_READER``).
    finalizer : callable, optional
        Called (with no argument) at the end of training.
    initializer : callable, optional
        Called with the trainer before the training loop.
    on_error : callable, optional
        Called as ``on_error(trainer, exc, tb)`` when the loop raises.

    Returns
    -------
    callable
        The decorator; it sets the attributes on the function and returns it.
    """
    if 'invoke_before_training' in kwargs:
        raise ValueError('invoke_before_training has been removed since Chainer v2.0.0. '
                         'Use initializer= instead.')
    if kwargs:
        raise TypeError('make_extension() got unexpected keyword arguments: {}'.format(
            sorted(kwargs)))
    if trigger is None:
        trigger = Extension.trigger
    if priority is None:
        priority = Extension.priority

    def decorator(ext):
        ext.trigger = trigger
        ext.default_name = default_name or ext.__name__
        ext.priority = priority
        ext.finalize = finalizer
        ext.on_error = on_error
        ext.initialize = initializer
        return ext

    return decorator
