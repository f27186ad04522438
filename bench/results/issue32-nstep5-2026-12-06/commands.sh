# issue 32, 2026-12-06: --n-step 5 alone on the QR reference recipe seed 1 (--envs 8 --update-every 8
# --quantiles 32, Double DQN, gamma 0.99; reference: bench/results/issue32-qr-ab-2026-12-03/envs8-ue8-qr32-seed1),
# alone on the machine (Intel Xeon model 167: cpu.txt; driver.log: 11:56-12:43 UTC), from a worktree of 01dd990
# (/tmp/r36/wt; crossy_desktop/ identical to 0eeae8e). Runs are deterministic per decision: compare per decision.
cd /tmp/r36/wt
export PYTHONPATH=/tmp/r36/wt
PY=/work/main/.venv/bin/python
BASE="--envs 8 --update-every 8 --quantiles 32 --total-decisions 950272 --wall-minutes 75 --seed 1 --test-every 50000 --no-progress"
$PY -m crossy_desktop train $BASE --n-step 5 --run-dir /tmp/r36/nstep5-seed1
# 30 fresh games (seeds 0-29) of the models at 606208 and 950272 decisions
R=/tmp/r36/nstep5-seed1; for d in 00606208 00950272; do
  $PY -m crossy_desktop evaluate $R/models/model_$d.safetensors --episodes 30 --seed 0 --json --out $R/evaluation_$d.json
done
