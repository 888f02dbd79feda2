#!/bin/sh
# Rebuilds the jar the API baseline compares against: runner-api as it was at
# COMMIT, versioned VERSION, into this directory (the build installs it from
# here into the local Maven repository before it compares).
# The build is reproducible (fixed timestamps, bnd's -reproducible), so the
# same commit and version give the same bytes with the same JDK release.
#   runner-api/baseline/build.sh COMMIT VERSION
set -eu
[ $# -eq 2 ] || { echo "usage: $0 COMMIT VERSION" >&2; exit 2; }
commit=$1
version=$2
here=$(cd "$(dirname "$0")" && pwd)
root=$(git -C "$here" rev-parse --show-toplevel)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

git -C "$root" archive "$commit" | tar -x -C "$tmp"
snapshot=$(sed -n 's|^  <version>\(.*\)</version>|\1|p' "$tmp/pom.xml" | head -n 1)
find "$tmp" -name pom.xml -exec sed -i "s|<version>$snapshot</version>|<version>$version</version>|" {} +
mvn -o -q -f "$tmp/pom.xml" -pl runner-api -DskipTests package

cp "$tmp/runner-api/target/runner-api-$version.jar" "$here/"
sha256sum "$here/runner-api-$version.jar"
