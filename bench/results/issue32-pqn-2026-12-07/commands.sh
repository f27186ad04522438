#!/bin/bash
# issue 32, 2026-12-07: PQN pilots, one after the other, alone on the machine
PY=/work/main/.venv/bin/python
cd /work/main
echo "$(date -u +%H:%M:%S) start pqn-32envs"
$PY -m crossy_desktop train --algorithm pqn --envs 32 --wall-minutes 10 --total-decisions 5000000 --test-every 60000 --test-games 3 --seed 1 --run-dir /tmp/r37/pqn-32envs --no-progress > /tmp/r37/pqn-32envs.log 2>&1
echo "$(date -u +%H:%M:%S) start pqn-128envs"
$PY -m crossy_desktop train --algorithm pqn --envs 128 --pqn-minibatches 32 --wall-minutes 10 --total-decisions 5000000 --test-every 120000 --test-games 3 --seed 1 --run-dir /tmp/r37/pqn-128envs --no-progress > /tmp/r37/pqn-128envs.log 2>&1
echo "$(date -u +%H:%M:%S) done"
# queued after drive.sh: four samples a decision (the QR recipe's), then one-step targets
PY=/work/main/.venv/bin/python
cd /work/main
echo "$(date -u +%H:%M:%S) start pqn-32envs-epochs4"
$PY -m crossy_desktop train --algorithm pqn --envs 32 --pqn-epochs 4 --wall-minutes 10 --total-decisions 5000000 --test-every 60000 --test-games 3 --seed 1 --run-dir /tmp/r37/pqn-32envs-epochs4 --no-progress > /tmp/r37/pqn-32envs-epochs4.log 2>&1
echo "$(date -u +%H:%M:%S) done"
# queued after drive2.sh: minibatches of 32 rows (DQN's batch), four times the gradient steps a sample
PY=/work/main/.venv/bin/python
cd /work/main
echo "$(date -u +%H:%M:%S) start pqn-32envs-mb32"
$PY -m crossy_desktop train --algorithm pqn --envs 32 --pqn-minibatches 32 --wall-minutes 10 --total-decisions 5000000 --test-every 60000 --test-games 3 --seed 1 --run-dir /tmp/r37/pqn-32envs-mb32 --no-progress > /tmp/r37/pqn-32envs-mb32.log 2>&1
echo "$(date -u +%H:%M:%S) done"
