"""Records of the partner API (its keys), pointing down at the content model."""
