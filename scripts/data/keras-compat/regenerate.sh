#!/bin/sh
# Rebuild everything in this folder from the git mirrors and the installed
# Keras 3.  Usage: sh regenerate.sh KERAS_GIT_DIR TF_KERAS_GIT_DIR [PYTHON_WITH_KERAS3]
set -e
cd "$(dirname "$0")"
G=${1:?keras git dir}
T=${2:?tf-keras git dir}
PY3=${3:-.venv-tf/bin/python}
rm -rf raw
# Keras 3: newest patch tag of every minor release
K3=""
for m in $(seq 0 15); do
  t=$(git -C "$G" tag -l "v3.$m.*" | grep -v rc | sort -V | tail -1)
  [ -n "$t" ] && K3="$K3 3.$m=$t"
done
# 2.5 is a proxy commit (see README), 2.13 ships as 2.13.1
K2="2.5=9c266106163390f173625c4e7b1ccb03ae145ffc 2.6=v2.6.0 2.7=v2.7.0 2.8=v2.8.0 2.9=v2.9.0 2.10=v2.10.0 2.11=v2.11.0 2.12=v2.12.0 2.13=v2.13.1 2.14=v2.14.0 2.15=v2.15.0"
MB="mb-2.2.4=2.2.4 mb-2.2.5=2.2.5 mb-2.3.0=2.3.0 mb-2.3.1=2.3.1"
python3 extract_from_git.py "$G" $MB $K2 $K3 --out raw
python3 extract_from_git.py "$T" tfk-2.15=v2.15.0 tfk-2.16=v2.16.0 \
  tfk-2.17=v2.17.0 tfk-2.18=v2.18.0 tfk-2.19=v2.19.0 tfk-2.20=v2.20.1 \
  tfk-2.21=v2.21.0 --out raw
python3 build_table.py            # writes candidates.json
KERAS_BACKEND=tensorflow "$PY3" introspect_keras3.py --ast raw/3.15.json \
  --out introspect_keras3.json
KERAS_BACKEND=tensorflow "$PY3" experiments_keras3.py \
  --candidates candidates.json --out experiments.json
python3 build_table.py            # final table with cross-check + experiments
