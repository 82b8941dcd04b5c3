#!/usr/bin/env bash
# A throwaway RabbitMQ on loopback, from the rabbitmq-server package, with its data under .broker/.
#
#   scripts/broker.sh start|stop|status|destroy|ctl <rabbitmqctl args>|plugins <rabbitmq-plugins args>
#
# Settings (environment):
#   MQCLI_BROKER_NAME       instance name, also its folder .broker/<name> (default: dev)
#   MQCLI_BROKER_PORT       AMQP port (default 5672)
#   MQCLI_BROKER_MGMT_PORT  management HTTP API port (default 15672)
#   MQCLI_BROKER_DIST_PORT  Erlang distribution port (default AMQP port + 20000)
#   MQCLI_BROKER_EPMD_PORT  port of this instance's own epmd (default 4369 + AMQP port - 5672 + 1000)
#   MQCLI_BROKER_DIR        data folder (default .broker/<name> in this repository)
#   MQCLI_BROKER_FRESH=1    wipe the data folder before starting
#   MQCLI_BROKER_CONF       extra lines appended to rabbitmq.conf (TLS listeners, for instance)
#   MQCLI_BROKER_PLUGINS    plugins to enable (default: rabbitmq_management)
#   MQCLI_BROKER_ERL_ARGS   extra Erlang VM flags for the node (fewer schedulers: "+S 1:1")
#   MQCLI_BROKER_KEEP_EPMD=1  leave epmd running on stop/destroy: other nodes share it (cluster.sh)
#
# Three nodes joined as a cluster: scripts/cluster.sh, also reachable as `scripts/broker.sh cluster …`.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${MQCLI_BROKER_NAME:-dev}"
port="${MQCLI_BROKER_PORT:-5672}"
mgmt_port="${MQCLI_BROKER_MGMT_PORT:-15672}"
dist_port="${MQCLI_BROKER_DIST_PORT:-$((port + 20000))}"
epmd_port="${MQCLI_BROKER_EPMD_PORT:-$((4369 + port - 5672 + 1000))}"
dir="${MQCLI_BROKER_DIR:-$root/.broker/$name}"
plugins="${MQCLI_BROKER_PLUGINS:-rabbitmq_management}"

say() { printf 'broker: %s\n' "$*" >&2; }

find_bin() {
  # Debian's /usr/sbin wrappers only let root or the rabbitmq user through; the real scripts
  # are in /usr/lib/rabbitmq/bin and run as anyone.
  local tool="$1"
  if [[ -x "/usr/lib/rabbitmq/bin/$tool" ]]; then echo "/usr/lib/rabbitmq/bin/$tool"; return; fi
  command -v "$tool" 2>/dev/null || true
}

install_hint() {
  cat >&2 <<'EOF'
broker: RabbitMQ is not installed. Get one of:
  Debian/Ubuntu:  sudo apt-get install rabbitmq-server   (then run this again)
  macOS:          brew install rabbitmq
  Docker:         docker run -d -p 5672:5672 -p 15672:15672 rabbitmq:4-management
EOF
}

ensure_installed() {
  [[ -n "$(find_bin rabbitmq-server)" ]] && return 0
  if [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
    say "installing rabbitmq-server with apt-get (root, package missing)"
    # Debian's package tries to start its own service; there is no init here to do it, and we
    # do not want it: policy-rc.d answering 101 keeps it stopped.
    local policy=/usr/sbin/policy-rc.d created=""
    if [[ ! -e "$policy" ]]; then printf '#!/bin/sh\nexit 101\n' >"$policy"; chmod +x "$policy"; created=1; fi
    apt-get update -q >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends rabbitmq-server >&2
    [[ -n "$created" ]] && rm -f "$policy"
    [[ -n "$(find_bin rabbitmq-server)" ]] && return 0
  fi
  install_hint
  exit 1
}

broker_env() {
  export HOME="$dir" # the Erlang cookie lives here, away from the user's own
  export RABBITMQ_NODENAME="mqcli-$name@localhost"
  export RABBITMQ_CONFIG_FILE="$dir/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$dir/enabled_plugins"
  export RABBITMQ_MNESIA_BASE="$dir/mnesia"
  export RABBITMQ_LOG_BASE="$dir/log"
  export RABBITMQ_LOGS="$dir/log/rabbit.log"
  export RABBITMQ_PID_FILE="$dir/rabbitmq.pid"
  export RABBITMQ_DIST_PORT="$dist_port"
  export ERL_EPMD_PORT="$epmd_port"
  export ERL_EPMD_ADDRESS=127.0.0.1
  # Keep Erlang distribution on loopback too.
  export RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1} ${MQCLI_BROKER_ERL_ARGS:-}"
  export RABBITMQ_CTL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}"
  unset RABBITMQ_NODE_PORT RABBITMQ_NODE_IP_ADDRESS
}

ctl() { "$(find_bin rabbitmqctl)" "$@"; }

running() { [[ -f "$dir/rabbitmq.pid" ]] && ctl status >/dev/null 2>&1; }

write_config() {
  mkdir -p "$dir/log"
  cat >"$dir/rabbitmq.conf" <<EOF
listeners.tcp.1 = 127.0.0.1:$port
management.tcp.ip = 127.0.0.1
management.tcp.port = $mgmt_port
log.console = false
log.file.level = warning
# Fresher counts in the management API (default every 5 s).
collect_statistics_interval = 1000
EOF
  if [[ -n "${MQCLI_BROKER_CONF:-}" ]]; then printf '%s\n' "$MQCLI_BROKER_CONF" >>"$dir/rabbitmq.conf"; fi
  printf '[%s].\n' "$(echo "$plugins" | tr ' ' ',')" >"$dir/enabled_plugins"
}

start() {
  ensure_installed
  broker_env
  if running; then say "already running: amqp://127.0.0.1:$port (name $name)"; return 0; fi
  if [[ "${MQCLI_BROKER_FRESH:-}" == 1 ]]; then rm -rf "$dir"; fi
  write_config
  rm -f "$dir/rabbitmq.pid"
  say "starting RabbitMQ '$name' on 127.0.0.1:$port (management on :$mgmt_port, data in $dir)"
  "$(find_bin rabbitmq-server)" -detached >"$dir/log/startup.log" 2>&1 || true
  if ! ctl wait --timeout 90 "$dir/rabbitmq.pid" >"$dir/log/wait.log" 2>&1; then
    say "RabbitMQ did not start; the end of its logs:"
    tail -n 30 "$dir"/log/*.log >&2 || true
    exit 1
  fi
  say "up: amqp://guest:guest@127.0.0.1:$port"
}

stop() {
  [[ -n "$(find_bin rabbitmqctl)" ]] || return 0
  broker_env
  if [[ -f "$dir/rabbitmq.pid" ]]; then
    ctl shutdown >/dev/null 2>&1 || kill "$(cat "$dir/rabbitmq.pid")" 2>/dev/null || true
    rm -f "$dir/rabbitmq.pid"
    say "stopped '$name'"
  fi
  kill_epmd
}

# This instance's epmd is ours alone (its own port), so it goes too. epmd refuses to stop while
# it still lists the node, which a killed node leaves for a moment: ask a few times.
kill_epmd() {
  command -v epmd >/dev/null || return 0
  [[ "${MQCLI_BROKER_KEEP_EPMD:-}" == 1 ]] && return 0
  for _ in $(seq 1 50); do
    epmd -names >/dev/null 2>&1 || return 0 # no epmd on our port (any more)
    epmd -kill >/dev/null 2>&1 && return 0
    sleep 0.1
  done
}

# For throwaway test brokers: no graceful shutdown, and the data goes with it.
destroy() {
  broker_env
  if [[ -f "$dir/rabbitmq.pid" ]]; then kill -KILL "$(cat "$dir/rabbitmq.pid")" 2>/dev/null || true; fi
  kill_epmd
  rm -rf "$dir"
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  destroy) destroy ;;
  status)
    broker_env
    if [[ -n "$(find_bin rabbitmqctl)" ]] && running; then say "running on 127.0.0.1:$port (name $name)"; else say "not running (name $name)"; exit 1; fi
    ;;
  ctl) shift; broker_env; ctl "$@" ;;
  plugins) shift; broker_env; "$(find_bin rabbitmq-plugins)" "$@" ;;
  cluster) shift; exec bash "$root/scripts/cluster.sh" "$@" ;;
  *)
    echo "usage: $0 start|stop|status|destroy|ctl <rabbitmqctl args>|plugins <args>|cluster <cluster.sh args>" >&2
    exit 2
    ;;
esac
