namespace TraceFlow.Grains.Stats;

/// <summary>
/// Decides which label values a service×operation pair is exported under, so untrusted span names
/// cannot grow Prometheus without bound: the first <c>maxSeries</c> pairs and <c>maxServices</c>
/// services seen keep their names (a series, once exported, stays), later pairs fold into operation
/// <see cref="Other"/> of their service, later services into service <see cref="Other"/>, and every
/// name is cut to <see cref="MaxLabelLength"/> characters. Not thread-safe: one flush loop owns it.
/// </summary>
public sealed class MetricSeriesCap
{
    public const string Other = "other";
    public const int MaxLabelLength = 128;

    private readonly int maxSeries;
    private readonly int maxServices;
    private readonly Dictionary<string, HashSet<string>> admitted = new(StringComparer.Ordinal);
    private int series;

    public MetricSeriesCap(int maxSeries, int maxServices)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxSeries);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxServices);
        this.maxSeries = maxSeries;
        this.maxServices = maxServices;
    }

    public SeriesLabels LabelsFor(string service, string operation)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentNullException.ThrowIfNull(operation);
        service = Truncate(service);
        operation = Truncate(operation);
        if (!admitted.TryGetValue(service, out var operations))
        {
            if (admitted.Count >= maxServices)
            {
                return new SeriesLabels(Other, Other, "service");
            }

            operations = new HashSet<string>(StringComparer.Ordinal);
            admitted.Add(service, operations);
        }

        if (operations.Contains(operation))
        {
            return new SeriesLabels(service, operation, null);
        }

        if (series >= maxSeries)
        {
            return new SeriesLabels(service, Other, "operation");
        }

        operations.Add(operation);
        series++;
        return new SeriesLabels(service, operation, null);
    }

    /// <summary>Cuts a name to <see cref="MaxLabelLength"/> characters without splitting a surrogate pair.</summary>
    private static string Truncate(string name)
    {
        if (name.Length <= MaxLabelLength)
        {
            return name;
        }

        var length = char.IsHighSurrogate(name[MaxLabelLength - 1]) ? MaxLabelLength - 1 : MaxLabelLength;
        return name[..length];
    }
}
