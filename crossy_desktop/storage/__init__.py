"""Storage: files and folders, written atomically and checked on load (model files, demonstrations,
the scoreboard, metrics.csv, where user data lives).

Imports nothing else of Crossy Desktop: every other layer may use it.
"""
