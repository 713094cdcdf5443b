"""The demo dataset and its loader."""
