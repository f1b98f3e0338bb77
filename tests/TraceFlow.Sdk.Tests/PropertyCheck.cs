using FsCheck;
using FsCheck.Fluent;

namespace TraceFlow.Sdk.Tests;

/// <summary>
/// Runs FsCheck properties inside xUnit facts. FsCheck.Xunit.v3 3.6.0 needs xunit.v3 4.x, so the
/// properties are checked explicitly; a failure throws with the counterexample and the seed to
/// replay it.
/// </summary>
internal static class PropertyCheck
{
    /// <summary>Enough cases to reach the rarer generator branches while keeping the suite quick.</summary>
    public const int DefaultCases = 300;

    public static void Run(Property property, int cases = DefaultCases) =>
        property.Check(Config.QuickThrowOnFailure.WithMaxTest(cases).WithQuietOnSuccess(true));

    public static void ForAll<T>(Gen<T> generator, Action<T> assertion, int cases = DefaultCases) =>
        Run(Prop.ForAll(generator.ToArbitrary(), assertion), cases);
}
