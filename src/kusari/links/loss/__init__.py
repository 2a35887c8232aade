"""Links with a loss: NegativeSampling, BlackOut, BinaryHierarchicalSoftmax, CRF1d."""
