"""kusari.utils: error, experimental, nondeterministic, imgproc, meta, precision,
_collections."""
import importlib
import warnings

import numpy
import pytest

import kusari
from kusari.function_node import FunctionNode
from kusari.utils import _collections, error, imgproc, meta, precision

# kusari.utils.experimental and .nondeterministic are the functions (as in Chainer); the
# modules are reached through importlib
experimental = importlib.import_module('kusari.utils.experimental')
nondeterministic = importlib.import_module('kusari.utils.nondeterministic')


def test_format_array_props():
    text = error._format_array_props([numpy.ones((2, 3), numpy.float32), None])
    assert text == '(2, 3):float32, None'
    with pytest.raises(TypeError):
        error._format_array_props(numpy.ones(2))


def test_experimental_warns_unless_disabled():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        experimental.experimental('my.api')
    assert len(w) == 1 and w[0].category is FutureWarning
    assert 'my.api is experimental.' in str(w[0].message)
    old = kusari.disable_experimental_feature_warning
    kusari.disable_experimental_feature_warning = True
    try:
        with warnings.catch_warnings(record=True) as w:
            warnings.simplefilter('always')
            kusari.utils.experimental('my.api')
        assert not w
    finally:
        kusari.disable_experimental_feature_warning = old


def test_nondeterministic_warns_only_when_asked():
    with warnings.catch_warnings(record=True) as w:
        warnings.simplefilter('always')
        nondeterministic.nondeterministic('atomicAdd')
        assert not w
        with kusari.using_config('warn_nondeterministic', True):
            kusari.utils.nondeterministic('atomicAdd')
    assert len(w) == 1 and 'Source: atomicAdd' in str(w[0].message)


def test_oversample_crops():
    img = numpy.arange(2 * 4 * 5, dtype=numpy.float32).reshape(2, 4, 5)
    crops = imgproc.oversample([img, img + 100], (2, 3))
    assert crops.shape == (20, 2, 2, 3) and crops.dtype == numpy.float32
    numpy.testing.assert_array_equal(crops[0], img[:, :2, :3])
    numpy.testing.assert_array_equal(crops[1], img[:, :2, 2:])
    numpy.testing.assert_array_equal(crops[2], img[:, 2:, :3])
    numpy.testing.assert_array_equal(crops[3], img[:, 2:, 2:])
    numpy.testing.assert_array_equal(crops[4], img[:, 1:3, 1:4])
    numpy.testing.assert_array_equal(crops[5:10], crops[0:5, :, :, ::-1])
    numpy.testing.assert_array_equal(crops[10], img[:, :2, :3] + 100)
    with pytest.raises(ValueError, match='exceed the image size'):
        imgproc.oversample([img], (5, 3))


def test_final_methods():
    class Base(meta.enable_final()):
        @meta.final
        def f(self):
            return 1

        @meta.final(action=UserWarning)
        def g(self):
            return 2

    with pytest.raises(TypeError, match="method 'f' is final"):
        class Bad(Base):
            def f(self):
                return 0
    with pytest.warns(UserWarning, match="Overriding method 'g'"):
        class Warned(Base):
            def g(self):
                return 0
    assert Warned().g() == 0 and Warned().f() == 1

    class Meta(type):
        pass

    class WithMeta(meta.enable_final(base=(object,), meta_base=Meta)):
        pass
    assert isinstance(WithMeta, Meta)
    with pytest.raises(TypeError, match='action must be an Exception or Warning'):
        meta.final(action=int)(lambda: None)


class _Half(FunctionNode):
    @precision._fp16_mixed_precision_helper
    def forward(self, inputs):
        self.seen = inputs
        return tuple(x * 2 for x in inputs)


@pytest.mark.parametrize('dtypes, computed, returned', [
    ((numpy.float16, numpy.float16), (numpy.float32, numpy.float32),
     (numpy.float16, numpy.float16)),
    ((numpy.float32, numpy.float32), (numpy.float32, numpy.float32),
     (numpy.float32, numpy.float32)),
    ((numpy.float16, numpy.int8), (numpy.float32, numpy.int8), (numpy.float16, numpy.int8)),
    ((numpy.float16, numpy.float64), (numpy.float32, numpy.float64),
     (numpy.float32, numpy.float64)),
])
def test_fp16_mixed_precision_helper(dtypes, computed, returned):
    f = _Half()
    ys = f.apply(tuple(numpy.ones(2, d) for d in dtypes))
    assert tuple(x.dtype for x in f.seen) == computed
    assert tuple(y.dtype for y in ys) == returned


def test_ordered_dict():
    d = _collections.OrderedDict()
    d['b'], d['a'] = 1, 2
    assert list(d) == ['b', 'a']
