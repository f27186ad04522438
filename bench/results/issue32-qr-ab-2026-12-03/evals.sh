cd /tmp/r32runs
PY=/work/main/.venv/bin/python
export PYTHONPATH=/work/main
$PY -m crossy_desktop evaluate envs8-ue8-qr32-seed1/models/model_00606208.safetensors --episodes 30 --seed 0 --json --out envs8-ue8-qr32-seed1/evaluation_00606208.json | tail -1
$PY -m crossy_desktop evaluate envs8-ue8-seed1/models/model_00655360.safetensors --episodes 30 --seed 0 --json --out envs8-ue8-seed1/evaluation_00655360.json | tail -1
$PY -m crossy_desktop evaluate envs8-ue8-qr32-seed1/models/model_00950272.safetensors --episodes 30 --seed 4242 --json --out envs8-ue8-qr32-seed1/evaluation_00950272_seeds4242.json | tail -1
$PY -m crossy_desktop evaluate envs8-ue8-seed1/models/model_01015808.safetensors --episodes 30 --seed 4242 --json --out envs8-ue8-seed1/evaluation_01015808_seeds4242.json | tail -1
$PY -m crossy_desktop evaluate /work/main/models/freeway-dqn.safetensors --episodes 30 --seed 4242 --json --out shipped-freeway-dqn_seeds4242.json | tail -1
echo done
