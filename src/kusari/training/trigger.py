"""Alias module of Chainer's ``chainer.training.trigger``."""
from kusari.training.triggers.interval_trigger import IntervalTrigger  # noqa: F401
from kusari.training.util import _never_fire_trigger, get_trigger  # noqa: F401
