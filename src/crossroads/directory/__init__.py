"""Organisations, cities, countries, regions, people and networks."""
