#!/usr/bin/env bash
# Installs what Vm needs to build and run, idempotently: Debian packages (LLVM 19, Haxe 4.2.5,
# PCRE2 16-bit) and the NuGet packages of the solution. Fast when everything is already there.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(libllvm19 haxe libpcre2-16-0 time)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "setup: the .NET 10 SDK is required (dotnet not on PATH)" >&2
  exit 1
fi
dotnet restore Vm.sln --verbosity quiet
