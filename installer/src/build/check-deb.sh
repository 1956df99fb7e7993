#!/usr/bin/env bash
# CI for the package: installs target/porter_*.deb into a throw-away root (dpkg -x; no systemd, no root needed),
# checks its layout, ownership and permissions, checks the unit (systemd-analyze verify and security, where
# present), and runs the installed porter, on its own runtime and the packaged porter.yaml, over a fresh data
# directory until it is healthy and `porter doctor` passes.
# usage: check-deb.sh TARGET_DIR
set -euo pipefail
target="$1"
deb="$(ls "$target"/porter_*.deb)"
work="$(mktemp -d "$target/deb-check.XXXXXX")"
pid=""
cleanup() {
  if [ -n "$pid" ]; then kill "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "deb check FAILED: $*" >&2; exit 1; }

# Layout, ownership and modes as dpkg will install them.
listing="$work/listing"
dpkg-deb -c "$deb" > "$listing"
expect() { # MODE OWNER PATH
  grep -qE "^$1 $2 .* \./${3#/}$" "$listing" || fail "$3 is not $1 $2: $(grep -E " \./${3#/}$" "$listing" || echo missing)"
}
expect '-rwxr-xr-x' 'root/root' /opt/porter/bin/porter
expect '-rwxr-xr-x' 'root/root' /opt/porter/runtime/bin/java
expect '-rw-r--r--' 'root/root' /opt/porter/porter.jar
expect '-rw-r--r--' 'root/root' /etc/porter/porter.yaml
expect '-rw-r--r--' 'root/root' /lib/systemd/system/porter.service
expect '-rwxr-xr-x' 'root/root' /usr/bin/porter
expect '-rwxr-xr-x' 'root/root' /usr/sbin/porter-apply-settings
expect '-rw-r--r--' 'root/root' /opt/porter/doc/operator-guide.md
if grep -vE '^(d|-|l)[rwx-]{9} root/root ' "$listing" | grep -q .; then fail "entries not owned by root: $(grep -vE ' root/root ' "$listing" | head -3)"; fi
if awk '{ print $1 }' "$listing" | grep -qE '^[-d](....w|.......w)'; then fail "group- or world-writable entries"; fi
dpkg-deb -f "$deb" Package Version Architecture Depends >/dev/null
[ "$(dpkg-deb -I "$deb" conffiles)" = "/etc/porter/porter.yaml" ] || fail "porter.yaml is not the only conffile"
dpkg-deb -e "$deb" "$work/control"
for script in preinst postinst prerm postrm; do
  [ -x "$work/control/$script" ] || fail "$script missing or not executable"
  bash -n "$work/control/$script" || fail "$script does not parse"
done

root="$work/root"
dpkg-deb -x "$deb" "$root"
unit="$root/lib/systemd/system/porter.service"
for setting in NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes PrivateTmp=yes PrivateDevices=yes \
    ReadWritePaths=/var/lib/porter 'CapabilityBoundingSet=' SystemCallFilter=@system-service IPAddressDeny=any \
    IPAddressAllow=localhost MemoryMax=; do
  grep -qx "$setting.*" "$unit" || fail "the unit lacks $setting"
done
if grep -q '^MemoryDenyWriteExecute' "$unit"; then fail "MemoryDenyWriteExecute would stop the JIT"; fi
if command -v systemd-analyze >/dev/null; then
  # verify: every directive, ExecStart and the dependencies, against the unpacked tree (with this machine's own
  # units beside it, for the targets the unit names).
  mkdir -p "$root/usr/lib/systemd"
  cp -a /lib/systemd/system "$root/usr/lib/systemd/"
  if ! systemd-analyze verify --root="$root" /lib/systemd/system/porter.service > "$work/verify" 2>&1 \
      || [ -s "$work/verify" ]; then
    fail "systemd-analyze verify: $(cat "$work/verify")"
  fi
  echo "systemd-analyze verify: porter.service passes"
  exposure="$(systemd-analyze security --offline=true "$unit" 2>/dev/null | sed -n 's/.*Overall exposure level for porter.service: \([0-9.]*\).*/\1/p')"
  echo "systemd-analyze security: exposure $exposure"
  awk -v e="$exposure" 'BEGIN { exit !(e != "" && e < 2.0) }' || fail "exposure $exposure is not below 2.0"
else
  echo "systemd-analyze not installed: unit checks skipped"
fi

# The installed porter on its own runtime, the packaged porter.yaml (its ports moved to free ones) and a fresh
# data directory.
free_port() {
  local p
  while :; do
    p=$((20000 + RANDOM % 40000))
    (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null || { echo "$p"; return; }
  done
}
http_port="$(free_port)"
config="$work/porter.yaml"
sed -e "s/^    port: 8080$/    port: $http_port/" -e "s/^    port: 8082$/    port: $(free_port)/" \
  -e "s/^    port: 8081$/    port: $(free_port)/" "$root/etc/porter/porter.yaml" > "$config"
export PORTER_CONFIG="$config" PORTER_DATA_DIR="$work/data" PORTER_CDS_ARCHIVE="$work/cache/porter.jsa"
mkdir -p "$work/cache"
started="$(date +%s%N)"
JAVA_HOME=/nonexistent PATH=/usr/bin:/bin "$root/opt/porter/bin/porter" > "$work/porter.log" 2>&1 &
pid=$!
healthy=""
for _ in $(seq 1 600); do
  if ! kill -0 "$pid" 2>/dev/null; then cat "$work/porter.log" >&2; fail "porter exited before it was healthy"; fi
  if (exec 3<>"/dev/tcp/127.0.0.1/$http_port" && printf 'GET /observe/health HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3 \
      && head -1 <&3 | grep -q ' 200 ') 2>/dev/null; then healthy=yes; break; fi
  sleep 0.2
done
[ -n "$healthy" ] || { tail -20 "$work/porter.log" >&2; fail "not healthy within 120 s"; }
echo "installed porter healthy after $(( ($(date +%s%N) - started) / 1000000 )) ms"
tr '\0' ' ' < /proc/"$pid"/cmdline | grep -q "$root/opt/porter/runtime/bin/java" \
  || fail "porter did not run on the packaged runtime"
[ "$(stat -c %a "$work/data")" = 700 ] || fail "the data directory is $(stat -c %a "$work/data"), not 700"
# Nothing leaves this machine in CI: the probe is TEST-NET-1, routed nowhere.
"$root/opt/porter/bin/porter" doctor --probe 192.0.2.1:9 > "$work/doctor" 2>&1 \
  || { cat "$work/doctor" >&2; fail "porter doctor found failures"; }
cat "$work/doctor"
echo "deb check passed: $(basename "$deb")"
