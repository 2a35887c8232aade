"""Chainer's static-graph decorators (``static_graph``, ``static_code``).

kusari accepts them and runs the decorated code define-by-run on every call: results,
gradients (of every order) and side effects are those of the undecorated code. See
:mod:`kusari.graph_optimizations.static_graph`.
"""
from kusari.graph_optimizations.static_graph_utilities import static_code  # noqa: F401
