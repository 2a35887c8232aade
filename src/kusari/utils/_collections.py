"""``chainer.utils._collections``: the insertion-ordered dict Chainer's graph code uses.

On Python 3 the built-in ordered dict frees its keys by reference counting, so Chainer's
weak-reference wrapper for Python 2 is not needed: ``OrderedDict`` is the standard one.
"""
import collections

OrderedDict = collections.OrderedDict
