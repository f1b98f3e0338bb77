using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Gateway.Query;

/// <summary>Settings of the query APIs.</summary>
public sealed class QueryOptions
{
    public const string SectionName = "TraceFlow:Query";

    public const int DefaultMaxAutocompleteValues = 1_000;

    /// <summary>
    /// Tag keys offered for autocompletion when none are configured: the deployment
    /// environment (Zipkin's customary key and OpenTelemetry's resource attribute), the
    /// route and the HTTP method, which are low-cardinality on every HTTP span.
    /// </summary>
    public static readonly IReadOnlyList<string> DefaultAutocompleteKeys =
        ["environment", "deployment.environment.name", "http.route", "http.request.method"];

    /// <summary>
    /// Tag keys whose values Zipkin's <c>/api/v2/autocompleteValues</c> serves (span or
    /// resource attributes). Unset: <see cref="DefaultAutocompleteKeys"/>. Blank entries
    /// are ignored, so a single blank entry turns autocompletion off.
    /// </summary>
    /// <remarks>
    /// Null rather than the defaults, because configuration binding appends to a list it finds filled.
    /// </remarks>
    public IList<string>? AutocompleteKeys { get; set; }

    /// <summary>Most values one autocomplete answer lists.</summary>
    [Range(1, 100_000)]
    public int MaxAutocompleteValues { get; set; } = DefaultMaxAutocompleteValues;

    /// <summary>The configured keys, or the defaults.</summary>
    public IReadOnlyList<string> EffectiveAutocompleteKeys =>
        AutocompleteKeys is null
            ? DefaultAutocompleteKeys
            : [.. AutocompleteKeys.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => k.Trim()).Distinct(StringComparer.Ordinal)];
}
