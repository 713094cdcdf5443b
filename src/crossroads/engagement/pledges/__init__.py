"""Pledges made at forums, their updates and matches."""
