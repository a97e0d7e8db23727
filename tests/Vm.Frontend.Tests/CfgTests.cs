using Vm.Frontend.Bytecode;
using Vm.Frontend.Cfg;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.Frontend.Verification;
using Vm.TestSupport;
using static Vm.TestSupport.ModuleBuilder;

namespace Vm.Frontend.Tests;

public class CfgTests
{
    // r0: i32, r1: bool, r2: dynamic
    private static ControlFlowGraph Build(params Instruction[] code)
    {
        var b = new ModuleBuilder();
        var v = b.Type(TypeKind.Void);
        var i32 = b.Type(TypeKind.I32);
        var boolean = b.Type(TypeKind.Bool);
        var dyn = b.Type(TypeKind.Dyn);
        b.Int(0);
        b.Function(b.Fun([], v), [i32, boolean, dyn], code);
        return CfgBuilder.Build(BytecodeReader.Read(b.Build()).Functions[0]);
    }

    private static string Shape(ControlFlowGraph cfg)
    {
        var w = new StringWriter();
        CfgPrinter.Write(w, cfg);
        return w.ToString();
    }

    private static int[] Succs(BasicBlock b) => b.Successors.Select(e => e.To.Id).ToArray();

    [Fact]
    public void Straight_line_code_is_one_block()
    {
        var cfg = Build(Op(Opcode.Int, 0, 0), Op(Opcode.Incr, 0), Op(Opcode.Ret, 0));
        Assert.Single(cfg.Blocks);
        Assert.Equal((0, 3), (cfg.Entry.Start, cfg.Entry.End));
        Assert.Empty(cfg.Entry.Successors);
        Assert.True(cfg.Entry.IsReachable);
    }

    [Fact]
    public void Conditional_jump_splits_into_diamond()
    {
        var cfg = Build(
            Op(Opcode.JFalse, 1, 2),   // 0 -> 3
            Op(Opcode.Int, 0, 0),      // 1
            Op(Opcode.JAlways, 1),     // 2 -> 4
            Op(Opcode.Incr, 0),        // 3
            Op(Opcode.Ret, 0));        // 4
        Assert.Equal(4, cfg.Blocks.Count);
        Assert.Equal([2, 1], Succs(cfg.Blocks[0]));
        Assert.Equal(EdgeKind.Jump, cfg.Blocks[0].Successors[0].Kind);
        Assert.Equal(EdgeKind.Fallthrough, cfg.Blocks[0].Successors[1].Kind);
        Assert.Equal([3], Succs(cfg.Blocks[1]));
        Assert.Equal([3], Succs(cfg.Blocks[2]));
        Assert.Equal([1, 2], cfg.Blocks[3].Predecessors.Select(e => e.From.Id).Order());
        Assert.Same(cfg.Blocks[0], cfg.Blocks[3].ImmediateDominator);
        Assert.Empty(cfg.BackEdges);
    }

    [Fact]
    public void Jump_to_the_next_instruction_gives_a_single_edge()
    {
        var cfg = Build(Op(Opcode.JTrue, 1, 0), Op(Opcode.JAlways, 0), Op(Opcode.Ret, 0));
        Assert.Equal(3, cfg.Blocks.Count);
        Assert.Equal([1], Succs(cfg.Blocks[0]));
        Assert.Equal([2], Succs(cfg.Blocks[1]));
        Assert.Single(cfg.Blocks[1].Predecessors);
    }

    [Fact]
    public void Switch_with_duplicate_targets_has_one_edge_per_target()
    {
        var cfg = Build(
            OpList(Opcode.Switch, [0, 3], [1, 1, 2, 0]), // 0: cases -> 2, 2, 3, 1 ; default falls to 1
            Op(Opcode.Ret, 0),                         // 1
            Op(Opcode.Ret, 0),                         // 2
            Op(Opcode.Ret, 0));                        // 3
        var entry = cfg.Blocks[0];
        Assert.Equal([2, 3, 1], Succs(entry));
        Assert.Equal([EdgeKind.Switch, EdgeKind.Switch, EdgeKind.Switch], entry.Successors.Select(e => e.Kind));
        Assert.All(cfg.Blocks, b => Assert.True(b.IsReachable));
    }

    [Fact]
    public void Backward_jump_makes_a_loop_header_and_back_edge()
    {
        var cfg = Build(
            Op(Opcode.Int, 0, 0),          // 0   b0
            Op(Opcode.JSGte, 0, 0, 3),     // 1   b1 header: exit to 5
            Op(Opcode.Incr, 0),            // 2   b2 body
            Op(Opcode.Label),              // 3
            Op(Opcode.JAlways, -4),        // 4   -> 1
            Op(Opcode.Ret, 0));            // 5   b3
        Assert.Equal(4, cfg.Blocks.Count);
        var header = cfg.BlockAt(1);
        Assert.True(header.IsLoopHeader);
        var back = Assert.Single(cfg.BackEdges);
        Assert.Equal((cfg.BlockAt(4), header), (back.From, back.To));
        Assert.True(cfg.IsReducible);
        Assert.True(cfg.Dominates(header, cfg.BlockAt(2)));
        Assert.True(cfg.Dominates(header, cfg.BlockAt(5)));
        Assert.False(cfg.Dominates(cfg.BlockAt(2), cfg.BlockAt(5)));
        Assert.Equal([0, 1, 2, 3], cfg.ReversePostOrder.Select(b => b.Id).Order());
    }

    [Fact]
    public void A_self_loop_is_its_own_header()
    {
        var cfg = Build(Op(Opcode.Incr, 0), Op(Opcode.JTrue, 1, -2), Op(Opcode.Ret, 0));
        Assert.True(cfg.Entry.IsLoopHeader);
        Assert.Equal(cfg.Entry, Assert.Single(cfg.BackEdges).From);
    }

    [Fact]
    public void Unreachable_code_is_marked_and_has_no_dominator()
    {
        var cfg = Build(
            Op(Opcode.Ret, 0),     // 0
            Op(Opcode.Incr, 0),    // 1 unreachable
            Op(Opcode.Ret, 0));    // 1..2
        Assert.Equal(2, cfg.Blocks.Count);
        Assert.False(cfg.Blocks[1].IsReachable);
        Assert.Null(cfg.Blocks[1].ImmediateDominator);
        Assert.DoesNotContain(cfg.Blocks[1], cfg.ReversePostOrder);
        Assert.Contains("unreachable", Shape(cfg));
    }

    [Fact]
    public void Trap_regions_get_exception_edges_to_their_handler()
    {
        var cfg = Build(
            Op(Opcode.Trap, 2, 3),     // 0: handler at 4
            Op(Opcode.Incr, 0),        // 1 in region
            Op(Opcode.EndTrap, 0),     // 2 in region
            Op(Opcode.JAlways, 1),     // 3 -> 5
            Op(Opcode.Incr, 0),        // 4 handler
            Op(Opcode.Ret, 0));        // 5
        var region = cfg.BlockAt(1);
        Assert.Same(region, cfg.BlockAt(2));
        Assert.Equal([0], region.Traps);
        var handler = cfg.BlockAt(4);
        Assert.Same(handler, region.Handler);
        Assert.Contains(region.Successors, e => e.To == handler && e.Kind == EdgeKind.Exception);
        Assert.Empty(handler.Traps);
        Assert.Empty(cfg.BlockAt(3).Traps);
        Assert.Same(region, handler.ImmediateDominator);
        Assert.True(handler.IsReachable);
    }

    [Fact]
    public void Nested_traps_around_a_loop_stack_outermost_first()
    {
        var cfg = Build(
            Op(Opcode.Trap, 2, 8),     // 0: outer, handler 9
            Op(Opcode.Trap, 2, 5),     // 1: inner, handler 7
            Op(Opcode.Incr, 0),        // 2: loop body
            Op(Opcode.JTrue, 1, -2),   // 3: -> 2 (back edge inside both traps)
            Op(Opcode.EndTrap, 0),     // 4: end inner
            Op(Opcode.EndTrap, 0),     // 5: end outer
            Op(Opcode.Ret, 0),         // 6
            Op(Opcode.Rethrow, 2),     // 7: inner handler (inside outer)
            Op(Opcode.Nop),            // 8: unreachable
            Op(Opcode.Ret, 0));        // 9: outer handler
        var body = cfg.BlockAt(2);
        Assert.Equal([0, 1], body.Traps);
        Assert.True(body.IsLoopHeader);
        Assert.Same(cfg.BlockAt(7), body.Handler);
        var innerHandler = cfg.BlockAt(7);
        Assert.Equal([0], innerHandler.Traps);
        Assert.Same(cfg.BlockAt(9), innerHandler.Handler);
        Assert.Equal([0], cfg.BlockAt(5).Traps);
        Assert.Empty(cfg.BlockAt(6).Traps);
        Assert.False(cfg.BlockAt(8).IsReachable);
        Assert.True(cfg.BlockAt(9).IsReachable);
    }

    [Fact]
    public void Trap_and_end_trap_end_their_blocks()
    {
        var cfg = Build(Op(Opcode.Trap, 2, 2), Op(Opcode.EndTrap, 0), Op(Opcode.Ret, 0), Op(Opcode.Ret, 0));
        Assert.Equal([(0, 1), (1, 2), (2, 3), (3, 4)], cfg.Blocks.Select(b => (b.Start, b.End)));
    }

    [Fact]
    public void End_trap_outside_a_trap_is_a_verification_error()
    {
        var e = Assert.Throws<BytecodeVerificationException>(() => Build(Op(Opcode.EndTrap, 0), Op(Opcode.Ret, 0)));
        Assert.Equal(0, e.Instruction);
        Assert.Contains("OEndTrap outside any trap region", e.Message);
    }

    [Fact]
    public void Paths_that_disagree_on_traps_are_a_verification_error()
    {
        var e = Assert.Throws<BytecodeVerificationException>(() => Build(
            Op(Opcode.JTrue, 1, 1),    // 0 -> 2 outside the trap
            Op(Opcode.Trap, 2, 1),     // 1: handler 3
            Op(Opcode.Ret, 0),         // 2: reached inside and outside the trap
            Op(Opcode.Ret, 0)));       // 3
        Assert.Contains("reached inside traps", e.Message);
    }

    [Fact]
    public void Falling_off_the_end_is_a_verification_error()
    {
        var e = Assert.Throws<BytecodeVerificationException>(() => Build(Op(Opcode.Incr, 0)));
        Assert.Contains("falls off the end", e.Message);
    }

    [Fact]
    public void Irreducible_cycles_are_found_as_retreating_edges()
    {
        // Two entries into the cycle 2 <-> 3.
        var cfg = Build(
            Op(Opcode.JTrue, 1, 2),    // 0 -> 3
            Op(Opcode.Nop),            // 1 falls to 2
            Op(Opcode.JTrue, 1, 1),    // 2 -> 4 (exit) else 3
            Op(Opcode.JAlways, -2),    // 3 -> 2
            Op(Opcode.Ret, 0));        // 4
        Assert.False(cfg.IsReducible);
        Assert.NotEmpty(cfg.RetreatingEdges);
        Assert.Empty(cfg.BackEdges);
        Assert.Contains("irreducible", Shape(cfg));
    }
}
