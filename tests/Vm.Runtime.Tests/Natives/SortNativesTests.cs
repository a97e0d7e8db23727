using Vm.Frontend.Model;
using Vm.Runtime.JitAbi;
using Vm.Runtime.Natives.Std;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Tests.Natives;

/// <summary>
/// bsort_i32 / bsort_f64. Expected orders and comparison sequences were produced by hl's own sort
/// (src/std/sort.h) with the same comparators.
/// </summary>
public unsafe class SortNativesTests
{
    private sealed class Logging : ISortComparer<int>
    {
        public List<string> Pairs { get; } = [];

        public int Compare(int a, int b)
        {
            Pairs.Add($"{a},{b}");
            return a < b ? -1 : a > b ? 1 : 0;
        }
    }

    private readonly struct Func(Func<int, int, int> f) : ISortComparer<int>
    {
        public int Compare(int a, int b) => f(a, b);
    }

    private static string Join<T>(IEnumerable<T> xs) => string.Join(", ", xs);

    [Fact]
    public void Makes_hls_comparisons_in_hls_order()
    {
        int[] a = [5, 3, 9, 1, 7, 2, 8, 6, 4, 0, 11, 10, 15, 13, 12, 14, 19, 17, 16, 18, 3, 3, 5];
        var cmp = new Logging();
        HlMergeSort.Sort(a.AsSpan(), ref cmp);
        Assert.Equal("0, 1, 2, 3, 3, 3, 4, 5, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19", Join(a));
        Assert.Equal(94, cmp.Pairs.Count);
        Assert.Equal(
            "3,5 9,5 1,9 1,5 1,3 7,9 7,5 2,9 2,7 2,5 2,3 2,1 8,9 8,7 6,9 6,8 6,7 6,5 4,9 4,8 4,7 4,6 4,5 4,3 0,9 0,8 0,7 0,6 " +
            "0,5 0,4 0,3 0,2 0,1 11,9 15,10 13,15 13,10 12,15 12,13 12,10 14,15 14,13 19,15 16,17 18,17 3,18 3,17 3,16 3,18 " +
            "3,17 3,16 3,3 5,18 5,17 5,16 5,3 16,14 16,19 16,15 3,13 5,13 3,12 3,10 5,12 5,10 5,12 5,10 17,19 18,19 18,19 14,5 " +
            "14,8 14,11 10,5 3,5 5,5 3,2 3,2 3,3 3,3 3,4 3,3 3,3 3,4 12,8 10,8 5,8 5,6 5,5 12,9 12,11 10,9 10,11 10,9",
            string.Join(" ", cmp.Pairs));
    }

    [Fact]
    public void Is_stable_and_deterministic_with_inconsistent_comparators()
    {
        var k = new[] { 31, 12, 35, 17, 10, 33, 14, 38, 11, 30, 19, 36, 15, 32, 13, 37, 16, 34, 18, 39 };
        var byTens = new Func((a, b) => a / 10 - b / 10);
        HlMergeSort.Sort(k.AsSpan(), ref byTens);
        Assert.Equal("12, 17, 10, 14, 11, 19, 15, 13, 16, 18, 31, 35, 33, 38, 30, 36, 32, 37, 34, 39", Join(k));

        var w = Enumerable.Range(0, 30).ToArray();
        var weird = new Func((a, b) => (a * 7 + b * 3) % 5 - 2);
        HlMergeSort.Sort(w.AsSpan(), ref weird);
        Assert.Equal("22, 7, 23, 8, 15, 0, 24, 25, 26, 16, 9, 10, 11, 1, 27, 17, 12, 2, 18, 19, 28, 3, 4, 13, 20, 5, 29, 14, 21, 6", Join(w));
    }

    /// <summary>Stands in for the JIT: runs the comparator in C#; a null result means "it threw".</summary>
    private sealed class TestInvoker(Func<nint, ulong[], ulong?> call) : IHlInvoker
    {
        public bool Invoke(nint function, HlType signature, ReadOnlySpan<ulong> args, out ulong result) =>
            throw new NotSupportedException();

        public bool InvokeClosure(nint closure, ReadOnlySpan<ulong> args, out ulong result)
        {
            var r = call(closure, args.ToArray());
            result = r ?? 0;
            if (r is null)
                VmThread.Current.Context->PendingException = 1;
            return r is not null;
        }
    }

    private static ulong Slot(int v) => (ulong)(long)v;

    [Fact]
    public void Natives_call_the_closure_through_the_invoker()
    {
        using var f = new RuntimeFixture();
        var sortI32 = (delegate* unmanaged<nint, int, int, nint, void>)f.Native("std", "bsort_i32");
        var sortF64 = (delegate* unmanaged<nint, int, int, nint, void>)f.Native("std", "bsort_f64");
        var closure = (nint)0x1234560;
        var seen = new List<nint>();
        f.Runtime.Invoker = new TestInvoker((c, args) =>
        {
            seen.Add(c);
            var (a, b) = ((int)args[0], (int)args[1]);
            Assert.Equal(Slot(a), args[0]); // ints travel sign-extended
            return Slot(a < b ? -1 : a > b ? 1 : 0);
        });
        int[] ints = [99, 4, -1, 3, -9, 7, 99];
        fixed (int* p = ints)
            sortI32((nint)p, 4, 5, closure); // pos is in bytes: elements 1..5
        Assert.Equal("99, -9, -1, 3, 4, 7, 99", Join(ints));
        Assert.All(seen, c => Assert.Equal(closure, c));

        f.Runtime.Invoker = new TestInvoker((c, args) =>
        {
            var (a, b) = (BitConverter.UInt64BitsToDouble(args[0]), BitConverter.UInt64BitsToDouble(args[1]));
            return Slot(a < b ? -1 : a > b ? 1 : 0);
        });
        double[] ds = [3.5, -1, double.NaN, 2, -0.0, 0.0, 1e300, -1e300, 0.5, double.NaN, 7, 6, 5, 4, 3];
        fixed (double* p = ds)
            sortF64((nint)p, 0, ds.Length, closure);
        Assert.Equal("-1E+300, -1, 3.5, NaN, -0, 0, 0.5, 2, NaN, 3, 4, 5, 6, 7, 1E+300",
            Join(ds.Select(d => d.ToString(System.Globalization.CultureInfo.InvariantCulture))));
        Assert.Null(f.TakePendingError());
    }

    [Fact]
    public void A_throwing_comparator_stops_the_sort()
    {
        using var f = new RuntimeFixture();
        var sortI32 = (delegate* unmanaged<nint, int, int, nint, void>)f.Native("std", "bsort_i32");
        var calls = 0;
        f.Runtime.Invoker = new TestInvoker((c, args) => ++calls == 3 ? null : Slot((int)args[0] - (int)args[1]));
        int[] ints = [5, 4, 3, 2, 1];
        fixed (int* p = ints)
            sortI32((nint)p, 0, 5, 1);
        Assert.Equal(3, calls);
        Assert.Equal(1, f.Thread.Context->PendingException);
        f.Thread.Context->PendingException = 0;
        // The first two comparisons swapped; the third threw before its swap.
        Assert.Equal("4, 3, 5, 2, 1", Join(ints));
    }

    [Fact]
    public void Null_comparator_and_missing_jit()
    {
        using var f = new RuntimeFixture();
        var sortI32 = (delegate* unmanaged<nint, int, int, nint, void>)f.Native("std", "bsort_i32");
        int[] ints = [2, 1];
        fixed (int* p = ints)
        {
            // A comparator is only needed when there is something to compare.
            sortI32((nint)p, 0, 1, 0);
            Assert.Null(f.TakePendingError());
            sortI32((nint)p, 0, 2, 0);
            Assert.Equal("Null access", f.TakePendingError());
            f.Runtime.Invoker = null;
            sortI32((nint)p, 0, 2, 1);
            Assert.NotNull(f.TakePendingError());
        }
        Assert.Equal("2, 1", Join(ints));
    }
}
