#!/usr/bin/env bash
# Draws every picture in the README with the current binary. Usage:
#   docs/pictures/make.sh [OUTPUT_DIR]     (default: docs/pictures)
# PACTUM names the binary (default: a release build, built first). The test
# `the_readme_pictures_are_what_the_current_binary_draws` runs this script and compares the bytes
# with the committed pictures, so a change that alters a picture must commit the new one.
set -euo pipefail
cd "$(dirname "$0")/../.."
out="${1:-docs/pictures}"
mkdir -p "$out"
if [ -z "${PACTUM:-}" ]; then
  cargo build --release --locked --quiet
  PACTUM=target/release/pactum
fi
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# The flagship with Russia's territorial red line dropped: the zone it opens, the frontier, Nash.
"$PACTUM" plot --relax russia.all_of_donbas -o "$out/flagship-space.png" >/dev/null
# The flagship's own talks, round by round: why the mediator's texts fail.
"$PACTUM" plot --kind trace -o "$out/flagship-trace.png" >/dev/null
"$PACTUM" plot --kind timeline -o "$out/flagship-timeline.png" >/dev/null
# Alternating offers on the car purchase, drawn on its utility plane.
"$PACTUM" talks car-purchase --protocol alternating --record "$work/car.jsonl" >/dev/null
"$PACTUM" plot car-purchase --record "$work/car.jsonl" -o "$out/car-purchase-talks.png" >/dev/null
# A small tournament.
"$PACTUM" tournament car-purchase inheritance --strategies boulware,conceder,linear,tit-for-tat \
  --protocol alternating --repetitions 2 --db "$work/t.sqlite" >/dev/null
"$PACTUM" plot "$work/t.sqlite" -o "$out/tournament.png" >/dev/null
echo "wrote $out/flagship-space.png flagship-trace.png flagship-timeline.png car-purchase-talks.png tournament.png"
