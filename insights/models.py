"""Records of the insights app: its own rows only, pointing down at the content model."""
