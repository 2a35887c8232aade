"""``kusari.cuda`` (``chainer.cuda``): the module :mod:`kusari.backends.cuda` itself.

Chainer kept ``chainer.cuda`` importable as a module (``import chainer.cuda``) after moving
it to ``chainer.backends.cuda``; importing this name gives that very module object.
"""
import sys

from kusari.backends import cuda

sys.modules[__name__] = cuda
