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
