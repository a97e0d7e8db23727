using System.Reflection;
using System.Runtime.CompilerServices;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Gc;

/// <summary>
/// Compiles the collector's code on a background thread when a program starts, so the first collection
/// (often in the middle of a program's first busy frames) does not also pay for .NET compiling it.
/// </summary>
public static class CollectorWarmup
{
    private static int _started;

    /// <summary>Starts the warm-up once per process; returns at once.</summary>
    public static void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
            ThreadPool.UnsafeQueueUserWorkItem(_ => Prepare(), null);
    }

    private static void Prepare()
    {
        Type[] types =
        [
            typeof(MinorCollector), typeof(HeapMarker), typeof(GarbageCollector), typeof(YoungGeneration), typeof(OldSpace),
            typeof(OldSpacePage), typeof(CardTable), typeof(RootSet), typeof(RootWalker), typeof(Finalizers), typeof(RuntimeRoots),
            typeof(BlockScanner), typeof(ReferenceMap), typeof(Heap), typeof(BlockHeader),
        ];
        var visitors = new[] { typeof(MinorCollector), typeof(HeapMarker) }
            .SelectMany(t => t.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public))
            .Where(t => t.IsValueType && typeof(IReferenceVisitor).IsAssignableFrom(t)).ToArray();
        const BindingFlags all = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;
        foreach (var type in types.Concat(types.SelectMany(t => t.GetNestedTypes(BindingFlags.NonPublic))))
        {
            if (type.IsGenericTypeDefinition)
                continue;
            foreach (var method in type.GetMethods(all).Cast<MethodBase>().Concat(type.GetConstructors(all)))
            {
                try
                {
                    if (method.IsAbstract)
                        continue;
                    if (!method.IsGenericMethodDefinition)
                    {
                        RuntimeHelpers.PrepareMethod(method.MethodHandle);
                        continue;
                    }
                    // The scanners are generic over the collector's visitors.
                    if (method is MethodInfo info && info.GetGenericArguments().Length == 1)
                        foreach (var visitor in visitors)
                            RuntimeHelpers.PrepareMethod(info.MakeGenericMethod(visitor).MethodHandle);
                }
                catch (ArgumentException)
                {
                    // Constraints not met for a visitor: nothing to prepare.
                }
            }
        }
    }
}
