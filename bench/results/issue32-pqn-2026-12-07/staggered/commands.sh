#!/bin/bash
# issue 32, 2026-12-07: PQN with staggered game starts, the synchronized pqn-32envs pilot's settings otherwise
PY=/work/main/.venv/bin/python
cd /work/main
echo "$(date -u +%H:%M:%S) start pqn-32envs-staggered"
$PY -m crossy_desktop train --algorithm pqn --envs 32 --game-starts staggered --wall-minutes 10 --total-decisions 5000000 --test-every 60000 --test-games 3 --seed 1 --run-dir /tmp/r40/pqn-32envs-staggered --no-progress > /tmp/r40/pqn-32envs-staggered.log 2>&1
echo "$(date -u +%H:%M:%S) done"
# issue 32, 2026-12-07: staggered PQN at 4x the learning rate (1e-3), otherwise pqn-32envs-staggered
PY=/work/main/.venv/bin/python
cd /work/main
echo "$(date -u +%H:%M:%S) start pqn-32envs-staggered-lr1e-3"
$PY -m crossy_desktop train --algorithm pqn --envs 32 --game-starts staggered --learning-rate 1e-3 --wall-minutes 10 --total-decisions 5000000 --test-every 60000 --test-games 3 --seed 1 --run-dir /tmp/r40/pqn-32envs-staggered-lr1e-3 --no-progress > /tmp/r40/pqn-32envs-staggered-lr1e-3.log 2>&1
echo "$(date -u +%H:%M:%S) done"
