using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>
/// Builds the <see cref="TraceQuery"/> behind both Jaeger searches (<c>/api/traces</c> and
/// <c>/api/v3/traces</c>) and reads their JSON tag objects.
/// </summary>
internal static class JaegerSearchQuery
{
    /// <summary>Jaeger's default search depth (<c>defaultQueryLimit</c>, <c>defaultSearchDepth</c>).</summary>
    public const int DefaultLimit = 100;

    /// <summary>Jaeger's <c>defaultTraceQueryLookbackDuration</c>: searches without a start look back two days.</summary>
    public static readonly long DefaultLookbackNanos = (long)TimeSpan.FromDays(2).TotalNanoseconds;

    /// <summary>The tag Jaeger adds to error spans; TraceFlow keeps errors as a status, so the tag filters on it.</summary>
    private const string ErrorTag = "error";

    public static TraceQuery Create(
        string? service,
        string? operation,
        IReadOnlyDictionary<string, string> tags,
        long startFromUnixNanos,
        long startToUnixNanos,
        long? minDurationNanos,
        long? maxDurationNanos,
        int limit)
    {
        ArgumentNullException.ThrowIfNull(tags);
        SpanStatusCode? status = null;
        var attributes = ImmutableArray.CreateBuilder<SpanAttribute>(tags.Count);
        foreach (var (key, value) in tags)
        {
            if (key == ErrorTag && GoFormats.TryParseBool(value, out var isError))
            {
                status = isError ? SpanStatusCode.Error : SpanStatusCode.Ok;
                continue;
            }

            attributes.Add(new SpanAttribute(key, value));
        }

        return new TraceQuery
        {
            Service = service,
            Operation = operation,
            Tags = attributes.DrainToImmutable(),
            Status = status,
            StartFromUnixNanos = startFromUnixNanos,
            StartToUnixNanos = startToUnixNanos,
            MinDurationNanos = minDurationNanos,
            MaxDurationNanos = maxDurationNanos,
            Limit = Math.Clamp(limit, 1, TraceQuery.MaxLimit),
        };
    }

    /// <summary>
    /// Adds the members of a JSON object of tags (<c>{"http.status_code":"500"}</c>) to
    /// <paramref name="into"/>; a later key replaces an earlier one. Jaeger asks for string
    /// values; numbers and booleans are taken as their text, as TraceFlow matches tags by text.
    /// </summary>
    public static bool TryReadTags(string json, Dictionary<string, string> into, out string? error)
    {
        ArgumentNullException.ThrowIfNull(into);
        try
        {
            var reader = new Utf8JsonReader(Encoding.UTF8.GetBytes(json));
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                error = "expected a JSON object of tags";
                return false;
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var key = reader.GetString()!;
                reader.Read();
                string? value = reader.TokenType switch
                {
                    JsonTokenType.String => reader.GetString(),
                    JsonTokenType.Number => Encoding.UTF8.GetString(reader.ValueSpan),
                    JsonTokenType.True => "true",
                    JsonTokenType.False => "false",
                    _ => null,
                };
                if (value is null || key.Length == 0)
                {
                    error = key.Length == 0 ? "tag names must not be empty" : $"the value of tag '{key}' must be a string";
                    return false;
                }

                into[key] = value;
            }

            if (reader.TokenType != JsonTokenType.EndObject || reader.Read())
            {
                error = "expected a single JSON object of tags";
                return false;
            }
        }
        catch (JsonException e)
        {
            error = $"cannot parse JSON: {e.Message}";
            return false;
        }

        error = null;
        return true;
    }
}
