"""Functions of this category; the public names are re-exported by kusari.functions."""
