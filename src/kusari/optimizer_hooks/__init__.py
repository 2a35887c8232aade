"""Optimizer hooks (``chainer.optimizer_hooks``)."""
from kusari.optimizer_hooks.gradient_clipping import GradientClipping  # noqa: F401
from kusari.optimizer_hooks.gradient_hard_clipping import GradientHardClipping  # noqa: F401
from kusari.optimizer_hooks.gradient_lars import GradientLARS  # noqa: F401
from kusari.optimizer_hooks.gradient_noise import GradientNoise  # noqa: F401
from kusari.optimizer_hooks.lasso import Lasso  # noqa: F401
from kusari.optimizer_hooks.weight_decay import WeightDecay  # noqa: F401
