using System.Collections.Immutable;
using System.Text.Json;
using TraceFlow.Grains.Traces;
using TraceFlow.Grains.Traces.Packing;

namespace TraceFlow.Grains.Tests.Traces;

public sealed class SpanPackTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Unpack_OfPack_GivesBackEverySpanExactly(int seed)
    {
        var random = new Random(seed);
        for (var round = 0; round < 200; round++)
        {
            var spans = RandomSpans(random, "trace-" + round);

            var unpacked = new List<Span>();
            SpanPack.Unpack(SpanPack.Pack(spans), "trace-" + round, unpacked);

            Assert.Equal(spans.Select(Json), unpacked.Select(Json));
        }
    }

    [Fact]
    public void Unpack_OfManyDistinctResourcesAndScopes_BeyondTheSharingTable_GivesThemAllBack()
    {
        var spans = Enumerable.Range(0, 600).Select(i => new Span
        {
            TraceId = "t",
            SpanId = $"s{i}",
            Service = "svc",
            Operation = "op",
            ResourceAttributes = [new SpanAttribute("host.name", $"host-{i % 300}")],
            Scope = new SpanScope { Name = $"lib-{i % 280}" },
        }).ToList();
        // Spans of one resource share its array, as decoders produce them.
        var shared = spans.GroupBy(s => s.ResourceAttributes[0].Value).ToDictionary(g => g.Key, g => g.First().ResourceAttributes);
        spans = [.. spans.Select(s => s with { ResourceAttributes = shared[s.ResourceAttributes[0].Value] })];

        var unpacked = new List<Span>();
        SpanPack.Unpack(SpanPack.Pack(spans), "t", unpacked);

        Assert.Equal(spans.Select(Json), unpacked.Select(Json));
    }

    [Fact]
    public void Headers_GiveIdentityAndShapeWithoutUnpacking()
    {
        Span[] spans =
        [
            new() { TraceId = "t", SpanId = "a", Service = "front", Operation = "GET /", StartUnixNanos = 10, DurationNanos = 5, Status = SpanStatusCode.Error },
            new() { TraceId = "t", SpanId = "a", Shared = true, Service = "back", Operation = "rpc", StartUnixNanos = 11, DurationNanos = 3 },
            new() { TraceId = "t", SpanId = "b", ParentSpanId = "a", Service = "back", Operation = "db", StartUnixNanos = 12, DurationNanos = 1 },
        ];

        var headers = new List<SpanHeader>();
        foreach (var header in SpanPack.Headers(SpanPack.Pack(spans)))
        {
            headers.Add(header);
        }

        Assert.Equal(["front", "back", "back"], headers.Select(h => h.Service));
        Assert.Equal(["GET /", "rpc", "db"], headers.Select(h => h.Operation));
        Assert.Equal([true, false, false], headers.Select(h => h.IsError));
        Assert.Equal([10L, 11L, 12L], headers.Select(h => h.StartUnixNanos));
        Assert.Equal([5L, 3L, 1L], headers.Select(h => h.DurationNanos));
        Assert.Equal(3, headers.Select(h => h.Identity).Distinct().Count()); // a shared span is not a retry of its client span
    }

    [Fact]
    public void Unpack_OfATruncatedPack_FailsAsInvalidData()
    {
        var packed = SpanPack.Pack([new Span { TraceId = "t", SpanId = "a", Service = "s", Operation = "o", Attributes = [new("k", "v")] }]);

        foreach (var length in new[] { 3, 10, packed.Length - 1 })
        {
            Assert.ThrowsAny<Exception>(() => SpanPack.Unpack(packed.AsSpan(0, length), "t", new List<Span>()));
        }
    }

    private static string Json(Span span) => JsonSerializer.Serialize(span);

    private static List<Span> RandomSpans(Random random, string traceId)
    {
        var resources = Enumerable.Range(0, 3).Select(_ => Attributes(random, random.Next(0, 4))).ToArray();
        var scopes = new[]
        {
            null,
            new SpanScope { Name = Text(random), Version = random.Next(2) == 0 ? null : Text(random), Attributes = Attributes(random, 2), DroppedAttributesCount = random.Next(3) },
        };
        return [.. Enumerable.Range(0, random.Next(1, 12)).Select(i => new Span
        {
            TraceId = traceId,
            SpanId = random.Next(3) == 0 ? Text(random) : random.NextInt64().ToString("x16", System.Globalization.CultureInfo.InvariantCulture),
            ParentSpanId = random.Next(3) == 0 ? null : Text(random),
            Service = Text(random),
            Operation = Text(random),
            StartUnixNanos = random.NextInt64(long.MinValue, long.MaxValue),
            DurationNanos = random.NextInt64(long.MinValue, long.MaxValue),
            Status = (SpanStatusCode)random.Next(3),
            Kind = (SpanKind)random.Next(6),
            StatusMessage = random.Next(2) == 0 ? null : Text(random),
            TraceState = random.Next(2) == 0 ? null : Text(random),
            Flags = (uint)random.NextInt64(0, uint.MaxValue + 1L),
            Dropped = new SpanDroppedCounts(random.Next(), random.Next(-5, 5), random.Next(100)),
            Shared = random.Next(2) == 0,
            Attributes = Attributes(random, random.Next(0, 10)),
            ResourceAttributes = resources[random.Next(resources.Length)],
            Scope = scopes[random.Next(scopes.Length)],
            Events = [.. Enumerable.Range(0, random.Next(3)).Select(_ => new SpanEvent
            {
                Name = Text(random),
                TimeUnixNanos = random.NextInt64(),
                Attributes = Attributes(random, random.Next(3)),
                DroppedAttributesCount = random.Next(4),
            })],
            Links = [.. Enumerable.Range(0, random.Next(3)).Select(_ => new SpanLink
            {
                TraceId = Text(random),
                SpanId = Text(random),
                TraceState = random.Next(2) == 0 ? null : Text(random),
                Attributes = Attributes(random, random.Next(3)),
                DroppedAttributesCount = random.Next(4),
                Flags = (uint)random.Next(),
            })],
        })];
    }

    private static ImmutableArray<SpanAttribute> Attributes(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => new SpanAttribute(Text(random), Text(random), (AttributeValueType)random.Next(7)))];

    /// <summary>Empty, short, longer than the string cache takes, and non-ASCII text.</summary>
    private static string Text(Random random) => random.Next(6) switch
    {
        0 => "",
        1 => "日本語-ü-😀",
        2 => new string('x', random.Next(60, 300)),
        3 => "<img src=x onerror=alert(1)>",
        _ => "name-" + random.Next(20),
    };
}
