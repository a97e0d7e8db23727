using System.CommandLine;
using Vm.Jit;
using Vm.Runtime;

namespace Vm.Cli;

/// <summary>`vm ir file.hl --function NAME`: the LLVM IR of one function, before and after optimization.</summary>
internal static class IrCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "HashLink bytecode file (.hl)" };
        var function = new Option<string>("--function", "-f") { Description = "The function (e.g. Main.main, or @INDEX)", Required = true };
        var command = new Command("ir", "Print the LLVM IR of one function before and after optimization") { file, function };
        command.SetAction(parse => ModuleLoading.Guard(() =>
        {
            var module = ModuleLoading.Load(parse.GetValue(file)!);
            using var runtime = new VmRuntime(module, new RuntimeOptions { StandardOutput = Stream.Null });
            foreach (var f in FunctionLookup.Find(module, parse.GetValue(function)!))
            {
                var (before, after) = IrDump.Of(runtime, f);
                Console.Out.WriteLine($"; ---- {f.Name}@{f.FunctionIndex}: as lowered");
                Console.Out.Write(before);
                Console.Out.WriteLine($"; ---- {f.Name}@{f.FunctionIndex}: optimized");
                Console.Out.Write(after);
            }
            return 0;
        }));
        return command;
    }
}
