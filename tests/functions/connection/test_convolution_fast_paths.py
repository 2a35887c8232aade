"""The CPU fast paths of the convolutions: Winograd F(2x2, 3x3) and im2col in blocks.

Both compute the same functions as the plain im2col path (``use_numba`` off, one block), so
they are checked against a direct float64 reference, against that path, and through the
gradient checks of the FunctionTestCase runner, with the thresholds lowered so that the tiny
test shapes take them.
"""
import numpy
import pytest

import kusari
import kusari.functions as F
from kusari import testing
from kusari.functions.connection import _winograd, convolution_nd
from kusari.utils import _im2col


def conv_ref(x, W, b, pad, groups):
    """Direct stride-1 2-d convolution in float64 (loops over the kernel offsets)."""
    ph, pw = (pad, pad) if isinstance(pad, int) else pad
    n, c, h, w = x.shape
    o, cg, kh, kw = W.shape
    oh, ow = h + 2 * ph - kh + 1, w + 2 * pw - kw + 1
    xp = numpy.zeros((n, c, h + 2 * ph, w + 2 * pw))
    xp[:, :, ph:ph + h, pw:pw + w] = x
    y = numpy.zeros((n, o, oh, ow))
    og = o // groups
    for g in range(groups):
        xs = xp[:, g * cg:(g + 1) * cg]
        for p in range(kh):
            for q in range(kw):
                y[:, g * og:(g + 1) * og] += numpy.einsum(
                    'ncij,oc->noij', xs[:, :, p:p + oh, q:q + ow], W[g * og:(g + 1) * og, :, p, q])
    if b is not None:
        y += b[None, :, None, None]
    return y


@pytest.fixture
def winograd_everywhere(monkeypatch):
    monkeypatch.setattr(_winograd, 'WINOGRAD_MIN_CHANNELS', 1)


@pytest.fixture
def tiny_blocks(monkeypatch):
    # one batch element per block, so that the block loops run several times
    monkeypatch.setattr(_winograd, 'WINOGRAD_BLOCK_BYTES', 1)
    monkeypatch.setattr(_im2col, 'BLOCK_BYTES', 1)
    monkeypatch.setattr(_im2col, 'CACHE_BLOCK_BYTES', 1)


class TestConvolution2DWinograd(testing.FunctionTestCase):
    """convolution_2d through Winograd (3x3, stride 1), including odd output sizes."""

    params = [
        {'shape': (2, 3, 5, 5), 'pad': 1, 'groups': 1, 'nobias': False},
        {'shape': (3, 2, 6, 5), 'pad': 0, 'groups': 1, 'nobias': True},
        {'shape': (2, 4, 4, 7), 'pad': (2, 1), 'groups': 2, 'nobias': False},
        {'shape': (1, 3, 3, 3), 'pad': 2, 'groups': 3, 'nobias': True},
    ]

    @pytest.fixture(autouse=True)
    def _winograd(self, winograd_everywhere):
        pass

    def generate_inputs(self):
        c = self.shape[1]
        x = self.uniform(-1, 1, self.shape)
        W = self.uniform(-1, 1, (6, c // self.groups, 3, 3))
        if self.nobias:
            return x, W
        return x, W, self.uniform(-1, 1, (6,))

    def forward(self, inputs, device):
        return F.convolution_2d(*inputs, pad=self.pad, groups=self.groups),

    def forward_expected(self, inputs):
        b = inputs[2] if len(inputs) == 3 else None
        return conv_ref(inputs[0], inputs[1], b, self.pad, self.groups),


class TestConvolution2DWinogradBlocks(TestConvolution2DWinograd):
    """The same, one batch element per block (third order too: the Grad nodes use it)."""

    params = TestConvolution2DWinograd.params[:3]
    check_order3 = True

    @pytest.fixture(autouse=True)
    def _blocks(self, tiny_blocks):
        pass


class TestConvolution2DIm2colBlocks(testing.FunctionTestCase):
    """The im2col path (strided, dilated, grouped) with one batch element per block."""

    params = [
        {'stride': 2, 'pad': 1, 'dilate': 1, 'groups': 1},
        {'stride': (1, 2), 'pad': (2, 1), 'dilate': 2, 'groups': 3},
    ]

    @pytest.fixture(autouse=True)
    def _blocks(self, tiny_blocks):
        pass

    def generate_inputs(self):
        return (self.uniform(-1, 1, (3, 3, 6, 5)),
                self.uniform(-1, 1, (6, 3 // self.groups, 3, 2)),
                self.uniform(-1, 1, (6,)))

    def forward(self, inputs, device):
        return F.convolution_2d(*inputs, stride=self.stride, pad=self.pad, dilate=self.dilate,
                                groups=self.groups),

    def forward_expected(self, inputs):
        # the default path (one block) in float64 as the reference
        with kusari.using_config('use_numba', False):
            saved = _im2col.BLOCK_BYTES
            _im2col.BLOCK_BYTES = 1 << 40
            try:
                y = F.convolution_2d(*inputs, stride=self.stride, pad=self.pad,
                                     dilate=self.dilate, groups=self.groups)
            finally:
                _im2col.BLOCK_BYTES = saved
        return y.array,


class TestDeconvolution2DCol2imBlocks(testing.FunctionTestCase):
    """The strided deconvolution (product and col2im per block) with one element per block."""

    params = [
        {'stride': 2, 'pad': 1, 'dilate': 1, 'groups': 1},
        {'stride': (2, 3), 'pad': (0, 2), 'dilate': (1, 2), 'groups': 3},
    ]

    @pytest.fixture(autouse=True)
    def _blocks(self, tiny_blocks):
        pass

    def generate_inputs(self):
        return (self.uniform(-1, 1, (3, 6, 4, 3)),
                self.uniform(-1, 1, (6, 2, 3, 2)),
                self.uniform(-1, 1, (2 * self.groups,)))

    def forward(self, inputs, device):
        return F.deconvolution_2d(*inputs, stride=self.stride, pad=self.pad,
                                  dilate=self.dilate, groups=self.groups),

    def forward_expected(self, inputs):
        # the NumPy path (whole-batch product, then col2im) in float64 as the reference
        with kusari.using_config('use_numba', False):
            y = F.deconvolution_2d(*inputs, stride=self.stride, pad=self.pad,
                                   dilate=self.dilate, groups=self.groups)
        return y.array,


def test_deconvolution_col2im_blocks_taken(monkeypatch):
    # the blocked path must serve strided 2-d deconvolutions when Numba is on
    calls = []
    orig = _im2col.col2im_2d_into
    monkeypatch.setattr(_im2col, 'col2im_2d_into',
                        lambda *a: calls.append(a[0].shape) or orig(*a))
    monkeypatch.setattr(_im2col, 'CACHE_BLOCK_BYTES', 1)
    x = numpy.ones((3, 2, 4, 4), numpy.float32)
    W = numpy.ones((2, 5, 3, 3), numpy.float32)
    with kusari.using_config('use_numba', True):
        y = F.deconvolution_2d(x, W, stride=2, pad=1).array
    assert calls == [(1, 5, 3, 3, 4, 4)] * 3
    with kusari.using_config('use_numba', False):
        numpy.testing.assert_array_equal(y, F.deconvolution_2d(x, W, stride=2, pad=1).array)
    assert len(calls) == 3


def _fwd_bwd(f, x, W, b, gy, **kw):
    xv, Wv, bv = kusari.Variable(x), kusari.Variable(W), kusari.Variable(b)
    y = f(xv, Wv, bv, **kw)
    y.grad = gy
    y.backward()
    return y.array, xv.grad, Wv.grad, bv.grad


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('pad', [0, 1, (1, 2)])
def test_winograd_matches_im2col(dtype, pad):
    # default threshold: 16 channels take the Winograd path when Numba is on
    rng = numpy.random.default_rng(3)
    x = rng.standard_normal((3, 16, 7, 8)).astype(dtype)
    W = rng.standard_normal((16, 16, 3, 3)).astype(dtype)
    b = rng.standard_normal(16).astype(dtype)
    assert _winograd.use_winograd(x, (3, 3), (1, 1), (1, 1), 1, 16)
    oh, ow = numpy.add(x.shape[2:], 2 * numpy.broadcast_to(pad, 2)) - 2
    gy = rng.standard_normal((3, 16, oh, ow)).astype(dtype)
    with kusari.using_config('use_numba', True):
        fast = _fwd_bwd(F.convolution_2d, x, W, b, gy, pad=pad)
    with kusari.using_config('use_numba', False):
        ref = _fwd_bwd(F.convolution_2d, x, W, b, gy, pad=pad)
    tol = dict(rtol=1e-4, atol=1e-4) if dtype == numpy.float32 else dict(rtol=1e-12,
                                                                          atol=1e-11)
    for a, r in zip(fast, ref):
        assert a.dtype == dtype
        numpy.testing.assert_allclose(a, r, **tol)
    numpy.testing.assert_allclose(ref[0], conv_ref(x.astype(numpy.float64),
                                                   W.astype(numpy.float64),
                                                   b.astype(numpy.float64), pad, 1),
                                  **tol)


@pytest.mark.parametrize('dtype', [numpy.float32, numpy.float64])
@pytest.mark.parametrize('shape', [(8, 3), (16, 16), (64, 64), (63, 65)])
def test_filter_transform_kernels_match_g_w_gt(dtype, shape):
    # U[4a + b, k] = (G w_k G^T)[a, b] and its adjoint, against G written out (the kernels
    # work in blocks of filters: sizes below, at and across a block, and a power of two)
    rng = numpy.random.default_rng(1)
    W = rng.standard_normal(shape + (3, 3)).astype(dtype)
    G = numpy.array(_winograd._WINO_G)
    want = numpy.einsum('ai,kij,bj->abk', G, W.reshape(-1, 3, 3), G).reshape(16, -1)
    u = _winograd._filter_transform(W)
    assert u.dtype == dtype and u.shape == want.shape
    numpy.testing.assert_allclose(u, want, rtol=1e-6, atol=1e-6)
    du = rng.standard_normal(u.shape).astype(dtype)
    want_g = numpy.einsum('ai,abk,bj->kij', G, du.reshape(4, 4, -1), G).reshape(W.shape)
    g = _winograd._filter_transform_grad(du, W.shape)
    assert g.dtype == dtype and g.shape == W.shape
    numpy.testing.assert_allclose(g, want_g, rtol=1e-6, atol=1e-6)
    # adjointness: <U(W), du> == <W, U^T(du)>
    numpy.testing.assert_allclose(numpy.vdot(u, du), numpy.vdot(W, g), rtol=1e-5)


def test_winograd_is_taken(monkeypatch):
    # the fast path must not silently disappear: count its calls in forward, gx and gW
    calls = []
    for name in ('winograd_forward', 'winograd_grad_w'):
        orig = getattr(_winograd, name)

        def spy(*args, _orig=orig, _name=name):
            calls.append(_name)
            return _orig(*args)
        monkeypatch.setattr(_winograd, name, spy)
    rng = numpy.random.default_rng(0)
    x = rng.standard_normal((2, 16, 6, 6)).astype(numpy.float32)
    W = rng.standard_normal((16, 16, 3, 3)).astype(numpy.float32)
    b = numpy.zeros(16, numpy.float32)
    with kusari.using_config('use_numba', True):
        _fwd_bwd(F.convolution_2d, x, W, b, numpy.ones((2, 16, 6, 6), numpy.float32), pad=1)
    assert sorted(calls) == ['winograd_forward', 'winograd_forward', 'winograd_grad_w']
    calls.clear()
    with kusari.using_config('use_numba', False):
        _fwd_bwd(F.convolution_2d, x, W, b, numpy.ones((2, 16, 6, 6), numpy.float32), pad=1)
    assert calls == []
    # strided, dilated and small-channel convolutions take im2col
    assert not _winograd.use_winograd(x, (3, 3), (2, 1), (1, 1), 1, 16)
    assert not _winograd.use_winograd(x, (3, 3), (1, 1), (1, 2), 1, 16)
    assert not _winograd.use_winograd(x, (3, 3), (1, 1), (1, 1), 2, 16)
    assert not _winograd.use_winograd(x, (3, 2), (1, 1), (1, 1), 1, 16)


def test_deconvolution_stride1_winograd_matches_im2col():
    # deconvolution_2d with stride 1 is a convolution with the flipped filter
    rng = numpy.random.default_rng(5)
    x = rng.standard_normal((2, 16, 5, 6))
    W = rng.standard_normal((16, 16, 3, 3))
    b = rng.standard_normal(16)
    gy = rng.standard_normal((2, 16, 5, 6))
    outs = []
    for flag in (True, False):
        with kusari.using_config('use_numba', flag):
            outs.append(_fwd_bwd(F.deconvolution_2d, x, W, b, gy, pad=1))
    for a, r in zip(*outs):
        numpy.testing.assert_allclose(a, r, rtol=1e-12, atol=1e-11)


def test_im2col_blocks_match_one_block(monkeypatch):
    rng = numpy.random.default_rng(1)
    x = rng.standard_normal((5, 4, 7, 6))
    W = rng.standard_normal((6, 2, 3, 2))
    gy = rng.standard_normal((5, 6, 4, 6))
    kw = dict(stride=(2, 1), pad=1, dilate=(1, 2), groups=2)
    monkeypatch.setattr(_im2col, 'BLOCK_BYTES', 1 << 40)
    y1 = convolution_nd.conv_forward(x, W, (2, 1), (1, 1), (1, 2), 2, (4, 6))
    g1 = convolution_nd.conv_grad_w(x, gy, (3, 2), (2, 1), (1, 1), (1, 2), 2)
    monkeypatch.setattr(_im2col, 'BLOCK_BYTES', 1)
    monkeypatch.setattr(_im2col, 'CACHE_BLOCK_BYTES', 1)
    y2 = convolution_nd.conv_forward(x, W, (2, 1), (1, 1), (1, 2), 2, (4, 6))
    g2 = convolution_nd.conv_grad_w(x, gy, (3, 2), (2, 1), (1, 1), (1, 2), 2)
    numpy.testing.assert_allclose(y1, y2, rtol=1e-13, atol=1e-13)
    numpy.testing.assert_allclose(g1, g2, rtol=1e-13, atol=1e-13)
    y = F.convolution_2d(x, W, **kw)
    numpy.testing.assert_allclose(y.array, y1, rtol=1e-13, atol=1e-13)


class TestConvolution2DWinogradPlanar(TestConvolution2DWinograd):
    """Winograd with the per-plane kernels for every size (the channels-last kernels for
    small planes are off), so ungrouped convolutions take them too."""

    params = TestConvolution2DWinograd.params[:2]

    @pytest.fixture(autouse=True)
    def _planar(self, monkeypatch):
        monkeypatch.setattr(_winograd, 'WINOGRAD_NHWC_MAX_PIXELS', 0)


@pytest.mark.parametrize('threads', [1, 3])
@pytest.mark.parametrize('nhwc_max', [0, 256])
def test_batch_split_over_threads_matches_reference(monkeypatch, num_threads, threads,
                                                    nhwc_max):
    """The batch split over 1 or 3 threads gives the reference values, forward and backward
    (Winograd with both kernel layouts, and the strided im2col path with col2im)."""
    monkeypatch.setattr(_winograd, 'WINOGRAD_MIN_CHANNELS', 1)
    monkeypatch.setattr(_winograd, 'WINOGRAD_NHWC_MAX_PIXELS', nhwc_max)
    num_threads(threads)
    rng = numpy.random.default_rng(threads)
    x = rng.uniform(-1, 1, (5, 3, 6, 6))
    W = rng.uniform(-1, 1, (4, 3, 3, 3))
    gy = rng.uniform(-1, 1, (5, 4, 6, 6))
    for stride in (1, 2):
        xv, Wv = kusari.Variable(x), kusari.Variable(W)
        y = F.convolution_2d(xv, Wv, stride=stride, pad=1)
        g = gy[:, :, ::stride, ::stride]
        with kusari.using_config('use_numba', False):
            xr, Wr = kusari.Variable(x), kusari.Variable(W)
            yr = F.convolution_2d(xr, Wr, stride=stride, pad=1)
            gxr, gWr = kusari.grad([yr], [xr, Wr], [g])
        gx, gW = kusari.grad([y], [xv, Wv], [g])
        testing.assert_allclose(y.array, yr.array, atol=1e-12, rtol=1e-10)
        testing.assert_allclose(gx.array, gxr.array, atol=1e-12, rtol=1e-10)
        testing.assert_allclose(gW.array, gWr.array, atol=1e-12, rtol=1e-10)


def test_no_numba_openmp_pool_is_started():
    # starting Numba's OpenMP pool resets the OpenMP thread count of the whole process (a
    # PyTorch set to one thread went to all cores): kusari's threads are its own
    import subprocess
    import sys
    code = ('import numpy, kusari, kusari.functions as F\n'
            'from numba.np.ufunc import parallel\n'
            'n = kusari.utils.get_num_threads()\n'
            'x = numpy.ones((4, 16, 6, 6), numpy.float32)\n'
            'F.convolution_2d(x, numpy.ones((16, 16, 3, 3), numpy.float32), pad=1)\n'
            'x = numpy.ones((8, 64, 32, 32), numpy.float32)\n'
            'F.max_pooling_2d(x, 2)\n'
            'F.batch_normalization(x, numpy.ones(64, numpy.float32),\n'
            '                      numpy.zeros(64, numpy.float32))\n'
            'print(n >= 1, parallel._is_initialized)')
    out = subprocess.run([sys.executable, '-c', code], capture_output=True, text=True,
                         timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split() == ['True', 'False']
