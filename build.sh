#!/usr/bin/env bash
# Sets up the machine, builds everything, then runs `vm` on the bundled sample program.
set -euo pipefail
cd "$(dirname "$0")"
scripts/setup.sh
dotnet build Vm.sln -c Release --no-restore --verbosity quiet -nologo
mkdir -p artifacts/samples
haxe -cp samples -main Hello -hl artifacts/samples/Hello.hl
dotnet tools/Vm.Cli/bin/Release/net10.0/vm.dll --stats artifacts/samples/Hello.hl
