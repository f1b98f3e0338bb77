using System.Collections.Immutable;
using TraceFlow.Gateway.Ingest.Zipkin;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Zipkin;

/// <summary>
/// Zipkin's <c>annotationQuery</c>: terms joined by <c> and </c>. <c>key=value</c> asks for a
/// tag, a bare word (or <c>key=</c>) for an annotation value or a tag key. As in Zipkin, keys
/// and values are trimmed, a later tag replaces an earlier one with the same key, and a bare
/// word does not replace a tag.
/// </summary>
internal sealed record ZipkinAnnotationQuery
{
    /// <summary>Zipkin splits into at most this many terms; the last keeps the rest of the text.</summary>
    public const int MaxTerms = 100;

    public ImmutableArray<SpanAttribute> Tags { get; init; } = [];

    public ImmutableArray<string> Terms { get; init; } = [];

    /// <summary>
    /// The query asks for error spans: the word <c>error</c> or <c>otel.status_code=ERROR</c>.
    /// These are the span's status, which is not stored as a tag for OTLP spans.
    /// </summary>
    public bool Error { get; init; }

    public static ZipkinAnnotationQuery Parse(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return new ZipkinAnnotationQuery();
        }

        var entries = new List<KeyValuePair<string, string>>();
        foreach (var part in text.Split(" and ", MaxTerms))
        {
            var equals = part.IndexOf('=', StringComparison.Ordinal);
            var key = (equals < 0 ? part : part[..equals]).Trim();
            if (key.Length == 0)
            {
                continue;
            }

            var existing = entries.FindIndex(e => e.Key == key);
            if (equals < 0)
            {
                if (existing < 0)
                {
                    entries.Add(new(key, ""));
                }

                continue;
            }

            var entry = new KeyValuePair<string, string>(key, part[(equals + 1)..].Trim());
            if (existing < 0)
            {
                entries.Add(entry);
            }
            else
            {
                entries[existing] = entry;
            }
        }

        var error = entries.RemoveAll(e => (e.Key == ZipkinAttributes.Error && e.Value.Length == 0)
            || (e.Key == ZipkinAttributes.StatusCode && e.Value == "ERROR")) > 0;
        return new ZipkinAnnotationQuery
        {
            Tags = [.. entries.Where(e => e.Value.Length > 0).Select(e => new SpanAttribute(e.Key, e.Value))],
            Terms = [.. entries.Where(e => e.Value.Length == 0).Select(e => e.Key)],
            Error = error,
        };
    }
}
