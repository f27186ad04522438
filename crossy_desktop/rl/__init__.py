"""RL toolkit: the observation pipeline, Q-networks (torch and numpy), replay memory, the learner, training
rewards, agent model files, and recorded games as replay memory.

May import: game, storage, config_fields. torch is imported only by network.py and learner.py (and by
agent.py when a model loads on the torch backend), so the window starts without it.
"""
