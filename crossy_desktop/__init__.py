"""Crossy Desktop: play Atari Freeway, and teach it to a machine."""

__version__ = "0.1.0"
