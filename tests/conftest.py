import numpy
import pytest

from kusari.testing import pytest_collection_modifyitems, pytest_generate_tests  # noqa: F401 - parametrize and mark FunctionTestCase
from kusari.utils import _threads


@pytest.fixture(autouse=True)
def _seed():
    numpy.random.seed(0)


@pytest.fixture
def num_threads():
    """``num_threads(n)`` sets kusari's CPU thread count for the test (restored after)."""
    saved = _threads._count[0]
    yield _threads.set_num_threads
    _threads._count[0] = saved
