import numpy
import pytest

from kusari.testing import pytest_generate_tests  # noqa: F401 - parametrizes FunctionTestCase


@pytest.fixture(autouse=True)
def _seed():
    numpy.random.seed(0)
