#!/usr/bin/env bash
# Sets up the machine, builds, and runs every test project (unit, snapshot, fuzz, conformance).
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
dotnet build Vm.sln -c Release --no-restore --verbosity quiet -nologo
dotnet test Vm.sln -c Release --no-build --verbosity quiet -nologo "$@"
