"""Game core: the Freeway emulator under the one game protocol (frames, decisions, RAM).

Imports nothing else of Crossy Desktop.
"""
