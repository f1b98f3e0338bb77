namespace TraceFlow.Grains.Stats;

/// <summary>
/// The <c>service</c> and <c>operation</c> label values one pair of names is exported under, and
/// which cap folded it (<c>service</c> or <c>operation</c>), or null when it has a series of its own.
/// </summary>
public readonly record struct SeriesLabels(string Service, string Operation, string? FoldedBy);
