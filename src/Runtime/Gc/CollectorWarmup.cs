using System.Reflection;
using System.Runtime.CompilerServices;
using Vm.Runtime.Memory;

namespace Vm.Runtime.Gc;

/// <summary>
/// Compiles the collector's code on a background thread when a program starts, so the first collection
/// (often in the middle of a program's first busy frames) does not also pay for .NET compiling it. The
/// scanners are generic over the collector's visitor structs: each instantiation is its own code, so every
/// (method, visitor) pair the collector uses is prepared, including the range filter over each visitor.
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

    private const BindingFlags All = BindingFlags.Instance | BindingFlags.Static | BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.DeclaredOnly;

    private static void Prepare()
    {
        Type[] types =
        [
            typeof(MinorCollector), typeof(HeapMarker), typeof(IncrementalMarking), typeof(GarbageCollector), typeof(YoungGeneration), typeof(OldSpace),
            typeof(OldSpacePage), typeof(OldRegion), typeof(CardTable), typeof(RootSet), typeof(RootWalker), typeof(Finalizers),
            typeof(RuntimeRoots), typeof(BlockScanner), typeof(ReferenceMap), typeof(Heap), typeof(BlockHeader), typeof(WriteBarrier),
            typeof(SizeClasses),
        ];
        var withNested = types.Concat(types.SelectMany(t => t.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public))).ToList();
        var visitors = withNested.Where(t => t.IsValueType && !t.IsGenericTypeDefinition
            && (typeof(IReferenceVisitor).IsAssignableFrom(t) || typeof(IDirtyCardVisitor).IsAssignableFrom(t))).ToList();
        // Generic visitor wrappers (the range filter of card scanning), closed over each plain visitor.
        var wrappers = withNested.Where(t => t.IsValueType && t.IsGenericTypeDefinition && t.GetGenericArguments().Length == 1)
            .SelectMany(t => visitors.Select(v => TryMake(t, v)).OfType<Type>()).ToList();
        visitors.AddRange(wrappers);
        foreach (var type in withNested.Where(t => !t.IsGenericTypeDefinition).Concat(wrappers))
            foreach (var method in type.GetMethods(All).Cast<MethodBase>().Concat(type.GetConstructors(All)))
                PrepareMethod(method, visitors);
    }

    private static Type? TryMake(Type definition, Type argument)
    {
        try
        {
            return definition.MakeGenericType(argument);
        }
        catch (ArgumentException)
        {
            return null; // constraints not met
        }
    }

    private static void PrepareMethod(MethodBase method, List<Type> visitors)
    {
        if (method.IsAbstract)
            return;
        try
        {
            if (!method.IsGenericMethodDefinition)
            {
                var declaring = method.DeclaringType!;
                RuntimeHelpers.PrepareMethod(method.MethodHandle,
                    declaring.IsConstructedGenericType ? declaring.GetGenericArguments().Select(a => a.TypeHandle).ToArray() : null);
                return;
            }
            if (method is MethodInfo info && info.GetGenericArguments().Length == 1)
            {
                foreach (var visitor in visitors)
                {
                    try
                    {
                        RuntimeHelpers.PrepareMethod(info.MakeGenericMethod(visitor).MethodHandle);
                    }
                    catch (ArgumentException)
                    {
                        // Constraints not met for this visitor: nothing to prepare.
                    }
                }
            }
        }
        catch (ArgumentException)
        {
        }
    }
}
