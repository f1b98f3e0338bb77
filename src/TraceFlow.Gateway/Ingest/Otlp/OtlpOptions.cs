using System.ComponentModel.DataAnnotations;

namespace TraceFlow.Gateway.Ingest.Otlp;

/// <summary>
/// The OTLP listeners. Both open on the host address(es) of the gateway's main URL(s)
/// (<c>urls</c>), next to it; the request limits are <see cref="IngestOptions"/>'s.
/// </summary>
public sealed class OtlpOptions : IValidatableObject
{
    public const string SectionName = "TraceFlow:Otlp";

    /// <summary>The OTLP/gRPC default port (OTLP specification).</summary>
    public const int DefaultGrpcPort = 4317;

    /// <summary>The OTLP/HTTP default port (OTLP specification).</summary>
    public const int DefaultHttpPort = 4318;

    /// <summary>OTLP/gRPC: plaintext HTTP/2 only (h2c needs prior knowledge); 0 turns the listener off.</summary>
    [Range(0, 65535)]
    public int GrpcPort { get; set; } = DefaultGrpcPort;

    /// <summary>OTLP/HTTP (<c>POST /v1/traces</c>), HTTP/1.1 and HTTP/2; 0 turns the listener off.</summary>
    [Range(0, 65535)]
    public int HttpPort { get; set; } = DefaultHttpPort;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (GrpcPort != 0 && GrpcPort == HttpPort)
        {
            yield return new ValidationResult(
                "TraceFlow:Otlp:GrpcPort and HttpPort must differ: gRPC needs an HTTP/2-only port.", [nameof(GrpcPort), nameof(HttpPort)]);
        }
    }
}
