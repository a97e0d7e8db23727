using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Frontend.Model;
using Vm.Runtime.Debugging;
using Vm.Runtime.Threading;
using Vm.Runtime.Values;

namespace Vm.Runtime.Natives.Debugging;

/// <summary>haxe.NativeStackTrace: the frames of the last exception, as HashLink formats them.</summary>
public static unsafe class StackNatives
{
    [HlNative("std", "exception_stack")]
    [UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static nint ExceptionStack()
    {
        var thread = VmThread.Current;
        var rt = thread.Runtime;
        var frames = thread.ExceptionStack;
        var array = HlArrays.Allocate(rt, rt.Types.Builtin(TypeKind.Bytes), frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            var text = rt.Strings.AllocUtf16(CallSites.Describe(rt.Module, frames[i]));
            Gc.WriteBarrier.Store(HlArrays.Data(array) + 8 * i, text);
        }
        return array;
    }
}
