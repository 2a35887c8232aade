"""Helpers for testing ChainerMN code."""
from kusari.chainermn.testing.device import get_device  # noqa: F401
