#!/usr/bin/env bash
# A throwaway three-node RabbitMQ cluster on loopback, for failover tests and trying things by hand.
#
#   scripts/cluster.sh start|stop|status|destroy          (also: npm run broker -- cluster start)
#   scripts/cluster.sh kill <n>       kill -9 node n's beam process, as a crash would
#   scripts/cluster.sh restart <n>    start node n again (stopping it first if it still runs)
#   scripts/cluster.sh ctl <n> <rabbitmqctl args>
#   scripts/cluster.sh env <n>        the MQCLI_BROKER_* settings that make scripts/broker.sh address node n
#
# By hand:
#   scripts/cluster.sh start                  # nodes on amqp://127.0.0.1:5681, :5682, :5683
#   scripts/cluster.sh ctl 1 cluster_status
#   scripts/cluster.sh kill 1; scripts/cluster.sh restart 1
#   scripts/cluster.sh destroy                # kill all three and remove .broker/cluster
#
# Each node is one scripts/broker.sh instance (that script is the single-node tool; this one only
# composes it): its own AMQP, management and Erlang distribution ports and data folder, all on
# 127.0.0.1. The nodes share one epmd on a port of their own (never 4369) and one Erlang cookie.
# Node 1 owns the epmd: the other nodes leave it running when they stop. Nodes 2..n are joined
# to node 1 with stop_app; join_cluster; start_app.
#
# Settings (environment), node i counted from 1:
#   MQCLI_CLUSTER_NAME         cluster name; nodes are mqcli-<name>-<i>@localhost (default: cluster)
#   MQCLI_CLUSTER_SIZE         number of nodes (default 3)
#   MQCLI_CLUSTER_PORT         AMQP port of node 1; node i gets PORT + i - 1 (default 5681)
#   MQCLI_CLUSTER_MGMT_PORT    management port of node 1, likewise (default 15681)
#   MQCLI_CLUSTER_PORT_<i>, MQCLI_CLUSTER_MGMT_PORT_<i>, MQCLI_CLUSTER_DIST_PORT_<i>
#                              one node's AMQP, management, Erlang distribution port
#                              (distribution default: its AMQP port + 20000)
#   MQCLI_CLUSTER_EPMD_PORT    the shared epmd's port (default 4369 + PORT - 5672 + 1000)
#   MQCLI_CLUSTER_DIR          data folder, node i in <dir>/n<i> (default .broker/<name> in this repository)
#   MQCLI_CLUSTER_FRESH=1      destroy any earlier cluster of this name before starting
#   MQCLI_CLUSTER_ERL_ARGS     Erlang VM flags per node (default: one scheduler each, see lean_erl_args)
#   MQCLI_CLUSTER_PLUGINS      plugins per node (default: rabbitmq_management)
#   MQCLI_CLUSTER_CONF         extra rabbitmq.conf lines for every node
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
name="${MQCLI_CLUSTER_NAME:-cluster}"
size="${MQCLI_CLUSTER_SIZE:-3}"
base_port="${MQCLI_CLUSTER_PORT:-5681}"
base_mgmt_port="${MQCLI_CLUSTER_MGMT_PORT:-15681}"
epmd_port="${MQCLI_CLUSTER_EPMD_PORT:-$((4369 + base_port - 5672 + 1000))}"
dir="${MQCLI_CLUSTER_DIR:-$root/.broker/$name}"
# Three nodes share two cores: one normal and one dirty CPU scheduler each (default: one per
# core), two dirty I/O schedulers (default 10), and a smaller process table. Measured here:
# about 120 MB resident and 10 threads per node, against 140 MB and 20 with the defaults.
lean_erl_args="+S 1:1 +SDcpu 1:1 +SDio 2 +P 65536"
erl_args="${MQCLI_CLUSTER_ERL_ARGS:-$lean_erl_args}"

say() { printf 'cluster: %s\n' "$*" >&2; }

setting() { local var="$1"; printf '%s' "${!var:-$2}"; }
node_port() { setting "MQCLI_CLUSTER_PORT_$1" $((base_port + $1 - 1)); }
node_mgmt_port() { setting "MQCLI_CLUSTER_MGMT_PORT_$1" $((base_mgmt_port + $1 - 1)); }
node_dist_port() { setting "MQCLI_CLUSTER_DIST_PORT_$1" $(($(node_port "$1") + 20000)); }
node_dir() { printf '%s/n%s' "$dir" "$1"; }
node_name() { printf 'mqcli-%s-%s@localhost' "$name" "$1"; }

# The scripts/broker.sh settings of node $1. Every one is set, so none leaks in from the caller.
node_env() {
  local i="$1" keep=1
  [[ "$i" == 1 && -z "${node1_keeps_epmd:-}" ]] && keep=""
  cat <<EOF
MQCLI_BROKER_NAME=$name-$i
MQCLI_BROKER_PORT=$(node_port "$i")
MQCLI_BROKER_MGMT_PORT=$(node_mgmt_port "$i")
MQCLI_BROKER_DIST_PORT=$(node_dist_port "$i")
MQCLI_BROKER_EPMD_PORT=$epmd_port
MQCLI_BROKER_DIR=$(node_dir "$i")
MQCLI_BROKER_ERL_ARGS=$erl_args
MQCLI_BROKER_KEEP_EPMD=$keep
MQCLI_BROKER_PLUGINS=${MQCLI_CLUSTER_PLUGINS:-rabbitmq_management}
MQCLI_BROKER_CONF=${MQCLI_CLUSTER_CONF:-}
MQCLI_BROKER_FRESH=
EOF
}

# Runs scripts/broker.sh <args> for node $1.
on_node() {
  local i="$1"; shift
  local vars=()
  mapfile -t vars < <(node_env "$i")
  env "${vars[@]}" bash "$root/scripts/broker.sh" "$@"
}

# Runs "$@" once per node, all at once; fails when any of them failed.
each_node() {
  local i pids=() failed=0
  for i in $(seq 1 "$size"); do "$@" "$i" & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i" || failed=1; done
  return "$failed"
}

check_node_arg() {
  [[ "${1:-}" =~ ^[0-9]+$ ]] && ((1 <= $1 && $1 <= size)) && return 0
  say "no node '${1:-}': give a number from 1 to $size"
  exit 2
}

# One cookie for all nodes and their rabbitmqctl: broker.sh points HOME at each node's folder.
write_cookies() {
  mkdir -p "$dir"
  [[ -s "$dir/cookie" ]] || (umask 077; head -c 24 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' >"$dir/cookie")
  local i
  for i in $(seq 1 "$size"); do
    mkdir -p "$(node_dir "$i")"
    rm -f "$(node_dir "$i")/.erlang.cookie"
    (umask 077; cp "$dir/cookie" "$(node_dir "$i")/.erlang.cookie")
    chmod 400 "$(node_dir "$i")/.erlang.cookie"
  done
}

start_node() { on_node "$1" start; }

# Whether node $1 already counts node 1 among its cluster's members (a restarted cluster does).
joined() { [[ "$(on_node "$1" ctl cluster_status 2>/dev/null)" == *"$(node_name 1)"* ]]; }

# Joins nodes 2..n to node 1. Each rabbitmqctl call costs seconds of CPU on this machine, so
# stop_app and start_app run on all nodes at once; the joins themselves go one at a time.
join_all() {
  local i pids=() todo=()
  for i in $(seq 2 "$size"); do (joined "$i") & pids+=("$i:$!"); done
  for i in "${pids[@]}"; do wait "${i#*:}" || todo+=("${i%%:*}"); done
  ((${#todo[@]})) || return 0
  say "joining node(s) ${todo[*]} to $(node_name 1)"
  pids=(); for i in "${todo[@]}"; do on_node "$i" ctl stop_app >/dev/null & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i"; done
  # join_cluster logs errors about tables of the stopped app it is joining; they are harmless.
  for i in "${todo[@]}"; do
    on_node "$i" ctl join_cluster "$(node_name 1)" >"$(node_dir "$i")/log/join.log" 2>&1 ||
      { say "node $i could not join:"; cat "$(node_dir "$i")/log/join.log" >&2; exit 1; }
  done
  pids=(); for i in "${todo[@]}"; do on_node "$i" ctl start_app >/dev/null & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i"; done
}

# The number of running nodes, as node $1 sees them (0 when it does not answer).
running_count() {
  on_node "$1" ctl cluster_status --formatter json 2>/dev/null |
    node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{try{console.log(JSON.parse(s).running_nodes.length)}catch{console.log(0)}})'
}

start() {
  SECONDS=0
  [[ "${MQCLI_CLUSTER_FRESH:-}" == 1 ]] && destroy
  write_cookies
  say "starting $size nodes of '$name' (data in $dir, epmd on 127.0.0.1:$epmd_port)"
  # All at once: a node that was not the last to stop waits for its peers before it boots.
  each_node start_node
  join_all
  local running i
  running="$(running_count 1)"
  if [[ "$running" != "$size" ]]; then say "only $running of $size nodes are running"; exit 1; fi
  say "up: $size running nodes after ${SECONDS}s"
  for i in $(seq 1 "$size"); do node_line "$i" running; done
}

stop() {
  # Node 1 last: it takes the shared epmd with it.
  local i pids=()
  for i in $(seq 2 "$size"); do on_node "$i" stop & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i" || true; done
  on_node 1 stop
}

destroy() {
  local i pids=()
  for i in $(seq 2 "$size"); do on_node "$i" destroy & pids+=($!); done
  for i in "${pids[@]}"; do wait "$i" || true; done
  on_node 1 destroy
  rm -rf "$dir"
}

node_line() {
  printf 'node %s  amqp://guest:guest@127.0.0.1:%s  %s  (%s, management http://127.0.0.1:%s)\n' \
    "$1" "$(node_port "$1")" "$2" "$(node_name "$1")" "$(node_mgmt_port "$1")"
}

node_status() {
  local state="not running"
  on_node "$1" status 2>/dev/null && state="running"
  node_line "$1" "$state"
}

# One line per node on stdout, in node order; exit 1 unless all of them run.
status() {
  local i tmp failed=0
  tmp="$(mktemp -d)"
  for i in $(seq 1 "$size"); do node_status "$i" >"$tmp/$i" & done
  wait
  for i in $(seq 1 "$size"); do cat "$tmp/$i"; grep -q '  running  ' "$tmp/$i" || failed=1; done
  rm -rf "$tmp"
  return "$failed"
}

# The beam process of node $1, only when it really is that node's (a pid file can outlive it).
beam_pid() {
  local pid_file pid
  pid_file="$(node_dir "$1")/rabbitmq.pid"
  [[ -f "$pid_file" ]] || return 1
  pid="$(cat "$pid_file")"
  [[ -r "/proc/$pid/cmdline" ]] || return 1
  [[ "$(tr '\0' ' ' <"/proc/$pid/cmdline")" == *"-home $(node_dir "$1") "* ]] || return 1
  printf '%s' "$pid"
}

kill_node() {
  local i="$1" pid
  if ! pid="$(beam_pid "$i")"; then say "node $i is not running"; return 0; fi
  kill -KILL "$pid"
  # Not our child: once dead it may linger as a zombie until init reaps it.
  while [[ -e "/proc/$pid" ]] && ! grep -q '^[^)]*) Z' "/proc/$pid/stat" 2>/dev/null; do sleep 0.05; done
  say "killed node $i (beam pid $pid)"
}

restart_node() {
  local i="$1"
  # Other nodes still use the shared epmd, so even node 1 leaves it running here.
  if beam_pid "$i" >/dev/null; then (node1_keeps_epmd=1; on_node "$i" stop); fi
  on_node "$i" start
}

case "${1:-}" in
  start) start ;;
  stop) stop ;;
  destroy) destroy ;;
  status) status ;;
  kill) check_node_arg "${2:-}"; kill_node "$2" ;;
  restart) check_node_arg "${2:-}"; restart_node "$2" ;;
  ctl) check_node_arg "${2:-}"; n="$2"; shift 2; on_node "$n" ctl "$@" ;;
  env) check_node_arg "${2:-}"; node_env "$2" ;;
  *)
    echo "usage: $0 start|stop|status|destroy|kill <n>|restart <n>|ctl <n> <rabbitmqctl args>|env <n>" >&2
    exit 2
    ;;
esac
