"""Crossroads: the platform of the network of cities hosting refugees and migrants."""
