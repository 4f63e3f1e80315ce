#!/usr/bin/env bash
# 1 000 000 executions of each target (documented in the README; not part of CI), one at a time.
set -euo pipefail
cd "$(dirname "$0")"
for t in key_file certificate pkcs12 auth_xml preflight invoice api_json; do
  # A signed auth.xml is about 4 KB (the RSA sample 4.2 KB): the pre-flight gets room for it.
  if [ "$t" = preflight ]; then max_len=8192; else max_len=4096; fi
  mkdir -p "corpus/$t"
  RUSTC_BOOTSTRAP=1 cargo fuzz run -O "$t" "corpus/$t" -- -runs=1000000 -max_len=$max_len -timeout=10 2>&1 | tail -n 3
done
