"""Finding items: free text and criteria."""
