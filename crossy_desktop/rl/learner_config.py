"""The learner's hyperparameters, as plain data: importable without torch (the command line lists them)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from crossy_desktop.config_fields import hp


class DemoLoss(StrEnum):
    """The extra loss on demonstration rows."""

    MARGIN = "margin"  # DQfD's large margin
    CQL = "cql"  # conservative Q-learning, CQL(H)


@dataclass
class LearnerConfig:
    """The update rule. These defaults are online training's (training/config.py states the offline recipe's
    differences once); 2.5e-4, 2.5x CleanRL's, measured best for time to score on 2 cores (issue 14)."""

    learning_rate: float = hp(2.5e-4, "Adam learning rate", range="positive")
    adam_eps: float = hp(1.5e-4, "Adam epsilon", range="positive")
    double_dqn: bool = hp(True, "Double DQN: the online network picks the next action, the target values it")
    target_period: int = hp(2000, "updates between target-network updates")
    target_tau: float = hp(1.0, "target update: 1.0 copies, below 1 blends (Polyak)", range="fraction")
    max_grad_norm: float = hp(10.0, "gradient norm clip", range="positive")
    # advantage learning (Baird 1999; Bellemare et al. 2016): widens the gap between the best action and the
    # rest by 1/(1 - alpha), so the greedy choice survives the network's error when actions differ by little
    advantage_alpha: float = hp(
        0.0, "advantage learning: target less alpha * (max_b Q(s, b) - Q(s, a)) (0: off)", range="fraction"
    )
    # QR-DQN's kappa is 1 on Atari's clipped rewards; here Q-values are about 0.3-1.5 and TD errors about 0.05, so
    # at 1 every error would sit in Huber's quadratic part, which fits expectiles rather than quantiles
    quantile_kappa: float = hp(
        0.05, "QR-DQN: Huber's threshold in the quantile loss (networks with --quantiles)", range="positive"
    )
    # cql measured against the margin on the offline recipe (10 simulated-human games, 2 seeds, 30 fresh games
    # each): 30.85 against 31.35 (bench/bench_recipes.py, cql against margin); kept as an option, off by default
    demo_loss: DemoLoss = hp(DemoLoss.MARGIN, "loss on demonstration rows: margin (DQfD) or cql")
    margin: float = hp(0.8, "DQfD's expert margin", range="non-negative")
    margin_weight: float = hp(
        1.0, "weight of the demonstration loss (none in plain online batches)", range="non-negative"
    )

    def __post_init__(self) -> None:
        self.demo_loss = DemoLoss(self.demo_loss)
