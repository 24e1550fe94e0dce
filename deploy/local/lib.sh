# Shared by up.sh, down.sh and smoke.sh (sourced, not run): where the local runtime keeps its state, the service
# list from services.tsv, and how a service this checkout started is stopped.
# shellcheck shell=bash disable=SC2034 # the variables are for the scripts that source this file

local_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$local_dir/../.." && pwd)"
run="$local_dir/.run"
pids="$run/pids"
logs="$run/logs"
bins="$run/bin"

# services.tsv, one array per column, in file order (the order services start and URLs print in).
svc_names=() svc_projects=() svc_ports=() svc_databases=() svc_keys=()
load_services() {
  local name project port database key
  while read -r name project port database key; do
    case "$name" in '' | '#'*) continue ;; esac
    if [ -z "$key" ] || ! [[ "$port" =~ ^[0-9]+$ ]]; then
      echo "error: $local_dir/services.tsv: malformed line for '$name' (want: name project port database key)" >&2
      exit 1
    fi
    svc_names+=("$name") svc_projects+=("$project") svc_ports+=("$port") svc_databases+=("$database") svc_keys+=("$key")
  done <"$local_dir/services.tsv"
}

# True when something accepts TCP connections on 127.0.0.1:$1 (bash's /dev/tcp: no ss/netstat on a minimal Debian).
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# True while process $1 exists and is not a zombie (a container's pid 1 does not always reap orphans).
alive() {
  local stat
  stat="$(cat "/proc/$1/stat" 2>/dev/null)" || return 1
  stat="${stat##*) }"
  [ "${stat%% *}" != Z ]
}

# Pid of the instance of service $1 this checkout started, if it still runs. The command line must name this
# checkout's published copy, so a recycled pid (or another checkout's instance) is never taken for ours.
running_pid() {
  local file="$pids/$1.pid" pid
  [ -f "$file" ] || return 1
  pid="$(cat "$file")"
  if [[ "$pid" =~ ^[0-9]+$ ]] && alive "$pid" &&
    tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF "$bins/$1/"; then
    echo "$pid"
  else
    rm -f "$file"
    return 1
  fi
}

# Stops service $1 if this checkout started it: SIGTERM first so the host drains requests and the bus stops
# cleanly (ASP.NET Core allows 30 s for that), SIGKILL only if it is still there after 40 s.
stop_service() {
  local name="$1" pid
  pid="$(running_pid "$name")" || return 0
  printf '[local] stopping %s (pid %s)\n' "$name" "$pid"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 80); do
    alive "$pid" || break
    sleep 0.5
  done
  if alive "$pid"; then
    printf '[local] %s did not stop within 40 s; killing it\n' "$name"
    kill -KILL "$pid" 2>/dev/null || true
    while alive "$pid"; do sleep 0.2; done
  fi
  rm -f "$pids/$name.pid"
}

# The development signing key of the local tokens (HS256, base64), generated on first use next to the machine's
# other credentials (/var/lib/socialtech, or .run/ where that is not writable) and never committed. up.sh gives
# it to the services (Auth__SigningKey), mint-token.sh signs with it. Exports SOCIALTECH_AUTH_SIGNING_KEY.
auth_issuer=socialtech-local
auth_audience=socialtech
ensure_signing_key() {
  local state="${SOCIALTECH_STATE_DIR:-/var/lib/socialtech}"
  if [ ! -w "$(dirname "$state")" ] && [ ! -d "$state" ]; then state="$run"; fi
  if [ ! -w "$state" ] && [ ! -f "$state/auth.env" ]; then state="$run"; fi
  mkdir -p "$state" "$run"
  if [ ! -f "$state/auth.env" ]; then
    (umask 077 && printf 'SOCIALTECH_AUTH_SIGNING_KEY=%s\n' "$(head -c 32 /dev/urandom | base64 -w0)" >"$state/auth.env")
  fi
  [ "$state" = "$run" ] || install -m 600 "$state/auth.env" "$run/auth.env"
  # shellcheck disable=SC1091
  . "$run/auth.env"
  export SOCIALTECH_AUTH_SIGNING_KEY
}

# Processes of another runtime using database $1…: any process whose environment names one of them in a
# ConnectionStrings__* variable (an AppHost's services, another checkout's up.sh), except the instances this checkout
# started. Prints "pid command" lines. The AppHost refuses to start on the same condition (AppHost/PlatformServers.cs).
other_database_users() {
  local ours=() name pid environ
  for name in "${svc_names[@]}"; do pid="$(running_pid "$name")" && ours+=("$pid"); done
  for dir in /proc/[0-9]*; do
    pid="${dir#/proc/}"
    [ "$pid" != "$$" ] || continue
    case " ${ours[*]} " in *" $pid "*) continue ;; esac
    environ="$(tr '\0' '\n' 2>/dev/null <"$dir/environ" | grep '^ConnectionStrings__')" || continue
    for name in "$@"; do
      if grep -Eq "Database=$name(;|\$)" <<<"$environ"; then
        printf '%s %s\n' "$pid" "$(tr '\0' ' ' 2>/dev/null <"$dir/cmdline" | cut -c1-120)"
        break
      fi
    done
  done
}
