namespace Vm.Conformance.Tests;

/// <summary>
/// Which corpus programs the runtime is expected to pass so far. Every program is in exactly one list
/// (a test checks this): nothing is skipped silently. Programs move from <see cref="NotYetExpected"/>
/// to <see cref="Expected"/> as the issues that cover them land.
/// </summary>
public static class ConformanceCatalog
{
    /// <summary>Programs that pass: the whole corpus (tier 1 since issue 3, exceptions issue 4, the standard library issue 5).</summary>
    public static readonly IReadOnlyList<string> Expected =
    [
        "IntArith", "FloatBasics", "BoolLogic", "ControlFlow", "StaticCalls", "SimpleClasses", "StringConcat", "TraceBasics", "DeepRecursion",
        "IntFloatConv", "UIntOps", "MathFuncs", "StringBasics", "StringUnicode", "StringBufTest", "StdFunctions",
        "ArrayInt", "ArrayTypes", "SortingTest", "VectorTest", "ListAndStack", "StringMapTest", "IntMapTest", "ObjectEnumMaps",
        "BalancedTreeTest", "Inheritance", "Properties", "Interfaces", "AnonStructs", "DynamicValues", "ReflectTest", "TypeTest",
        "TraceDynamic", "EnumsBasic", "PatternMatching", "Closures", "Generics", "Abstracts", "Iterators", "Exceptions",
        "ExceptionsDeep", "UncaughtThrow", "NullHandling", "Int64Test", "BytesTest", "BytesIO", "CryptoTest",
        "JsonTest", "SerializerTest", "DateTest", "SysExit", "HlNative", "GcStress", "GameSim",
        "CallStackTest", "ERegTest", "StringToolsTest", "XmlTest", "FileIO", "SysTest",
    ];

    /// <summary>Programs not expected to pass yet (none: the whole corpus passes).</summary>
    public static readonly IReadOnlyList<string> NotYetExpected = [];
}
