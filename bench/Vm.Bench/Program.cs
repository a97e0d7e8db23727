using BenchmarkDotNet.Running;

// Micro-benchmarks: `dotnet run -c Release --project bench/Vm.Bench -- --filter '*'`.
BenchmarkSwitcher.FromAssembly(typeof(Vm.Bench.FrontendBenchmarks).Assembly).Run(args);
