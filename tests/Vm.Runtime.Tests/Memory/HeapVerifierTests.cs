using Vm.Frontend.Model;
using Vm.Runtime.Dynamic;
using Vm.Runtime.Memory;
using Vm.Runtime.Values;

namespace Vm.Runtime.Tests.HeapBlocks;

/// <summary>The verifier accepts what HL values hold and reports each kind of bad reference or header.</summary>
public unsafe class HeapVerifierTests
{
    private sealed class Scene : IDisposable
    {
        public readonly BlockLayoutFixture F = new();
        public readonly nint Circle;
        public readonly nint Chars;
        public readonly nint View;

        public Scene()
        {
            Circle = F.Runtime.NewObject(F.Class("Circle"));
            Chars = F.Runtime.Strings.AllocUtf16("some text");
            *(nint*)(Circle + Off("label")) = F.Runtime.Strings.NewString("label");
            *(nint*)(Circle + Off("data")) = Chars + 4;
            View = Virtuals.ToVirtual(F.State, F.Virtual("label", "scale"), Circle);
        }

        public int Off(string field) => F.FieldOffset(F.Class("Circle"), field);

        public HeapReport Verify() => HeapVerifier.Verify(F.Runtime, hiddenReferences: true);

        public HeapProblem Single()
        {
            var report = Verify();
            return Assert.Single(report);
        }

        public void Dispose() => F.Dispose();
    }

    [Fact]
    public void A_heap_of_sound_values_verifies_clean_and_counts_what_it_checked()
    {
        using var s = new Scene();
        var report = s.Verify();
        Assert.Empty(report);
        Assert.True(report.Blocks >= 5);
        Assert.True(report.NonNullReferences >= 4);
        Assert.Equal(report.Blocks, report.BlocksByLayout.Values.Sum());
        Assert.Equal(1, report.BlocksByLayout[BlockLayout.Virtual]);
    }

    [Fact]
    public void An_interior_pointer_in_a_slot_for_block_starts_is_reported()
    {
        using var s = new Scene();
        *(nint*)(s.Circle + s.Off("dyn")) = s.Chars + 2;
        var p = s.Single();
        Assert.Equal(s.Circle, p.Block);
        Assert.Equal(s.Off("dyn"), p.Offset);
        Assert.Contains("interior pointer", p.Message);
    }

    [Fact]
    public void Pointers_to_headers_padding_or_outside_memory_are_reported()
    {
        using var s = new Scene();
        *(nint*)(s.Circle + s.Off("data")) = s.Chars - 4; // bytes may be interior, but not into a header
        Assert.Contains("not into a block", s.Single().Message);

        *(nint*)(s.Circle + s.Off("data")) = s.Chars + 20; // 9 chars + terminator = 20 bytes: one past the end is an interior pointer
        Assert.Empty(s.Verify());
        *(nint*)(s.Circle + s.Off("data")) = s.Chars + 21; // in the padding after the end
        Assert.Contains("not into a block", s.Single().Message);

        *(nint*)(s.Circle + s.Off("data")) = 0;
        *(nint*)(s.Circle + s.Off("center")) = 0x5000; // code-like address in a value slot
        Assert.Contains("outside the heap", s.Single().Message);

        *(nint*)(s.Circle + s.Off("center")) = 0;
        Assert.Empty(s.Verify());
    }

    [Fact]
    public void Only_method_slots_of_virtuals_may_hold_code_addresses()
    {
        using var s = new Scene();
        Assert.NotEqual(0, Virtuals.Fields(s.View)[1]); // the method: a code address, accepted
        Virtuals.Fields(s.View)[0] = Virtuals.Fields(s.View)[1];
        var p = s.Single();
        Assert.Equal(s.View, p.Block);
        Assert.Equal(ValueLayout.VirtualFields, p.Offset);
    }

    [Fact]
    public void Globals_are_checked_like_slots()
    {
        using var s = new Scene();
        var globals = s.F.Module.Globals;
        var index = Enumerable.Range(0, globals.Count).First(i => globals[i].Kind == TypeKind.Obj);
        *(nint*)s.F.Runtime.GlobalAddress(index) = s.Chars + 6;
        var p = s.Single();
        Assert.Equal(0, p.Block);
        Assert.StartsWith($"global#{index}", p.Header);
    }

    [Fact]
    public void Error_handler_slots_are_roots_checked_like_slots()
    {
        using var s = new Scene();
        ErrorHandlers.Set(s.F.Thread, Closures.AllocVoid(s.F.State, s.F.Fun(TypeKind.I32, TypeKind.I32), 0x1230));
        Assert.Empty(s.Verify());
        ErrorHandlers.Set(s.F.Thread, s.Chars + 2);
        Assert.Equal("error handler slot", s.Single().Header);
    }

    [Fact]
    public void A_block_address_hidden_in_a_word_the_layout_does_not_report_is_found()
    {
        using var s = new Scene();
        var buffer = s.F.Runtime.Heap.Allocate(32, BlockLayout.NoPointers);
        ((nint*)buffer)[2] = s.Circle;
        Assert.Empty(HeapVerifier.Verify(s.F.Runtime)); // only looked for on request
        var p = s.Single();
        Assert.Equal(buffer, p.Block);
        Assert.Equal(16, p.Offset);
        Assert.Contains("does not report", p.Message);

        ((nint*)buffer)[2] = 0;
        *(nint*)(s.Circle + s.Off("area")) = s.Chars; // a float field holding an address
        Assert.Equal(s.Off("area"), s.Single().Offset);
    }

    [Fact]
    public void Headers_inconsistent_with_the_value_are_reported()
    {
        using var s = new Scene();
        var shape = s.F.Class("Shape");
        *(nint*)s.Circle = shape.Native; // type word of another class
        Assert.Contains("type word", s.Single().Message);
        *(nint*)s.Circle = s.F.Class("Circle").Native;

        var e = Enums.Allocate(s.F.State, s.F.Enum("Tree"), 1);
        *(int*)(e + ValueLayout.EnumIndex) = 3; // Empty: a smaller constructor
        Assert.Contains("bytes, its layout", s.Single().Message);
        *(int*)(e + ValueLayout.EnumIndex) = 1;

        var a = HlArrays.Allocate(s.F.Runtime, s.F.Builtin(TypeKind.Dyn), 2);
        *(int*)(a + ValueLayout.ArraySize) = 3;
        Assert.Contains("array of 3 elements", s.Single().Message);
        *(int*)(a + ValueLayout.ArraySize) = 2;

        var saved = BlockHeader.Of(s.Chars);
        BlockHeader.Of(s.Chars) = saved | (0xFUL << BlockHeader.LayoutShift);
        Assert.Contains("invalid layout tag", s.Verify()[0].Message);
        BlockHeader.Of(s.Chars) = saved | BlockHeader.Marked;
        Assert.Contains("collector flags", s.Single().Message);
        BlockHeader.Of(s.Chars) = saved;
        Assert.Empty(s.Verify());
    }
}
