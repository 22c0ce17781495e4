#!/bin/bash
# The README's production section followed on one machine without systemd (a CI box, a
# laptop): PostgreSQL roles and database (docs/operations.md), the install command, migrate
# as the owner, collectstatic, a 2,000-client demo, then `lotse serve` and `lotse worker` in
# the background and `lotse scheduler --once` twice with the routing planned for this
# minute. Shows /readyz turning ready once the worker ran the routing, the job runs, and the
# metrics. Needs a local PostgreSQL where `postgres` may connect without a password; drops
# and recreates the database lotse_prod and the roles lotse_owner and lotse_app.
set -euo pipefail
cd "$(dirname "$0")/.."
psql -q -h 127.0.0.1 -U postgres -c "DROP DATABASE IF EXISTS lotse_prod WITH (FORCE)" -c "DROP ROLE IF EXISTS lotse_owner" -c "DROP ROLE IF EXISTS lotse_app"
psql -q -h 127.0.0.1 -U postgres -c "CREATE ROLE lotse_owner LOGIN PASSWORD 'owner-pw'" -c "CREATE ROLE lotse_app LOGIN PASSWORD 'app-pw'" -c "CREATE DATABASE lotse_prod OWNER lotse_owner"
source scripts/bootstrap.sh
mkdir -p "${WALK_DATA:-/tmp/lotse-walk-data}"
export LOTSE_ENV=production LOTSE_SECRET_KEY=walk-$(head -c 30 /dev/urandom | base64 | tr -dc a-zA-Z0-9) \
  DATABASE_URL=postgres://lotse_app:app-pw@127.0.0.1:5432/lotse_prod \
  LOTSE_OWNER_DATABASE_URL=postgres://lotse_owner:owner-pw@127.0.0.1:5432/lotse_prod \
  LOTSE_DB_APP_ROLE=lotse_app LOTSE_DATA_DIR="${WALK_DATA:-/tmp/lotse-walk-data}" LOTSE_SSL_REDIRECT=false LOTSE_REQUEST_LOG=WARNING
DATABASE_URL=$LOTSE_OWNER_DATABASE_URL .venv/bin/lotse migrate -v0
.venv/bin/lotse collectstatic --noinput -v0
DATABASE_URL=$LOTSE_OWNER_DATABASE_URL LOTSE_ENV=development .venv/bin/lotse demo --clients 2000 --no-serve | tail -3
.venv/bin/lotse serve --bind 127.0.0.1:8123 > "${WALK_DATA:-/tmp/lotse-walk-data}/serve.log" 2>&1 &
DATABASE_URL=$LOTSE_OWNER_DATABASE_URL .venv/bin/lotse worker > "${WALK_DATA:-/tmp/lotse-walk-data}/worker.log" 2>&1 &
for i in $(seq 60); do curl -s -o /dev/null http://127.0.0.1:8123/healthz && break; sleep 0.5; done
echo "readyz before the scheduled routing:"; curl -s http://127.0.0.1:8123/readyz; echo
NOW=$(TZ=Europe/Berlin date +%H:%M)
LOTSE_SCHEDULE="route=$NOW,events_deliver=*/1" .venv/bin/lotse scheduler --once
LOTSE_SCHEDULE="route=$NOW,events_deliver=*/1" .venv/bin/lotse scheduler --once   # a second scheduler: nothing twice
sleep 25
echo "readyz after the worker ran it:"; curl -s http://127.0.0.1:8123/readyz; echo
echo "log-in page:"; curl -s -o /dev/null -w "%{http_code}\n" http://127.0.0.1:8123/accounts/login/
echo "metrics:"; curl -s http://127.0.0.1:8123/metrics | grep -E "^lotse_job_runs|^lotse_tasks_queued|^lotse_webhook" 
psql -h 127.0.0.1 -U postgres lotse_prod -c "SELECT job, outcome, attempt, counts->>'clients' AS clients FROM core_jobrun ORDER BY id"
pkill -f "lotse serve --bind 127.0.0.1:8123" || true; pkill -f "lotse worker" || true
