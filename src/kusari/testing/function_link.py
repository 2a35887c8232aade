"""Chainer's test-case classes for functions and links: ``FunctionTestCase``,
``LinkTestCase`` and ``LinkInitializersTestCase``.

They are ``unittest.TestCase`` classes used with
:func:`~kusari.testing.inject_backend_tests`: each test method gets a
:class:`~kusari.testing.BackendConfig`. The checks themselves are those of
:mod:`kusari.testing._checks`, shared with kusari's spec runner
(:class:`~kusari.testing.FunctionSpecTestCase`); a subclass of ``FunctionTestCase`` that
declares ``params`` is built on that runner instead (see :class:`FunctionTestCase`).
"""
import unittest

import numpy

from kusari import backend, gradient_check, initializers
from kusari.testing import _cases, _checks
from kusari.testing import array as array_module
from kusari.testing._checks import FunctionTestError, LinkTestError  # noqa: F401
from kusari.variable import Variable

_TestError = _checks.TestError


class InitializerArgument:
    """An initializer argument of a link together with the initializer it stands for.

    For :meth:`LinkInitializersTestCase.get_initializers`, when the value passed to the
    link's constructor (e.g. None) is not itself the initializer the link uses (e.g.
    ``Constant(1)``).

    Parameters
    ----------
    argument_value : object
        What the constructor gets.
    expected_initializer : initializer-like
        What the link should use for it; not None.

    Raises
    ------
    ValueError
        If ``expected_initializer`` is None.
    TypeError
        If it is not initializer-like.
    """

    def __init__(self, argument_value, expected_initializer):
        if expected_initializer is None:
            raise ValueError('InitializerArgument: the expected initializer cannot be None')
        initializers._check_is_initializer_like(expected_initializer)
        self.argument_value = argument_value
        self.expected_initializer = expected_initializer


def _to_noncontiguous_as_needed(contiguous, arrays):
    if contiguous is None:
        return array_module._as_noncontiguous_array(arrays)
    if contiguous == 'C':
        return arrays
    raise ValueError("contiguous must be None or 'C', got {!r}".format(contiguous))


class FunctionTestBase:
    """The checks of :class:`FunctionTestCase`, without the ``unittest`` base and the
    ``test_*`` methods (``run_test_forward`` etc. take the backend configuration)."""

    backend_config = None
    check_forward_options = None
    check_backward_options = None
    check_double_backward_options = None
    skip_forward_test = False
    skip_backward_test = False
    skip_double_backward_test = False
    dodge_nondifferentiable = False
    numerical_grad_dtype = numpy.float64
    contiguous = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # As in Chainer, the options start empty for every test; set them in setUp.
        self.check_forward_options = {}
        self.check_backward_options = {}
        self.check_double_backward_options = {}

    # -- to be provided by the test
    def before_test(self, test_name):
        """Called before each test (``'test_forward'``...); may raise ``SkipTest``."""

    def forward(self, inputs, device):
        """The code under test: Variables in, a tuple of Variables out."""
        raise NotImplementedError('forward() is not implemented.')

    def forward_expected(self, inputs):
        """The expected outputs (a tuple of NumPy arrays) of the NumPy inputs."""
        raise NotImplementedError('forward_expected() is not implemented.')

    def generate_inputs(self):
        """The inputs, a tuple of NumPy arrays."""
        raise NotImplementedError('generate_inputs() is not implemented.')

    def generate_grad_outputs(self, outputs_template):
        """The output gradients (None for none): uniform in [-1, 1) by default."""
        return _checks.random_like(outputs_template)

    def generate_grad_grad_inputs(self, inputs_template):
        """The gradients of the input gradients (None for none): uniform by default."""
        return _checks.random_like(inputs_template)

    def check_forward_outputs(self, outputs, expected_outputs):
        """Compare the outputs with the expected ones; raise :class:`FunctionTestError`."""
        _check_forward_outputs(outputs, expected_outputs, FunctionTestError,
                               self.check_forward_options)

    # -- the checks
    def _to_noncontiguous_as_needed(self, arrays):
        return _to_noncontiguous_as_needed(self.contiguous, arrays)

    def _generate_inputs(self):
        inputs = self.generate_inputs()
        _checks.check_array_types(inputs, backend.CpuDevice(), 'generate_inputs')
        return inputs

    def _generate_grad_outputs(self, outputs_template):
        grad_outputs = self.generate_grad_outputs(outputs_template)
        _checks.check_array_types(grad_outputs, backend.CpuDevice(), 'generate_grad_outputs')
        return grad_outputs

    def _generate_grad_grad_inputs(self, inputs_template):
        ggxs = self.generate_grad_grad_inputs(inputs_template)
        _checks.check_array_types(ggxs, backend.CpuDevice(), 'generate_grad_grad_inputs')
        return ggxs

    def _forward_expected(self, inputs):
        outputs = self.forward_expected(inputs)
        _checks.check_array_types(outputs, backend.CpuDevice(), 'forward_expected')
        return outputs

    def _forward(self, inputs, backend_config):
        with backend_config:
            outputs = self.forward(inputs, backend_config.device)
        _checks.check_variable_types(outputs, backend_config.device, 'forward',
                                     FunctionTestError)
        return outputs

    def _begin(self, test_name, backend_config, skip):
        if backend_config is None:
            raise TypeError(
                '{}.{} got no backend configuration: FunctionTestCase follows Chainer\'s '
                'contract and needs @testing.inject_backend_tests (kusari\'s spec runner is '
                'chosen by declaring `params` in the class)'.format(type(self).__name__,
                                                                    test_name))
        if skip:
            raise unittest.SkipTest('skip_{} is set'.format(test_name[len('test_'):] + '_test'))
        self.backend_config = backend_config
        self.test_name = test_name
        self.before_test(test_name)

    def run_test_forward(self, backend_config):
        """Forward on the configured device against :meth:`forward_expected`."""
        self._begin('test_forward', backend_config, self.skip_forward_test)
        cpu_inputs = self._to_noncontiguous_as_needed(self._generate_inputs())
        copies = [None if a is None else a.copy() for a in cpu_inputs]
        expected = self._forward_expected(cpu_inputs)
        inputs = self._to_noncontiguous_as_needed(backend_config.get_array(cpu_inputs))
        outputs = self._forward(tuple(
            Variable(a, requires_grad=a.dtype.kind == 'f') for a in inputs), backend_config)
        _checks.check_unmodified(copies, inputs, FunctionTestError)
        self.check_forward_outputs(tuple(v.array for v in outputs), expected)

    def _gradient_function(self, backend_config):
        def f(*args):
            return self._forward(args, backend_config)
        return f

    def run_test_backward(self, backend_config):
        """First derivatives on the configured device against central differences."""
        self._begin('test_backward', backend_config, self.skip_backward_test)

        def arguments():
            inputs = self._generate_inputs()
            grad_outputs = self._generate_grad_outputs(self._forward_expected(inputs))
            inputs, grad_outputs = (self._to_noncontiguous_as_needed(
                backend_config.get_array(a)) for a in (inputs, grad_outputs))
            return inputs, grad_outputs

        _checks.check_gradients(1, self._gradient_function(backend_config), arguments,
                                FunctionTestError, self.dodge_nondifferentiable,
                                dtype=self.numerical_grad_dtype,
                                **self.check_backward_options)

    def run_test_double_backward(self, backend_config):
        """Second derivatives on the configured device against central differences."""
        self._begin('test_double_backward', backend_config, self.skip_double_backward_test)

        def arguments():
            inputs = self._generate_inputs()
            grad_outputs = self._generate_grad_outputs(self._forward_expected(inputs))
            ggxs = self._generate_grad_grad_inputs(inputs)
            # Only float inputs have a first derivative to differentiate.
            ggxs = tuple(g for g in ggxs if g is None or g.dtype.kind == 'f')
            return tuple(self._to_noncontiguous_as_needed(backend_config.get_array(a))
                         for a in (inputs, grad_outputs, ggxs))

        with backend_config:
            _checks.check_gradients(2, self._gradient_function(backend_config), arguments,
                                    FunctionTestError, self.dodge_nondifferentiable,
                                    dtype=self.numerical_grad_dtype,
                                    **self.check_double_backward_options)


def _check_forward_outputs(outputs, expected, error_cls, options):
    array_types = _checks._array_types()
    if not (isinstance(outputs, tuple) and isinstance(expected, tuple)):
        raise TypeError('check_forward_outputs takes tuples of arrays')
    if not all(isinstance(a, array_types) for a in outputs + expected):
        raise TypeError('check_forward_outputs takes tuples of arrays')
    _checks.check_arrays_equal(outputs, expected, error_cls, **options)


class _FunctionTestCaseType(type):
    """Builds a subclass of :class:`FunctionTestCase` that declares ``params`` on
    :class:`~kusari.testing.FunctionSpecTestCase` (kusari's spec runner) instead."""

    def __new__(mcls, name, bases, namespace, **kwargs):
        base = globals().get('FunctionTestCase')
        if (base is not None and base in bases and 'params' in namespace
                and not namespace.get(_cases.GENERATED)):
            from kusari.testing.function_test import FunctionSpecTestCase
            bases = tuple(FunctionSpecTestCase if b is base else b for b in bases)
            return type(name, bases, namespace, **kwargs)
        return super().__new__(mcls, name, bases, namespace, **kwargs)

    def __instancecheck__(cls, instance):
        if cls is globals().get('FunctionTestCase'):
            from kusari.testing.function_test import FunctionSpecTestCase
            if isinstance(instance, FunctionSpecTestCase):
                return True
        return super().__instancecheck__(instance)

    def __subclasscheck__(cls, subclass):
        if cls is globals().get('FunctionTestCase'):
            from kusari.testing.function_test import FunctionSpecTestCase
            if isinstance(subclass, type) and issubclass(subclass, FunctionSpecTestCase):
                return True
        return super().__subclasscheck__(subclass)


class FunctionTestCase(FunctionTestBase, unittest.TestCase, metaclass=_FunctionTestCaseType):
    """Chainer's base class of function tests (a ``unittest.TestCase``).

    Use with :func:`~kusari.testing.inject_backend_tests` (and usually
    :func:`~kusari.testing.parameterize`); ``test_forward``, ``test_backward`` and
    ``test_double_backward`` then run on each configured backend.

    Required methods: ``generate_inputs(self)`` (a tuple of NumPy arrays, at the dtype under
    test), ``forward(self, inputs, device)`` (Variables in, a tuple of Variables out) and
    ``forward_expected(self, inputs)`` (a tuple of NumPy arrays of the outputs' shapes and
    dtypes).

    Optional: ``before_test(self, test_name)``, ``generate_grad_outputs(self, templates)``,
    ``generate_grad_grad_inputs(self, templates)`` (None entries for omitted gradients),
    ``check_forward_outputs(self, outputs, expected)``.

    Attributes: ``check_forward_options`` / ``check_backward_options`` /
    ``check_double_backward_options`` (dicts, reset for each test: set them in ``setUp``),
    ``skip_forward_test`` / ``skip_backward_test`` / ``skip_double_backward_test``,
    ``dodge_nondifferentiable`` (resample inputs that fall on a non-differentiable point),
    ``numerical_grad_dtype`` (float64), ``contiguous`` (None: non-contiguous arrays; ``'C'``).
    Set while running: ``backend_config``, ``test_name``.

    A subclass that declares ``params`` in its body is kusari's spec runner instead
    (:class:`~kusari.testing.FunctionSpecTestCase`: float64 specs checked at every dtype,
    parametrized by pytest); ``isinstance`` and ``issubclass`` with ``FunctionTestCase``
    hold for it too.

    Raises
    ------
    FunctionTestError
        From a test, when the function under test is wrong.
    """

    def test_forward(self, backend_config=None):
        """Tests forward computation."""
        self.run_test_forward(backend_config)

    def test_backward(self, backend_config=None):
        """Tests backward computation."""
        self.run_test_backward(backend_config)

    def test_double_backward(self, backend_config=None):
        """Tests double-backward computation."""
        self.run_test_double_backward(backend_config)


# -- links

def _check_generated_initializer(init):
    if isinstance(init, InitializerArgument):
        init = init.expected_initializer
    elif init is None:
        raise ValueError('a None initializer must be wrapped in an InitializerArgument '
                         'together with the initializer it stands for')
    initializers._check_is_initializer_like(init)


def _argument_value(init):
    return init.argument_value if isinstance(init, InitializerArgument) else init


def _expected_initializer(init):
    if isinstance(init, InitializerArgument):
        init = init.expected_initializer
    from kusari.initializer import Initializer
    if not isinstance(init, Initializer):
        init = initializers._get_initializer(init)
    return init


def _link_params(link, names):
    params = []
    for name in names:
        param = getattr(link, name, None)
        if param is None:
            LinkTestError.fail('the link has no parameter named {!r}'.format(name))
        params.append(param)
    return params


class _LinkTestBase:

    backend_config = None
    contiguous = None
    param_names = ()      # e.g. ('gamma', 'beta') for batch normalization

    def before_test(self, test_name):
        """Called before each test; may raise ``SkipTest``."""

    def generate_params(self):
        """The initializer-likes given to :meth:`create_link`, a tuple."""
        raise NotImplementedError('generate_params is not implemented.')

    def generate_inputs(self):
        """The inputs, a tuple of NumPy arrays."""
        raise NotImplementedError('generate_inputs is not implemented.')

    def create_link(self, initializers):
        """The link under test, made with ``initializers``."""
        raise NotImplementedError('create_link is not implemented.')

    def forward(self, link, inputs, device):
        """The forward computation (by default ``link(*inputs)``), a tuple of Variables."""
        outputs = link(*inputs)
        return outputs if isinstance(outputs, tuple) else (outputs,)

    def check_forward_outputs(self, outputs, expected_outputs):
        """Compare the outputs with the expected ones; raise :class:`LinkTestError`."""
        _check_forward_outputs(outputs, expected_outputs, LinkTestError,
                               self.check_forward_options)

    def _to_noncontiguous_as_needed(self, arrays):
        return _to_noncontiguous_as_needed(self.contiguous, arrays)

    def _generate_params(self):
        inits = self.generate_params()
        if not isinstance(inits, (tuple, list)):
            raise TypeError('generate_params() must return a tuple or a list')
        for init in inits:
            _check_generated_initializer(init)
        return inits

    def _generate_inputs(self):
        inputs = self.generate_inputs()
        _checks.check_array_types(inputs, backend.CpuDevice(), 'generate_inputs')
        return inputs

    def _create_link(self, inits, backend_config):
        from kusari.link import Link
        link = self.create_link([_argument_value(i) for i in inits])
        if not isinstance(link, Link):
            raise TypeError('create_link() must return a Link, not {}'.format(
                type(link).__name__))
        link.to_device(backend_config.device)
        return link

    def _create_initialized_link(self, inits, backend_config):
        link = self._create_link(inits, backend_config)
        inputs = self._to_noncontiguous_as_needed(
            backend_config.get_array(self._generate_inputs()))
        outputs = self._forward(link, [Variable(a) for a in inputs], backend_config)
        link.cleargrads()
        return link, inputs, [v.array for v in outputs]

    def _forward(self, link, inputs, backend_config):
        with backend_config:
            outputs = self.forward(link, inputs, backend_config.device)
        _checks.check_variable_types(outputs, backend_config.device, 'forward', LinkTestError)
        return outputs


class LinkTestCase(_LinkTestBase, unittest.TestCase):
    """Chainer's base class of link forward and backward tests (a ``unittest.TestCase``).

    Use with :func:`~kusari.testing.inject_backend_tests`. Required methods:
    ``generate_params(self)`` (the initializer-likes of the parameters),
    ``create_link(self, initializers)``, ``generate_inputs(self)``; ``forward(self, link,
    inputs, device)`` defaults to ``link(*inputs)``; ``forward_expected(self, link,
    inputs)`` (NumPy arrays, the link being on the CPU) is needed by the forward and
    backward tests. Optional: ``before_test``, ``generate_grad_outputs``,
    ``check_forward_outputs``.

    Attributes: ``param_names`` (the parameters whose gradients are checked),
    ``check_forward_options`` / ``check_backward_options`` (reset for each test),
    ``skip_forward_test`` / ``skip_backward_test``, ``dodge_nondifferentiable``,
    ``numerical_grad_dtype``, ``contiguous``.

    Raises
    ------
    LinkTestError
        From a test, when the link under test is wrong.
    """

    check_forward_options = None
    check_backward_options = None
    skip_forward_test = False
    skip_backward_test = False
    dodge_nondifferentiable = False
    numerical_grad_dtype = numpy.float64

    def __init__(self, *args, **kwargs):
        self.check_forward_options = {}
        self.check_backward_options = {}
        super().__init__(*args, **kwargs)

    def forward_expected(self, link, inputs):
        """The expected outputs (NumPy arrays) for ``link`` (on the CPU) and ``inputs``."""
        raise NotImplementedError('forward_expected() is not implemented.')

    def generate_grad_outputs(self, outputs_template):
        """The output gradients: uniform in [-1, 1) by default."""
        return _checks.random_like(outputs_template)

    def _forward_expected(self, link, inputs):
        outputs = self.forward_expected(link, inputs)
        _checks.check_array_types(outputs, backend.CpuDevice(), 'forward_expected')
        return outputs

    def _generate_grad_outputs(self, outputs_template):
        grad_outputs = self.generate_grad_outputs(outputs_template)
        _checks.check_array_types(grad_outputs, backend.CpuDevice(), 'generate_grad_outputs')
        return grad_outputs

    def test_forward(self, backend_config=None):
        """Tests forward computation."""
        if backend_config is None:
            raise TypeError('LinkTestCase needs @testing.inject_backend_tests')
        if self.skip_forward_test:
            raise unittest.SkipTest('skip_forward_test is set')
        self.backend_config = backend_config
        self.before_test('test_forward')
        link = self._create_link(self._generate_params(), backend_config)
        inputs_np = self._generate_inputs()
        inputs = self._to_noncontiguous_as_needed(backend_config.get_array(inputs_np))
        outputs = self._forward(link, tuple(Variable(a) for a in inputs), backend_config)
        outputs = tuple(v.array for v in outputs)
        link.to_device(backend.CpuDevice())       # the expectation is computed on the CPU
        self.check_forward_outputs(outputs, self._forward_expected(link, inputs_np))

    def test_backward(self, backend_config=None):
        """Tests backward computation (inputs and the parameters of ``param_names``)."""
        if backend_config is None:
            raise TypeError('LinkTestCase needs @testing.inject_backend_tests')
        if self.skip_backward_test:
            raise unittest.SkipTest('skip_backward_test is set')
        self.backend_config = backend_config
        self.before_test('test_backward')
        state = {}

        def arguments():
            inits = self._generate_params()
            # A link only to draw the data (inputs, parameters, output templates) ...
            link, inputs, outputs = self._create_initialized_link(inits, backend_config)
            params = [p.array for p in _link_params(link, self.param_names)]
            cpu = backend.CpuDevice()
            grad_outputs = backend_config.get_array(
                self._generate_grad_outputs([cpu.send(y) for y in outputs]))
            inputs, params, grad_outputs = (self._to_noncontiguous_as_needed(a)
                                            for a in (inputs, params, grad_outputs))
            # ... and one whose parameters are replaced by those under check at every call.
            state['link'], _, _ = self._create_initialized_link(inits, backend_config)
            return inputs, grad_outputs, params

        def forward(inputs, params):
            link = state['link']
            with link.init_scope():
                for name, p in zip(self.param_names, params):
                    setattr(link, name, p)
            return self._forward(link, inputs, backend_config)

        _checks.check_gradients(gradient_check._check_backward_with_params, forward,
                                arguments, LinkTestError, self.dodge_nondifferentiable,
                                dtype=self.numerical_grad_dtype, **self.check_backward_options)


class LinkInitializersTestCase(_LinkTestBase, unittest.TestCase):
    """Chainer's base class of tests of a link's parameter initialization.

    Use with :func:`~kusari.testing.inject_backend_tests`. Required methods as for
    :class:`LinkTestCase` (``generate_params``, ``create_link``, ``generate_inputs``) and
    ``get_initializers(self)``: one container of initializer-likes per constructor
    argument; each is tried in turn (the other arguments from ``generate_params``) and the
    parameter must equal what the initializer produces. Wrap an argument that is not the
    initializer itself (e.g. None) in :class:`InitializerArgument`.

    Attributes: ``param_names``, ``check_initializers_options``, ``contiguous``.

    Raises
    ------
    LinkTestError
        From the test, when a parameter is not initialized as expected.
    """

    check_initializers_options = None

    def __init__(self, *args, **kwargs):
        self.check_initializers_options = {}
        super().__init__(*args, **kwargs)

    def get_initializers(self):
        """A tuple with, per constructor argument, the initializer-likes to try."""
        raise NotImplementedError('get_initializers is not implemented.')

    def _get_initializers(self):
        all_inits = self.get_initializers()
        if not isinstance(all_inits, (tuple, list)):
            raise TypeError('get_initializers() must return a tuple or a list')
        for inits in all_inits:
            if not isinstance(inits, (tuple, list)):
                raise TypeError('get_initializers() must return a tuple or list of tuples or '
                                'lists')
            for init in inits:
                _check_generated_initializer(init)
        return all_inits

    def test_initializers(self, backend_config=None):
        """Tests that each parameter is initialized by its initializer."""
        if backend_config is None:
            raise TypeError('LinkInitializersTestCase needs @testing.inject_backend_tests')
        self.backend_config = backend_config
        self.before_test('test_initializers')
        for i, candidates in enumerate(self._get_initializers()):
            inits = list(self._generate_params())
            for init in candidates:
                inits[i] = init
                self._check_one_initializer(i, inits, backend_config)

    def _check_one_initializer(self, i, inits, backend_config):
        link, _, _ = self._create_initialized_link(inits, backend_config)
        param = _link_params(link, self.param_names)[i]
        actual = backend.CpuDevice().send(param.array)
        expected = numpy.empty_like(actual)
        _expected_initializer(inits[i])(expected)
        _checks.check_arrays_equal((expected,), (actual,), LinkTestError,
                                   **self.check_initializers_options)
