"""Normalization links: BatchNormalization, BatchRenormalization, LayerNormalization, ..."""
