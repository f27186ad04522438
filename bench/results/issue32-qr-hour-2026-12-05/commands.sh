# issue 32, 2026-12-05 evening: the QR reference recipe (--envs 8 --update-every 8 --quantiles 32, Double DQN,
# n-step 3, gamma 0.99) for the whole hour on seeds 2 and 3, each alone on the machine (Intel Xeon model 167:
# cpu.txt), one after the other (driver.log: seed 3 19:20-20:20 UTC, seed 2 20:22-21:22), from a worktree of
# 57269e2 (/tmp/r32; crossy_desktop/ identical to 0eeae8e). Seed 1 is bench/results/issue32-qr-ab-2026-12-03/.
cd /tmp/r32
export PYTHONPATH=/tmp/r32
PY=/work/main/.venv/bin/python
for S in 3 2; do
  $PY -m crossy_desktop train --envs 8 --update-every 8 --quantiles 32 --total-decisions 5000000 --wall-minutes 60 \
    --seed $S --test-every 50000 --no-progress --run-dir /tmp/r34/qr32-60min-seed$S
done
# 30 fresh games (seeds 0-29) of the models at about 30 min, at 950272 decisions and at each run's end
R=/tmp/r34/qr32-60min-seed2; for d in 00704512 00950272 01409024; do
  $PY -m crossy_desktop evaluate $R/models/model_$d.safetensors --episodes 30 --seed 0 --json --out $R/evaluation_$d.json; done
R=/tmp/r34/qr32-60min-seed3; for d in 00753664 00950272 01490944; do
  $PY -m crossy_desktop evaluate $R/models/model_$d.safetensors --episodes 30 --seed 0 --json --out $R/evaluation_$d.json; done
# seeds_report.txt
cd /work/main; D=bench/results/issue32-qr-hour-2026-12-05
.venv/bin/python bench/seeds_report.py bench/results/issue32-qr-ab-2026-12-03/envs8-ue8-qr32-seed1 \
  $D/qr32-60min-seed2 $D/qr32-60min-seed3 --decisions 950272
.venv/bin/python bench/seeds_report.py $D/qr32-60min-seed2 $D/qr32-60min-seed3 --minutes 30 60.5
