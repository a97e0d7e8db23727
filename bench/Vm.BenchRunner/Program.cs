using Vm.BenchRunner;

// Runs the Haxe benchmark programs through `vm` (and optionally a reference VM) and reports times.
return BenchCommandLine.Run(args);
