"""The ``F`` namespace: every public function, listed explicitly in one table.

Each function lives where Chainer keeps it (``kusari.functions.<category>.<module>``). Names
are loaded on first use (PEP 562), so ``import kusari.functions as F`` stays fast and a function
module is imported only when its function is first called.
"""
import importlib

_EXPORTS = {}


def _export(module, *names):
    for name in names:
        _EXPORTS[name] = module


# --- array
_export('array.broadcast', 'broadcast', 'broadcast_to')
_export('array.cast', 'cast')
_export('array.copy', 'copy')
_export('array.expand_dims', 'expand_dims')
_export('array.get_item', 'get_item')
_export('array.reshape', 'reshape')
_export('array.squeeze', 'squeeze')
_export('array.transpose', 'transpose')
_export('array.concat', 'concat')
_export('array.as_strided', 'as_strided')
_export('array.depth2space', 'depth2space')
_export('array.diagonal', 'diagonal')
_export('array.dstack', 'dstack')
_export('array.flatten', 'flatten')
_export('array.flip', 'flip')
_export('array.fliplr', 'fliplr')
_export('array.flipud', 'flipud')
_export('array.hstack', 'hstack')
_export('array.im2col', 'im2col')
_export('array.moveaxis', 'moveaxis')
_export('array.pad', 'pad')
_export('array.pad_sequence', 'pad_sequence')
_export('array.permutate', 'permutate')
_export('array.repeat', 'repeat')
_export('array.resize_images', 'resize_images')
_export('array.rollaxis', 'rollaxis')
_export('array.scatter_add', 'scatter_add')
_export('array.select_item', 'select_item')
_export('array.separate', 'separate')
_export('array.space2depth', 'space2depth')
_export('array.spatial_transformer_grid', 'spatial_transformer_grid')
_export('array.spatial_transformer_sampler', 'spatial_transformer_sampler')
_export('array.split_axis', 'split_axis')
_export('array.stack', 'stack')
_export('array.swapaxes', 'swapaxes')
_export('array.tile', 'tile')
_export('array.transpose_sequence', 'transpose_sequence')
_export('array.vstack', 'vstack')
_export('array.where', 'where')
# --- math
_export('math.arctanh', 'arctanh')
_export('math.average', 'average', 'mean')
_export('math.batch_l2_norm_squared', 'batch_l2_norm_squared')
_export('math.basic_math', 'absolute', 'add', 'matmul')
_export('math.bias', 'bias')
_export('math.ceil', 'ceil')
_export('math.cholesky', 'cholesky')
_export('math.clip', 'clip')
_export('math.cumprod', 'cumprod')
_export('math.cumsum', 'cumsum')
_export('math.det', 'batch_det', 'det')
_export('math.digamma', 'digamma')
_export('math.einsum', 'einsum')
_export('math.erf', 'erf')
_export('math.erfc', 'erfc')
_export('math.erfcinv', 'erfcinv')
_export('math.erfcx', 'erfcx')
_export('math.erfinv', 'erfinv')
_export('math.exponential', 'exp', 'log', 'log2', 'log10')
_export('math.exponential_m1', 'expm1')
_export('math.fft', 'fft', 'ifft')
_export('math.fix', 'fix')
_export('math.floor', 'floor')
_export('math.fmod', 'fmod')
_export('math.hyperbolic', 'cosh', 'sinh')
_export('math.identity', 'identity')
_export('math.inv', 'batch_inv', 'inv')
_export('math.lgamma', 'lgamma')
_export('math.linear_interpolate', 'linear_interpolate')
_export('math.log_ndtr', 'log_ndtr')
_export('math.logarithm_1p', 'log1p')
_export('math.logsumexp', 'logsumexp')
_export('math.matmul', 'batch_matmul')
_export('math.maximum', 'maximum')
_export('math.minimum', 'minimum')
_export('math.minmax', 'argmax', 'argmin', 'max', 'min')
_export('math.ndtr', 'ndtr')
_export('math.ndtri', 'ndtri')
_export('math.polygamma', 'polygamma')
_export('math.prod', 'prod')
_export('math.scale', 'scale')
_export('math.sparse_matmul', 'sparse_matmul')
_export('math.sign', 'sign')
_export('math.sqrt', 'rsqrt', 'sqrt')
_export('math.square', 'square')
_export('math.sum', 'sum', 'sum_to')
_export('math.tensordot', 'tensordot')
_export('math.trigonometric', 'arccos', 'arcsin', 'arctan', 'arctan2', 'cos', 'sin', 'tan')
_export('math.zeta', 'zeta')
# --- activation
_export('activation.clipped_relu', 'clipped_relu', 'relu6')
_export('activation.crelu', 'crelu')
_export('activation.elu', 'elu')
_export('activation.hard_sigmoid', 'hard_sigmoid')
_export('activation.leaky_relu', 'leaky_relu')
_export('activation.log_softmax', 'log_softmax')
_export('activation.maxout', 'maxout')
_export('activation.prelu', 'prelu')
_export('activation.relu', 'relu')
_export('activation.rrelu', 'rrelu')
_export('activation.selu', 'selu')
_export('activation.sigmoid', 'sigmoid')
_export('activation.softmax', 'softmax')
_export('activation.softplus', 'softplus')
_export('activation.swish', 'swish')
_export('activation.tanh', 'tanh')
# --- connection
_export('connection.bilinear', 'bilinear')
_export('connection.convolution_2d', 'convolution_2d')
_export('connection.convolution_nd', 'convolution_1d', 'convolution_3d', 'convolution_nd')
_export('connection.deconvolution_2d', 'deconvolution_2d')
_export('connection.deformable_convolution_2d_sampler', 'deformable_convolution_2d_sampler')
_export('connection.deconvolution_nd', 'deconvolution_1d', 'deconvolution_3d', 'deconvolution_nd')
_export('connection.depthwise_convolution_2d', 'depthwise_convolution_2d')
_export('connection.dilated_convolution_2d', 'dilated_convolution_2d')
_export('connection.embed_id', 'embed_id')
_export('connection.linear', 'linear')
_export('connection.local_convolution_2d', 'local_convolution_2d')
_export('connection.shift', 'shift')
_export('rnn.lstm', 'lstm')
_export('util.forget', 'forget')
_export('rnn.n_step_gru', 'n_step_bigru', 'n_step_gru')
_export('rnn.n_step_lstm', 'n_step_bilstm', 'n_step_lstm')
_export('rnn.n_step_rnn', 'n_step_birnn', 'n_step_rnn')
_export('rnn.slstm', 'slstm')
_export('rnn.tree_lstm', 'tree_lstm')
# --- evaluation
_export('evaluation.accuracy', 'accuracy')
_export('evaluation.binary_accuracy', 'binary_accuracy')
_export('evaluation.classification_summary', 'classification_summary')
_export('evaluation.classification_summary', 'f1_score')
_export('evaluation.classification_summary', 'precision')
_export('evaluation.classification_summary', 'recall')
_export('evaluation.r2_score', 'r2_score')
# --- loss
_export('loss.absolute_error', 'absolute_error')
_export('loss.black_out', 'black_out')
_export('loss.contrastive', 'contrastive')
_export('loss.cross_covariance', 'cross_covariance')
_export('loss.decov', 'decov')
_export('loss.discriminative_loss', 'discriminative_margin_based_clustering_loss')
_export('loss.crf1d', 'argmax_crf1d', 'crf1d')
_export('loss.ctc', 'connectionist_temporal_classification')
_export('loss.hinge', 'hinge')
_export('loss.huber_loss', 'huber_loss')
_export('loss.mean_absolute_error', 'mean_absolute_error')
_export('loss.mean_squared_error', 'mean_squared_error')
_export('loss.negative_sampling', 'negative_sampling')
_export('loss.sigmoid_cross_entropy', 'sigmoid_cross_entropy')
_export('loss.softmax_cross_entropy', 'softmax_cross_entropy')
_export('loss.squared_error', 'squared_difference', 'squared_error')
_export('loss.triplet', 'triplet')
_export('loss.vae', 'bernoulli_nll', 'gaussian_kl_divergence', 'gaussian_nll')
# --- noise
_export('noise.dropout', 'dropout')
_export('noise.gaussian', 'gaussian')
_export('noise.gumbel_softmax', 'gumbel_softmax')
_export('noise.simplified_dropconnect', 'simplified_dropconnect')
_export('noise.zoneout', 'zoneout')
# --- normalization
_export('normalization.batch_normalization', 'batch_normalization', 'fixed_batch_normalization')
_export('normalization.batch_renormalization',
        'batch_renormalization', 'fixed_batch_renormalization')
_export('normalization.decorrelated_batch_normalization',
        'decorrelated_batch_normalization', 'fixed_decorrelated_batch_normalization')
_export('normalization.group_normalization', 'group_normalization')
_export('normalization.l2_normalization', 'normalize')
_export('normalization.layer_normalization', 'layer_normalization')
_export('normalization.local_response_normalization', 'local_response_normalization')
# --- pooling
_export('pooling.average_pooling_2d', 'average_pooling_2d')
_export('pooling.average_pooling_nd',
        'average_pooling_1d', 'average_pooling_3d', 'average_pooling_nd')
_export('pooling.max_pooling_nd',
        'max_pooling_1d', 'max_pooling_2d', 'max_pooling_3d', 'max_pooling_nd')
_export('pooling.roi_average_align_2d', 'roi_average_align_2d')
_export('pooling.roi_average_pooling_2d', 'roi_average_pooling_2d')
_export('pooling.roi_max_align_2d', 'roi_max_align_2d')
_export('pooling.roi_max_pooling_2d', 'roi_max_pooling_2d')
_export('pooling.roi_pooling_2d', 'roi_pooling_2d')
_export('pooling.spatial_pyramid_pooling_2d', 'spatial_pyramid_pooling_2d')
_export('pooling.unpooling_2d', 'unpooling_2d')
_export('pooling.unpooling_nd', 'unpooling_1d', 'unpooling_3d', 'unpooling_nd')
_export('pooling.upsampling_2d', 'upsampling_2d')

__all__ = sorted(_EXPORTS)


# the category subpackages, as attributes of F (``F.math.sparse_matmul``)
_SUBPACKAGES = frozenset((
    'activation', 'array', 'connection', 'evaluation', 'loss', 'math', 'noise',
    'normalization', 'pooling', 'rnn', 'theano', 'util'))


def __getattr__(name):
    module = _EXPORTS.get(name)
    if module is None and name in _SUBPACKAGES:
        return importlib.import_module('kusari.functions.' + name)
    if module is None:
        raise AttributeError('module {!r} has no attribute {!r}'.format(__name__, name))
    value = getattr(importlib.import_module('kusari.functions.' + module), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_EXPORTS) | _SUBPACKAGES)
