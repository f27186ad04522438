# issue 32, 2026-12-04: plateau levers one at a time against the QR recipe seed 1 (--envs 8 --update-every 8
# --quantiles 32, Double DQN; bench/results/issue32-qr-ab-2026-12-03/envs8-ue8-qr32-seed1), each run alone,
# one after the other, from a worktree of 57269e2 (/tmp/r32); runs are deterministic per decision.
# n-step 10 ran 2026-12-04 on an AMD EPYC (cpu.txt); that session ended before the gamma run finished, so
# gamma 0.995 ran again 2026-12-05 on an Intel Xeon model 167 (cpu-2026-12-05.txt) with --wall-minutes 75 so that
# a slower machine still reaches 950272 decisions (the comparison is per decision).
cd /tmp/r32
export PYTHONPATH=/tmp/r32
PY=/work/main/.venv/bin/python
BASE="--envs 8 --update-every 8 --quantiles 32 --total-decisions 950272 --wall-minutes 60 --seed 1 --test-every 50000 --no-progress"
$PY -m crossy_desktop train $BASE --n-step 10 --run-dir /tmp/r33/nstep10-seed1
$PY -m crossy_desktop train ${BASE/--wall-minutes 60/--wall-minutes 75} --gamma 0.995 --run-dir /tmp/r33/gamma995-seed1
# 2026-12-05, Intel Xeon model 167: training epsilon 0.001 instead of 0.01 after its 100k-decision fall, to 606208
$PY -m crossy_desktop train ${BASE/--total-decisions 950272 --wall-minutes 60/--total-decisions 606208 --wall-minutes 30} --epsilon-end 0.001 --run-dir /tmp/r33/eps0001-seed1
# 30 fresh games (seeds 0-29) of the models at 606208 and 950272 decisions, e.g.
for R in /tmp/r33/nstep10-seed1 /tmp/r33/gamma995-seed1; do for d in 00606208 00950272; do
  $PY -m crossy_desktop evaluate $R/models/model_$d.safetensors --episodes 30 --seed 0 --json --out $R/evaluation_$d.json
done; done
# where each model's game time goes (10 games, seeds 0-9): time_spent.txt
cd /work/main && .venv/bin/python bench/time_spent.py scripted models/freeway-qr-dqn.safetensors \
  /tmp/r33/gamma995-seed1/models/model_00950272.safetensors \
  /tmp/r33/eps0001-seed1/models/model_00606208.safetensors --games 10
