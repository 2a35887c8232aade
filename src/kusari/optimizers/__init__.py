"""Optimizers (``chainer.optimizers``)."""
from kusari.optimizers.ada_delta import AdaDelta  # noqa: F401
from kusari.optimizers.ada_grad import AdaGrad  # noqa: F401
from kusari.optimizers.adam import AdaBound, Adam, AdamW, AMSBound, AMSGrad  # noqa: F401
from kusari.optimizers.corrected_momentum_sgd import CorrectedMomentumSGD  # noqa: F401
from kusari.optimizers.momentum_sgd import MomentumSGD  # noqa: F401
from kusari.optimizers.msvag import MSVAG  # noqa: F401
from kusari.optimizers.nesterov_ag import NesterovAG  # noqa: F401
from kusari.optimizers.rmsprop import RMSprop  # noqa: F401
from kusari.optimizers.rmsprop_graves import RMSpropGraves  # noqa: F401
from kusari.optimizers.sgd import SGD  # noqa: F401
from kusari.optimizers.smorms3 import SMORMS3  # noqa: F401
