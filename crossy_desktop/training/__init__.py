"""Training: online DQN (`crossy train`) and offline DQfD (`crossy train-offline`), their configs, run
folders with checkpoints, and learning-curve plots.

May import: game, rl, controllers, play, storage, config_fields.
"""
