"""Recurrent links: LSTM, GRU and the N-step (multi-layer, variable-length) RNNs."""
