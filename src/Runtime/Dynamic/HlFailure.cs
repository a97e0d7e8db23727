namespace Vm.Runtime.Dynamic;

/// <summary>
/// An HL error raised from inside the dynamic object model (a cast that fails, a missing field...).
/// The logic throws it so deep call chains stay simple; every helper and native entry point catches
/// it and turns it into the thread's pending exception, as <see cref="HlErrors.Raise"/> does.
/// </summary>
public sealed class HlErrorException(string message) : Exception(message);

/// <summary>HL code called back from the runtime threw: its exception is already pending on the thread.</summary>
public sealed class HlPendingException() : Exception("an HL exception is pending");

/// <summary>How entry points report what the logic threw, without letting it unwind into JIT code.</summary>
internal static class HlFailure
{
    public static void Report(Exception e)
    {
        switch (e)
        {
            case HlPendingException:
                return;
            case HlErrorException error:
                HlErrors.Raise(error.Message);
                return;
            default:
                // A runtime bug: surface it as an HL error so the program stops with a message instead of crashing.
                HlErrors.Raise($"internal runtime error: {e.GetType().Name}: {e.Message}");
                return;
        }
    }

    public static HlErrorException Error(string message) => new(message);
}
