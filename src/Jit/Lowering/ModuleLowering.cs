using Vm.Frontend.Model;
using Vm.Jit.Abi;
using Vm.Jit.Llvm;
using Vm.Jit.Support;
using Vm.Runtime;

namespace Vm.Jit.Lowering;

/// <summary>
/// Everything lowering needs while filling one LLVM module: the module, type mapping, and
/// declarations of the HL functions, natives, runtime helpers and support functions it calls.
/// </summary>
internal sealed class ModuleLowering
{
    private readonly Dictionary<string, LFunction> _declared = [];

    public ModuleLowering(LlvmModule module, VmRuntime runtime, RuntimeHelperTable helpers)
    {
        Module = module;
        Runtime = runtime;
        Helpers = helpers;
        Types = new HlTypeMap(module.Context);
    }

    public LlvmModule Module { get; }
    public VmRuntime Runtime { get; }
    public RuntimeHelperTable Helpers { get; }
    public HlTypeMap Types { get; }
    public LlvmContext Context => Module.Context;
    public HlModule Code => Runtime.Module;

    /// <summary>The callable symbol of a function index (bytecode function or native thunk), HL convention.</summary>
    public LFunction HlFunction(int findex)
    {
        var name = Symbols.Function(findex);
        if (_declared.TryGetValue(name, out var f))
            return f;
        f = Module.Function(name, Types.HlFunction(Code.GetCallee(findex).Type.Function!));
        _declared[name] = f;
        return f;
    }

    /// <summary>A native's C entry point (no context argument).</summary>
    public LFunction Native(HlNative native)
    {
        var name = Symbols.Native(native.Index);
        if (_declared.TryGetValue(name, out var f))
            return f;
        f = Module.Function(name, Types.NativeFunction(native.Type.Function!));
        // Natives never unwind: no statepoint needed at their calls (the raise after them has one).
        Module.AddFunctionAttribute(f, Context.StringAttribute("gc-leaf-function", ""));
        _declared[name] = f;
        return f;
    }

    /// <summary>
    /// The callback shim for <paramref name="target"/>, a native or helper that may call back into HL code and
    /// let objects move meanwhile: <c>shim(ctx, args...)</c> keeps a frame pointer, records its frame in the
    /// thread context for the call's duration and calls the target. The shim is not a GC leaf, so the HL
    /// caller's call to it is a statepoint: a collection inside the callback resumes its stack walk at the
    /// shim frame (see RootWalker) and finds, and updates, the caller's references.
    /// </summary>
    public LFunction CallbackShim(LFunction target, string targetName)
    {
        var name = "vm.shim." + targetName;
        if (_declared.TryGetValue(name, out var shim))
            return shim;
        var c = Context;
        var ret = target.Type.ReturnType;
        var parameters = target.Type.ParamTypes;
        shim = Module.Function(name, c.Function(ret, [c.Ptr, .. parameters]), Linkage.Internal);
        Module.AddFunctionAttribute(shim, c.EnumAttribute("noinline"));
        Module.AddFunctionAttribute(shim, c.StringAttribute("frame-pointer", "all"));
        using var b = new IrBuilder(c);
        b.PositionAtEnd(Module.AppendBlock(shim, "entry"));
        var outer = CallbackShimFrame.Enter(b, Module, shim.Param(0));
        var args = new LValue[parameters.Length];
        for (var i = 0; i < args.Length; i++)
            args[i] = shim.Param(i + 1);
        var result = b.Call(target, args);
        CallbackShimFrame.Exit(b, shim.Param(0), outer);
        if (ret == c.Void)
            b.RetVoid();
        else
            b.Ret(result);
        _declared[name] = shim;
        return shim;
    }

    /// <summary>A runtime helper by name; unsupported when the runtime does not have it.</summary>
    public (LFunction Function, RuntimeHelper Helper) Helper(string name)
    {
        var helper = Helpers.Find(name) ?? throw new UnsupportedOpcodeException($"runtime helper {name}");
        if (!_declared.TryGetValue(name, out var f))
        {
            f = Module.Function(name, RuntimeHelperTable.LlvmType(Context, helper.Method));
            Module.AddFunctionAttribute(f, Context.StringAttribute("gc-leaf-function", ""));
            _declared[name] = f;
        }
        return (f, helper);
    }

    /// <summary>The safepoint support function (returns normally; its calls are statepoints).</summary>
    public LFunction SafepointFunction()
    {
        if (_declared.TryGetValue(Symbols.Safepoint, out var f))
            return f;
        f = Module.Function(Symbols.Safepoint, Context.Function(Context.Void, [Context.Ptr]));
        Module.AddFunctionAttribute(f, Context.EnumAttribute("cold"));
        _declared[Symbols.Safepoint] = f;
        return f;
    }

    /// <summary>A support function (vm.throw, vm.raise_pending, vm.null_access): context in, never returns.</summary>
    public LFunction Support(string name)
    {
        if (_declared.TryGetValue(name, out var f))
            return f;
        f = SupportModule.Declare(Module, name, Context.Function(Context.Void, [Context.Ptr]));
        _declared[name] = f;
        return f;
    }
}
