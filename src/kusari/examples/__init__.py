"""Runnable examples shipped with kusari (``python -m kusari.examples.train_digits``)."""
