"""A throwaway module for the classes that the test-case decorators generate."""
import sys
import types

import pytest

SCRATCH = 'kusari_testing_scratch'


@pytest.fixture
def scratch():
    """A module named ``SCRATCH`` in ``sys.modules``: give a class ``__module__ = SCRATCH``
    and the decorators register the classes they make there."""
    module = types.ModuleType(SCRATCH)
    sys.modules[SCRATCH] = module
    try:
        yield module
    finally:
        del sys.modules[SCRATCH]
