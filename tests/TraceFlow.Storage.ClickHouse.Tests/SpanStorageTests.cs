using System.Text.Json;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;
using TraceFlow.Storage.ClickHouse.Reading;
using TraceFlow.Storage.ClickHouse.Tests.Infrastructure;
using TraceFlow.Storage.ClickHouse.Writing;

namespace TraceFlow.Storage.ClickHouse.Tests;

[Collection(ClickHouseCollection.Name)]
public sealed class SpanStorageTests(ClickHouseServer server) : IAsyncLifetime
{
    private static readonly JsonSerializerOptions Comparable = new() { WriteIndented = false };
    private ClickHouseDatabase? database;

    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private ClickHouseDatabase Database => database ?? throw new InvalidOperationException("not initialised");

    public async ValueTask InitializeAsync() => database = await TestDatabase.CreateAsync(server);

    public ValueTask DisposeAsync()
    {
        database?.Dispose();
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task EverySpanField_SurvivesTheRoundTrip()
    {
        var trace = new StoredTrace(new TraceKey("acme", NewId()), [Full(), Minimal()], new SamplingDecision(true, "errors"));

        await new ClickHouseSpanWriter(Database).WriteAsync([trace], Cancel);
        var read = await new ClickHouseTraceQueries(Database).GetTraceAsync(trace.Key, Cancel);

        Assert.NotNull(read);
        Assert.Equal(trace.Key, read.Key);
        Assert.Equal("errors", read.Decision.Policy);
        Assert.Equal(Json(trace.Spans.OrderBy(s => s.StartUnixNanos)), Json(read.Spans));
    }

    [Fact]
    public async Task ARetriedBatch_IsReadWithEverySpanOnce()
    {
        var trace = new StoredTrace(new TraceKey("default", NewId()), [Minimal(), Minimal() with { SpanId = "00000000000000b2", StartUnixNanos = 1_700_000_000_500_000_000 }], new SamplingDecision(true, "always_sample"));
        var writer = new ClickHouseSpanWriter(Database);

        await writer.WriteAsync([trace], Cancel);
        await writer.WriteAsync([trace], Cancel);
        var read = await new ClickHouseTraceQueries(Database).GetTraceAsync(trace.Key, Cancel);

        Assert.Equal(["00000000000000b1", "00000000000000b2"], read!.Spans.Select(s => s.SpanId));
    }

    [Fact]
    public async Task TracesAreKeptApartByTenantAndId()
    {
        var id = NewId();
        var writer = new ClickHouseSpanWriter(Database);
        await writer.WriteAsync(
            [
                new StoredTrace(new TraceKey("a", id), [Minimal() with { TraceId = id, Service = "in-a" }], new SamplingDecision(true, "p")),
                new StoredTrace(new TraceKey("b", id), [Minimal() with { TraceId = id, Service = "in-b" }], new SamplingDecision(true, "p")),
            ],
            Cancel);
        var queries = new ClickHouseTraceQueries(Database);

        Assert.Equal("in-a", (await queries.GetTraceAsync(new TraceKey("a", id), Cancel))!.Spans.Single().Service);
        Assert.Equal("in-b", (await queries.GetTraceAsync(new TraceKey("b", id), Cancel))!.Spans.Single().Service);
        Assert.Null(await queries.GetTraceAsync(new TraceKey("c", id), Cancel));
    }

    [Theory]
    [InlineData("' OR 1=1 --")]
    [InlineData("x') OR trace_id != ('")]
    [InlineData("\\' OR 1=1; DROP TABLE spans; --")]
    [InlineData("{t0:String}")]
    public async Task InjectionShapedIds_FindNothingAndHarmNothing(string hostile)
    {
        var trace = new StoredTrace(new TraceKey("default", NewId()), [Minimal()], new SamplingDecision(true, "p"));
        await new ClickHouseSpanWriter(Database).WriteAsync([trace with { Spans = [Minimal() with { TraceId = trace.Key.TraceId }] }], Cancel);
        var queries = new ClickHouseTraceQueries(Database);

        Assert.Null(await queries.GetTraceAsync(new TraceKey("default", hostile), Cancel));
        Assert.Null(await queries.GetTraceAsync(new TraceKey(hostile, trace.Key.TraceId), Cancel));
        Assert.NotNull(await queries.GetTraceAsync(trace.Key, Cancel));
    }

    private static string NewId() => Guid.NewGuid().ToString("N");

    private static string Json(IEnumerable<Span> spans) => JsonSerializer.Serialize(spans.Select(s => s with { TraceId = "" }).ToArray(), Comparable);

    private static Span Minimal() => new()
    {
        TraceId = "",
        SpanId = "00000000000000b1",
        Service = "inventory",
        Operation = "reserve",
        StartUnixNanos = 1_700_000_000_123_456_789,
        DurationNanos = 5,
    };

    /// <summary>A span with every field set, with awkward text (quotes, backslashes, newlines, non-ASCII).</summary>
    private static Span Full() => new()
    {
        TraceId = "",
        SpanId = "00000000000000a1",
        ParentSpanId = "00000000000000ff",
        Shared = true,
        Service = "check'out \\ \"svc\"",
        Operation = "POST /orders\n{id}",
        Kind = SpanKind.Server,
        StartUnixNanos = 1_699_999_999_999_999_999,
        DurationNanos = 1_234_567_891,
        Status = SpanStatusCode.Error,
        StatusMessage = "boom ☃",
        TraceState = "vendor=a,other=b",
        Flags = 1,
        Attributes =
        [
            new("http.status_code", "503", AttributeValueType.IntValue), new("ok", "false", AttributeValueType.BoolValue),
            new("ratio", "0.25", AttributeValueType.DoubleValue), new("tags", "[\"a\",1]", AttributeValueType.ArrayValue),
            new("kv", "{\"k\":\"v\"}", AttributeValueType.KeyValueListValue), new("raw", "AAEC", AttributeValueType.BytesValue),
            new("text", "it's \\ fine"),
        ],
        ResourceAttributes = [new("service.name", "checkout"), new("host.name", "node-1")],
        Scope = new SpanScope { Name = "lib", Version = "1.2", Attributes = [new("scope.k", "v")], DroppedAttributesCount = 2 },
        Events = [new SpanEvent { Name = "exception", TimeUnixNanos = 1_700_000_000_000_000_001, Attributes = [new("exception.type", "IOException")], DroppedAttributesCount = 1 }],
        Links = [new SpanLink { TraceId = "0af7651916cd43dd8448eb211c80319c", SpanId = "00f067aa0ba902b7", TraceState = "k=v", Attributes = [new("link", "1")], DroppedAttributesCount = 3, Flags = 1 }],
        Dropped = new SpanDroppedCounts(4, 5, 6),
    };
}
