"""Testing helpers: Chainer 7.8.1's ``chainer.testing`` API, and kusari's spec runner.

Chainer's names (so that test suites written with ``chainer.testing`` run): parameterize,
product, product_dict, parameterize_pytest, from_pytest_parameterize,
inject_backend_tests, BackendConfig, attr, condition, fix_random, generate_seed,
FunctionTestCase, LinkTestCase, LinkInitializersTestCase (and their errors and
InitializerArgument), unary_math_function_unittest, distribution_unittest, assert_allclose,
assert_warns, save_and_load(_npz / _hdf5), get_trainer_with_mock_updater, generate_matrix,
with_requires, without_requires, patch and run_module.

kusari's own: :class:`FunctionSpecTestCase` (a float64 spec checked at every dtype, first to
third order; what a ``FunctionTestCase`` subclass declaring ``params`` becomes), its
tolerance table :data:`TOLERANCES` and the pytest hooks it needs in a ``conftest.py``
(``pytest_generate_tests``, ``pytest_collection_modifyitems``).
"""
from kusari.testing import attr, condition  # noqa: F401
from kusari.testing import backend as backend  # noqa: F401
from kusari.testing.array import assert_allclose  # noqa: F401
from kusari.testing.backend import BackendConfig, inject_backend_tests  # noqa: F401
from kusari.testing.distribution_test import distribution_unittest  # noqa: F401
from kusari.testing.function_link import (  # noqa: F401
    FunctionTestCase,
    FunctionTestError,
    InitializerArgument,
    LinkInitializersTestCase,
    LinkTestCase,
    LinkTestError,
)
from kusari.testing.function_test import (  # noqa: F401
    TOLERANCES,
    FunctionSpecTestCase,
    pytest_collection_modifyitems,
    pytest_generate_tests,
)
from kusari.testing.helper import assert_warns, patch, with_requires, without_requires  # noqa: F401
from kusari.testing.matrix import generate_matrix  # noqa: F401
from kusari.testing.parameterized import (  # noqa: F401
    from_pytest_parameterize,
    parameterize,
    parameterize_pytest,
    product,
    product_dict,
)
from kusari.testing.random import fix_random, generate_seed  # noqa: F401
from kusari.testing.serializer import (  # noqa: F401
    save_and_load,
    save_and_load_hdf5,
    save_and_load_npz,
)
from kusari.testing.training import get_trainer_with_mock_updater  # noqa: F401
from kusari.testing.unary_math_function_test import unary_math_function_unittest  # noqa: F401


def run_module(name, file):
    """Run the tests of a file with pytest when it is executed as a script.

    Put ``testing.run_module(__name__, __file__)`` at the end of a test file; it does
    nothing on import.

    Parameters
    ----------
    name : str
        The module's ``__name__``.
    file : str
        The module's ``__file__``.
    """
    if name == '__main__':
        import pytest
        pytest.main([file, '-vvs', '-x', '--pdb'])
