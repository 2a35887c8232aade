"""``with_requires``, ``without_requires``, ``assert_warns`` and ``patch``."""
import contextlib
import importlib.metadata
import re
import sys
import unittest.mock
import warnings

from kusari.testing import attr

_REQUIREMENT = re.compile(r'^\s*([A-Za-z0-9][A-Za-z0-9._-]*)\s*(?:\[[^\]]*\])?\s*(.*)$')
_CLAUSE = re.compile(r'^\s*(~=|===|==|!=|<=|>=|<|>)\s*([0-9A-Za-z][^\s,;]*)\s*$')


def _version_key(text):
    """A comparable form of a version: packaging's Version when available."""
    try:
        from packaging.version import Version
        return Version(text)
    except ImportError:  # pragma: no cover - pytest brings packaging along
        parts = []
        for piece in re.split(r'[.+-]', text):
            parts.append((0, int(piece), '') if piece.isdigit() else (1, 0, piece))
        return tuple(parts)


def _clause_holds(installed, op, wanted):
    if op == '===':
        return str(installed) == wanted
    if wanted.endswith('.*') and op in ('==', '!='):
        prefix = wanted[:-2].split('.')
        same = str(installed).split('.')[:len(prefix)] == prefix
        return same if op == '==' else not same
    have, want = _version_key(installed), _version_key(wanted)
    if op == '~=':
        release = wanted.split('.')
        upper = '.'.join(release[:-2] + [str(int(release[-2]) + 1)]) if len(release) > 1 \
            else None
        return have >= want and (upper is None or have < _version_key(upper))
    return {'==': have == want, '!=': have != want, '<=': have <= want,
            '>=': have >= want, '<': have < want, '>': have > want}[op]


def _satisfied(requirement):
    """Whether the installed distributions meet one requirement string like
    ``'numpy>=1.10,<3'`` (not its dependencies)."""
    match = _REQUIREMENT.match(requirement.split(';')[0])
    if not match:
        raise ValueError('invalid requirement {!r}'.format(requirement))
    name, spec = match.group(1), match.group(2).strip()
    try:
        installed = importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return False
    for clause in filter(None, (c.strip() for c in spec.split(','))):
        parsed = _CLAUSE.match(clause)
        if not parsed:
            raise ValueError('invalid version clause {!r} in {!r}'.format(clause,
                                                                          requirement))
        if not _clause_holds(installed, *parsed.groups()):
            return False
    return True


def with_requires(*requirements):
    """Decorator: run the test only where every requirement is met.

    Parameters
    ----------
    *requirements : str
        Requirement strings, e.g. ``'numpy>=1.10'``, ``'scipy'``.

    Returns
    -------
    callable
        A decorator for a test function, method or class (skipped otherwise).
    """
    met = all(_satisfied(r) for r in requirements)
    return attr.skip_if(not met, 'requires: {}'.format(','.join(requirements)))


def without_requires(*requirements):
    """Decorator: run the test only where the requirements are not all met.

    Parameters
    ----------
    *requirements : str
        Requirement strings.

    Returns
    -------
    callable
        A decorator for a test function, method or class.
    """
    met = all(_satisfied(r) for r in requirements)
    return attr.skip_if(met, 'requires: {}'.format(','.join(requirements)))


@contextlib.contextmanager
def assert_warns(expected):
    """A context manager that fails unless its body warns with ``expected``.

    Every warning is recorded (the filters are set to 'always' inside), so a warning
    already shown once still counts.

    Parameters
    ----------
    expected : type
        The warning class (a subclass matches too).

    Raises
    ------
    AssertionError
        If no such warning was issued.
    """
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        yield caught
    if not any(isinstance(w.message, expected) for w in caught):
        name = getattr(expected, '__name__', str(expected))
        raise AssertionError('{} not triggered'.format(name))


def _resolve(fullname):
    parts = fullname.split('.')
    obj = sys.modules.get(parts[0])
    if obj is None:
        raise RuntimeError('cannot find module {!r} (import it first)'.format(parts[0]))
    for i, part in enumerate(parts[1:], 2):
        obj = getattr(obj, part)
        if obj is None:
            raise RuntimeError('cannot find object {!r}'.format('.'.join(parts[:i])))
    return obj


def patch(target, *args, **kwargs):
    """``unittest.mock.patch`` whose mock wraps the patched object by default.

    Calls go through to the real object and are recorded. Unbound methods cannot be
    wrapped.

    Parameters
    ----------
    target : str
        The full dotted name of the object; its top-level module must be imported.
    *args, **kwargs
        Passed to ``mock.patch``; ``wraps`` replaces the default (the target itself).

    Returns
    -------
    unittest.mock._patch
        A decorator and context manager.
    """
    if 'wraps' not in kwargs:
        kwargs['wraps'] = _resolve(target)
    return unittest.mock.patch(target, *args, **kwargs)
