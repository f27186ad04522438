cd /tmp/ab32
export PYTHONPATH=/tmp/ab32
PY=/work/main/.venv/bin/python
for spec in "default:" "envs8-ue8:--envs 8 --update-every 8"; do
  name=${spec%%:*}; opts=${spec#*:}
  echo "$(date -u +%H:%M:%S) start $name $opts"
  $PY -m crossy_desktop train --decisions 5000000 --wall-minutes 16 --seed 1 --test-every 25000 $opts --run-dir /tmp/ab32runs/$name-seed1 > /tmp/ab32runs/$name.log 2>&1
  echo "$(date -u +%H:%M:%S) end $name rc=$?"
done
