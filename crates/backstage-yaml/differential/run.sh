#!/usr/bin/env bash
# The differential check of backstage-yaml against the `yaml` npm package (README.md of the
# crate): reads every *.yaml / *.yml file below the named files and folders with both and
# prints each document whose value differs.
#
# Usage: crates/backstage-yaml/differential/run.sh PATH...
# Environment: NODE_MODULES (a node_modules folder holding `yaml`; by default `npm ci`
# installs the pinned 2.9.1 beside this script). Exit status: 0 when everything agrees.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
[[ $# -gt 0 ]] || { echo "usage: $0 PATH..." >&2; exit 2; }
if [[ -z "${NODE_MODULES:-}" && ! -f "$here/node_modules/yaml/package.json" ]]; then
  (cd "$here" && npm ci --ignore-scripts --no-audit --no-fund --silent)
fi

list=$(mktemp)
dump=$(mktemp)
trap 'rm -f "$list" "$dump"' EXIT
find "$@" -type f \( -name '*.yaml' -o -name '*.yml' \) -print0 | LC_ALL=C sort -z > "$list"
xargs -0 -a "$list" cargo run --quiet --manifest-path "$here/../Cargo.toml" --example dump -- > "$dump"
node "$here/yamlcmp.js" "$dump" "${LABEL:-yaml}"
