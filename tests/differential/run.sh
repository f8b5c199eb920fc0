#!/usr/bin/env bash
# Differential fuzzing of portal against the Backstage oracle (see README.md here).
#
# Generates catalog files (the oracle's fuzz.js, plus YAML-level mutations by mutate.js of
# the shared corpus and of fuzz output), runs `validate.js --extra --strict-placeholders`
# and `portal validate --no-follow --format json` on them, and prints every (file, doc)
# whose verdicts differ; then compares the relations of accepted entities.
#
# Environment: ORACLE (default /tmp/oracle), PORTAL (default: cargo build, then
# target/debug/portal), CORPUS (default ../shared/corpus beside the repository),
# SEEDS (default "1 2 3 4 5 6"), N (files per generated set, default 1500),
# WORK (kept output folder; default a temporary folder, removed at the end),
# YAMLCMP=1 (also compare every document's YAML value with the YAML crate's differential
# check, crates/backstage-yaml/differential/yamlcmp.js; slower, and it
# reports the known value-only differences listed in README.md).
# Exit status: 0 when everything agrees, 1 otherwise.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
ORACLE=${ORACLE:-/tmp/oracle}
CORPUS=${CORPUS:-$root/../shared/corpus}
SEEDS=${SEEDS:-"1 2 3 4 5 6"}
N=${N:-1500}

if [[ -z "${PORTAL:-}" ]]; then
  (cd "$root" && cargo build --quiet)
  PORTAL=$root/target/debug/portal
fi
[[ -f "$ORACLE/validate.js" ]] || { echo "no oracle at $ORACLE" >&2; exit 2; }

if [[ -n "${WORK:-}" ]]; then
  mkdir -p "$WORK"
  keep=1
else
  WORK=$(mktemp -d)
  keep=0
fi
cleanup() { [[ $keep == 1 ]] || rm -rf "$WORK"; }
trap cleanup EXIT

summary="$WORK/summary.txt"
: > "$summary"

# compare DIR LABEL: both tools on every *.yaml / *.yml below DIR, from DIR.
compare() {
  local dir=$1 label=$2
  (
    cd "$dir"
    find . -type f \( -name '*.yaml' -o -name '*.yml' \) | sed 's|^\./||' | LC_ALL=C sort > "$WORK/$label.files"
    node "$ORACLE/validate.js" --extra --strict-placeholders --stdin-list \
      < "$WORK/$label.files" > "$WORK/$label.oracle.jsonl" 2> "$WORK/$label.oracle.err"
    xargs -a "$WORK/$label.files" -d '\n' \
      "$PORTAL" -C . validate --no-follow --format json > "$WORK/$label.portal.json" 2> "$WORK/$label.portal.err" || true
  )
  node "$here/compare.js" "$WORK/$label.oracle.jsonl" "$WORK/$label.portal.json" "$label" | tee -a "$summary" | grep -v '^SUMMARY' || true
  ORACLE="$ORACLE" node "$here/relations.js" "$dir" "$WORK/$label.oracle.jsonl" "$PORTAL" "$label" | tee -a "$summary" | grep -v '^RELSUMMARY' || true
  if [[ "${YAMLCMP:-0}" == 1 ]]; then
    (cd "$dir" && xargs -a "$WORK/$label.files" -d '\n' \
      cargo run --quiet --manifest-path "$root/crates/backstage-yaml/Cargo.toml" --example dump -- \
      > "$WORK/$label.yaml.jsonl" &&
      NODE_MODULES="$ORACLE/node_modules" node "$root/crates/backstage-yaml/differential/yamlcmp.js" \
      "$WORK/$label.yaml.jsonl" "$label") | tee -a "$summary" | grep -v '^YAMLSUMMARY' || true
  fi
}

for seed in $SEEDS; do
  for bad in 1 0.08; do
    d="$WORK/fuzz-$seed-$bad"
    node "$ORACLE/fuzz.js" "$d" "$N" "$seed" "$bad"
    compare "$d" "fuzz-s$seed-b$bad"
  done
  d="$WORK/mut-$seed"
  sources=("$WORK/fuzz-$seed-0.08")
  [[ -d "$CORPUS" ]] && sources+=("$CORPUS")
  NODE_PATH="$ORACLE/node_modules" node "$here/mutate.js" "$d" "$N" "$seed" "${sources[@]}"
  compare "$d" "mutate-s$seed"
done
if [[ -d "$CORPUS" ]]; then
  compare "$CORPUS" corpus
fi

echo
grep -E '^(SUMMARY|RELSUMMARY|YAMLSUMMARY)' "$summary"
awk '/^SUMMARY/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); t[kv[1]] += kv[2] } }
     /^RELSUMMARY/ { for (i = 1; i <= NF; i++) { split($i, kv, "="); r[kv[1]] += kv[2] } }
     END { printf "TOTAL documents=%d agree=%d disagree=%d; relations: entities=%d disagree=%d\n",
           t["documents"], t["agree"], t["disagree"], r["entities"], r["disagree"] }' "$summary"
[[ $keep == 1 ]] && echo "output kept in $WORK"
if grep -qE '^(DIFF|RELDIFF|VALDIFF)' "$summary"; then exit 1; fi
