#!/usr/bin/env bash
# Fuzz the API against its OpenAPI schema with schemathesis, without and with a token: no 5xx and
# no response the schema does not describe. Needs `uv sync --group fuzz` and a migrated database.
# Serves the app on 127.0.0.1:${FUZZ_PORT:-8000} and stops it at the end; makes a throwaway
# administrator (a random password, never printed) for the token.
#
# Left out, on purpose: the positive_data_acceptance check (the password strength rules, such as
# "too common", cannot be written in a schema, so schema-valid passwords may be refused), NUL and
# lone surrogates as valid text (refused with 422 on purpose), and DELETE /users/me with the token
# (it would delete the account the token belongs to halfway through).
set -euo pipefail

port=${FUZZ_PORT:-8000}
base="http://127.0.0.1:$port"
email="fuzz-$(date +%s)-$$@example.com"
password=$(python3 -c "import secrets; print(secrets.token_urlsafe(24))")
echo "$password" | uv run --no-sync create-admin "$email" --password-stdin >/dev/null

# The server's log goes to a file, shown only if the fuzzing fails: interleaved with
# schemathesis's output, it buried the report.
server_log=$(mktemp)
uv run --no-sync serve --port "$port" >"$server_log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; rm -f "$server_log"' EXIT
for _ in $(seq 120); do
  curl -sf "$base/health" >/dev/null && break
  sleep 0.5
done

token=$(curl -sf -X POST "$base/auth/token" --data-urlencode "username=$email" \
  --data-urlencode "password=$password" |
  python3 -c "import json, sys; print(json.load(sys.stdin)['access_token'])")

fuzz=(
  uv run --no-sync schemathesis run "$base/openapi.json"
  --max-examples "${FUZZ_MAX_EXAMPLES:-20}" --phases examples,fuzzing
  --exclude-checks positive_data_acceptance
  --generation-allow-x00 false --generation-codec utf-8
)
fuzz_or_show_log() {
  "$@" && return 0
  status=$?
  echo "--- the server's log (its last 200 lines):"
  tail -n 200 "$server_log"
  return "$status"
}
fuzz_or_show_log "${fuzz[@]}"
fuzz_or_show_log "${fuzz[@]}" -H "Authorization: Bearer $token" --exclude-operation-id delete_me_users_me_delete
