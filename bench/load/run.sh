#!/usr/bin/env bash
# The load test (bench/load/README.md): gunicorn with the production settings and 3 workers (as
# the Dockerfile) on loopback, PostgreSQL at 100,000 units, locust's simulated municipal
# administrators at 25, 50 and 100 users, then the figures per page and phase.
#
#   DATABASE_URL=postgres://postgres@127.0.0.1:5432/sor_load bench/load/run.sh [USERS ...]
#
# Environment: LOAD_UNITS (100000, for an empty database), LOAD_SPAWN_RATE (2 users/s),
# LOAD_STEADY_SECONDS (180), LOAD_PORT (8765), LOAD_WORKERS (3), LOAD_OUT (var/load),
# LOCUST (the locust of .venv-load, else of PATH). Bounded: each level stops by itself after
# its log-in wave and LOAD_STEADY_SECONDS, at the latest after a hard limit of locust's.
set -euo pipefail
cd "$(dirname "$0")/../.."
: "${DATABASE_URL:?set DATABASE_URL to a PostgreSQL database, e.g. postgres://postgres@127.0.0.1:5432/sor_load}"
LEVELS=("${@:-25 50 100}")
read -r -a LEVELS <<<"${LEVELS[*]}"
UNITS=${LOAD_UNITS:-100000} RATE=${LOAD_SPAWN_RATE:-2} STEADY=${LOAD_STEADY_SECONDS:-180}
PORT=${LOAD_PORT:-8765} WORKERS=${LOAD_WORKERS:-3} OUT=${LOAD_OUT:-var/load}
PY=.venv/bin/python
LOCUST=${LOCUST:-$([ -x .venv-load/bin/locust ] && echo .venv-load/bin/locust || echo locust)}
export DJANGO_SETTINGS_MODULE=bench.load.settings DJANGO_STATIC_ROOT=${OUT}/static
mkdir -p "$OUT"

$PY manage.py migrate -v0
if [ "$($PY manage.py shell -c 'from hierarchy.models import Unit; print(Unit.objects.exists())')" = False ]; then
  $PY manage.py generate_register --units "$UNITS"
fi
MAX=0; for n in "${LEVELS[@]}"; do [ "$n" -gt "$MAX" ] && MAX=$n; done
$PY bench/load/make_users.py --users "$MAX"
$PY manage.py collectstatic --noinput -v0

.venv/bin/gunicorn sor_admin.wsgi:application --bind "127.0.0.1:$PORT" --workers "$WORKERS" \
  --log-level warning >"$OUT/gunicorn.log" 2>&1 &
GUNICORN=$!
trap 'kill $GUNICORN 2>/dev/null || true' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null "http://127.0.0.1:$PORT/login/" && break; sleep 0.2; done

for n in "${LEVELS[@]}"; do
  echo "== $n administratorer (log-in-bølge med $RATE/s, så ${STEADY} s stabil drift)"
  # The shared machine's load (1-minute average) before and after, printed beside the figures.
  echo "load average før: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$OUT/$n.loadavg"
  # Hard limit, should the wave not end (a failed login is counted too, so it ends).
  "$LOCUST" -f bench/load/locustfile.py --headless --only-summary -u "$n" -r "$RATE" \
    --host "http://127.0.0.1:$PORT" --load-steady-seconds "$STEADY" \
    --run-time "$((4 * n / RATE + 300 + ${STEADY%.*}))s" --csv "$OUT/$n" >"$OUT/$n.log" 2>&1 || true
  echo "load average efter: $(cut -d' ' -f1-3 /proc/loadavg)" | tee -a "$OUT/$n.loadavg"
  grep -h "^load:" "$OUT/$n.log" || echo "(se $OUT/$n.log)"
done
$PY bench/load/report.py "${LEVELS[@]/#/$OUT/}" | tee "$OUT/report.md"
