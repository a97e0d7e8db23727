using System.CommandLine;
using Vm.Cli;

var root = new RootCommand("Vm: runs HashLink bytecode (.hl) with an LLVM JIT. `vm file.hl [args]` runs a program like `hl file.hl`.");
root.Subcommands.Add(RunCommand.Create());
root.Subcommands.Add(DumpCommand.Create());
root.Subcommands.Add(IrCommand.Create());
return root.Parse(CommandLineShape.Normalize(args, root)).Invoke();
