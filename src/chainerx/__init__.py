"""``chainerx`` as a Chainer built without ChainerX has it: ``is_available()`` is False and
``ndarray`` is a placeholder for isinstance checks. Chainer code imports it unconditionally.
(Served by kusari; no logic lives here.)"""
from kusari.backends._chainerx import is_available, ndarray  # noqa: F401
