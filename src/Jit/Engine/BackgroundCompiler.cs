using Vm.Frontend.Bytecode;
using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;

namespace Vm.Jit.Engine;

/// <summary>
/// Lazy mode's helper thread: compiles the functions the program is likely to call next before it
/// calls them, so a first call (a game's first frame, a rarely used path) does not stop the program
/// for its compilation. "Likely next" is the direct references (calls, closures) of the functions
/// compiled so far, breadth first, those called inside loops (most of all in loops of functions
/// themselves called in loops) before the others: the frontier of what actually runs. A function the
/// program needs before this thread reaches it is compiled by the program's thread as usual, at the same
/// time (see docs/jit.md); one this thread is compiling is waited for (ORC). Functions nothing compiled
/// refers to are never compiled.
/// </summary>
internal sealed class BackgroundCompiler : IDisposable
{
    private readonly OrcJit _jit;
    private readonly HlModule _code;
    // A function's state: not queued, queued at a level (a lower level is compiled first), or compiled.
    // Levels follow expected call counts: named in a loop of a function itself called in a loop (a game's
    // per-frame work), named in a loop, named by a function called in a loop, the rest.
    private const int NotQueued = 0, Hottest = 1, Hot = 2, Warm = 3, Cold = 4, Done = 5;
    private readonly int[] _state;
    private readonly bool[] _hot;
    private readonly Queue<int>[] _queues = [new(), new(), new(), new()];
    private bool _compiledSinceIdle;
    private readonly object _lock = new(); // Monitor: the thread waits on it for work
    private readonly Thread _thread;
    private bool _stopping;

    public BackgroundCompiler(OrcJit jit, HlModule code)
    {
        _jit = jit;
        _code = code;
        _state = new int[code.FunctionIndexCount];
        _hot = new bool[code.FunctionIndexCount];
        _thread = new Thread(Run) { IsBackground = true, Name = "vm background compiler" };
        // A process exit must not tear LLVM down under a compilation in progress.
        AppDomain.CurrentDomain.ProcessExit += OnProcessExit;
    }

    public void Start() => _thread.Start();

    /// <summary>
    /// Called whenever a function or thunk is produced, on whichever thread: it is done, and what it
    /// refers to is queued by expected call count (see the levels): what runs often and soon goes first.
    /// </summary>
    public void Produced(int findex)
    {
        var references = _code.GetCallee(findex).Function is { } f ? DirectReferences(f) : [];
        lock (_lock)
        {
            var calledOften = _hot[findex];
            _state[findex] = Done;
            foreach (var (r, inLoop) in references)
            {
                var level = inLoop ? calledOften ? Hottest : Hot : calledOften ? Warm : Cold;
                if (inLoop)
                    _hot[r] = true;
                if (_state[r] == Done || (_state[r] != NotQueued && _state[r] <= level))
                    continue;
                // Found at a better level than it was queued at: queued again there; the stale entry is skipped.
                _state[r] = level;
                _queues[level - 1].Enqueue(r);
            }
            if (_queues.Any(q => q.Count > 0))
                Monitor.PulseAll(_lock);
        }
    }

    /// <summary>Functions an HL function names (calls, closures), each once, with whether a loop contains the reference.</summary>
    private static List<(int Function, bool InLoop)> DirectReferences(HlFunction f)
    {
        var code = f.Instructions;
        // Loops are the ranges spanned by backward jumps.
        var loopDepth = new int[code.Count + 1];
        for (var i = 0; i < code.Count; i++)
            foreach (var target in code[i].JumpTargets(i))
                if (target <= i && target >= 0)
                {
                    loopDepth[target]++;
                    loopDepth[i + 1]--;
                }
        var seen = new Dictionary<int, int>();
        var result = new List<(int, bool)>();
        var depth = 0;
        for (var i = 0; i < code.Count; i++)
        {
            depth += loopDepth[i];
            var ins = code[i];
            var kinds = ins.Info.Operands;
            var operands = ins.Operands;
            for (var k = 0; k < kinds.Length && k < operands.Length; k++)
            {
                if (kinds[k] != OperandKind.Function)
                    continue;
                if (seen.TryGetValue(operands[k], out var at))
                    result[at] = (operands[k], result[at].Item2 || depth > 0);
                else
                {
                    seen[operands[k]] = result.Count;
                    result.Add((operands[k], depth > 0));
                }
            }
        }
        return result;
    }

    private void Run()
    {
        OrcJit.MarkHelperThread();
        while (true)
        {
            var next = -1;
            lock (_lock)
            {
                if (_compiledSinceIdle && !_stopping && _queues.All(q => q.Count == 0))
                {
                    _compiledSinceIdle = false;
                }
                else
                {
                    while (!_stopping && _queues.All(q => q.Count == 0))
                        Monitor.Wait(_lock);
                    if (_stopping)
                        return;
                    next = _queues.First(q => q.Count > 0).Dequeue();
                    if (_state[next] == Done)
                        continue;
                }
            }
            if (next < 0)
            {
                // Everything known is compiled: what the compilations freed goes back to the system.
                CompilerMemory.Release();
                continue;
            }
            try
            {
                // Materializes the function on this thread unless the program's thread got there first.
                _jit.Lookup(Symbols.FunctionBody(next));
            }
            catch (LlvmException)
            {
                // Reported by the lazy-compile failure hook; the program meets it if it calls the function.
            }
            lock (_lock)
            {
                _state[next] = Done;
                _compiledSinceIdle = true;
            }
        }
    }

    /// <summary>Stops the thread after the compilation in progress, if any.</summary>
    public void Stop()
    {
        lock (_lock)
        {
            _stopping = true;
            Monitor.PulseAll(_lock);
        }
        // Bounded: at exit, a thread waiting on a compilation that will never finish must not hang the process.
        if (_thread.IsAlive && _thread != Thread.CurrentThread)
            _thread.Join(TimeSpan.FromSeconds(5));
    }

    private void OnProcessExit(object? sender, EventArgs e) => Stop();

    public void Dispose()
    {
        Stop();
        AppDomain.CurrentDomain.ProcessExit -= OnProcessExit;
    }
}
