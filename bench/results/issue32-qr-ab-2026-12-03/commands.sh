# issue 32, 2026-12-03: QR-DQN against plain DQN on the fast recipe, 45 minutes each, seed 1, one after the other
cd /tmp/r32
export PYTHONPATH=/tmp/r32
PY=/work/main/.venv/bin/python
for spec in "envs8-ue8-qr32:--envs 8 --update-every 8 --quantiles 32" "envs8-ue8:--envs 8 --update-every 8"; do
  name=${spec%%:*}; opts=${spec#*:}
  echo "$(date -u +%H:%M:%S) start $name $opts"
  $PY -m crossy_desktop train --total-decisions 5000000 --wall-minutes 45 --seed 1 --test-every 50000 $opts --run-dir /tmp/r32runs/$name-seed1 > /tmp/r32runs/$name.log 2>&1
  echo "$(date -u +%H:%M:%S) end $name rc=$?"
  M=$(ls /tmp/r32runs/$name-seed1/models/*.safetensors | tail -1)
  $PY -m crossy_desktop evaluate $M --episodes 30 --seed 0 --json --out /tmp/r32runs/$name-seed1/evaluation_last.json > /tmp/r32runs/$name-eval.log 2>&1
  echo "$(date -u +%H:%M:%S) evaluated $name rc=$?"
done
