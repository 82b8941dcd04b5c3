#!/usr/bin/env bash
# Installs the npm dependencies when they are missing or older than package-lock.json,
# so `npm test` and `npm run demo` work on a fresh clone and stay fast afterwards.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
marker=node_modules/.package-lock.json
if [[ ! -f "$marker" || package-lock.json -nt "$marker" ]]; then
  npm ci --no-audit --no-fund >&2
fi

# python3-pika: the integration tests check wire types with a client that is not amqplib
# (test/integration/typed-tables.test.ts). Installed like scripts/broker.sh installs RabbitMQ:
# only as root with apt-get, when missing; elsewhere that test says how to get it (and fails in CI).
# php-cli and php-amqplib: a second client that is not amqplib, for cluster-id, absent header tables
# and signed decimals (test/integration/php-copies.test.ts), installed the same way.
# zsh and fish: test/integration/completion.test.ts sources mqcli's completion scripts in them.
python=/usr/bin/python3
[[ -x "$python" ]] || python=python3
missing=()
"$python" -c 'import pika' >/dev/null 2>&1 || missing+=(python3-pika)
command -v php >/dev/null || missing+=(php-cli)
[[ -f /usr/share/php/PhpAmqpLib/autoload.php ]] || missing+=(php-amqplib)
command -v zsh >/dev/null || missing+=(zsh)
command -v fish >/dev/null || missing+=(fish)
if ((${#missing[@]} > 0)) && [[ "$(id -u)" == 0 ]] && command -v apt-get >/dev/null; then
  echo "ensure-deps: installing ${missing[*]} with apt-get (root, missing)" >&2
  apt-get update -q >&2
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi
