using System.CommandLine;
using Vm.Frontend.Cfg;
using Vm.Frontend.Disassembly;
using Vm.Frontend.Model;

namespace Vm.Cli;

/// <summary>`vm dump file.hl [--function NAME] [--cfg]`: disassembly and control-flow graphs.</summary>
internal static class DumpCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "HashLink bytecode file (.hl)" };
        var function = new Option<string?>("--function", "-f")
        {
            Description = "Only this function: its name as in stack traces (e.g. Main.main) or @INDEX",
        };
        var cfg = new Option<bool>("--cfg") { Description = "Print each function's control-flow graph after its code" };
        var command = new Command("dump", "Disassemble a module: types, globals, natives and functions")
        {
            file, function, cfg,
        };
        command.SetAction(parse => ModuleLoading.Guard(() =>
        {
            var module = ModuleLoading.Load(parse.GetValue(file)!);
            Run(module, parse.GetValue(function), parse.GetValue(cfg), Console.Out);
            return 0;
        }));
        return command;
    }

    internal static void Run(HlModule module, string? functionName, bool withCfg, TextWriter output)
    {
        var dis = new Disassembler(module);
        IEnumerable<HlFunction> functions;
        if (functionName is null)
        {
            dis.WriteModule(output);
            functions = withCfg ? module.Functions : [];
            if (withCfg)
                output.WriteLine("control-flow graphs:");
        }
        else
        {
            functions = FunctionLookup.Find(module, functionName);
            foreach (var f in functions)
                dis.WriteFunction(output, f);
        }
        if (withCfg)
            foreach (var f in functions)
                CfgPrinter.Write(output, CfgBuilder.Build(f));
    }
}
