"""kusari.utils: the array helpers."""
import numpy
import pytest

from kusari import utils


@pytest.mark.parametrize('shape', [(1 << 14,), (3, 1 << 13, 5), (0,), (2, 3)])
@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_empty_aligned(shape, dtype):
    a = utils.empty_aligned(shape, dtype)
    assert a.shape == shape and a.dtype == dtype
    assert a.flags.c_contiguous and a.flags.writeable
    if a.nbytes >= 1 << 16:
        assert a.ctypes.data % utils.ALIGNMENT == 0
    a[...] = 1    # the whole view is usable
    assert a.sum(dtype=numpy.float64) == a.size
    b = utils.empty_aligned(shape, dtype, min_bytes=0)
    assert b.shape == shape
    if b.size:
        assert b.ctypes.data % utils.ALIGNMENT == 0


def test_format_array_props():
    text = utils._format_array_props([numpy.zeros((2, 3), numpy.float32), None,
                                      numpy.zeros((), numpy.int64)])
    assert text == '(2, 3):float32, None, ():int64'
def test_force_array():
    for dtype in (None, numpy.float16, numpy.float64):
        for x in (numpy.float32(1), numpy.array(1, numpy.float32), numpy.ones(2, numpy.float32)):
            y = utils.force_array(x, dtype=dtype)
            assert isinstance(y, numpy.ndarray)
            assert y.dtype == (numpy.float32 if dtype is None else dtype)


def test_force_type():
    f32 = numpy.dtype(numpy.float32)
    assert utils.force_type(f32, numpy.int32(1)).dtype == f32
    assert utils.force_type(f32, 2.0).dtype == f32
    a = numpy.ones(2, numpy.float32)
    assert utils.force_type(f32, a) is a
    assert utils.force_type(f32, numpy.ones(2, numpy.int32)).dtype == f32


def test_tempdir_is_removed():
    import os
    with utils.tempdir(prefix='kusari-') as d:
        assert os.path.isdir(d) and os.path.basename(d).startswith('kusari-')
        open(os.path.join(d, 'f'), 'w').close()
    assert not os.path.exists(d)


def test_raise_from_keeps_the_cause():
    try:
        raise KeyError('inner')
    except KeyError as e:
        with pytest.raises(RuntimeError, match=r"(?s)outer.*\(caused by\)\nKeyError: 'inner'"):
            utils._raise_from(RuntimeError, 'outer', e)


def test_small_private_helpers():
    class C:
        pass
    assert utils._repr_with_named_data(C(), a=1, b='x').endswith('C a=1 b=x>')
    utils._check_arrays_forward_compatible([numpy.ones(1), numpy.ones(2)])


def test_check_arrays_forward_compatible_message(monkeypatch):
    from kusari import backend
    monkeypatch.setattr(backend, 'is_arrays_compatible', lambda arrays: False)
    with pytest.raises(TypeError, match=r'incompatible array types .* \(f\)'):
        utils._check_arrays_forward_compatible([numpy.ones(1), numpy.ones(1)], 'f')
    assert utils.collections_abc.Sequence is __import__('collections').abc.Sequence


def test_chainer_names_load_lazily():
    import importlib
    import subprocess
    import sys
    code = ('import sys, kusari; assert "kusari.utils.sparse" not in sys.modules; '
            'import kusari.utils as u; u.CooMatrix; u.WalkerAlias; u.get_conv_outsize; '
            'assert "kusari.utils.sparse" in sys.modules; '
            'import kusari.utils.experimental; assert callable(u.experimental) and '
            'u.experimental.__module__ == "kusari.utils.experimental"; '
            'assert u.conv.get_deconv_outsize(3, 3, 2, 1) == 5; '
            # an import by full name through the chainer alias rebinds the attribute to the
            # module, which must stay callable
            'import warnings, chainer.utils.experimental, chainer.utils.nondeterministic; '
            'warnings.simplefilter("error"); '
            'u.nondeterministic("x"); '
            'from pytest import warns; '
            'ctx = warns(FutureWarning, match="f is experimental"); ctx.__enter__(); '
            'u.experimental("f"); ctx.__exit__(None, None, None)')
    subprocess.run([sys.executable, '-c', code], check=True)
    for name in ('argument', 'array', 'cache', 'conv', 'conv_nd', 'conv_nd_kernel', 'error',
                 'imgproc', 'meta', 'precision', 'sparse', 'type_check', 'walker_alias',
                 '_collections'):
        assert getattr(utils, name) is importlib.import_module('kusari.utils.' + name)
    assert utils.enable_final is utils.meta.enable_final
    assert utils._format_array_props is utils.error._format_array_props
    with pytest.raises(AttributeError, match="no attribute 'nothing'"):
        utils.nothing  # noqa: B018
