using System.Collections.Concurrent;
using Vm.Frontend.Model;
using Vm.Runtime;
using Vm.Runtime.Dynamic;
using Vm.Runtime.JitAbi;
using Vm.Runtime.Types;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Jit.Engine;

/// <summary>Calls HL code from C# through entry trampolines; a thrown exception comes back as pending.</summary>
internal sealed unsafe class HlInvoker(JitEngine engine, VmRuntime runtime) : IHlInvoker, IHlCodeAddresses
{
    // Natives call back into HL in hot loops (sort comparators, map iterations, dynamic calls): the
    // trampoline of a closure type or signature is looked up once, not rebuilt as a shape key per call.
    private readonly ConcurrentDictionary<(nint Type, bool Bound), nint> _closureTrampolines = new();
    private readonly ConcurrentDictionary<HlType, nint> _signatureTrampolines = new(ReferenceEqualityComparer.Instance);

    public nint FunctionAddress(int functionIndex) => runtime.Functions[functionIndex];

    public nint FunWrapperEntry(RuntimeType funType)
    {
        var sig = SignatureOf(funType);
        return sig is null ? 0 : engine.Wrapper(sig);
    }

    private static FunctionSignature? SignatureOf(RuntimeType type) =>
        type.ClosureOf is { } full ? new FunctionSignature(full.Function!.Args.Skip(1).ToArray(), full.Function.Return)
            : type.Source?.Function;

    public bool Invoke(nint function, HlType signature, ReadOnlySpan<ulong> args, out ulong result)
    {
        var sig = signature.Function ?? throw new ArgumentException($"{signature} is not a function type", nameof(signature));
        if (args.Length != sig.Args.Count)
            throw new ArgumentException($"{signature} takes {sig.Args.Count} arguments, {args.Length} given", nameof(args));
        if (!_signatureTrampolines.TryGetValue(signature, out var trampoline))
            trampoline = _signatureTrampolines[signature] = engine.Trampoline(sig, boundValue: false);
        return Call(trampoline, function, args, out result);
    }

    public bool InvokeClosure(nint closure, ReadOnlySpan<ulong> args, out ulong result)
    {
        var typeDescriptor = *(nint*)closure;
        var fn = *(nint*)(closure + ValueLayout.ClosureFunction);
        var hasValue = *(int*)(closure + ValueLayout.ClosureHasValue) != 0;
        if (!_closureTrampolines.TryGetValue((typeDescriptor, hasValue), out var trampoline))
            trampoline = _closureTrampolines[(typeDescriptor, hasValue)] = ClosureTrampoline(typeDescriptor, hasValue);
        if (!hasValue)
            return Call(trampoline, fn, args, out result);
        Span<ulong> withValue = stackalloc ulong[args.Length + 1];
        withValue[0] = (ulong)*(nint*)(closure + ValueLayout.ClosureValue);
        args.CopyTo(withValue[1..]);
        return Call(trampoline, fn, withValue, out result);
    }

    private nint ClosureTrampoline(nint typeDescriptor, bool bound)
    {
        var type = runtime.Types.FromNative(typeDescriptor);
        var sig = SignatureOf(type) ?? throw new InvalidOperationException($"{type} is not a function type");
        return engine.Trampoline(sig, bound);
    }

    /// <summary>Runs a trampoline on the current VM thread; false (exception pending) if the callee threw.</summary>
    internal static bool Call(nint trampoline, nint function, ReadOnlySpan<ulong> args, out ulong result)
    {
        var ctx = VmThread.Current.Context;
        ulong r = 0;
        int status;
        fixed (ulong* a = args)
            status = ((delegate* unmanaged<nint, nint, ulong*, ulong*, int>)trampoline)((nint)ctx, function, a, &r);
        result = r;
        if (status == 0)
            return true;
        ctx->PendingException = 1;
        return false;
    }
}
