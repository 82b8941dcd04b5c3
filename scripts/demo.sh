#!/usr/bin/env bash
# npm run demo: installs and builds mqcli, makes sure a broker answers (starting the local one
# from scripts/broker.sh when the settings point at localhost:5672 and nothing answers there),
# then sends "Hello" to queue hello and receives it back.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
bash scripts/ensure-deps.sh
npm run build --silent
mq() { node bin/mqcli.js "$@"; }

if ! mq ping >/dev/null 2>&1; then
  target="$(mq config --json | node -e 'const c = JSON.parse(require("fs").readFileSync(0, "utf8")).settings; console.log(`${c.host}:${c.port}`)')"
  case "$target" in
    localhost:5672 | 127.0.0.1:5672) bash scripts/broker.sh start ;;
    *) mq ping; exit 1 ;; # says what is wrong with the broker the settings name
  esac
fi

echo '$ mqcli send hello "Hello"' >&2
mq send hello "Hello"
echo '$ mqcli listen hello --count 1' >&2
mq listen hello --count 1
