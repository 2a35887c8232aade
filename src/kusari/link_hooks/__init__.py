"""Link hooks: weight reparametrizations and profiling around every link's forward."""
from kusari.link_hooks.spectral_normalization import SpectralNormalization  # noqa: F401
from kusari.link_hooks.timer import TimerHook  # noqa: F401
from kusari.link_hooks.weight_standardization import WeightStandardization  # noqa: F401
