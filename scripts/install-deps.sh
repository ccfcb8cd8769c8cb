#!/usr/bin/env bash
# Installs what ppp-conform needs on Debian 12 (idempotent, non-interactive). Runs as root, or
# through sudo when started by another user.
set -euo pipefail

packages=(
  build-essential cmake ninja-build pkg-config
  libboost-dev librapidcheck-dev libgtest-dev libgmock-dev libbenchmark-dev
  libssl-dev libpcap-dev libcli11-dev nlohmann-json3-dev libtinyxml2-dev libfmt-dev
  clang libclang-rt-14-dev
  tshark python3 python3-scapy libxml2-utils
  # the HTML report test prints report.html in headless Chromium and reads it back with pdftotext
  chromium poppler-utils fonts-dejavu-core
  ppp user-mode-linux kmod   # pppd 2.4.9 in User-Mode Linux on a pty (--sut pppd, PEERS.md section 1)
)

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
# tshark asks whether non-root users may capture; answer no without a prompt (PEERS.md section 3).
echo "wireshark-common wireshark-common/install-setuid boolean false" | as_root debconf-set-selections
as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}"
