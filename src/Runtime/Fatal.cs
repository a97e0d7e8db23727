namespace Vm.Runtime;

/// <summary>Conditions the runtime cannot continue from (corrupted heap in stress mode, exhausted memory).</summary>
public static class Fatal
{
    /// <summary>Exit code for fatal runtime errors (EX_SOFTWARE).</summary>
    public const int ExitCode = 70;

    /// <summary>Prints "vm: fatal error: MESSAGE" on stderr and ends the process. Never returns.</summary>
    public static void Stop(string message)
    {
        Console.Out.Flush();
        Console.Error.WriteLine("vm: fatal error: " + message);
        Console.Error.Flush();
        Environment.Exit(ExitCode);
    }
}
