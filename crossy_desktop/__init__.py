"""Crossy Desktop: play Atari Freeway, and teach it to a machine.

Importing the package registers its gymnasium environment, `ENV_ID` (rl/environment.py; the entry point is a
string, so nothing heavy loads until an environment is made).
"""

import gymnasium

__version__ = "0.1.0"
ENV_ID = "CrossyDesktop/Freeway-v0"

if ENV_ID not in gymnasium.registry:
    gymnasium.register(ENV_ID, entry_point="crossy_desktop.rl.environment:FreewayEnv")
