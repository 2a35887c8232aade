import pytest

import kusari.functions as F
from kusari.functions.theano.theano_function import TheanoFunction


def test_theano_is_reported_unavailable():
    assert F.theano.theano_function.TheanoFunction is TheanoFunction
    with pytest.raises(RuntimeError, match='kusari does not support Theano'):
        TheanoFunction(None, None)
