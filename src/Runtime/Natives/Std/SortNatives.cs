using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Vm.Runtime.Dynamic;
using Vm.Runtime.JitAbi;
using Vm.Runtime.Threading;

namespace Vm.Runtime.Natives.Std;

/// <summary>A comparison callback for <see cref="HlMergeSort"/>; it may throw to abandon the sort.</summary>
public interface ISortComparer<T>
{
    int Compare(T a, T b);
}

/// <summary>The elements a sort reads and writes, by index (a span, or memory that may move between comparisons).</summary>
public interface ISortItems<T>
{
    T this[int index] { get; set; }
}

/// <summary>
/// hl's in-place, stable merge sort (behind Array&lt;Int&gt;/Array&lt;Float&gt;.sort): insertion sort below
/// 12 elements, recursive halves merged by rotations. The comparison sequence is hl's, so
/// comparators with side effects, inconsistent results or exceptions behave as on hl.
/// </summary>
public static class HlMergeSort
{
    private const int InsertionLimit = 12;

    public static void Sort<T, TCmp>(Span<T> items, ref TCmp cmp) where TCmp : ISortComparer<T> =>
        Sort<T, SpanItems<T>, TCmp>(new SpanItems<T>(items), items.Length, ref cmp);

    /// <summary>Sorts elements [0, <paramref name="length"/>) of <paramref name="items"/>, read and written in place.</summary>
    public static void Sort<T, TItems, TCmp>(TItems items, int length, ref TCmp cmp)
        where TItems : ISortItems<T>, allows ref struct
        where TCmp : ISortComparer<T>
    {
        var s = new Sorter<T, TItems, TCmp>(items, cmp);
        s.SortRange(0, length);
        cmp = s.Cmp;
    }

    private readonly ref struct SpanItems<T>(Span<T> span) : ISortItems<T>
    {
        private readonly Span<T> _span = span;

        public T this[int index]
        {
            get => _span[index];
            set => _span[index] = value;
        }
    }

    private ref struct Sorter<T, TItems, TCmp>(TItems a, TCmp cmp)
        where TItems : ISortItems<T>, allows ref struct
        where TCmp : ISortComparer<T>
    {
        private readonly TItems _a = a;
        public TCmp Cmp = cmp;

        private int Compare(int i, int j) => Cmp.Compare(_a[i], _a[j]);

        private readonly void Swap(int i, int j) => (_a[i], _a[j]) = (_a[j], _a[i]);

        public void SortRange(int from, int to)
        {
            if (to - from < InsertionLimit)
            {
                for (var i = from + 1; i < to; i++)
                    for (var j = i; j > from && Compare(j, j - 1) < 0; j--)
                        Swap(j - 1, j);
                return;
            }
            var middle = (from + to) >> 1;
            SortRange(from, middle);
            SortRange(middle, to);
            Merge(from, middle, to, middle - from, to - middle);
        }

        /// <summary>First index in [from, to) whose element is not less than element <paramref name="val"/>.</summary>
        private int Lower(int from, int to, int val)
        {
            var len = to - from;
            while (len > 0)
            {
                var half = len >> 1;
                var mid = from + half;
                if (Compare(mid, val) < 0)
                {
                    from = mid + 1;
                    len = len - half - 1;
                }
                else
                {
                    len = half;
                }
            }
            return from;
        }

        /// <summary>First index in [from, to) whose element is greater than element <paramref name="val"/>.</summary>
        private int Upper(int from, int to, int val)
        {
            var len = to - from;
            while (len > 0)
            {
                var half = len >> 1;
                var mid = from + half;
                if (Compare(val, mid) < 0)
                {
                    len = half;
                }
                else
                {
                    from = mid + 1;
                    len = len - half - 1;
                }
            }
            return from;
        }

        private static int Gcd(int m, int n)
        {
            while (n != 0)
                (m, n) = (n, m % n);
            return m;
        }

        /// <summary>Exchanges [from, mid) and [mid, to) by cycles (no comparisons).</summary>
        private readonly void Rotate(int from, int mid, int to)
        {
            if (from == mid || mid == to)
                return;
            var n = Gcd(to - from, mid - from);
            var shift = mid - from;
            while (n-- != 0)
            {
                var val = _a[from + n];
                int p1 = from + n, p2 = from + n + shift;
                while (p2 != from + n)
                {
                    _a[p1] = _a[p2];
                    p1 = p2;
                    p2 = to - p2 > shift ? p2 + shift : from + (shift - (to - p2));
                }
                _a[p1] = val;
            }
        }

        private void Merge(int from, int pivot, int to, int len1, int len2)
        {
            if (len1 == 0 || len2 == 0)
                return;
            if (len1 + len2 == 2)
            {
                if (Compare(pivot, from) < 0)
                    Swap(pivot, from);
                return;
            }
            int firstCut, secondCut, len11, len22;
            if (len1 > len2)
            {
                len11 = len1 >> 1;
                firstCut = from + len11;
                secondCut = Lower(pivot, to, firstCut);
                len22 = secondCut - pivot;
            }
            else
            {
                len22 = len2 >> 1;
                secondCut = pivot + len22;
                firstCut = Upper(from, pivot, secondCut);
                len11 = firstCut - from;
            }
            Rotate(firstCut, pivot, secondCut);
            var newMid = firstCut + len22;
            Merge(from, firstCut, newMid, len11, len22);
            Merge(newMid, secondCut, to, len1 - len11, len2 - len22);
        }
    }
}

/// <summary>
/// bsort_i32 / bsort_f64: sort a range of an hl.Bytes buffer in place with an HL closure as comparator.
/// Collections during a comparison may move the buffer and the closure (the JIT calls these natives through
/// a callback shim): both are held in the thread's <see cref="Gc.HandleStack"/> and every element access
/// goes through the buffer's current address, so the comparator sees the array as it is at that point of
/// the sort, as on hl. When the comparator throws (or exits), the sort stops where it is and the native
/// returns with the exception pending, for the JIT call site to raise: on hl the throw unwinds out of the
/// sort at the same point.
/// </summary>
public static unsafe class SortNatives
{
    private sealed class AbortSort : Exception;

    // Elements of the buffer held by handle `buffer`, from byte `pos` on.
    private readonly struct HeldItems<T>(Gc.HandleStack handles, int buffer, int pos) : ISortItems<T> where T : unmanaged
    {
        public T this[int index]
        {
            get => ((T*)(handles[buffer] + pos))[index];
            set => ((T*)(handles[buffer] + pos))[index] = value;
        }
    }

    private readonly struct ClosureComparer(DynamicState s, Gc.HandleStack handles, int closure) : ISortComparer<int>, ISortComparer<double>
    {
        public int Compare(int a, int b) => Call(HlCallSlots.Int(a), HlCallSlots.Int(b));

        public int Compare(double a, double b) => Call(HlCallSlots.Double(a), HlCallSlots.Double(b));

        private int Call(ulong a, ulong b)
        {
            ReadOnlySpan<ulong> args = [a, b];
            ulong result;
            try
            {
                result = HlCalls.InvokeClosure(s, handles[closure], args, objectsMayMove: true);
            }
            catch (HlPendingException)
            {
                throw new AbortSort();
            }
            if (VmThread.Current.Context->ExitRequested != 0)
                throw new AbortSort();
            return (int)result;
        }
    }

    private static void Run<T>(nint bytes, int pos, int len, nint closure) where T : unmanaged
    {
        if (len < 2)
            return; // hl compares nothing, so it never touches the closure
        if (bytes == 0 || closure == 0)
        {
            HlErrors.NullAccess();
            return;
        }
        var thread = VmThread.Current;
        if (thread.Runtime.Invoker is null)
        {
            HlErrors.Raise("no JIT is attached to this runtime: the sort comparator cannot be called");
            return;
        }
        var handles = thread.Handles;
        var mark = handles.Count;
        try
        {
            var buffer = handles.Push(bytes);
            var cmp = new ClosureComparer(DynamicState.Current, handles, handles.Push(closure));
            var items = new HeldItems<T>(handles, buffer, pos); // pos counts bytes, as on hl
            if (typeof(T) == typeof(int))
                HlMergeSort.Sort<int, HeldItems<int>, ClosureComparer>(Unsafe.As<HeldItems<T>, HeldItems<int>>(ref items), len, ref cmp);
            else
                HlMergeSort.Sort<double, HeldItems<double>, ClosureComparer>(Unsafe.As<HeldItems<T>, HeldItems<double>>(ref items), len, ref cmp);
        }
        catch (AbortSort)
        {
            // The exception is pending on the thread already.
        }
        finally
        {
            handles.Release(mark);
        }
    }

    [HlNative("std", "bsort_i32", CallbacksMayMoveObjects = true), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SortI32(nint bytes, int pos, int len, nint closure) => Run<int>(bytes, pos, len, closure);

    [HlNative("std", "bsort_f64", CallbacksMayMoveObjects = true), UnmanagedCallersOnly(CallConvs = [typeof(CallConvCdecl)])]
    public static void SortF64(nint bytes, int pos, int len, nint closure) => Run<double>(bytes, pos, len, closure);
}

/// <summary>Argument slots of <see cref="IHlInvoker"/> calls: ints sign-extended, doubles as their bits.</summary>
internal static class HlCallSlots
{
    public static ulong Int(int v) => (ulong)(long)v;

    public static ulong Double(double v) => BitConverter.DoubleToUInt64Bits(v);
}
