namespace Vm.Conformance.Tests;

/// <summary>
/// Which corpus programs the runtime is expected to pass so far. Every program is in exactly one list
/// (a test checks this): nothing is skipped silently. Programs move from <see cref="NotYetExpected"/>
/// to <see cref="Expected"/> as the issues that cover them land.
/// </summary>
public static class ConformanceCatalog
{
    /// <summary>Programs that pass: tier 1 (issue 3), exceptions (issue 4) and the standard library so far (issue 5).</summary>
    public static readonly IReadOnlyList<string> Expected =
    [
        "IntArith", "FloatBasics", "BoolLogic", "ControlFlow", "StaticCalls", "SimpleClasses", "StringConcat", "TraceBasics", "DeepRecursion",
        "IntFloatConv", "UIntOps", "MathFuncs", "StringBasics", "StringUnicode", "StringBufTest", "StdFunctions",
        "ArrayInt", "ArrayTypes", "SortingTest", "VectorTest", "ListAndStack", "StringMapTest", "IntMapTest", "ObjectEnumMaps",
        "BalancedTreeTest", "Inheritance", "Properties", "Interfaces", "AnonStructs", "DynamicValues", "ReflectTest", "TypeTest",
        "TraceDynamic", "EnumsBasic", "PatternMatching", "Closures", "Generics", "Abstracts", "Iterators", "Exceptions",
        "ExceptionsDeep", "UncaughtThrow", "NullHandling", "Int64Test", "BytesTest", "BytesIO", "CryptoTest",
        "JsonTest", "SerializerTest", "DateTest", "SysExit", "HlNative", "GcStress", "GameSim",
        "CallStackTest", "ERegTest", "StringToolsTest", "XmlTest",
    ];

    /// <summary>Not passing yet: they need the file-system natives (issue 5).</summary>
    public static readonly IReadOnlyList<string> NotYetExpected =
    [
        "FileIO", "SysTest",
    ];
}
