"""The ``L`` namespace: every public link, one explicit re-export a line.

Each link lives where Chainer keeps it (``kusari.links.<category>.<module>``).
"""
# isort: skip_file
# --- connection
from kusari.links.connection.bias import Bias  # noqa: F401
from kusari.links.connection.bilinear import Bilinear  # noqa: F401
from kusari.links.connection.convolution_2d import Convolution2D  # noqa: F401
from kusari.links.connection.convolution_nd import Convolution1D, Convolution3D, ConvolutionND  # noqa: F401,E501
from kusari.links.connection.deconvolution_2d import Deconvolution2D  # noqa: F401
from kusari.links.connection.deconvolution_nd import Deconvolution1D, Deconvolution3D, DeconvolutionND  # noqa: F401,E501
from kusari.links.connection.deformable_convolution_2d import DeformableConvolution2D  # noqa: F401,E501
from kusari.links.connection.depthwise_convolution_2d import DepthwiseConvolution2D  # noqa: F401
from kusari.links.connection.dilated_convolution_2d import DilatedConvolution2D  # noqa: F401
from kusari.links.connection.embed_id import EmbedID  # noqa: F401
from kusari.links.connection.highway import Highway  # noqa: F401
from kusari.links.connection.inception import Inception  # noqa: F401
from kusari.links.connection.inceptionbn import InceptionBN  # noqa: F401
from kusari.links.connection.linear import Linear  # noqa: F401
from kusari.links.connection.local_convolution_2d import LocalConvolution2D  # noqa: F401
from kusari.links.connection.mlp_convolution_2d import MLPConvolution2D  # noqa: F401
from kusari.links.connection.parameter import Parameter  # noqa: F401
from kusari.links.connection.scale import Scale  # noqa: F401
# --- activation
from kusari.links.activation.maxout import Maxout  # noqa: F401
from kusari.links.activation.prelu import PReLU  # noqa: F401
from kusari.links.activation.simplified_dropconnect import SimplifiedDropconnect  # noqa: F401
from kusari.links.activation.swish import Swish  # noqa: F401
# --- loss
from kusari.links.loss.black_out import BlackOut  # noqa: F401
from kusari.links.loss.crf1d import CRF1d  # noqa: F401
from kusari.links.loss.hierarchical_softmax import BinaryHierarchicalSoftmax  # noqa: F401
from kusari.links.loss.negative_sampling import NegativeSampling  # noqa: F401
# --- model
from kusari.links.model.classifier import Classifier  # noqa: F401
from kusari.links.model.vision.googlenet import GoogLeNet  # noqa: F401
from kusari.links.model.vision.resnet import ResNet50Layers, ResNet101Layers, ResNet152Layers  # noqa: F401,E501
from kusari.links.model.vision.vgg import VGG16Layers, VGG19Layers  # noqa: F401
# --- normalization
from kusari.links.normalization.batch_normalization import BatchNormalization  # noqa: F401
from kusari.links.normalization.batch_renormalization import BatchRenormalization  # noqa: F401
from kusari.links.normalization.decorrelated_batch_normalization import DecorrelatedBatchNormalization  # noqa: F401,E501
from kusari.links.normalization.group_normalization import GroupNormalization  # noqa: F401
from kusari.links.normalization.layer_normalization import LayerNormalization  # noqa: F401
# --- rnn
from kusari.links.rnn.gru import GRU, StatefulGRU, StatelessGRU  # noqa: F401
from kusari.links.rnn.lstm import LSTM, StatelessLSTM  # noqa: F401
from kusari.links.rnn.mgu import StatefulMGU, StatelessMGU  # noqa: F401
from kusari.links.rnn.n_step_gru import NStepBiGRU, NStepGRU  # noqa: F401
from kusari.links.rnn.n_step_lstm import NStepBiLSTM, NStepLSTM  # noqa: F401
from kusari.links.rnn.n_step_rnn import NStepBiRNNReLU, NStepBiRNNTanh, NStepRNNReLU, NStepRNNTanh  # noqa: F401,E501
from kusari.links.rnn.peephole import StatefulPeepholeLSTM  # noqa: F401
from kusari.links.rnn.tree_lstm import ChildSumTreeLSTM, NaryTreeLSTM  # noqa: F401
from kusari.links.rnn.zoneoutlstm import StatefulZoneoutLSTM  # noqa: F401
# --- theano
