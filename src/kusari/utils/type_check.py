"""Type checking of function inputs with Chainer's ``type_check`` vocabulary.

``check_type_forward(in_types)`` receives one expression per input; attribute access,
indexing, calls and the arithmetic and comparison operators build expression trees
(:class:`Expr`) that remember how they were written::

    type_check._argname(in_types, ('x', 'W'))
    x_type, w_type = in_types
    type_check.expect(x_type.dtype.kind == 'f', x_type.shape[1] == w_type.shape[1])

:func:`expect` evaluates each comparison and raises :class:`InvalidType` for the first one
that does not hold, with the written condition and the actual values
(``Expect: x.shape[1] == W.shape[1]`` / ``Actual: 3 != 4``). ``FunctionNode`` adds the
function's label. An expression cannot be used as a bool (``if x_type.ndim == 2`` raises
RuntimeError): :func:`eval` gives its value.

In light mode (``with type_check.light_mode:``), the inputs are plain shape/dtype records
and the same code runs on plain values, with no expression trees.

Built-in kusari functions check their raw arrays directly with :func:`check_float`,
:func:`check_same_dtype` and :func:`fail`, which raise the same error.
"""
import contextlib
import operator
import threading

import numpy

_thread_local = threading.local()


@contextlib.contextmanager
def get_function_check_context(f):
    """Inside the block, :class:`InvalidType` messages name the function ``f`` (its label).

    Parameters
    ----------
    f : FunctionNode or Function
        The function whose inputs are checked.
    """
    old = getattr(_thread_local, 'current_function', None)
    _thread_local.current_function = f
    try:
        yield
    finally:
        _thread_local.current_function = old


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
            func = getattr(_thread_local, 'current_function', None)
            msg = _message(expect, actual, None if func is None else func.label)
        super().__init__(msg)
        self.expect = expect
        self.actual = actual

    def __reduce__(self):
        return type(self), (self.expect, self.actual, str(self))


def _message(expect, actual, label=None):
    """``Expect: ...`` / ``Actual: ...``, after a line naming the function ``label`` if given."""
    msg = 'Expect: {}\nActual: {}'.format(expect, actual)
    if label is not None:
        msg = 'Invalid operation is performed in: {} (Forward)\n\n{}'.format(label, msg)
    return msg


# -- formatting


def _fmt(v):
    """A value in a message: dtypes by name, other values as ``str`` (a NumPy scalar type
    reads ``<class 'numpy.float32'>``, as in Chainer's messages)."""
    if isinstance(v, numpy.dtype):
        return v.name
    return repr(v) if isinstance(v, str) else str(v)


def _repr(v):
    """The source text of ``v``: an expression's text, a list or tuple of them, or a
    constant (dtypes by name, other values by ``repr``, as in Chainer's messages)."""
    if isinstance(v, Expr):
        return str(v)
    if isinstance(v, list):
        return '[{}]'.format(', '.join(map(_repr, v)))
    if isinstance(v, tuple):
        if len(v) == 1:
            return '({},)'.format(_repr(v[0]))
        return '({})'.format(', '.join(map(_repr, v)))
    if isinstance(v, numpy.dtype):
        return v.name
    return repr(v)


def _eval_expr(v):
    if isinstance(v, Expr):
        return v.eval()
    if isinstance(v, list):
        return [_eval_expr(x) for x in v]
    if isinstance(v, tuple):
        return tuple([_eval_expr(x) for x in v])
    return v


# -- expression trees


def _binary(sym, priority, func, right_associative=False, reflected=False):
    if reflected:
        def op(self, other):
            return BinaryOperator(priority, other, self, sym, func, right_associative)
    else:
        def op(self, other):
            return BinaryOperator(priority, self, other, sym, func, right_associative)
    return op


def _unary(sym, func):
    def op(self):
        return UnaryOperator(6, self, sym, func)
    return op


def _compare(sym, inv, func):
    def op(self, other):
        return BoolBinaryOperator(self, other, sym, inv, func)
    return op


class Expr:
    """A node of an expression tree: :meth:`eval` gives its value, ``str()`` its text.

    Operators bind as in Python; ``priority`` (Python's precedence: ``|`` 0 up to an atom
    8) decides where ``str()`` puts parentheses.

    Parameters
    ----------
    priority : int
        The precedence of the node's operator.
    """

    def __init__(self, priority):
        self.priority = priority

    def eval(self):
        """The value of the expression."""
        raise NotImplementedError

    def __getattr__(self, name):
        if name.startswith('__'):
            raise AttributeError(name)
        return GetAttr(self, name)

    def __getitem__(self, key):
        return GetItem(self, key)

    def __call__(self, *args):
        return Call(self, args)

    def __bool__(self):
        raise RuntimeError(
            'An Expr instance cannot be evaluated as bool (e.g. in an `if` or with `and`): '
            'use kusari.utils.type_check.eval() to get its value.')

    __hash__ = None

    __eq__ = _compare('==', '!=', operator.eq)
    __ne__ = _compare('!=', '==', operator.ne)
    __lt__ = _compare('<', '>=', operator.lt)
    __le__ = _compare('<=', '>', operator.le)
    __gt__ = _compare('>', '<=', operator.gt)
    __ge__ = _compare('>=', '<', operator.ge)

    __add__ = _binary('+', 4, operator.add)
    __radd__ = _binary('+', 4, operator.add, reflected=True)
    __sub__ = _binary('-', 4, operator.sub)
    __rsub__ = _binary('-', 4, operator.sub, reflected=True)
    __mul__ = _binary('*', 5, operator.mul)
    __rmul__ = _binary('*', 5, operator.mul, reflected=True)
    __truediv__ = _binary('/', 5, operator.truediv)
    __rtruediv__ = _binary('/', 5, operator.truediv, reflected=True)
    __floordiv__ = _binary('//', 5, operator.floordiv)
    __rfloordiv__ = _binary('//', 5, operator.floordiv, reflected=True)
    __mod__ = _binary('%', 5, operator.mod)
    __rmod__ = _binary('%', 5, operator.mod, reflected=True)
    __pow__ = _binary('**', 7, operator.pow, right_associative=True)
    __rpow__ = _binary('**', 7, operator.pow, right_associative=True, reflected=True)
    __lshift__ = _binary('<<', 3, operator.lshift)
    __rlshift__ = _binary('<<', 3, operator.lshift, reflected=True)
    __rshift__ = _binary('>>', 3, operator.rshift)
    __rrshift__ = _binary('>>', 3, operator.rshift, reflected=True)
    __and__ = _binary('&', 2, operator.and_)
    __rand__ = _binary('&', 2, operator.and_, reflected=True)
    __xor__ = _binary('^', 1, operator.xor)
    __rxor__ = _binary('^', 1, operator.xor, reflected=True)
    __or__ = _binary('|', 0, operator.or_)
    __ror__ = _binary('|', 0, operator.or_, reflected=True)

    __neg__ = _unary('-', operator.neg)
    __pos__ = _unary('+', operator.pos)
    __invert__ = _unary('~', operator.invert)

    def __repr__(self):
        return str(self)


class Atom(Expr):
    """An expression that never needs parentheses (priority 8)."""

    def __init__(self):
        super().__init__(8)


class Constant(Atom):
    """A constant value, shown as its repr.

    Parameters
    ----------
    value : object
        The value.
    """

    def __init__(self, value):
        super().__init__()
        self.value = value

    def __str__(self):
        return _repr(self.value)

    def eval(self):
        return self.value


class Variable(Atom):
    """A named value (an input type, or a constant with a name for messages).

    Parameters
    ----------
    value : object
        The value.
    name : str
        How it is shown.
    """

    def __init__(self, value, name):
        super().__init__()
        self.value = value
        self.name = name

    def __str__(self):
        return self.name

    def eval(self):
        return self.value


class GetAttr(Atom):
    """``obj.name``.

    Parameters
    ----------
    obj : Expr or object
        The object.
    name : str or Expr
        The attribute name.
    """

    def __init__(self, obj, name):
        super().__init__()
        self.obj = obj
        self.name = name

    def __str__(self):
        name = self.name
        if isinstance(name, Constant):
            name = name.value
        if isinstance(name, str):
            return '{}.{}'.format(_repr(self.obj), name)
        return 'getattr({}, {})'.format(_repr(self.obj), _repr(self.name))

    def eval(self):
        return getattr(_eval_expr(self.obj), _eval_expr(self.name))


def _subscript(key):
    if key is Ellipsis:
        return '...'
    if isinstance(key, slice):
        parts = ['' if v is None else _repr(v) for v in (key.start, key.stop)]
        if key.step is not None:
            parts.append(_repr(key.step))
        return ':'.join(parts)
    if isinstance(key, tuple):
        return ', '.join(map(_subscript, key))
    return _repr(key)


class GetItem(Atom):
    """``obj[key]``.

    Parameters
    ----------
    obj : Expr or object
        The container.
    key : object
        The index, slice, or tuple of them.
    """

    def __init__(self, obj, key):
        super().__init__()
        self.obj = obj
        self.key = key

    def __str__(self):
        return '{}[{}]'.format(_repr(self.obj), _subscript(self.key))

    def eval(self):
        return _eval_expr(self.obj)[_eval_expr(self.key)]


class Call(Atom):
    """``obj(*args)``.

    Parameters
    ----------
    obj : Expr or callable
        The function.
    args : tuple
        The arguments.
    """

    def __init__(self, obj, args):
        if not isinstance(args, tuple):
            raise TypeError('Call: args must be a tuple, got {}'.format(type(args)))
        super().__init__()
        self.obj = obj
        self.args = args

    def __str__(self):
        return '{}({})'.format(_repr(self.obj), ', '.join(map(_repr, self.args)))

    def eval(self):
        return _eval_expr(self.obj)(*[_eval_expr(a) for a in self.args])


class UnaryOperator(Expr):
    """A prefix operator ``exp term``.

    Parameters
    ----------
    priority : int
        Its precedence.
    term : Expr or object
        The operand.
    exp : str
        The operator's text.
    func : callable
        What it computes.
    """

    def __init__(self, priority, term, exp, func):
        super().__init__(priority)
        self.term = term
        self.exp = exp
        self.func = func

    def eval(self):
        return self.func(_eval_expr(self.term))

    def __str__(self):
        text = _repr(self.term)
        if isinstance(self.term, Expr) and self.term.priority < self.priority:
            text = '(' + text + ')'
        return self.exp + text


class BinaryOperator(Expr):
    """An infix operator ``lhs exp rhs``.

    Parameters
    ----------
    priority : int
        Its precedence.
    lhs, rhs : Expr or object
        The operands.
    exp : str
        The operator's text.
    func : callable
        What it computes.
    right_associative : bool
        True for ``**`` (which decides the parentheses of equal-precedence operands).
    """

    def __init__(self, priority, lhs, rhs, exp, func, right_associative=False):
        super().__init__(priority)
        self.lhs = lhs
        self.rhs = rhs
        self.exp = exp
        self.func = func
        self.right_associative = right_associative

    def _eval_left(self):
        return _eval_expr(self.lhs)

    def _eval_right(self):
        return _eval_expr(self.rhs)

    def eval(self):
        return self.func(self._eval_left(), self._eval_right())

    def __str__(self):
        left = _repr(self.lhs)
        if isinstance(self.lhs, Expr) and (
                self.priority > self.lhs.priority
                or (self.right_associative and self.priority == self.lhs.priority)):
            left = '(' + left + ')'
        right = _repr(self.rhs)
        if isinstance(self.rhs, Expr) and (
                self.priority > self.rhs.priority
                or (not self.right_associative and self.priority == self.rhs.priority)):
            right = '(' + right + ')'
        return '{} {} {}'.format(left, self.exp, right)


class Testable:
    """A condition that :func:`expect` can check."""

    def expect(self):
        """Raise :class:`InvalidType` if the condition does not hold."""
        raise NotImplementedError


class BoolBinaryOperator(BinaryOperator, Testable):
    """A comparison ``lhs exp rhs``; ``inv`` is the negated operator used in messages.

    Parameters
    ----------
    lhs, rhs : Expr or object
        The operands.
    exp : str
        The comparison, e.g. ``'=='``.
    inv : str
        Its negation, e.g. ``'!='``.
    func : callable
        What it computes.
    """

    def __init__(self, lhs, rhs, exp, inv, func):
        BinaryOperator.__init__(self, -1, lhs, rhs, exp, func)
        self.inv = inv

    def expect(self):
        left = self._eval_left()
        right = self._eval_right()
        if not self.func(left, right):
            raise InvalidType('{} {} {}'.format(_repr(self.lhs), self.exp, _repr(self.rhs)),
                              '{} {} {}'.format(_fmt(left), self.inv, _fmt(right)))


# -- input types


class TypeInfo:
    """Shape and dtype of one input (``shape``, ``dtype``, ``ndim``, ``size``).

    Parameters
    ----------
    shape : tuple of ints
        The shape.
    dtype : numpy.dtype or None
        The dtype (None for a missing gradient).
    """

    def __init__(self, shape, dtype):
        self.shape = shape
        self.dtype = dtype
        self.ndim = len(shape)

    @property
    def size(self):
        """The number of elements."""
        return _prod_impl(self.shape)

    def __repr__(self):
        return '<TypeInfo shape={} dtype={}>'.format(self.shape, self.dtype)


class TypeInfoTuple(tuple):
    """The tuple of input types given to ``check_type_forward``: one :class:`Variable`
    (wrapping a :class:`TypeInfo`) per input; ``name`` is the tuple's name in messages."""

    name = 'in_types'

    def size(self):
        """The number of inputs, as an expression.

        Returns
        -------
        Variable
            ``len(self)``, shown as ``in_types.size()``.
        """
        return Variable(len(self), '{}.size()'.format(self.name))


class LightTypeInfoTuple(tuple):
    """The input types in light mode: plain :class:`TypeInfo` (or arrays)."""

    def size(self):
        """The number of inputs."""
        return len(self)


def _get_type(name, index, array, accept_none, shape):
    label = '{}[{}]'.format(name, index)
    if array is None:
        if not accept_none:
            raise InvalidType('{} is an array'.format(label), 'None')
        return Variable(TypeInfo((), None), label)
    return Variable(TypeInfo(array.shape if shape is None else shape, array.dtype), label)


def get_types(data, name, accept_none=False, *, shapes=None):
    """The :class:`TypeInfoTuple` describing the arrays ``data``.

    Parameters
    ----------
    data : tuple of array or None
        The arrays, of any shapes.
    name : str
        The name of the tuple in messages (elements are named ``name[i]``).
    accept_none : bool
        Whether ``None`` elements are allowed (they get shape ``()`` and dtype None).
    shapes : tuple of tuples, optional
        Shapes to report instead of the arrays' own.

    Returns
    -------
    TypeInfoTuple
        One expression per array.

    Raises
    ------
    InvalidType
        If an element is ``None`` and ``accept_none`` is false.
    """
    if not isinstance(data, (tuple, list)):
        raise AssertionError('get_types: data must be a tuple, got {}'.format(type(data)))
    if shapes is None:
        shapes = (None,) * len(data)
    info = TypeInfoTuple([_get_type(name, i, x, accept_none, s)
                          for i, (x, s) in enumerate(zip(data, shapes))])
    info.name = name
    return info


def get_light_types(data, *, shapes=None):
    """The input types for light mode: the arrays themselves (or records of ``shapes``).

    Parameters
    ----------
    data : tuple of array
        The arrays.
    shapes : tuple of tuples, optional
        Shapes to report instead of the arrays' own.

    Returns
    -------
    LightTypeInfoTuple
        One array or :class:`TypeInfo` per input.
    """
    if not isinstance(data, (tuple, list)):
        raise AssertionError('get_light_types: data must be a tuple, got {}'.format(
            type(data)))
    if shapes is not None:
        data = [TypeInfo(s, x.dtype) for x, s in zip(data, shapes)]
    return LightTypeInfoTuple(data)


def _make_variable_from_array(array, name):
    from kusari import get_array_types
    if not isinstance(array, get_array_types()):
        raise InvalidType('isinstance({}, ndarray)'.format(name),
                          'type({}) == {}'.format(name, type(array)))
    if in_light_mode():
        return array
    return Variable(TypeInfo(array.shape, array.dtype), name)


def _argname(in_types, names):
    """Name the inputs so that messages say ``x.shape`` instead of ``in_types[0].shape``.

    Parameters
    ----------
    in_types : TypeInfoTuple
        The input types.
    names : tuple of str
        One name per input.

    Raises
    ------
    InvalidType
        If the numbers of types and names differ.
    """
    if len(in_types) != len(names):
        raise InvalidType('{}.size() == {}'.format(getattr(in_types, 'name', 'in_types'),
                                                   len(names)),
                          '{} != {}'.format(len(in_types), len(names)))
    for t, n in zip(in_types, names):
        if isinstance(t, Variable):
            t.name = n


argname = _argname


# -- light mode


class LightMode:
    """``with type_check.light_mode:`` runs checks on plain values (no expression trees)."""

    def __enter__(self):
        self._old = getattr(_thread_local, 'light_mode', False)
        _thread_local.light_mode = True

    def __exit__(self, *exc):
        _thread_local.light_mode = self._old


light_mode = LightMode()


def in_light_mode():
    """Whether the current thread checks types in light mode."""
    return getattr(_thread_local, 'light_mode', False)


# -- checking


def expect(*conditions):
    """Raise :class:`InvalidType` for the first condition that does not hold.

    Parameters
    ----------
    *conditions : comparison expression or bool
        The conditions, e.g. ``x_type.shape[1] == w_type.shape[1]``.

    Raises
    ------
    InvalidType
        For the first false condition, with its text and the actual values.
    """
    if in_light_mode():
        if not all(conditions):
            raise InvalidType('', '')
        return
    for cond in conditions:
        if isinstance(cond, Testable):
            cond.expect()
        elif isinstance(cond, Expr):
            if not cond.eval():
                raise InvalidType(str(cond), 'False')
        elif not cond:
            raise InvalidType(str(cond), 'False')


def eval(expr):  # noqa: A001 - Chainer's name
    """The value of an expression (or the object itself if it is not one).

    Parameters
    ----------
    expr : Expr or object
        The expression.

    Returns
    -------
    object
        Its value (a bool for a comparison).
    """
    if isinstance(expr, Expr):
        return expr.eval()
    return expr


def make_variable(value, name):
    """A constant ``value`` shown as ``name`` in messages (the value itself in light mode).

    Parameters
    ----------
    value : object
        The constant.
    name : str
        Its text in messages.

    Returns
    -------
    Variable or object
        The named constant.
    """
    if in_light_mode():
        return value
    return Variable(value, name)


def _prod_impl(xs):
    result = 1
    for x in xs:
        result *= x
    return result


_prod = Variable(_prod_impl, 'prod')


def prod(xs):
    """The product of ``xs`` (e.g. of a shape), as an expression shown as ``prod(...)``.

    Parameters
    ----------
    xs : sequence
        Numbers or expressions.

    Returns
    -------
    Expr or number
        The product (a plain number in light mode).
    """
    if in_light_mode():
        return _prod_impl(xs)
    return _prod(xs)


def same_types(*arrays):
    """True when the arrays are all NumPy arrays or all CuPy arrays.

    Parameters
    ----------
    *arrays : array
        The arrays.

    Returns
    -------
    bool
        Whether they are of one array kind.
    """
    if all(isinstance(x, numpy.ndarray) for x in arrays):
        return True
    from kusari.backends import cuda
    return all(isinstance(x, cuda.ndarray) for x in arrays)


def expect_broadcast_shapes(*shape_types, **kwargs):
    """Check that shapes (expressions or tuples) broadcast together.

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
    if kwargs:
        raise TypeError('expect_broadcast_shapes() got unexpected keyword argument(s) {}'
                        .format(', '.join(map(repr, sorted(kwargs)))))
    shapes = [eval(s) for s in shape_types]
    texts = [_repr(s) for s in shape_types]
    if allow_none:
        keep = [i for i, s in enumerate(shapes) if s is not None]
        shapes = [shapes[i] for i in keep]
        texts = [texts[i] for i in keep]
    try:
        numpy.broadcast_shapes(*shapes)
    except ValueError:
        raise InvalidType('{} can be broadcast'.format(', '.join(texts)),
                          ', '.join(map(str, shapes))) from None


# -- direct checks on arrays (built-in functions)


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
    raise InvalidType(expect, actual, _message(expect, actual, label))
