using System.Runtime.InteropServices;
using Vm.Jit.Llvm;
using Vm.Jit.Support;
using Vm.Runtime.Gc;
using Vm.Runtime.Threading;

namespace Vm.Jit.Tests;

/// <summary>
/// Stack maps on hand-written IR: a function with references live across a call is rewritten with
/// statepoints; the stack map records are decoded, the root walker finds the live references in the
/// real frame, and a "move" written into those slots is what the function sees after the call.
/// </summary>
public unsafe class StackMapRootsTests
{
    private static SafepointTable? _table;
    private static readonly List<(nint Base, nint Derived)> Seen = [];
    private static nint _moveFrom, _moveTo;

    [UnmanagedCallersOnly]
    private static void Probe(nint framePointer)
    {
        var ctx = stackalloc ThreadContextData[1];
        RootWalker.Walk(_table!, ctx, framePointer, (b, d) =>
        {
            Seen.Add((*b, *d));
            if (*b == _moveFrom)
            {
                var delta = *d - *b;
                *b = _moveTo;
                *d = _moveTo + delta;
            }
        });
    }

    [Fact]
    public void Roots_are_found_in_the_frame_and_relocated_values_are_used_after_the_call()
    {
        using var jit = new OrcJit();
        using var tm = new LlvmTargetMachine();
        var records = new List<StackMapRecord>();
        _table = new SafepointTable();
        jit.StackMapsLoaded += bytes =>
        {
            foreach (var r in StackMapParser.Parse(bytes.Span))
            {
                records.Add(r);
                _table.Add(r.ReturnAddress, new SafepointRoots(r.Id, r.StatepointRoots()));
            }
        };
        delegate* unmanaged<nint, void> probe = &Probe;
        jit.DefineAbsolute([("test_probe", (nint)probe)]);

        var m = jit.CreateModule("gcmodule");
        var c = m.Context;
        using var b = new IrBuilder(c);
        // probe(): gives the runtime its own frame, like vm.safepoint does.
        var rtProbe = m.Function("test_probe", c.Function(c.Void, [c.Ptr]));
        var probeFn = m.Function("probe", c.Function(c.Void, []));
        m.AddFunctionAttribute(probeFn, c.StringAttribute("frame-pointer", "all"));
        m.AddFunctionAttribute(probeFn, c.EnumAttribute("noinline"));
        b.PositionAtEnd(m.AppendBlock(probeFn, "entry"));
        b.Call(rtProbe, [b.FrameAddress(m)]);
        b.RetVoid();
        // gcfn(a, b): calls probe with a and b+16 live, then returns a + (load of b+16).
        var gcfn = m.Function("gcfn", c.Function(c.I64, [c.GcPtr, c.GcPtr]));
        m.AddFunctionAttribute(gcfn, c.StringAttribute("frame-pointer", "all"));
        LlvmModule.SetGC(gcfn, "statepoint-example");
        b.PositionAtEnd(m.AppendBlock(gcfn, "entry"));
        var derived = b.ByteOffset(gcfn.Param(1), 16);
        var call = b.Call(probeFn, []);
        b.SetCallAttribute(call, "statepoint-id", "77");
        var loaded = b.Load(c.I64, derived);
        var aValue = b.Load(c.I64, gcfn.Param(0));
        b.Ret(b.Add(aValue, loaded));
        Assert.Null(m.Verify());
        tm.RunPasses(m, "default<O2>,rewrite-statepoints-for-gc");
        Assert.Null(m.Verify());
        jit.AddModule(m);
        var fn = (delegate* unmanaged<nint, nint, long>)jit.Lookup("gcfn");

        var objA = Marshal.AllocHGlobal(64);
        var objB = Marshal.AllocHGlobal(64);
        var movedA = Marshal.AllocHGlobal(64);
        try
        {
            *(long*)objA = 1000;
            *(long*)movedA = 5000;
            *(long*)(objB + 16) = 7;
            _moveFrom = objA;
            _moveTo = movedA;
            Seen.Clear();
            var result = fn(objA, objB);

            var record = Assert.Single(records, r => r.Id == 77);
            Assert.True(record.StatepointRoots().Count >= 2);
            Assert.All(record.StatepointRoots(), p => Assert.Equal(LocationKind.Indirect, p.Base.Kind));
            var seen = string.Join(", ", Seen.Select(s => $"({s.Base:x},{s.Derived:x})"));
            Assert.True(Seen.Any(s => s.Base == movedA || s.Base == objA), $"a not among the roots: {seen} (a={objA:x})");
            // b is live through its derived pointer (or rematerialized from b after the call).
            Assert.True(Seen.Any(s => s.Base == objB), $"b not among the roots: {seen} (b={objB:x})");
            // The function read `a` after the call: it must have used the moved copy.
            Assert.Equal(5007, result);
        }
        finally
        {
            Marshal.FreeHGlobal(objA);
            Marshal.FreeHGlobal(objB);
            Marshal.FreeHGlobal(movedA);
        }
    }
}
