using System.Globalization;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Storage.ClickHouse.Tests.Infrastructure;

/// <summary>
/// Seeded, varied traces written as the store receives them: one write per trace, some traces
/// with a later write of late spans (sometimes the root, which starts first), some writes
/// repeated as retries. Traces start 97 s apart from <see cref="Start"/> (crossing midnight UTC),
/// and every span of a trace starts at its own instant, so roots and orders have no ties.
/// </summary>
public static class TraceDataSet
{
    public const long NanosPerMilli = 1_000_000;

    /// <summary>The first trace's start: 2024-06-01 21:00 UTC.</summary>
    public static readonly long Start = new DateTimeOffset(2024, 6, 1, 21, 0, 0, TimeSpan.Zero).ToUnixTimeMilliseconds() * NanosPerMilli;

    /// <summary>"Now" for the readers: after every trace of a set of up to 300, within a day of all of them.</summary>
    public static readonly DateTimeOffset Now = new(2024, 6, 2, 6, 0, 0, TimeSpan.Zero);

    public static readonly string[] Policies = ["always_sample", "errors", "latency"];

    private static readonly string[] Services = ["frontend", "checkout", "inventory", "payment", "db", "auth svc"];

    private static readonly Dictionary<string, string[]> Operations = new(StringComparer.Ordinal)
    {
        ["frontend"] = ["GET /", "GET /cart", "POST /checkout"],
        ["checkout"] = ["checkout.request", "price", "POST /orders"],
        ["inventory"] = ["reserve", "release"],
        ["payment"] = ["charge", "refund"],
        ["db"] = ["SELECT", "INSERT"],
        ["auth svc"] = ["verify token"],
    };

    /// <summary>Names and values shaped like SQL injection, stored for real: reads must find them by exactly these.</summary>
    public const string HostileService = "svc' OR 1=1 --";
    public const string HostileOperation = "op \\' {p0:String} \\";
    public const string HostileKey = "k\\'); DROP TABLE spans; --";
    public const string HostileValue = "v' || '\\N {p1:Int64}";
    public const string HostileEvent = "ev\"', \"time\":1} --";

    /// <summary>One trace named with <see cref="HostileService"/> and friends, starting after the <paramref name="index"/>th trace of a set.</summary>
    public static StoredTrace HostileTrace(string tenant, int index)
    {
        var id = string.Create(CultureInfo.InvariantCulture, $"bad{index:x4}00000000000000000000000");
        var span = new Span
        {
            TraceId = id,
            SpanId = "badbadbadbadbad0",
            Service = HostileService,
            Operation = HostileOperation,
            StartUnixNanos = Start + (index * 97_000 * NanosPerMilli),
            DurationNanos = 42 * NanosPerMilli,
            Status = SpanStatusCode.Error,
            Attributes = [new(HostileKey, HostileValue), new(TraceQuery.PeerServiceAttribute, HostileService)],
            Events = [new SpanEvent { Name = HostileEvent, TimeUnixNanos = Start + (index * 97_000 * NanosPerMilli) + 1, Attributes = [new(HostileKey, HostileValue)] }],
        };
        return new StoredTrace(new TraceKey(tenant, id), [span], new SamplingDecision(true, HostileService));
    }

    /// <summary>The writes, in order, of <paramref name="count"/> traces of one tenant.</summary>
    public static IReadOnlyList<StoredTrace> Writes(string tenant, int count, int seed)
    {
        var random = new Random(seed);
        var writes = new List<StoredTrace>();
        var late = new List<StoredTrace>();
        for (var i = 0; i < count; i++)
        {
            var id = string.Create(CultureInfo.InvariantCulture, $"{seed:x4}{i:x4}{random.Next():x8}0000000000000000");
            var spans = Trace(id, i, random);
            var decision = new SamplingDecision(true, Policies[random.Next(Policies.Length)]);
            var key = new TraceKey(tenant, id);
            if (spans.Count > 2 && random.Next(5) == 0)
            {
                // Late spans: the rest arrive in a second write, sometimes with the root among them.
                var split = random.Next(1, spans.Count);
                var rootLate = random.Next(3) == 0;
                var first = rootLate ? spans.Skip(1).Take(split) : spans.Take(split);
                var second = rootLate ? spans.Take(1).Concat(spans.Skip(split + 1)) : spans.Skip(split);
                writes.Add(new StoredTrace(key, [.. first], decision));
                late.Add(new StoredTrace(key, [.. second], decision));
            }
            else
            {
                writes.Add(new StoredTrace(key, [.. spans], decision));
            }

            if (random.Next(7) == 0)
            {
                writes.Add(writes[^1]); // a retried write
            }

            if (late.Count > 0 && random.Next(3) == 0)
            {
                writes.Add(late[0]);
                late.RemoveAt(0);
            }
        }

        writes.AddRange(late);
        return writes;
    }

    private static List<Span> Trace(string id, int index, Random random)
    {
        var start = Start + (index * 97_000 * NanosPerMilli) + random.Next(1_000_000);
        var rootService = random.Next(4) == 0 ? "checkout" : "frontend";
        var spans = new List<Span>
        {
            Span(id, $"{index:x4}000000000000", parent: random.Next(15) == 0 ? "ffffffffffffffff" : null, rootService, start, random) with
            {
                Kind = SpanKind.Server,
                Attributes = [new("build", string.Create(CultureInfo.InvariantCulture, $"b{index % 13}")), new("http.status_code", "200", AttributeValueType.IntValue)],
            },
        };
        var children = random.Next(0, 7);
        for (var c = 1; c <= children; c++)
        {
            var parent = spans[random.Next(spans.Count)];
            var service = Services[random.Next(Services.Length)];
            var span = Span(id, $"{index:x4}{c:x4}00000000", parent.SpanId, service, parent.StartUnixNanos + random.Next(1, 50_000_000) + c, random);
            if (parent.Service != service && random.Next(2) == 0)
            {
                // The parent's client span, naming the service it calls.
                var client = Span(id, $"{index:x4}{c:x4}0000cccc", parent.SpanId, parent.Service, span.StartUnixNanos - 1, random) with
                {
                    Kind = SpanKind.Client,
                    Operation = $"call {service}",
                    Attributes = [new(TraceQuery.PeerServiceAttribute, service)],
                };
                spans.Add(client);
                span = span with { ParentSpanId = client.SpanId };
                if (random.Next(4) == 0)
                {
                    // Zipkin B3 single-span RPC: the server side shares the client's span id.
                    span = span with { SpanId = client.SpanId, ParentSpanId = parent.SpanId, Shared = true };
                }
            }

            spans.Add(span);
        }

        if (random.Next(25) == 0)
        {
            // A cycle: the root's parent is its own child, so no span lacks a parent.
            spans[0] = spans[0] with { ParentSpanId = spans[^1].SpanId };
        }

        return spans;
    }

    private static Span Span(string traceId, string spanId, string? parent, string service, long start, Random random)
    {
        var error = random.Next(8) == 0;
        var environment = random.Next(3) == 0 ? "staging" : "prod";
        return new Span
        {
            TraceId = traceId,
            SpanId = spanId,
            ParentSpanId = parent,
            Service = service,
            Operation = Operations[service][random.Next(Operations[service].Length)],
            StartUnixNanos = start,
            DurationNanos = (random.Next(1, 2_000) * NanosPerMilli) + random.Next(1_000_000),
            Status = error ? SpanStatusCode.Error : random.Next(2) == 0 ? SpanStatusCode.Ok : SpanStatusCode.Unset,
            Kind = random.Next(2) == 0 ? SpanKind.Internal : SpanKind.Server,
            Attributes = [new("http.status_code", error ? "500" : "200", AttributeValueType.IntValue), new("env", environment)],
            ResourceAttributes = [new("service.name", service), new("deployment.environment.name", environment)],
            Events = error
                ? [new SpanEvent { Name = "exception", TimeUnixNanos = start + 1, Attributes = [new("exception.type", random.Next(2) == 0 ? "TimeoutException" : "IOException")] }]
                : random.Next(10) == 0 ? [new SpanEvent { Name = "retry", TimeUnixNanos = start + 1 }] : [],
        };
    }
}
