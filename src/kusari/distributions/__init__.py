"""Probability distributions (Chainer's ``chainer.distributions``).

Each distribution holds its parameters as Variables and computes ``log_prob``, ``entropy``,
moments and (where the distribution allows) reparameterized samples with
``kusari.functions``, so they can be differentiated in the parameters to any order. The base
class and the KL registry live in :mod:`kusari.distribution` (``kusari.Distribution``,
``kusari.kl_divergence``, ``kusari.register_kl``, ``kusari.cross_entropy``). The functions
that need ``lgamma`` / ``digamma`` (Beta, Chisquare, Dirichlet, Gamma, Poisson, the Gumbel KL)
and the normal ``log_cdf`` / ``icdf`` need SciPy on the CPU (the extra ``scipy``).
"""
from kusari.distribution import cross_entropy, kl_divergence, register_kl  # noqa: F401
from kusari.distributions.bernoulli import Bernoulli  # noqa: F401
from kusari.distributions.beta import Beta  # noqa: F401
from kusari.distributions.categorical import Categorical  # noqa: F401
from kusari.distributions.cauchy import Cauchy  # noqa: F401
from kusari.distributions.chisquare import Chisquare  # noqa: F401
from kusari.distributions.dirichlet import Dirichlet  # noqa: F401
from kusari.distributions.exponential import Exponential  # noqa: F401
from kusari.distributions.gamma import Gamma  # noqa: F401
from kusari.distributions.geometric import Geometric  # noqa: F401
from kusari.distributions.gumbel import Gumbel  # noqa: F401
from kusari.distributions.independent import Independent  # noqa: F401
from kusari.distributions.laplace import Laplace  # noqa: F401
from kusari.distributions.log_normal import LogNormal  # noqa: F401
from kusari.distributions.multivariate_normal import MultivariateNormal  # noqa: F401
from kusari.distributions.normal import Normal  # noqa: F401
from kusari.distributions.one_hot_categorical import OneHotCategorical  # noqa: F401
from kusari.distributions.pareto import Pareto  # noqa: F401
from kusari.distributions.poisson import Poisson  # noqa: F401
from kusari.distributions.uniform import Uniform  # noqa: F401
