"""Controllers: who chooses the chicken's action each decision (human, random, always-up, scripted,
replay, DQN), and the one registry that builds them by name.

May import: game, rl, storage.
"""
