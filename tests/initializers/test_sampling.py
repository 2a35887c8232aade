import numpy
import pytest

from kusari import initializers


@pytest.mark.parametrize('shape', [(5, 5, 3, 3), (5, 5, 6, 6), (5, 1, 3, 3), (4, 1, 4, 4),
                                   (2, 2, 3), (2, 2, 3, 3, 3)])
@pytest.mark.parametrize('dtype', [numpy.float16, numpy.float32, numpy.float64])
def test_filters(shape, dtype):
    k = shape[2]
    factor = (k + 1) // 2
    center = factor - 1 if k % 2 else factor - 0.5
    tent = 1 - abs(numpy.arange(k) - center) / factor
    kernel = numpy.ones(())
    for _ in shape[2:]:
        kernel = numpy.multiply.outer(kernel, tent)
    for cls, expected in ((initializers.UpsamplingDeconvFilter, kernel),
                          (initializers.DownsamplingConvFilter, kernel / kernel.sum())):
        w = numpy.full(shape, numpy.nan, dtype)
        cls(dtype=dtype)(w)
        for i in range(shape[0]):
            for j in range(shape[1]):
                on = (j == i) or shape[1] == 1
                numpy.testing.assert_allclose(w[i, j], expected if on else 0, rtol=1e-3)
        g = initializers.generate_array(cls(dtype=dtype), shape, numpy)
        assert g.shape == shape and g.dtype == dtype


def test_upsampling_filter_interpolates():
    """A stride-2 deconvolution with the k=4 filter doubles a constant image exactly (away
    from the border)."""
    import kusari.functions as F
    w = numpy.empty((1, 1, 4, 4))
    initializers.UpsamplingDeconvFilter()(w)
    y = F.deconvolution_2d(numpy.ones((1, 1, 5, 5)), w, stride=2, pad=1).array
    numpy.testing.assert_allclose(y[0, 0, 1:-1, 1:-1], 1.0)


def test_sampling_filter_errors():
    with pytest.raises(ValueError, match='Unsupported interpolation method'):
        initializers.UpsamplingDeconvFilter(interpolation='nearest')
    with pytest.raises(ValueError, match='ksize must be all same'):
        initializers.DownsamplingConvFilter()(numpy.empty((2, 2, 3, 4)))
    with pytest.raises(ValueError, match='channels must be equal'):
        initializers.DownsamplingConvFilter()(numpy.empty((2, 3, 3, 3)))
    with pytest.raises(ValueError, match='expects an array of dtype float32'):
        initializers.UpsamplingDeconvFilter(dtype=numpy.float32)(numpy.empty((2, 2, 3, 3)))
