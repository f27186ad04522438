# issue 32, 2026-12-03 (afternoon, a second machine: AMD EPYC family 25 model 1, AVX2 without AVX-512, cpu.txt),
# the QR recipe of bench/results/issue32-qr-ab-2026-12-03 on training seed 2, from a worktree of 4e594a4
# (checkpoints every 25,000 decisions, as on the morning's seed 1).
cd /tmp/r32 && export PYTHONPATH=/tmp/r32
PY=/work/main/.venv/bin/python

# seed 2: 60 minutes of wall time, alone on the machine (it ran at 170-200 decisions/s where seed 1 ran 352)
$PY -m crossy_desktop train --envs 8 --update-every 8 --quantiles 32 --total-decisions 5000000 --wall-minutes 60 \
  --seed 2 --test-every 50000 --run-dir /tmp/r32runs/qr32-60min-seed2

# 30 fresh greedy games: the last models tested within 30 and 60 minutes (seeds 0-29), the 60-minute one on 4242-4271
for d in 00311296 00606208; do
  $PY -m crossy_desktop evaluate /tmp/r32runs/qr32-60min-seed2/models/model_$d.safetensors --episodes 30 --seed 0 \
    --json --out /tmp/r32runs/qr32-60min-seed2/evaluation_$d.json
done
$PY -m crossy_desktop evaluate /tmp/r32runs/qr32-60min-seed2/models/model_00606208.safetensors --episodes 30 --seed 4242 \
  --json --out /tmp/r32runs/qr32-60min-seed2/evaluation_00606208_seeds4242.json

# per decision beside the morning's seed 1 (from the repository root):
.venv/bin/python bench/seeds_report.py bench/results/issue32-qr-ab-2026-12-03/envs8-ue8-qr32-seed1 \
  bench/results/issue32-qr-seeds-2026-12-03/qr32-60min-seed2 --decisions 606208

# seed 3 was started to 606,208 decisions at nice 19 beside CI (no wall-time budget, so per decision the same run
# whatever the machine's speed) and stopped at 28k decisions: it could not finish in the session
