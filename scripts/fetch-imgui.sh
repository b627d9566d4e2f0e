#!/usr/bin/env bash
# Fetches Dear ImGui 1.86 (with its GLFW and OpenGL3 backends) from Debian's source package into
# third_party/imgui/ (git-ignored; never committed). Idempotent: does nothing once the sources are
# there. Needs root the first time, to add a deb-src entry mirroring the existing Debian one.
#
#   bash scripts/fetch-imgui.sh
set -euo pipefail
cd "$(dirname "$0")/.."
want=1.86
dest=third_party/imgui

if [ -f "$dest/imgui.h" ] && grep -q "#define IMGUI_VERSION *\"$want\"" "$dest/imgui.h"; then
  echo "imgui $want already in $dest"
  exit 0
fi

# Debian ships no binary package with the backends, so we take the source package. Add deb-src
# for the configured Debian suites unless some source entry already exists.
if ! grep -rqsE '^(Types:.*deb-src|deb-src )' /etc/apt/sources.list /etc/apt/sources.list.d/; then
  if [ ! -f /etc/apt/sources.list.d/debian.sources ]; then
    echo "fetch-imgui: no deb-src entry and no /etc/apt/sources.list.d/debian.sources to copy" >&2
    exit 1
  fi
  echo "adding /etc/apt/sources.list.d/debian-src.sources (deb-src of debian.sources)"
  sed -E 's/^Types:.*/Types: deb-src/' /etc/apt/sources.list.d/debian.sources \
    > /etc/apt/sources.list.d/debian-src.sources
  apt-get update -qq
fi
command -v dpkg-source >/dev/null || {
  echo "fetch-imgui: dpkg-source missing (apt-get install dpkg-dev)" >&2
  exit 1
}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# If the package lists predate the deb-src entry, refresh them once and retry.
(cd "$work" && apt-get source -qq imgui >/dev/null 2>&1) ||
  { apt-get update -qq && (cd "$work" && apt-get source -qq imgui >/dev/null); }
src=$(find "$work" -maxdepth 1 -type d -name 'imgui-*' | head -n 1)
if [ -z "$src" ] || ! grep -q "#define IMGUI_VERSION *\"$want\"" "$src/imgui.h"; then
  echo "fetch-imgui: expected imgui $want, got: $(grep -h '#define IMGUI_VERSION ' "$src/imgui.h" 2>/dev/null)" >&2
  exit 1
fi

rm -rf "$dest"
mkdir -p "$dest/backends" "$dest/misc/cpp"
cp "$src"/LICENSE.txt "$src"/imconfig.h "$src"/imgui*.h "$src"/imgui*.cpp "$src"/imstb_*.h "$dest/"
cp "$src"/backends/imgui_impl_glfw.* "$src"/backends/imgui_impl_opengl3* "$dest/backends/"
cp "$src"/misc/cpp/imgui_stdlib.* "$dest/misc/cpp/"
echo "imgui $want -> $dest ($(find "$dest" -type f | wc -l) files)"
