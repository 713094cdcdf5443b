"""Campaigns that cities and organisations sign: services, reads, pages and the map."""
