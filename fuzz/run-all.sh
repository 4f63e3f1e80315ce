#!/usr/bin/env bash
# 1 000 000 executions of each importer target (documented in the README; not part of CI).
set -euo pipefail
cd "$(dirname "$0")"
for t in key_file certificate pkcs12 auth_xml; do
  mkdir -p "corpus/$t"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" "corpus/$t" -- -runs=1000000 -max_len=4096 -timeout=10 2>&1 | tail -n 3
done
