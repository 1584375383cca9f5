#!/usr/bin/env bash
# Builds dist/berth_VERSION_ARCH.deb from this checkout with dpkg-deb:
#   /usr/bin/berth, /usr/libexec/berth/{conmon-swift,berth-generator} (stripped)
#   /usr/lib/systemd/system-generators/berth-system-generator -> the generator
#   /usr/lib/systemd/user-generators/berth-user-generator     -> the generator (user mode)
#   units/{system,user}/* (the user network-online wait, berth-restart.service,
#   berth-auto-update.{service,timer}), as packaging/install.sh installs them
#   man pages: berth(1) and one per verb from the CLI's own help
#   (ArgumentParser's generate-manual), berth-generator(8), berth.unit(5)
#   (keys from Sources/Generator/SupportedKeys.swift)
#   bash, zsh and fish completions (berth --generate-completion-script)
# Binaries come from a release build, or from BERTH_BIN_DIR when set (the
# system test packages its debug build: a release build takes too long there).
# OUT_DIR (default dist/) is where the .deb goes; DEB_COMPRESS (default xz)
# its compression. The maintainer is DEBFULLNAME <DEBEMAIL>, else git's user.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/.*static let string = "\(.*\)"/\1/p' Sources/Engine/Version.swift)
arch=$(dpkg --print-architecture)
out=${OUT_DIR:-dist}
bin=${BERTH_BIN_DIR:-}
if [[ -z $bin ]]; then
    swift build -c release --product berth-generator >&2
    swift build -c release --product berth >&2
    swift build -c release --product conmon-swift >&2
    bin=$(swift build -c release --show-bin-path)
fi
# generate-manual is ArgumentParser's own tool (its plugin's executable).
manual=${GENERATE_MANUAL:-}
if [[ -z $manual ]]; then
    swift build --product generate-manual >&2
    manual=$(swift build --show-bin-path)/generate-manual
fi

stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
root=$stage/root
doc=$root/usr/share/doc/berth

install -d -m 0755 "$root/usr/bin" "$root/usr/libexec/berth" \
    "$root/usr/lib/systemd/system-generators" "$root/usr/lib/systemd/user-generators" \
    "$root/usr/lib/systemd/system" "$root/usr/lib/systemd/user" "$root/usr/share/man/man1" \
    "$root/usr/share/man/man5" "$root/usr/share/man/man8" "$doc" \
    "$root/usr/share/bash-completion/completions" "$root/usr/share/zsh/vendor-completions" \
    "$root/usr/share/fish/vendor_completions.d" "$root/DEBIAN"
install -m 0755 "$bin/berth" "$root/usr/bin/berth"
install -m 0755 "$bin/conmon-swift" "$root/usr/libexec/berth/conmon-swift"
install -m 0755 "$bin/berth-generator" "$root/usr/libexec/berth/berth-generator"
for f in "$root/usr/bin/berth" "$root/usr/libexec/berth/conmon-swift" "$root/usr/libexec/berth/berth-generator"; do
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$f"
done
ln -s ../../../libexec/berth/berth-generator "$root/usr/lib/systemd/system-generators/berth-system-generator"
ln -s ../../../libexec/berth/berth-generator "$root/usr/lib/systemd/user-generators/berth-user-generator"
install -m 0644 units/user/* "$root/usr/lib/systemd/user/"
install -m 0644 units/system/* "$root/usr/lib/systemd/system/"

# Man pages: one per command from the help the CLI prints, renamed from
# generate-manual's berth.quadlet.install.1 to berth-quadlet-install.1.
pages=$stage/man
mkdir -p "$pages"
epoch=${SOURCE_DATE_EPOCH:-$(git log -1 --format=%ct 2>/dev/null || date +%s)}
"$manual" "$root/usr/bin/berth" --multi-page --section 1 --date "$(date -u -d "@$epoch" +%F)" -o "$pages" >&2
# whatis needs a one-word name: `.Nm "berth run"` becomes berth-run in NAME,
# and the synopsis keeps the words a person types.
for page in "$pages"/*.1; do
    name=$(basename "$page" .1)
    awk '
        /^\.Dt / { gsub(/\./, "-", $2); $1 = ".Dt" }
        /^\.Sh / { section = $2 }
        section == "NAME" && /^\.Nm "/ { words = substr($0, 5); name = words; gsub(/"/, "", name); gsub(/ /, "-", name); print ".Nm " name; next }
        section == "SYNOPSIS" && $0 == ".Nm" && words != "" { print ".Nm " words; next }
        { print }
    ' "$page" > "$root/usr/share/man/man1/${name//./-}.1"
done
sed "s/@VERSION@/$version/" packaging/man/berth-generator.8 > "$root/usr/share/man/man8/berth-generator.8"
for alias in berth-system-generator berth-user-generator; do
    echo ".so man8/berth-generator.8" > "$root/usr/share/man/man8/$alias.8"
done
keys=$(awk '
    /static let [a-z]+Keys: Set<String> = \[/ { match($0, /let [a-z]+Keys/); kind = substr($0, RSTART + 4, RLENGTH - 8); collecting = 1; list = "" }
    collecting { line = $0; while (match(line, /"[A-Za-z0-9]+"/)) { list = list (list == "" ? "" : ", ") substr(line, RSTART + 1, RLENGTH - 2) "="; line = substr(line, RSTART + RLENGTH) } }
    collecting && /\]/ { group = toupper(substr(kind, 1, 1)) substr(kind, 2); printf ".SS [%s]\n%s\n", group, list; collecting = 0 }
' Sources/Generator/SupportedKeys.swift)
awk -v keys="$keys" -v version="$version" '{ gsub(/@VERSION@/, version); if ($0 == "@KEYS@") print keys; else print }' \
    packaging/man/berth.unit.5.in > "$root/usr/share/man/man5/berth.unit.5"
gzip -9n "$root"/usr/share/man/man*/*

# bash-completion sources the file: no #! line.
"$root/usr/bin/berth" --generate-completion-script bash | sed '1{/^#!/d}' > "$root/usr/share/bash-completion/completions/berth"
"$root/usr/bin/berth" --generate-completion-script zsh > "$root/usr/share/zsh/vendor-completions/_berth"
"$root/usr/bin/berth" --generate-completion-script fish > "$root/usr/share/fish/vendor_completions.d/berth.fish"
chmod 0644 "$root"/usr/share/*/completions/berth "$root"/usr/share/zsh/vendor-completions/_berth "$root"/usr/share/fish/vendor_completions.d/berth.fish

install -m 0644 packaging/debian/copyright "$doc/copyright"
install -D -m 0644 packaging/debian/lintian-overrides "$root/usr/share/lintian/overrides/berth"
for script in postinst postrm; do
    install -m 0755 "packaging/debian/$script" "$root/DEBIAN/$script"
done
maintainer="${DEBFULLNAME:-$(git log -1 --format=%an)} <${DEBEMAIL:-$(git log -1 --format=%ae)}>"
size=$(du -k -s --exclude=DEBIAN "$root" | cut -f1)
# The newest glibc symbol version the binaries use (berth links libc and libgcc_s only).
glibc=$(objdump -T "$root/usr/bin/berth" "$root/usr/libexec/berth/conmon-swift" | grep -o 'GLIBC_2\.[0-9]*' | sort -t. -k2 -n -u | tail -n 1 | cut -d_ -f2)
sed -e "s/@VERSION@/$version/" -e "s/@ARCH@/$arch/" -e "s/@SIZE@/$size/" -e "s|@MAINTAINER@|$maintainer|" -e "s/@GLIBC@/$glibc/" packaging/debian/control > "$root/DEBIAN/control"
sed "s/@VERSION@/$version/; s|@MAINTAINER@|$maintainer|; s/@DATE@/$(date -u -R -d "@$epoch")/" \
    packaging/debian/changelog | gzip -9n > "$doc/changelog.gz"
chmod 0644 "$doc/changelog.gz"
(cd "$root" && find . -path ./DEBIAN -prune -o -type f -printf '%P\n' | LC_ALL=C sort | xargs md5sum) > "$root/DEBIAN/md5sums"
chmod 0644 "$root/DEBIAN/control" "$root/DEBIAN/md5sums"

mkdir -p "$out"
deb=$out/berth_${version}_${arch}.deb
dpkg-deb --root-owner-group "-Z${DEB_COMPRESS:-xz}" --build "$root" "$deb" >&2
echo "$deb"
