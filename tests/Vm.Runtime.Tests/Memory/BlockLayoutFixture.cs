using System.Reflection;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.Runtime.Dynamic;
using Vm.Runtime.JitAbi;
using Vm.Runtime.Memory;
using Vm.Runtime.Tests.Dynamic;
using Vm.Runtime.Threading;
using Vm.Runtime.Types;
using Vm.TestSupport;

namespace Vm.Runtime.Tests.HeapBlocks;

/// <summary>
/// A runtime over a Haxe program declaring a class hierarchy with fields of every storage shape, a struct,
/// an enum with scalar, reference and mixed constructors, virtuals with value and method fields, closures
/// and anonymous objects; bound to the test thread, with stand-in code addresses (no JIT) so that method
/// slots and function-cast wrappers can be made.
/// </summary>
public sealed unsafe class BlockLayoutFixture : IDisposable
{
    public const string Program = """
        @:struct class Pair {
            public var weight:Float;
            public var name:String;
            public var count:Int;
            public var next:Pair;
            public function new() {}
        }
        class Shape {
            public var id:Int;
            public var label:String;
            public var area:Float;
            public var data:hl.Bytes;
            public var pair:Pair;
            public var small:hl.UI8;
            public var tags:Array<String>;
            public var fn:Int->Int;
            public var dyn:Dynamic;
            public function new() { id = 1; }
            public function scale(k:Float):Float { return area * k; }
        }
        class Circle extends Shape {
            public var radius:Float;
            public var center:Shape;
            public function new() { super(); }
        }
        enum Tree {
            Leaf(v:Int);
            Node(l:Tree, r:Tree);
            Named(name:String, weight:Float, child:Tree);
            Empty;
            Mixed(a:hl.UI8, b:String, c:Int, d:Float, e:Dynamic);
        }
        typedef Point = {x:Int, name:String, f:Float, next:Dynamic};
        typedef Scalable = {var label:String; function scale(k:Float):Float;};
        class BlockLayoutProgram {
            static function total(p:Point):Float { return p.x + p.f; }
            static function scaled(s:Scalable):Float { return s.scale(2); }
            static function depth(t:Tree):Int {
                return switch (t) {
                    case Leaf(_): 1;
                    case Node(l, r): 1 + depth(l) + depth(r);
                    case Named(_, _, c): depth(c);
                    case Empty: 0;
                    case Mixed(_, _, _, _, _): 1;
                };
            }
            static function main() {
                var c = new Circle();
                c.pair = new Pair();
                c.tags = ["a"];
                c.fn = function(i) return i + c.id;
                c.center = new Shape();
                var p:Point = {x: 1, name: "p", f: 2.5, next: null};
                var d:Dynamic = {a: 1, b: "two"};
                var t = Node(Leaf(1), Named("n", 1.5, Mixed(1, "b", 2, 3.5, d)));
                Sys.println(total(p) + scaled(c) + depth(t) + Std.string(d.b) + c.fn(1));
            }
        }
        """;

    private static readonly Lazy<string> CompiledPath = new(() => HaxeCompiler.CompileText("BlockLayoutProgram", Program));

    private readonly VmThread.Scope _scope;

    public BlockLayoutFixture()
    {
        Runtime = new VmRuntime(BytecodeReader.ReadFile(CompiledPath.Value), new RuntimeOptions { StandardOutput = new MemoryStream() });
        Thread = new VmThread(Runtime);
        _scope = Thread.Enter();
        State = DynamicState.Of(Runtime);
        Runtime.Functions.SetEntries(Enumerable.Range(0, Module.FunctionIndexCount).Select(AddressOnlyInvoker.AddressOf).ToArray());
        Runtime.Invoker = new AddressOnlyInvoker();
    }

    public VmRuntime Runtime { get; }
    public VmThread Thread { get; }
    public DynamicState State { get; }
    public HlModule Module => Runtime.Module;

    public RuntimeType Builtin(TypeKind kind) => Runtime.Types.Builtin(kind);

    public RuntimeType Class(string name) => Runtime.Types.FindClass(name) ?? throw new InvalidOperationException($"no class {name}");

    public RuntimeType Struct(string name) =>
        Runtime.Types[Module.Types.First(t => t.Kind == TypeKind.Struct && t.Object!.Name == name)];

    public RuntimeType Enum(string name) =>
        Runtime.Types[Module.Types.First(t => t.Kind == TypeKind.Enum && t.Enum!.Name == name)];

    /// <summary>The virtual type with exactly these field names, in declaration order.</summary>
    public RuntimeType Virtual(params string[] names) =>
        Runtime.Types[Module.Types.First(t => t.Kind == TypeKind.Virtual && t.VirtualFields!.Select(f => f.Name).SequenceEqual(names))];

    /// <summary>A function type of the module with these argument and return kinds.</summary>
    public RuntimeType Fun(TypeKind ret, params TypeKind[] args) =>
        Runtime.Types[Module.Types.First(t => t.Kind == TypeKind.Fun && t.Function!.Return.Kind == ret
            && t.Function.Args.Select(a => a.Kind).SequenceEqual(args))];

    public int FieldOffset(RuntimeType type, string field)
    {
        var o = type.Source!.Object!;
        for (var i = 0; i < o.TotalFieldCount; i++)
            if (o.FieldAt(i)!.Name == field)
                return type.Object!.FieldOffsets[i];
        throw new InvalidOperationException($"no field {field} in {type}");
    }

    public int Hash(string name) => Runtime.FieldHashes.Hash(name);

    /// <summary>The reference slots the scanner reports, as offsets from the block, sorted.</summary>
    public List<(int Offset, ReferenceSlot Kind)> Slots(nint block) =>
        [.. BlockScanner.References(block, Runtime).Select(r => ((int)(r.Slot - block), r.Kind)).OrderBy(r => r.Item1)];

    /// <summary>The entry point JIT code calls for a core helper (e.g. rt_new_enum).</summary>
    public static nint CoreHelper(string name)
    {
        var m = typeof(CoreHelpers).GetMethods(BindingFlags.Public | BindingFlags.Static)
            .Single(m => m.GetCustomAttribute<JitHelperAttribute>()?.Name == name);
        return m.MethodHandle.GetFunctionPointer();
    }

    public nint Native(string name) =>
        Runtime.Options.Natives.Find("std", name)?.Address ?? throw new InvalidOperationException($"native std.{name} is not registered");

    public void Dispose()
    {
        _scope.Dispose();
        Thread.Dispose();
        Runtime.Dispose();
    }
}
