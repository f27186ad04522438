"""Training: online DQN (`crossy train`), offline DQfD (`crossy train-offline`), teaching from the
player's own games (`crossy teach`, the window's T), their configs, run folders with checkpoints, and
learning-curve plots.

May import: game, rl, controllers, play, storage, config_fields.
"""
