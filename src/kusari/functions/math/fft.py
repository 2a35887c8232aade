"""fft and ifft: discrete Fourier transforms of complex data given as (real, imag) pairs,
differentiable to every order."""
import numpy

from kusari import backend
from kusari.function_node import FunctionNode
from kusari.utils import type_check


class FFT(FunctionNode):
    """The 1-D (inverse) DFT along the last axis of ``real + 1j * imag``.

    The map is linear; its adjoint is the conjugate transform, obtained from the same
    transform by swapping the real and imaginary parts before and after
    (:math:`\\bar F g = i\\,\\overline{F(i \\bar g)}`), so the backward is this node again.
    """

    def __init__(self, method):
        if method not in ('fft', 'ifft'):
            raise ValueError("FFT: method must be 'fft' or 'ifft', got {!r}".format(method))
        self._method = method

    label = 'FFT'   # Chainer's label, for both methods

    def _check_data_type_forward(self, in_data):
        real, imag = in_data
        type_check.check_float(self.label, 'real', real)
        if real.ndim == 0:
            type_check.fail(self.label, 'real.ndim > 0', 'real.ndim=0')
        if real.shape != imag.shape:
            type_check.fail(self.label, 'real.shape == imag.shape',
                            '{} != {}'.format(real.shape, imag.shape))
        if real.dtype != imag.dtype:
            type_check.fail(self.label, 'real.dtype == imag.dtype',
                            '{} != {}'.format(real.dtype, imag.dtype))

    def forward(self, inputs):
        real, imag = inputs
        xp = backend.get_array_module(real, imag)
        work = numpy.float32 if real.dtype == numpy.float16 else real.dtype
        x = real.astype(work) + 1j * imag.astype(work)
        y = getattr(xp.fft, self._method)(x)
        return (xp.ascontiguousarray(y.real).astype(real.dtype, copy=False),
                xp.ascontiguousarray(y.imag).astype(real.dtype, copy=False))

    def backward(self, indexes, grad_outputs):
        gr, gi = grad_outputs
        if gr is None:
            gr = gi.xp.zeros_like(gi.array)
        if gi is None:
            gi = gr.xp.zeros_like(gr.array)
        gxi, gxr = FFT(self._method).apply((gi, gr))
        return gxr, gxi


def fft(x):
    """Discrete Fourier transform along the last axis.

    Parameters
    ----------
    x : tuple of (Variable or array)
        ``(real, imag)``: the real and imaginary parts, of one shape (at least one
        dimension) and one float dtype.

    Returns
    -------
    tuple of Variable
        ``(real, imag)`` of :math:`y_k = \\sum_n x_n e^{-2\\pi i k n / N}`, each of the
        input's shape and dtype.

    >>> import numpy, kusari.functions as F
    >>> re, im = F.fft((numpy.array([1., 0., 0., 0.]), numpy.zeros(4)))
    >>> re.array, im.array
    (array([1., 1., 1., 1.]), array([0., 0., 0., 0.]))
    """
    real, imag = x
    return FFT('fft').apply((real, imag))


def ifft(x):
    """Inverse discrete Fourier transform along the last axis.

    Parameters
    ----------
    x : tuple of (Variable or array)
        ``(real, imag)`` as for :func:`fft`.

    Returns
    -------
    tuple of Variable
        ``(real, imag)`` of :math:`y_n = \\frac{1}{N} \\sum_k x_k e^{2\\pi i k n / N}`.
    """
    real, imag = x
    return FFT('ifft').apply((real, imag))
