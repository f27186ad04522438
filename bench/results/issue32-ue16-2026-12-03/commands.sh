# issue 32, 2026-12-03 (evening), the same machine type as the afternoon's (AMD EPYC family 25 model 1, AVX2 without
# AVX-512: ../issue32-qr-seeds-2026-12-03/cpu.txt). Runs from a worktree of the commit named with each, alone.
PY=/work/main/.venv/bin/python

# 1. --update-every 16 on the QR recipe, seed 2, 30 minutes (worktree of 4e594a4: checkpoints every 25,000 decisions),
#    run in the afternoon; its last model tested within 30 minutes evaluated in the evening:
cd /tmp/r32 && export PYTHONPATH=/tmp/r32
$PY -m crossy_desktop train --envs 8 --update-every 16 --quantiles 32 --total-decisions 5000000 --wall-minutes 30 \
  --seed 2 --test-every 50000 --run-dir /tmp/r32runs/qr32-ue16-30min-seed2
$PY -m crossy_desktop evaluate /tmp/r32runs/qr32-ue16-30min-seed2/models/model_00360448.safetensors --episodes 30 \
  --seed 0 --json --out /tmp/r32runs/qr32-ue16-30min-seed2/evaluation_00360448.json

# 2. the same for 60 minutes (worktree of eaf7984: checkpoints every 5 minutes of wall time, the default):
$PY -m crossy_desktop train --envs 8 --update-every 16 --quantiles 32 --total-decisions 5000000 --wall-minutes 60 \
  --seed 2 --test-every 50000 --run-dir /tmp/r33/qr32-ue16-60min-seed2 --no-progress

# where its time went, sampled 3-5 minutes in (py-spy at 20 Hz for 120 s; its rate then, 197 decisions/s, from
# metrics.csv: 32,768 decisions between 131.6 s and 297.5 s), split with (from the repository root):
PYTHONPATH=/tmp/pyspy /tmp/pyspy/bin/py-spy record -r 20 -d 120 -f raw -o /tmp/r33/pyspy_ue16.txt -p "$(pgrep -f 'crossy_desktop train')"
.venv/bin/python bench/profile_split.py bench/results/issue32-ue16-2026-12-03/profile_ue16.txt --decisions-per-s 197 --update-every 16

# its last model tested within 60 minutes (851,968 decisions, 58.7 min) on 30 fresh games, both seed ranges; the
# one within 30 minutes is the 30-minute run's 360,448 model (same weights: the run is the same per decision)
for s in 0 4242; do suf=""; [ $s = 4242 ] && suf=_seeds4242
  $PY -m crossy_desktop evaluate /tmp/r33/qr32-ue16-60min-seed2/models/model_00851968.safetensors --episodes 30 \
    --seed $s --json --out /tmp/r33/qr32-ue16-60min-seed2/evaluation_00851968$suf.json
done

# larger batches per sampled transition (bench_update_batch.txt), between runs:
for b in 64 128; do .venv/bin/python bench/bench_update.py --quantiles 32 --batch-size $b --rounds 3 --updates 40; done

# 3. --no-double-dqn on top, seed 2, 30 minutes (worktree of eaf7984):
$PY -m crossy_desktop train --envs 8 --update-every 16 --quantiles 32 --no-double-dqn --total-decisions 5000000 \
  --wall-minutes 30 --seed 2 --test-every 50000 --run-dir /tmp/r33/qr32-ue16-nodouble-30min-seed2 --no-progress
# its last model tested within 30 minutes (458,752 decisions, 28.5 min) on 30 fresh games:
$PY -m crossy_desktop evaluate /tmp/r33/qr32-ue16-nodouble-30min-seed2/models/model_00458752.safetensors --episodes 30 \
  --seed 0 --json --out /tmp/r33/qr32-ue16-nodouble-30min-seed2/evaluation_00458752.json
