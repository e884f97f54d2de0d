#!/usr/bin/env bash
# Copies the official ZGW specifications, the VNG conformance suites and the Referentielijsten
# data unchanged from ../shared/standards (or $1) into standards/, so tests, the demo and CI
# find them in every clone. Never edit the copies: refresh them with this script.
set -euo pipefail
cd "$(dirname "$0")/.."
source_dir="${1:-../shared/standards}"
[ -f "$source_dir/README.md" ] || { echo "No standards at $source_dir" >&2; exit 1; }
rm -rf standards
mkdir standards
cp -r "$source_dir/." standards/
chmod -R u+w standards
echo "standards/ refreshed from $source_dir"
