"""Generating test classes from a class: what ``parameterize`` and ``inject_backend_tests``
share.

A generator decorator turns a test class into several subclasses, each registered in the
class's module under its own name (so that pytest and unittest collect them), and returns a
:class:`CaseBundle` listing them in place of the class. Decorating a bundle again replaces
each of its classes by the classes generated from it (they are removed from the module), so
decorators stack: ``@parameterize(...)`` over ``@inject_backend_tests(...)`` gives one class
per parameter set and backend.
"""
import inspect
import sys

# A key set in the namespace of every generated class (see FunctionTestCase's metaclass).
GENERATED = '_kusari_generated_test_case'


class CaseBundle:
    """The test classes a generator decorator made (what the decorated name is bound to).

    Attributes
    ----------
    cases : list of tuple
        ``(klass, module_name, class_name)``; for a class that was not generated (a bundle
        wrapping a plain class) the last two are None.
    """

    def __init__(self, cases):
        self.cases = list(cases)

    @classmethod
    def of(cls, obj):
        """``obj`` as a bundle: a bundle itself, or a bundle of the one plain class."""
        if isinstance(obj, cls):
            return obj
        if not inspect.isclass(obj):
            raise TypeError('a test-case decorator applies to a class, got {!r}'.format(obj))
        return cls([(obj, None, None)])

    def classes(self):
        """The classes, in order."""
        return [c[0] for c in self.cases]

    def __repr__(self):
        return '<CaseBundle of {}>'.format(', '.join(c.__name__ for c in self.classes()))


def generator_decorator(make_cases):
    """A class decorator from ``make_cases(base) -> iterable of (name, members, wrap)``.

    For each triple a subclass of ``base`` named ``name`` is made, with ``members`` as class
    attributes and each ``test_*`` method ``m`` of ``base`` replaced by ``wrap(m)`` (None
    hides the method). Generated classes carry ``GENERATED = True`` in their namespace.

    Parameters
    ----------
    make_cases : callable
        Called once per class to decorate.

    Returns
    -------
    callable
        The decorator; it takes a class or a :class:`CaseBundle` and returns a bundle.
    """
    def decorate(target):
        generated = []
        for klass, module_name, class_name in CaseBundle.of(target).cases:
            if module_name is not None:
                module = sys.modules[module_name]
                if getattr(module, class_name, None) is klass:
                    delattr(module, class_name)
            else:
                module_name = klass.__module__
            module = sys.modules[module_name]
            for name, members, wrap in make_cases(klass):
                generated.append((_make_class(klass, module, name, members, wrap),
                                  module_name, name))
        return CaseBundle(generated)
    return decorate


def _test_methods(klass):
    for name in dir(klass):
        if not name.startswith('test_'):
            continue
        value = inspect.getattr_static(klass, name)
        if inspect.isfunction(value):
            yield name, value


def _make_class(base, module, name, members, wrap):
    attrs = dict(members)
    for method_name, method in _test_methods(base):
        if method_name not in attrs:
            attrs[method_name] = wrap(method)
    attrs.setdefault('__module__', module.__name__)
    attrs[GENERATED] = True
    klass = type(base)(name, (base,), attrs)
    klass.__qualname__ = name
    setattr(module, name, klass)
    return klass
