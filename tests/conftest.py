import numpy
import pytest

from kusari.testing import pytest_collection_modifyitems, pytest_generate_tests  # noqa: F401 - parametrize and mark FunctionTestCase


@pytest.fixture(autouse=True)
def _seed():
    numpy.random.seed(0)
