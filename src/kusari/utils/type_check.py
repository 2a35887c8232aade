"""Eager type checking with Chainer's ``type_check`` vocabulary.

Chainer builds lazy expression trees and evaluates them later; kusari evaluates each expression
as it is written and keeps only its text for the error message, so a user's
``check_type_forward`` written for Chainer works unchanged::

    type_check._argname(in_types, ('x', 'W'))
    x_type, w_type = in_types
    type_check.expect(x_type.dtype.kind == 'f', x_type.shape[1] == w_type.shape[1])

A failing condition raises :class:`InvalidType`; ``FunctionNode`` prefixes the function's label.
"""
import operator

import numpy


class InvalidType(Exception):
    """Raised when the inputs of a function have unexpected types or shapes.

    Parameters
    ----------
    expect : str
        What was expected, e.g. ``'x.shape[1] == W.shape[1]'``.
    actual : str
        What was found, e.g. ``'3 != 4'``.
    msg : str, optional
        A complete message that replaces the two lines above.
    """

    def __init__(self, expect, actual, msg=None):
        if msg is None:
            msg = 'Expect: {0}\nActual: {1}'.format(expect, actual)
        super().__init__(msg)
        self.expect = expect
        self.actual = actual

    def __reduce__(self):
        return type(self), (self.expect, self.actual, str(self))


def _fmt(v):
    if isinstance(v, numpy.dtype):
        return str(v)
    return repr(v) if isinstance(v, str) else str(v)


def _value(x):
    return x.value if isinstance(x, _Expr) else x


def _text(x):
    return x.text if isinstance(x, _Expr) else _fmt(x)


_NEGATED = {'==': '!=', '!=': '==', '<': '>=', '<=': '>', '>': '<=', '>=': '<'}


class _Expr:
    """A value together with the source text that produced it (base of Expr and Variable,
    which are siblings so that ``expr == variable`` keeps its written order in messages)."""

    __slots__ = ('value', 'text')

    def __init__(self, value, text):
        self.value = value
        self.text = text

    def __repr__(self):
        return self.text

    def _bin(self, other, op, sym, reflected=False):
        a, b = (other, self) if reflected else (self, other)
        return Expr(op(_value(a), _value(b)), '{} {} {}'.format(_text(a), sym, _text(b)))

    def _cmp(self, other, op, sym):
        lhs, rhs = _value(self), _value(other)
        a, b = lhs, rhs
        if isinstance(lhs, numpy.dtype) or isinstance(rhs, numpy.dtype):
            try:
                a, b = numpy.dtype(lhs), numpy.dtype(rhs)
            except TypeError:
                pass
        ok = op(a, b)
        return Testable(bool(ok), '{} {} {}'.format(self.text, sym, _text(other)),
                        '{} {} {}'.format(_fmt(lhs), _NEGATED[sym], _fmt(rhs)))

    def __eq__(self, other):
        return self._cmp(other, operator.eq, '==')

    def __ne__(self, other):
        return self._cmp(other, operator.ne, '!=')

    def __lt__(self, other):
        return self._cmp(other, operator.lt, '<')

    def __le__(self, other):
        return self._cmp(other, operator.le, '<=')

    def __gt__(self, other):
        return self._cmp(other, operator.gt, '>')

    def __ge__(self, other):
        return self._cmp(other, operator.ge, '>=')

    __hash__ = None

    def __add__(self, o):
        return self._bin(o, operator.add, '+')

    def __radd__(self, o):
        return self._bin(o, operator.add, '+', True)

    def __sub__(self, o):
        return self._bin(o, operator.sub, '-')

    def __rsub__(self, o):
        return self._bin(o, operator.sub, '-', True)

    def __mul__(self, o):
        return self._bin(o, operator.mul, '*')

    def __rmul__(self, o):
        return self._bin(o, operator.mul, '*', True)

    def __floordiv__(self, o):
        return self._bin(o, operator.floordiv, '//')

    def __rfloordiv__(self, o):
        return self._bin(o, operator.floordiv, '//', True)

    def __truediv__(self, o):
        return self._bin(o, operator.truediv, '/')

    def __mod__(self, o):
        return self._bin(o, operator.mod, '%')

    def __neg__(self):
        return Expr(-self.value, '-' + self.text)

    def __getitem__(self, key):
        key_text = _text(key) if not isinstance(key, slice) else '{}:{}'.format(
            '' if key.start is None else key.start, '' if key.stop is None else key.stop)
        return Expr(self.value[_value(key)], '{}[{}]'.format(self.text, key_text))

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return Expr(getattr(self.value, name), '{}.{}'.format(self.text, name))

    def __call__(self, *args):
        return Expr(self.value(*map(_value, args)),
                    '{}({})'.format(self.text, ', '.join(map(_text, args))))

    def __bool__(self):
        raise RuntimeError(
            "Don't use a type_check expression in an `if`: call type_check.eval on it")

    def eval(self):
        """The value of the expression."""
        return self.value


class Expr(_Expr):
    """A value together with the source text that produced it."""

    __slots__ = ()


class Testable:
    """The result of a comparison: the condition's text, and the actual values if false."""

    __slots__ = ('ok', 'text', 'actual')

    def __init__(self, ok, text, actual):
        self.ok = ok
        self.text = text
        self.actual = actual

    def __bool__(self):
        return self.ok

    def __repr__(self):
        return self.text

    def expect(self):
        """Raise :class:`InvalidType` if the condition is false."""
        if not self.ok:
            raise InvalidType(self.text, self.actual)


class Variable(_Expr):
    """A named constant inside an expression (Chainer's ``type_check.Variable``).

    Parameters
    ----------
    value : object
        The constant.
    name : str
        How it is shown in error messages.
    """

    __slots__ = ()

    def __init__(self, value, name):
        super().__init__(value, name)


def make_variable(value, name):
    """A constant ``value`` shown as ``name`` in error messages.

    Parameters
    ----------
    value : object
        The constant.
    name : str
        Its text in messages.

    Returns
    -------
    Variable
        The named constant.
    """
    return Variable(value, name)


class TypeInfo:
    """Shape and dtype of one input: ``shape``, ``dtype``, ``ndim`` and ``size`` are Exprs.

    Parameters
    ----------
    shape : tuple of ints
        The shape of the input.
    dtype : numpy.dtype
        Its dtype.
    name : str
        Its name in messages, e.g. ``'in_types[0]'`` or ``'x'``.
    """

    def __init__(self, shape, dtype, name):
        self._shape = shape
        self._dtype = dtype
        self.name = name

    def _set_name(self, name):
        self.name = name

    @property
    def shape(self):
        """The shape, as an Expr."""
        return Expr(self._shape, self.name + '.shape')

    @property
    def dtype(self):
        """The dtype, as an Expr."""
        return Expr(self._dtype, self.name + '.dtype')

    @property
    def ndim(self):
        """The number of dimensions, as an Expr."""
        return Expr(len(self._shape), self.name + '.ndim')

    @property
    def size(self):
        """The number of elements, as an Expr."""
        n = 1
        for s in self._shape:
            n *= s
        return Expr(n, self.name + '.size')

    def __repr__(self):
        return '<{} shape={} dtype={}>'.format(self.name, self._shape, self._dtype)


class TypeInfoTuple(tuple):
    """The tuple of :class:`TypeInfo` passed to ``check_type_forward``."""

    def size(self):
        """The number of inputs, as an Expr."""
        return Expr(len(self), self._name + '.size()')

    _name = 'in_types'

    def _get_name(self):
        return self._name


# Chainer checks first with light-weight type infos, then again with full ones for the
# message; kusari's infos are eager and cheap, so one class serves both.
LightTypeInfoTuple = TypeInfoTuple


def get_types(data, name, accept_none=False):
    """Build the :class:`TypeInfoTuple` describing arrays ``data``.

    Parameters
    ----------
    data : sequence of array or None
        The arrays, of any shapes.
    name : str
        The name of the tuple in messages (elements are named ``name[i]``).
    accept_none : bool
        Whether ``None`` elements are allowed (they give ``None`` entries).

    Returns
    -------
    TypeInfoTuple
        One :class:`TypeInfo` per array.

    Raises
    ------
    InvalidType
        If an element is ``None`` and ``accept_none`` is false.
    """
    infos = []
    for i, d in enumerate(data):
        label = '{}[{}]'.format(name, i)
        if d is None:
            if not accept_none:
                raise InvalidType('{} is an array'.format(label), 'None')
            infos.append(None)
        else:
            infos.append(TypeInfo(d.shape, d.dtype, label))
    t = TypeInfoTuple(infos)
    t._name = name
    return t


def _argname(in_types, names):
    """Name the inputs so that messages say ``x.shape`` instead of ``in_types[0].shape``."""
    if len(in_types) != len(names):
        raise InvalidType('{}.size() == {}'.format(getattr(in_types, '_name', 'in_types'),
                                                   len(names)),
                          '{} != {}'.format(len(in_types), len(names)))
    for t, n in zip(in_types, names):
        if t is not None:
            t._set_name(n)


argname = _argname


def expect(*conditions):
    """Raise :class:`InvalidType` for the first condition that does not hold.

    Parameters
    ----------
    *conditions : Testable, Expr or bool
        The conditions, e.g. ``x_type.shape[1] == w_type.shape[1]``.

    Raises
    ------
    InvalidType
        For the first false condition, with its text and the actual values.
    """
    for cond in conditions:
        if isinstance(cond, Testable):
            cond.expect()
        elif isinstance(cond, _Expr):
            if not cond.value:
                raise InvalidType(cond.text, 'False')
        elif not cond:
            raise InvalidType(str(cond), 'False')


def eval(expr):  # noqa: A001 - Chainer's name
    """The value of an expression (or the object itself if it is not one).

    Parameters
    ----------
    expr : Expr, Testable or object
        The expression.

    Returns
    -------
    object
        Its value (a bool for a comparison).
    """
    if isinstance(expr, Testable):
        return expr.ok
    return _value(expr)


def same_types(*arrays):
    """True when every array is of one array type (all NumPy or all CuPy).

    Parameters
    ----------
    *arrays : array
        The arrays.

    Returns
    -------
    bool
        Whether their types are all the same.
    """
    return len({type(a) for a in arrays}) <= 1


def expect_broadcast_shapes(*shape_types, **kwargs):
    """Check that shapes (Exprs or tuples) broadcast together; raise InvalidType if not.

    Parameters
    ----------
    *shape_types : Expr or tuple of ints
        The shapes.
    allow_none : bool, optional (keyword only)
        Skip ``None`` shapes.

    Raises
    ------
    InvalidType
        If the shapes do not broadcast together.
    """
    allow_none = kwargs.pop('allow_none', False)
    shapes = [_value(s) for s in shape_types]
    texts = [_text(s) for s in shape_types]
    if allow_none:
        keep = [i for i, s in enumerate(shapes) if s is not None]
        shapes = [shapes[i] for i in keep]
        texts = [texts[i] for i in keep]
    try:
        numpy.broadcast_shapes(*shapes)
    except ValueError:
        raise InvalidType('{} can be broadcast'.format(', '.join(texts)),
                          ', '.join(map(str, shapes))) from None


def dtype_name(dtype):
    """The name of ``dtype``, e.g. ``'float32'``.

    Parameters
    ----------
    dtype : dtype or type
        The dtype.

    Returns
    -------
    str
        Its name.
    """
    return numpy.dtype(dtype).name


def check_same_dtype(label, names, arrays):
    """Raise :class:`InvalidType` naming ``label`` unless all arrays share one dtype.

    Parameters
    ----------
    label : str
        The function's label.
    names : sequence of str
        The names of the arrays in the message.
    arrays : sequence of array
        The arrays, of any shapes.

    Raises
    ------
    InvalidType
        If their dtypes differ.
    """
    dtypes = [a.dtype for a in arrays]
    if any(d != dtypes[0] for d in dtypes[1:]):
        fail(label, ' == '.join('{}.dtype'.format(n) for n in names),
             ', '.join('{}.dtype={}'.format(n, d) for n, d in zip(names, dtypes)))


def check_float(label, name, array):
    """Raise :class:`InvalidType` unless ``array`` has a floating-point dtype.

    Parameters
    ----------
    label : str
        The function's label.
    name : str
        The array's name in the message.
    array : array
        The array, of any shape.

    Raises
    ------
    InvalidType
        If ``array.dtype.kind != 'f'``.
    """
    if array.dtype.kind != 'f':
        fail(label, '{}.dtype.kind == \'f\''.format(name), '{}.dtype={}'.format(name, array.dtype))


def fail(label, expect, actual):
    """Raise :class:`InvalidType` in the format ``FunctionNode`` uses for ``label``.

    Parameters
    ----------
    label : str
        The function's label.
    expect : str
        What was expected.
    actual : str
        What was found.

    Raises
    ------
    InvalidType
        Always.
    """
    raise InvalidType(expect, actual,
                      'Invalid operation is performed in: {} (Forward)\n\nExpect: {}\nActual: {}'
                      .format(label, expect, actual))
