#!/usr/bin/env bash
# Builds the Teams app package (the zip you upload in Teams: Apps -> Manage your apps -> Upload an app).
#
#   bash manifests/teams/package.sh <MicrosoftAppId> [host]
#
# <MicrosoftAppId> is the bot's Microsoft App ID (a GUID, the Teams:AppId setting); it becomes both the
# Teams app id and the bot id. [host] is the public host the bot answers on (cohortbot.example.org, no
# scheme or path); it goes into validDomains, which stays empty without it.
# Writes manifests/teams/build/cohortbot-teams.zip with manifest.json, color.png and outline.png at its root.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
usage="usage: bash manifests/teams/package.sh <MicrosoftAppId> [host]"

app_id="${1:-}"
host="${2:-}"
if [[ -z "$app_id" ]]; then
  echo "package.sh: the bot's Microsoft App ID is missing (the Teams:AppId setting, a GUID)" >&2
  echo "$usage" >&2
  exit 2
fi
if [[ $# -gt 2 ]]; then
  echo "$usage" >&2
  exit 2
fi
if [[ ! "$app_id" =~ ^[0-9a-fA-F]{8}-([0-9a-fA-F]{4}-){3}[0-9a-fA-F]{12}$ ]]; then
  echo "package.sh: '$app_id' is not a Microsoft App ID: Teams wants a GUID such as 00000000-0000-0000-0000-000000000000" >&2
  exit 2
fi
host="${host#https://}"
host="${host#http://}"
host="${host%/}"
if [[ -n "$host" && ! "$host" =~ ^[A-Za-z0-9*]([A-Za-z0-9.-]*[A-Za-z0-9])?(:[0-9]+)?$ ]]; then
  echo "package.sh: '$host' is not a host name: give the bot's host alone, such as cohortbot.example.org" >&2
  exit 2
fi

build="$here/build"
staging="$build/package"
zip_path="$build/cohortbot-teams.zip"
rm -rf "$staging" "$zip_path"
mkdir -p "$staging"

# The id and host were checked above, so they hold no character that sed would read as syntax.
if [[ -n "$host" ]]; then
  sed -e "s/\${{BOT_ID}}/$app_id/g" -e "s/\${{BOT_DOMAIN}}/$host/g" "$here/manifest.json" >"$staging/manifest.json"
else
  sed -e "s/\${{BOT_ID}}/$app_id/g" -e '/\${{BOT_DOMAIN}}/d' "$here/manifest.json" >"$staging/manifest.json"
fi
if grep -q '\${{' "$staging/manifest.json"; then
  echo "package.sh: manifest.json still holds a placeholder: $(grep -o '\${{[A-Z_]*}}' "$staging/manifest.json" | sort -u | tr '\n' ' ')" >&2
  exit 1
fi
cp "$here/color.png" "$here/outline.png" "$staging/"

if command -v zip >/dev/null 2>&1; then
  (cd "$staging" && zip -q -X "$zip_path" manifest.json color.png outline.png)
elif command -v python3 >/dev/null 2>&1; then
  (cd "$staging" && python3 -m zipfile -c "$zip_path" manifest.json color.png outline.png)
else
  echo "package.sh: needs zip or python3 to write the package" >&2
  exit 1
fi
rm -rf "$staging"
echo "$zip_path"
