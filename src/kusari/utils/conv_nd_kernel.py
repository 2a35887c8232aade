"""CUDA source of N-dimensional im2col / col2im kernels (``chainer.utils.conv_nd_kernel``).

``Im2colNDKernel.generate(ndim)`` and ``Col2imNDKernel.generate(ndim)`` return
``(in_params, out_params, operation, name)`` for a CuPy ``ElementwiseKernel``; the integer
parameters are, in order, the image sizes ``d_*``, the output sizes ``out_*``, the kernel
sizes ``k_*``, the strides ``s_*``, the paddings ``p_*`` and the dilations ``di_*`` (one per
spatial axis). Each source is generated once per ``ndim``. kusari's own GPU im2col
(:mod:`kusari.utils.conv_nd`) uses strided views instead; these are for code written
against Chainer's kernels.
"""
_PARAMS = ('d', 'out', 'k', 's', 'p', 'di')


def _names(prefix, ndim):
    return ['{}_{}'.format(prefix, i) for i in range(ndim)]


def _int_params(ndim):
    return ['int32 ' + n for prefix in _PARAMS for n in _names(prefix, ndim)]


def _unravel(var_names, sizes):
    """C lines that split the flat index ``i`` (row-major over ``sizes``) into ``var_names``;
    the remaining leading index (batch and channel together) goes to ``c0``."""
    lines = []
    stride = '1'
    for name, size in reversed(list(zip(var_names, sizes))):
        lines.append(('int {} = i % {};'.format(name, size) if stride == '1' else
                      'int {} = i / ({}) % {};'.format(name, stride, size)))
        stride = size if stride == '1' else '{} * {}'.format(stride, size)
    lines.append('int c0 = i / ({});'.format(stride))
    return lines[::-1]


class Im2colNDKernel:
    """Generates the im2col kernel: ``col[c0, k..., out...] = img[c0, out * s + k * di - p]``
    (zero outside the image)."""

    _memo = {}

    def _generate(self, ndim):
        d, out, k, s, p, di = (_names(prefix, ndim) for prefix in _PARAMS)
        kx, ox, pos = _names('kx', ndim), _names('out_x', ndim), _names('in', ndim)
        lines = _unravel(kx + ox, k + out)
        inside = []
        for j in range(ndim):
            lines.append('int {} = {} * {} + {} * {} - {};'.format(
                pos[j], kx[j], di[j], ox[j], s[j], p[j]))
            inside.append('0 <= {0} && {0} < {1}'.format(pos[j], d[j]))
        index = 'c0'
        for j in range(ndim):
            index = '{} + {} * ({})'.format(pos[j], d[j], index)
        lines.append('if ({}) {{'.format(' && '.join(inside)))
        lines.append('  col = img[{}];'.format(index))
        lines.append('} else {')
        lines.append('  col = (T)0;')
        lines.append('}')
        in_params = ', '.join(['raw T img'] + _int_params(ndim))
        return in_params, 'T col', '\n'.join(lines), 'im2col_{}d'.format(ndim)

    @staticmethod
    def generate(ndim):
        """``(in_params, out_params, operation, name)`` of the ``ndim``-d im2col kernel."""
        memo = Im2colNDKernel._memo
        if ndim not in memo:
            memo[ndim] = Im2colNDKernel()._generate(ndim)
        return memo[ndim]


class Col2imNDKernel:
    """Generates the col2im kernel: each image element sums the window entries that read it
    (the adjoint of :class:`Im2colNDKernel`)."""

    _memo = {}

    def _generate(self, ndim):
        d, out, k, s, p, di = (_names(prefix, ndim) for prefix in _PARAMS)
        x, kx, ox = _names('x', ndim), _names('kx', ndim), _names('out_x', ndim)
        lines = _unravel(x, d)
        lines.append('T val = 0;')
        for j in range(ndim):
            pad = '  ' * j
            lines.append('{0}for (int {1} = 0; {1} < {2}; ++{1}) {{'.format(pad, kx[j], k[j]))
            lines.append('{}  int {} = {} + {} - {} * {};'.format(
                pad, ox[j], x[j], p[j], kx[j], di[j]))
            lines.append('{0}  if ({1} < 0 || {1} >= {2} * {3} || {1} % {3} != 0) continue;'
                         .format(pad, ox[j], out[j], s[j]))
            lines.append('{}  {} /= {};'.format(pad, ox[j], s[j]))
        index = 'c0'
        for j in range(ndim):
            index = '{} + {} * ({})'.format(kx[j], k[j], index)
        for j in range(ndim):
            index = '{} + {} * ({})'.format(ox[j], out[j], index)
        lines.append('{}  val = val + col[{}];'.format('  ' * (ndim - 1), index))
        for j in reversed(range(ndim)):
            lines.append('{}}}'.format('  ' * j))
        lines.append('img = val;')
        in_params = ', '.join(['raw T col'] + _int_params(ndim))
        return in_params, 'T img', '\n'.join(lines), 'col2im_{}d'.format(ndim)

    @staticmethod
    def generate(ndim):
        """``(in_params, out_params, operation, name)`` of the ``ndim``-d col2im kernel."""
        memo = Col2imNDKernel._memo
        if ndim not in memo:
            memo[ndim] = Col2imNDKernel()._generate(ndim)
        return memo[ndim]
