# issue 32, 2026-12-04 (night), a faster machine than 2026-12-03's: AMD EPYC family 25 model 17, with AVX-512
# (cpu.txt). Runs from a worktree of 47c8767, each alone on the machine, one after the other.
cd /tmp/r32 && export PYTHONPATH=/tmp/r32
PY=/work/main/.venv/bin/python

# 1. the per-minute recipe of 2026-12-03's evening, seed 1, 60 minutes (01:16-02:17 UTC):
$PY -m crossy_desktop train --envs 8 --update-every 16 --quantiles 32 --no-double-dqn --total-decisions 5000000 \
  --wall-minutes 60 --seed 1 --test-every 50000 --run-dir /tmp/r33/recipe-seed1 --no-progress
# the last models tested within 30 minutes (851,968 decisions, 29.0 min) and 60 minutes (1,753,088, 59.2 min), and
# the one at 950,272 decisions (where the 2026-12-03 morning's --update-every 8 Double-DQN run of seed 1 ended):
for m in 01753088 00851968 00950272; do
  $PY -m crossy_desktop evaluate /tmp/r33/recipe-seed1/models/model_$m.safetensors --episodes 30 --seed 0 --json \
    --out /tmp/r33/recipe-seed1/evaluation_$m.json
done

# 2. --update-every 8 without Double DQN's online pass, seed 1, 60 minutes (02:23-03:23 UTC):
$PY -m crossy_desktop train --envs 8 --update-every 8 --quantiles 32 --no-double-dqn --total-decisions 5000000 \
  --wall-minutes 60 --seed 1 --test-every 50000 --run-dir /tmp/r33/ue8-nodouble-seed1 --no-progress
# the last models tested within 30 minutes (606,208 decisions, 29.8 min) and 60 minutes (1,114,112, 57.3 min), and
# the one at 950,272 decisions:
for m in 01114112 00606208 00950272; do
  $PY -m crossy_desktop evaluate /tmp/r33/ue8-nodouble-seed1/models/model_$m.safetensors --episodes 30 --seed 0 --json \
    --out /tmp/r33/ue8-nodouble-seed1/evaluation_$m.json
done

# the --update-every 16 --no-double-dqn recipe's two seeds at 30 minutes (seeds_report.txt), from the repository root:
.venv/bin/python bench/seeds_report.py bench/results/issue32-ue16-2026-12-03/qr32-ue16-nodouble-30min-seed2 \
  bench/results/issue32-fast-machine-2026-12-04/qr32-ue16-nodouble-60min-seed1 --minutes 30
