#!/usr/bin/env bash
# What a browser downloads to open the console (issue #15, ADR 0014): each
# asset of the login page by encoding, and what a second load transfers.
#   bench/assets.sh [base URL, default http://127.0.0.1:3000]
# Start the release server first (scripts/start.sh); the precompressed copies
# are written in the first seconds after start.
set -euo pipefail
BASE=${1:-http://127.0.0.1:3000}
page=$(curl -sf "$BASE/login")
mapfile -t assets < <(grep -o '/pkg/[0-9a-f]\{16\}/[^"]*' <<<"$page" | sort -u)
[ ${#assets[@]} -gt 0 ] || { echo "no hashed assets on $BASE/login" >&2; exit 1; }
printf '%-44s %10s %10s %10s  %s\n' asset identity gzip br cache-control
total_id=0; total_br=0
size() { curl -s -o /dev/null -w '%{size_download}' -H "Accept-Encoding: $1" "$BASE$2"; }
for a in "${assets[@]}"; do
  id=$(size identity "$a"); gz=$(size gzip "$a"); br=$(size br "$a")
  cc=$(curl -sI -H 'Accept-Encoding: br' "$BASE$a" | tr -d '\r' | sed -n 's/^cache-control: //Ip')
  printf '%-44s %10s %10s %10s  %s\n' "$a" "$id" "$gz" "$br" "$cc"
  total_id=$((total_id + id)); total_br=$((total_br + br))
done
printf '%-44s %10s %10s %10s\n' "first load, all assets" "$total_id" "" "$total_br"
echo "second load: 0 bytes of assets (immutable: the browser does not ask again)"
