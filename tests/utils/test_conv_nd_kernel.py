"""The generated CUDA sources: structure checked here, and compiled and compared with the
CPU im2col on a GPU (marked gpu)."""
import numpy
import pytest

from kusari.utils import conv_nd, conv_nd_kernel


@pytest.mark.parametrize('ndim', [1, 2, 3])
def test_sources_have_the_documented_parameters(ndim):
    for cls, first, out, name in ((conv_nd_kernel.Im2colNDKernel, 'raw T img', 'T col',
                                   'im2col'),
                                  (conv_nd_kernel.Col2imNDKernel, 'raw T col', 'T img',
                                   'col2im')):
        in_params, out_params, operation, kname = cls.generate(ndim)
        params = in_params.split(', ')
        assert params[0] == first and len(params) == 1 + 6 * ndim
        assert params[1:] == ['int32 {}_{}'.format(p, i) for p in ('d', 'out', 'k', 's', 'p',
                                                                   'di') for i in range(ndim)]
        assert out_params == out and kname == '{}_{}d'.format(name, ndim)
        assert operation.count('{') == operation.count('}')
        assert cls.generate(ndim) is cls.generate(ndim)   # generated once


@pytest.mark.gpu
@pytest.mark.parametrize('ndim', [2, 3])
def test_kernels_match_the_cpu(ndim):
    cupy = pytest.importorskip('cupy')
    try:
        if cupy.cuda.runtime.getDeviceCount() < 1:
            pytest.skip('no CUDA device')
    except Exception:  # noqa: BLE001 - no usable device
        pytest.skip('no CUDA device')
    dims = (5, 4, 3)[:ndim]
    ks, ss, ps, di = (2, 3, 2)[:ndim], (2, 1, 1)[:ndim], (1, 0, 1)[:ndim], (1, 2, 1)[:ndim]
    img = numpy.random.default_rng(0).uniform(-1, 1, (2, 3) + dims)
    col = conv_nd.im2col_nd_cpu(img, ks, ss, ps, dilate=di)
    outs = col.shape[2 + ndim:]
    args = dims + outs + ks + ss + ps + di
    in_p, out_p, op, name = conv_nd_kernel.Im2colNDKernel.generate(ndim)
    col_gpu = cupy.empty(col.shape)
    cupy.ElementwiseKernel(in_p, out_p, op, name)(cupy.asarray(img), *args, col_gpu)
    numpy.testing.assert_allclose(col_gpu.get(), col)
    in_p, out_p, op, name = conv_nd_kernel.Col2imNDKernel.generate(ndim)
    img_gpu = cupy.empty(img.shape)
    cupy.ElementwiseKernel(in_p, out_p, op, name)(cupy.asarray(col), *args, img_gpu)
    numpy.testing.assert_allclose(img_gpu.get(), conv_nd.col2im_nd_cpu(col, ss, ps, dims, di),
                                  rtol=1e-12)
