using System.Reflection;
using Vm.Frontend.Model;
using Vm.Frontend.Reading;
using Vm.Runtime.Dynamic;
using Vm.Runtime.JitAbi;
using Vm.Runtime.Threading;
using Vm.Runtime.Types;
using Vm.Runtime.Values;
using Vm.TestSupport;

namespace Vm.Runtime.Tests.Dynamic;

/// <summary>
/// A runtime over a Haxe program declaring the classes, structures, enums and reflection natives the
/// dynamic object model deals with, bound to the test thread; helpers to make and read values.
/// </summary>
public sealed unsafe class DynamicFixture : IDisposable
{
    public const string Program = """
        interface IShape { function area():Float; }
        class Base {
            public var id:Int;
            public function new() { id = 7; }
            public function name():String { return "base"; }
            public function twice(x:Int):Int { return x * 2; }
        }
        class Derived extends Base implements IShape {
            public var w:Float;
            public var label:String;
            public var small:hl.UI8;
            public var half:Single;
            public var opt:Null<Int>;
            public function new() { super(); w = 1.5; label = "d"; }
            override public function name():String { return "derived"; }
            public function area():Float { return w * w; }
        }
        class Other { public var id:Int; public function new() { id = 1; } }
        class NoToString { public var v:Int; public function new() { v = 3; } }
        class WithDynamic {
            public var n:Int;
            public function new() { n = 0; }
            public dynamic function hook(x:Int):Int { return x + n; }
        }
        enum Tree { Leaf(v:Int); Node(l:Tree, r:Tree); Empty; Pair(a:Float, s:String); }
        typedef Point = {x:Int, y:Int};
        typedef FPoint = {x:Float, y:Int};
        typedef Labeled = {label:String};
        typedef Big = {x:Int, y:Int, z:Int};
        class DynamicFixtureProgram {
            static function len(p:Point):Int { return p.x + p.y; }
            static function flen(p:FPoint):Float { return p.x + p.y; }
            static function labeled(n:Labeled):String { return n.label; }
            static function big(b:Big):Int { return b.x + b.y + b.z; }
            static function shape(s:IShape):Float { return s.area(); }
            static function main() {
                var p = {x: 1, y: 2};
                var d:Dynamic = p;
                d.z = 3;
                var n:Null<Int> = 5;
                var f:Int->String = function(i) return "n" + i;
                var b = new Derived();
                Sys.println(len(p) + flen({x: 1.5, y: 2}) + labeled(b) + big({x: 1, y: 2, z: 3}) + shape(b) + n + f(1));
                Sys.println(Reflect.fields(d).length + Reflect.field(d, "x") + (Reflect.hasField(d, "y") ? 1 : 0));
                Reflect.setField(d, "w", 4.5);
                Reflect.deleteField(d, "w");
                var c = Reflect.copy(d);
                Sys.println(Reflect.compare(1, 2) + Std.string(c) + Type.getInstanceFields(Derived).length);
                Sys.println(Type.getClassName(Type.getClass(b)) + Type.getSuperClass(Derived) + Type.createEmptyInstance(Other));
                Sys.println(Type.getEnumConstructs(Tree).length + Type.allEnums(Tree).length);
                Sys.println(Type.createEnum(Tree, "Leaf", [1]) + " " + Type.enumParameters(Node(Empty, Leaf(2))).length
                    + Type.enumEq(Leaf(1), Leaf(1)) + Std.isOfType(b, Base));
                var va = Reflect.makeVarArgs(function(args) return args.length);
                Sys.println(Reflect.callMethod(b, b.twice, [3]) + " " + Reflect.compareMethods(b.twice, b.twice) + Reflect.isFunction(va));
                var arr = new hl.NativeArray<Int>(3);
                arr.blit(0, arr, 1, 1);
                Sys.println(arr.getType() + " " + new WithDynamic().hook(1) + new NoToString().v + new Other().id);
                hl.Api.setErrorHandler(function(e) {});
                hl.Api.breakPoint();
                var x:Dynamic = 3, y:Dynamic = 4;
                Sys.println(hl.Api.comparePointer(x, y) + (x << y) + (x * y));
            }
        }
        """;

    private static readonly Lazy<string> CompiledPath = new(() => HaxeCompiler.CompileText("DynamicFixtureProgram", Program));

    private readonly VmThread.Scope _scope;

    public DynamicFixture()
    {
        // Loading checks every native the program declares against its C# signature.
        Runtime = new VmRuntime(BytecodeReader.ReadFile(CompiledPath.Value), new RuntimeOptions { StandardOutput = new MemoryStream() });
        Thread = new VmThread(Runtime);
        _scope = Thread.Enter();
        State = DynamicState.Of(Runtime);
    }

    public VmRuntime Runtime { get; }
    public VmThread Thread { get; }
    public DynamicState State { get; }
    public HlModule Module => Runtime.Module;

    public RuntimeType Builtin(TypeKind kind) => Runtime.Types.Builtin(kind);

    public RuntimeType Class(string name) => Runtime.Types.FindClass(name) ?? throw new InvalidOperationException($"no class {name}");

    public RuntimeType Enum(string name) =>
        Runtime.Types[Module.Types.First(t => t.Kind == TypeKind.Enum && t.Enum!.Name == name)];

    /// <summary>The virtual type with exactly these fields ("x:i32", "y:i32"), in declaration order.</summary>
    public RuntimeType Virtual(params string[] fields) =>
        Runtime.Types[Module.Types.First(t => t.Kind == TypeKind.Virtual
            && t.VirtualFields!.Select(f => f.Name + ":" + TypeNames.Format(f.Type)).SequenceEqual(fields))];

    public RuntimeType NullOf(TypeKind kind) =>
        Runtime.Types[Module.Types.First(t => t.Kind == TypeKind.Null && t.Param!.Kind == kind)];

    public RuntimeType ModuleType(Func<HlType, bool> predicate) => Runtime.Types[Module.Types.First(predicate)];

    public int Hash(string name) => Runtime.FieldHashes.Hash(name);

    /// <summary>The pending exception message (an error raised with HlErrors.Raise), cleared; null when none.</summary>
    public string? TakePendingError()
    {
        var ctx = Thread.Context;
        if (ctx->PendingException == 0)
            return null;
        ctx->PendingException = 0;
        var box = ctx->ExceptionValue;
        return HlStrings.ReadUtf16Z(*(nint*)(box + ValueLayout.DynamicValue));
    }

    public void AssertNoError() => Assert.Null(TakePendingError());

    public nint BoxI32(int v) => State.BoxI32(v);

    public nint BoxF64(double v)
    {
        var d = Runtime.AllocateDynamic(Builtin(TypeKind.F64));
        *(double*)(d + ValueLayout.DynamicValue) = v;
        return d;
    }

    public nint Box<T>(RuntimeType type, T value) where T : unmanaged
    {
        var d = Runtime.AllocateDynamic(type);
        *(T*)(d + ValueLayout.DynamicValue) = value;
        return d;
    }

    public static T Unbox<T>(nint box) where T : unmanaged => *(T*)(box + ValueLayout.DynamicValue);

    public RuntimeType TypeOf(nint value) => Runtime.Types.FromNative(*(nint*)value);

    public nint Str(string text) => Runtime.Strings.NewString(text);

    public nint New(string className) => Objects.Allocate(State, Class(className));

    public int FieldOffset(RuntimeType cls, string field)
    {
        var o = cls.Source!.Object!;
        for (var i = 0; i < o.TotalFieldCount; i++)
            if (o.FieldAt(i)!.Name == field)
                return cls.Object!.FieldOffsets[i];
        throw new InvalidOperationException($"no field {field}");
    }

    public ref T Field<T>(nint obj, string className, string field) where T : unmanaged =>
        ref *(T*)(obj + FieldOffset(Class(className), field));

    /// <summary>The strings of a native array of bytes ("(null)" for a null element).</summary>
    public static string[] Names(nint array) =>
        new ReadOnlySpan<nint>((void*)HlArrays.Data(array), HlArrays.Length(array)).ToArray()
            .Select(p => p == 0 ? "(null)" : HlStrings.ReadUtf16Z(p)).ToArray();

    public static nint[] Elements(nint array) =>
        new ReadOnlySpan<nint>((void*)HlArrays.Data(array), HlArrays.Length(array)).ToArray();

    /// <summary>The entry point JIT code calls for helper <paramref name="name"/>.</summary>
    public static nint Helper(string name)
    {
        var m = typeof(DynamicHelpers).GetMethods(BindingFlags.Public | BindingFlags.Static)
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
