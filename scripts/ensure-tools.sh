#!/usr/bin/env bash
# Installs the Debian tools the tests compare against, when missing and when we can (root):
# busybox (the oracle of the container shell), and the real kubectl must already be present.
set -euo pipefail
missing=()
command -v busybox >/dev/null 2>&1 || missing+=(busybox)
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing ${missing[*]} from Debian's packages"
    apt-get update -qq >/dev/null && apt-get install -y -qq "${missing[@]}" >/dev/null
  else
    echo "missing: ${missing[*]} (install them with apt-get as root); tests that need them will fail" >&2
  fi
fi
if [ ! -x "${KUBECTL:-/usr/bin/kubectl}" ]; then
  echo "the real kubectl v1.32 is expected at /usr/bin/kubectl; the compatibility suites need it" >&2
fi
