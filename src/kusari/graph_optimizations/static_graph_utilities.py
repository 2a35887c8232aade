"""``static_code``: mark code that must run on every call of a static chain."""
import functools


def static_code(*dec_args, **dec_kwargs):
    """Mark a function (or method) as code to run on every call of a static chain.

    In Chainer, a chain decorated with :func:`~kusari.graph_optimizations.static_graph.
    static_graph` replays a recorded schedule from its second call on, and only functions
    marked with this decorator (besides the built-in functions) run again; other Python
    code inside the chain runs once. kusari runs static chains define-by-run, so every line
    runs on every call and this decorator only calls the function with its arguments
    (``inputs`` / ``outputs`` keywords included, as Chainer passes them on).

    Usable bare (``@static_code``) or with ``func_name=`` (a debugging name, accepted and
    kept on the wrapper as ``static_code_name``).

    Returns
    -------
    callable
        The wrapped function, or a decorator when called with keyword arguments.

    Raises
    ------
    TypeError
        If called with a non-callable positional argument or unknown keywords.
    """
    unknown = set(dec_kwargs) - {'func_name'}
    if unknown:
        raise TypeError('static_code() got unexpected keyword arguments: {}'.format(
            sorted(unknown)))
    func_name = dec_kwargs.get('func_name')

    def wrap(func):
        @functools.wraps(func)
        def wrapped(*args, **kwargs):
            return func(*args, **kwargs)
        wrapped.static_code_name = func_name or func.__name__
        return wrapped

    if len(dec_args) == 1 and not dec_kwargs and callable(dec_args[0]):
        return wrap(dec_args[0])
    if dec_args:
        raise TypeError('static_code() takes a function, or only keyword arguments, got '
                        '{!r}'.format(dec_args))
    return wrap
