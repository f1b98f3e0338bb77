using System.Text;
using Microsoft.Net.Http.Headers;
using TraceFlow.Grains.Sampling.Collector;

namespace TraceFlow.Gateway.Sampling;

/// <summary>How a preview body is written, from its Content-Type, and its text.</summary>
internal static class PolicyBody
{
    public const string AcceptedTypes = "application/json, application/yaml or text/yaml";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>JSON or YAML, or null for any other (or a missing) Content-Type.</summary>
    public static CollectorFormat? FormatOf(string? contentType)
    {
        if (!MediaTypeHeaderValue.TryParse(contentType, out var parsed) || parsed.MediaType.Value is not { } mediaType)
        {
            return null;
        }

        return mediaType.ToLowerInvariant() switch
        {
            "application/json" or "text/json" => CollectorFormat.Json,
            "application/yaml" or "text/yaml" or "application/x-yaml" or "text/x-yaml" => CollectorFormat.Yaml,
            var other when other.EndsWith("+json", StringComparison.Ordinal) => CollectorFormat.Json,
            var other when other.EndsWith("+yaml", StringComparison.Ordinal) => CollectorFormat.Yaml,
            _ => null,
        };
    }

    /// <summary>The body as text, or null when it is not UTF-8.</summary>
    public static string? Text(ReadOnlySpan<byte> body)
    {
        try
        {
            var text = StrictUtf8.GetString(body);
            return text.Length > 0 && text[0] == '\uFEFF' ? text[1..] : text;
        }
        catch (DecoderFallbackException)
        {
            return null;
        }
    }
}
