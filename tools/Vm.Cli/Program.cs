using System.CommandLine;
using Vm.Cli;

var root = new RootCommand("Vm: runs HashLink bytecode (.hl) with an LLVM JIT");
root.Subcommands.Add(DumpCommand.Create());
return root.Parse(args).Invoke();
