"""The ``F`` namespace: every public function, one explicit re-export a line.

Each function lives where Chainer keeps it (``kusari.functions.<category>.<module>``).
"""
# isort: skip_file
# --- array
from kusari.functions.array.broadcast import broadcast, broadcast_to  # noqa: F401
from kusari.functions.array.cast import cast  # noqa: F401
from kusari.functions.array.copy import copy  # noqa: F401
from kusari.functions.array.expand_dims import expand_dims  # noqa: F401
from kusari.functions.array.get_item import get_item  # noqa: F401
from kusari.functions.array.reshape import reshape  # noqa: F401
from kusari.functions.array.squeeze import squeeze  # noqa: F401
from kusari.functions.array.transpose import transpose  # noqa: F401
# --- math
from kusari.functions.math.average import average, mean  # noqa: F401
from kusari.functions.math.basic_math import absolute, matmul  # noqa: F401
from kusari.functions.math.exponential import exp, log, log2, log10  # noqa: F401
from kusari.functions.math.identity import identity  # noqa: F401
from kusari.functions.math.sqrt import rsqrt, sqrt  # noqa: F401
from kusari.functions.math.square import square  # noqa: F401
from kusari.functions.math.sum import sum, sum_to  # noqa: F401
# --- activation
# --- connection
# --- evaluation
# --- loss
# --- noise
# --- normalization
# --- pooling
