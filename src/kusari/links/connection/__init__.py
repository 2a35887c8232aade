"""Connection links: linear, convolutions, embeddings and their compositions."""
