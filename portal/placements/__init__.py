"""Placements: who may see which, and the rules of when one has ended."""
