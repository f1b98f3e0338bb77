namespace TraceFlow.Grains.Sampling.Collector;

/// <summary>
/// A Collector document that cannot be read: malformed YAML or JSON, a shape that is not a
/// configuration, or no <c>tail_sampling</c> block where one is expected. The message starts
/// with the line and column when the parser knows them.
/// </summary>
public sealed class CollectorDocumentException : Exception
{
    public CollectorDocumentException()
    {
    }

    public CollectorDocumentException(string message)
        : base(message)
    {
    }

    public CollectorDocumentException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
