#!/bin/bash
# issue 32, 2026-12-07 afternoon: PQN rollouts that span the traffic (bench/traffic_sync.py: every game sees the same cars)
PY=/work/main/.venv/bin/python
cd /work/main
echo "$(date -u +%H:%M:%S) start pqn-4envs-whole-game"
$PY -m crossy_desktop train --algorithm pqn --envs 4 --rollout-decisions 2048 --pqn-minibatches 64 --wall-minutes 8 --total-decisions 5000000 --test-every 60000 --test-games 3 --seed 1 --run-dir /tmp/r38/pqn-4envs-whole-game --no-progress > /tmp/r38/pqn-4envs-whole-game.log 2>&1
echo "$(date -u +%H:%M:%S) done"
