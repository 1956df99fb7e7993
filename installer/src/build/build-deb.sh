#!/usr/bin/env bash
# Builds target/porter_<version>_amd64.deb around the distribution in target/porter: /opt/porter with a jlink'd
# Java runtime (so the server needs no JDK), the systemd unit, /etc/porter/porter.yaml (a conffile), the
# operator's wrappers and the maintainer scripts. Called by Maven (installer's package phase).
# usage: build-deb.sh INSTALLER_DIR TARGET_DIR VERSION JAVA_HOME
set -euo pipefail
installer="$1" target="$2" version="$3" jdk="$4"

# The Java SE modules, plus what Porter uses beyond them: the vector API (Lucene, ONNX), Unsafe (Lingua, Netty-free
# Helidon still probes it), Ed25519 on Java 21 (jdk.crypto.ec), locale data for the six languages, zip file
# systems, and jcmd/JFR for diagnostics.
modules=java.se,jdk.crypto.ec,jdk.unsupported,jdk.incubator.vector,jdk.localedata,jdk.charsets,jdk.zipfs,jdk.management,jdk.jfr,jdk.jcmd,jdk.crypto.cryptoki,jdk.net

runtime="$target/runtime"
stamp="$("$jdk/bin/java" -version 2>&1 | head -1) $modules"
if [ ! -f "$runtime/.porter-stamp" ] || [ "$(cat "$runtime/.porter-stamp")" != "$stamp" ]; then
  rm -rf "$runtime"
  # --generate-cds-archive: the JDK's own classes come from a shared archive from the first start.
  "$jdk/bin/jlink" --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
    --compress=zip-6 --generate-cds-archive --output "$runtime"
  echo "$stamp" > "$runtime/.porter-stamp"
fi

root="$target/deb-root"
rm -rf "$root"
mkdir -p "$root/opt/porter"
cp -a "$installer/src/deb/." "$root/"
rm -f "$root/DEBIAN/control.in"
cp -a "$target/porter/." "$root/opt/porter/"
cp -a "$runtime" "$root/opt/porter/runtime"
rm -f "$root/opt/porter/runtime/.porter-stamp"
mkdir -p "$root/opt/porter/doc"
cp "$installer/../docs/operator-guide.md" "$root/opt/porter/doc/"
cp "$installer/../server/src/main/resources/application.yaml" "$root/opt/porter/doc/"

# Debian versions: 0.1.0-SNAPSHOT sorts before 0.1.0 as 0.1.0~SNAPSHOT; the build time keeps snapshots ordered.
deb_version="${version/-SNAPSHOT/~snapshot$(date -u +%Y%m%d%H%M%S)}"
size="$(du -sk --exclude=DEBIAN "$root" | cut -f1)"
sed -e "s/@VERSION@/$deb_version/" -e "s/@INSTALLED_SIZE@/$size/" "$installer/src/deb/DEBIAN/control.in" \
  > "$root/DEBIAN/control"
chmod 0755 "$root/DEBIAN" "$root/DEBIAN/preinst" "$root/DEBIAN/postinst" "$root/DEBIAN/prerm" \
  "$root/DEBIAN/postrm" "$root/usr/bin/porter" "$root/usr/sbin/porter-apply-settings" "$root/opt/porter/bin/porter"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/conffiles" "$root/etc/porter/porter.yaml" \
  "$root/lib/systemd/system/porter.service"
# Nothing group- or world-writable, whatever the build machine's umask was.
chmod -R go-w "$root"

rm -f "$target"/porter_*.deb
deb="$target/porter_${deb_version}_amd64.deb"
# zstd: about as small as xz for jars, and seconds instead of minutes on two cores (dpkg 1.21.18+: Debian 12,
# Ubuntu 22.04 and later).
dpkg-deb --root-owner-group -Zzstd -z3 --build "$root" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1))"
