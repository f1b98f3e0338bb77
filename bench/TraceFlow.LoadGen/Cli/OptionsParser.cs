using System.Globalization;

namespace TraceFlow.LoadGen.Cli;

/// <summary>Parses and validates the command line; every problem is reported, not just the first.</summary>
internal static class OptionsParser
{
    public const string Usage = """
        Usage: TraceFlow.LoadGen [options]
          --target URL              collector main URL (TraceFlow JSON, OTLP/HTTP)   [http://127.0.0.1:9411]
          --protocol P              json | otlp-http | otlp-grpc                      [json]
          --grpc-target URL         OTLP/gRPC endpoint                                [target host, port 4317]
          --otlp-http-target URL    OTLP/HTTP endpoint (base; /v1/traces is appended) [target]
          --duration S              seconds to generate load                          [60]
          --rate N                  spans/s; 0 = as fast as accepted                  [0]
          --spans-per-trace N       spans in each trace (1..10000)                    [10]
          --services N              distinct services (1..100)                        [5]
          --attributes N            attributes per span (0..128)                      [8]
          --error-fraction F        fraction of spans marked error (0..1)             [0.01]
          --slow-fraction F         fraction of traces with a slow root, > 1 s (0..1) [0.01]
          --batch-spans N           spans per request (1..50000)                      [512]
          --connections N           concurrent in-flight requests (1..10000)          [4]
          --interleave N            traces open at once per connection (1..10000)     [8]
          --json-out FILE           write the summary and per-second series as JSON
          --traces-out FILE         write trace_id<TAB>span_count<TAB>accepted<TAB>error<TAB>slow
          --seed N                  seed for the trace shapes
          --dry-run                 generate and encode only (measures the generator)
          --ignore-retry-after      keep sending when shed (429/503) instead of waiting Retry-After: clients that overload
          --help                    this text

        Subcommands:
          verify --target URL --traces FILE [--drain-timeout S]   zero loss after a run (exit 1 if not)
          memory --target URL                                     the collector's /debug/memory snapshot as JSON
          plot --run NAME=FILE [--run NAME=FILE ...] --out F.svg  throughput and p99 per second of --json-out files
        """;

    /// <summary>Parses <paramref name="args"/>; on failure <paramref name="errors"/> says why.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out LoadGenOptions options, out List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(args);
        errors = [];
        var o = new LoadGenOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name == "--dry-run")
            {
                o = o with { DryRun = true };
                continue;
            }

            if (name == "--ignore-retry-after")
            {
                o = o with { IgnoreRetryAfter = true };
                continue;
            }

            if (!name.StartsWith("--", StringComparison.Ordinal))
            {
                errors.Add($"unexpected argument '{name}'");
                continue;
            }

            if (i + 1 >= args.Count)
            {
                errors.Add($"{name} needs a value");
                break;
            }

            var value = args[++i];
            switch (name)
            {
                case "--target": o = o with { Target = ParseUri(name, value, errors) ?? o.Target }; break;
                case "--grpc-target": o = o with { GrpcTarget = ParseUri(name, value, errors) }; break;
                case "--otlp-http-target": o = o with { OtlpHttpTarget = ParseUri(name, value, errors) }; break;
                case "--protocol": o = o with { Protocol = ParseProtocol(value, errors) }; break;
                case "--duration": o = o with { Duration = TimeSpan.FromSeconds(ParseDouble(name, value, 0.1, 86_400, errors, 1)) }; break;
                case "--rate": o = o with { Rate = ParseDouble(name, value, 0, 10_000_000, errors, 0) }; break;
                case "--spans-per-trace": o = o with { SpansPerTrace = ParseInt(name, value, 1, 10_000, errors) }; break;
                case "--services": o = o with { Services = ParseInt(name, value, 1, 100, errors) }; break;
                case "--attributes": o = o with { Attributes = ParseInt(name, value, 0, 128, errors) }; break;
                case "--error-fraction": o = o with { ErrorFraction = ParseDouble(name, value, 0, 1, errors, 0) }; break;
                case "--slow-fraction": o = o with { SlowFraction = ParseDouble(name, value, 0, 1, errors, 0) }; break;
                case "--batch-spans": o = o with { BatchSpans = ParseInt(name, value, 1, 50_000, errors) }; break;
                case "--connections": o = o with { Connections = ParseInt(name, value, 1, 10_000, errors) }; break;
                case "--interleave": o = o with { Interleave = ParseInt(name, value, 1, 10_000, errors) }; break;
                case "--json-out": o = o with { JsonOut = value }; break;
                case "--traces-out": o = o with { TracesOut = value }; break;
                case "--seed": o = o with { Seed = ParseInt(name, value, int.MinValue, int.MaxValue, errors) }; break;
                default: errors.Add($"unknown option '{name}'"); break;
            }
        }

        options = o;
        return errors.Count == 0;
    }

    private static Uri? ParseUri(string name, string value, List<string> errors)
    {
        if (Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
        {
            return uri;
        }

        errors.Add($"{name} must be an absolute http:// or https:// URL, got '{value}'");
        return null;
    }

    private static Protocol ParseProtocol(string value, List<string> errors)
    {
        switch (value)
        {
            case "json": return Protocol.Json;
            case "otlp-http": return Protocol.OtlpHttp;
            case "otlp-grpc": return Protocol.OtlpGrpc;
            default:
                errors.Add($"--protocol must be json, otlp-http or otlp-grpc, got '{value}'");
                return Protocol.Json;
        }
    }

    private static int ParseInt(string name, string value, int min, int max, List<string> errors)
    {
        if (int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n >= min && n <= max)
        {
            return n;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be an integer from {min} to {max}, got '{value}'"));
        return min;
    }

    private static double ParseDouble(string name, string value, double min, double max, List<string> errors, double fallback)
    {
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var n) && double.IsFinite(n) && n >= min && n <= max)
        {
            return n;
        }

        errors.Add(string.Create(CultureInfo.InvariantCulture, $"{name} must be a number from {min} to {max}, got '{value}'"));
        return fallback;
    }
}
