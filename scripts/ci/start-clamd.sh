#!/usr/bin/env bash
# Starts a throw-away clamd on loopback that knows one signature: EICAR.
# freshclam cannot download here and clamd refuses to start with no signatures, so we
# write a tiny database ourselves. Reusable by hand:
#   eval "$(bash scripts/ci/start-clamd.sh /tmp/clamd)"   # prints CLAMD_HOST/PORT/PID/DIR
#   kill "$CLAMD_PID"
# Usage: start-clamd.sh [work-dir]  (default: a new temp dir). Env: CLAMD_PORT (first port tried, 3310).
set -euo pipefail

dir="${1:-$(mktemp -d -t khadamat-clamd.XXXXXX)}"
mkdir -p "$dir/db"
dir="$(cd "$dir" && pwd)"
log() { echo "[start-clamd] $*" >&2; }

# 1. Install only when the command is missing (apt-get is slow and needs root).
if ! command -v clamd >/dev/null 2>&1; then
  log "clamd missing: installing clamav-daemon clamdscan"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >&2
  apt-get install -y -qq --no-install-recommends clamav-daemon clamdscan >&2
fi
# The Debian package may start its own clamd/freshclam services; they are not ours and
# fail without signatures, so we never depend on them.

# 2. Signature database: built here from the md5 and a hex fragment, so the EICAR test
# string itself is never committed (it would trip scanners on the repository).
#   .hdb  <md5>:<size>:<name>           the exact 68-byte EICAR file
#   .ndb  <name>:<target>:<offset>:<hex> its tail anywhere in any file (EICAR inside larger uploads)
printf '44d88612fea8a8f36de82e1278abb02f:68:Eicar-Test-Signature\n' >"$dir/db/khadamat-test.hdb"
tail_hex="$(printf '%s' 'EICAR-STANDARD-ANTIVIRUS-TEST-FILE!' | od -An -tx1 | tr -d ' \n')"
printf 'Eicar-Test-Signature-Embedded:0:*:%s\n' "$tail_hex" >"$dir/db/khadamat-test.ndb"

# 3. Port: CLAMD_PORT (3310) or the next free one, so a clamd left by someone else never clashes.
port_busy() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
port="${CLAMD_PORT:-3310}"
for _ in $(seq 1 50); do
  port_busy "$port" || break
  port=$((port + 1))
done
port_busy "$port" && { log "no free port found from ${CLAMD_PORT:-3310}"; exit 1; }

cat >"$dir/clamd.conf" <<CONF
DatabaseDirectory $dir/db
TCPSocket $port
TCPAddr 127.0.0.1
Foreground yes
PidFile $dir/clamd.pid
TemporaryDirectory $dir
CONF

# 4. Start in the background (Foreground yes: $! is clamd itself, so the caller can kill it).
nohup clamd --config-file="$dir/clamd.conf" >"$dir/clamd.log" 2>&1 </dev/null &
pid=$!

ping_clamd() {
  local reply=''
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'zPING\0' >&3
  IFS= read -r -t 2 -d '' reply <&3 || true
  exec 3<&- 3>&-
  [[ "$reply" == PONG* ]]
}

for _ in $(seq 1 120); do
  if ping_clamd 2>/dev/null; then
    log "clamd (pid $pid) answers PONG on 127.0.0.1:$port (signatures in $dir/db)"
    printf 'CLAMD_HOST=127.0.0.1\nCLAMD_PORT=%s\nCLAMD_PID=%s\nCLAMD_DIR=%s\n' "$port" "$pid" "$dir" | tee "$dir/clamd.env"
    exit 0
  fi
  if ! kill -0 "$pid" 2>/dev/null; then
    log "clamd exited early; its log:"
    cat "$dir/clamd.log" >&2
    exit 1
  fi
  sleep 0.5
done
log "clamd did not answer PING within 60 s; its log:"
cat "$dir/clamd.log" >&2
kill "$pid" 2>/dev/null || true
exit 1
