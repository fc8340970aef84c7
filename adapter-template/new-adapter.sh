#!/usr/bin/env bash
# Starts a new CRM adapter from this template: copies it to crm-<name>-bundle/ beside it, renames
# package, classes, configuration PID and artifact, and says what to add to the root pom.xml.
#   adapter-template/new-adapter.sh acme            -> crm-acme-bundle, package org.crmconnector.crm.acme, AcmeConnector
set -euo pipefail

name="${1:-}"
if [[ ! "$name" =~ ^[a-z][a-z0-9]*$ ]]; then
  echo "usage: $0 <name>   (lower case letters and digits, e.g. acme)" >&2
  exit 2
fi
Name="$(tr '[:lower:]' '[:upper:]' <<< "${name:0:1}")${name:1}"
template="$(cd "$(dirname "$0")" && pwd)"
target="${2:-$(dirname "$template")/crm-$name-bundle}"
if [[ -e "$target" ]]; then
  echo "$target exists already" >&2
  exit 1
fi

mkdir -p "$target"
cp -R "$template/pom.xml" "$template/bnd.bnd" "$template/src" "$target/"
for tree in main test; do
  mv "$target/src/$tree/java/org/crmconnector/crm/example" "$target/src/$tree/java/org/crmconnector/crm/$name"
done
find "$target/src" -name 'Example*.java' | while read -r f; do
  mv "$f" "$(dirname "$f")/$(basename "$f" | sed "s/^Example/$Name/")"
done
find "$target" -type f \( -name '*.java' -o -name 'pom.xml' -o -name 'bnd.bnd' \) -print0 | xargs -0 sed -i \
  -e "s/crm-example-bundle/crm-$name-bundle/g" \
  -e "s/adapter template: example/adapter: $name/g" \
  -e "s/org\.crmconnector\.crm\.example/org.crmconnector.crm.$name/g" \
  -e "s/Example/$Name/g" \
  -e "s/example/$name/g"
# the template's own note about being a template does not apply to the copy
sed -i '/The template new adapters start from/,/not part of the server. -->/d' "$target/pom.xml"

echo "Created $target"
echo "Next: add <module>crm-$name-bundle</module> to the root pom.xml, then"
echo "  mvn -B verify -pl crm-$name-bundle -am"
echo "and replace ReferenceCrm in ${Name}ConformanceTest with a fake of your CRM (see README, 'Writing an adapter')."
