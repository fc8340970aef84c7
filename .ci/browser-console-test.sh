#!/usr/bin/env bash
# Browser test of the "CRM Connector" Web Console page in headless Chromium
# (distribution/src/test/browser-console). Needs the assembled server: run after `mvn -B install`
# (or verify), which builds distribution/target/server; builds it when missing.
# Installs what is missing on a fresh Debian machine: Debian's chromium (only when /usr/bin/chromium
# is absent) and playwright-core from the npm lockfile. The test rebuilds the Salesforce adapter with
# -Dcrm.build.tag=v2 (mvn -o, from a temporary copy of the sources) unless CRM_ADAPTER_V2_JAR names one.
# Screenshots: distribution/target/browser-artifacts/console-*.png. Exits non-zero when anything fails.
#   CRM_TEST_PORT (default 19390)  CHROMIUM_PATH (default /usr/bin/chromium)  CRM_ADAPTER_V2_JAR
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x distribution/target/server/bin/crm-connector ]; then
  echo "browser-console-test: no assembled server; building it" >&2
  mvn -B -q install -DskipTests
fi

if [ -z "${CHROMIUM_PATH:-}" ] && [ ! -x /usr/bin/chromium ]; then
  sudo=""
  [ "$(id -u)" -ne 0 ] && sudo="sudo"
  $sudo apt-get update
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y chromium
fi

cd distribution/src/test/browser-console
npm ci --no-audit --no-fund
node --test --test-reporter=spec console.test.mjs
