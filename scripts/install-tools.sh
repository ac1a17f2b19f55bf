#!/usr/bin/env bash
# Installs the real tools the test suite checks our output with (Debian packages):
# promtool (prometheus), jsonnet, prometheus-node-exporter. kubectl is expected on the machine.
set -euo pipefail
need=()
command -v promtool >/dev/null || need+=(prometheus)
command -v jsonnet >/dev/null || need+=(jsonnet)
command -v prometheus-node-exporter >/dev/null || need+=(prometheus-node-exporter)
if [ ${#need[@]} -eq 0 ]; then exit 0; fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
