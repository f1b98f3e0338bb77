namespace TraceFlow.LoadGen.Generation;

/// <summary>
/// Builds realistic traces: a root server span of the first service, then children across the
/// services (HTTP client calls answered by server spans of another service, database calls,
/// internal work), each child inside its parent's time, so spans end before their parents.
/// Not thread-safe: one per worker.
/// </summary>
internal sealed class TraceGenerator
{
    private const long NanosPerMs = 1_000_000;

    private readonly TraceShape shape;
    private readonly TraceIdSource ids;
    private readonly Random random;
    private readonly TimeProvider time;
    private readonly string[] services;
    private readonly List<int> parentable = [];
    private readonly Comparison<GeneratedSpan> exportOrder = static (a, b) =>
        a.EndUnixNanos != b.EndUnixNanos ? a.EndUnixNanos.CompareTo(b.EndUnixNanos) : b.Depth.CompareTo(a.Depth);

    public TraceGenerator(TraceShape shape, TraceIdSource ids, Random random, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(shape);
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(random);
        ArgumentNullException.ThrowIfNull(time);
        this.shape = shape;
        this.ids = ids;
        this.random = random;
        this.time = time;
        services = SpanCatalog.Services(shape.Services);
    }

    public GeneratedTrace Next()
    {
        var id = ids.Next();
        var count = shape.SpansPerTrace;
        var spans = new GeneratedSpan[count];
        var slow = random.NextDouble() < shape.SlowFraction;
        var threshold = (long)shape.SlowThreshold.TotalMilliseconds;
        var rootDuration = slow
            ? (threshold + 200 + random.NextInt64(threshold + 1)) * NanosPerMs
            : (20 + random.NextInt64(Math.Max(1, Math.Min(380, threshold / 2)))) * NanosPerMs;
        var now = time.GetUtcNow().ToUnixTimeMilliseconds() * NanosPerMs;
        var route = SpanCatalog.Routes[random.Next(SpanCatalog.Routes.Length)];
        spans[0] = Server(id, 0, -1, 0, services[0], route, now - rootDuration, rootDuration);
        parentable.Clear();
        parentable.Add(0);
        for (var i = 1; i < count; i++)
        {
            var parentIndex = parentable[random.Next(parentable.Count)];
            var parent = spans[parentIndex];
            var start = parent.StartUnixNanos + (long)(parent.DurationNanos * 0.3 * random.NextDouble());
            var duration = Math.Max(1, (long)(parent.DurationNanos * (0.1 + (0.5 * random.NextDouble()))));
            var depth = parent.Depth + 1;
            GeneratedSpan span;
            if (parent.Kind == GeneratedSpanKind.Client)
            {
                // The callee answers the HTTP call in another service.
                var callee = services.Length == 1 ? services[0] : services[1 + random.Next(services.Length - 1)];
                span = Server(id, i, parentIndex, depth, callee, SpanCatalog.Routes[random.Next(SpanCatalog.Routes.Length)], start, duration);
                parentable.Add(i);
            }
            else
            {
                var roll = random.Next(10);
                if (roll < 5 && i + 1 < count)
                {
                    span = HttpClient(id, i, parentIndex, depth, parent.Service, start, duration);
                    parentable.Add(i);
                }
                else if (roll < 8)
                {
                    span = Database(id, i, parentIndex, depth, parent.Service, start, duration);
                }
                else
                {
                    span = Internal(id, i, parentIndex, depth, parent.Service, start, duration);
                    parentable.Add(i);
                }
            }

            spans[i] = span;
        }

        var hasError = false;
        foreach (var span in spans)
        {
            span.ParentSpanId = span.ParentIndex < 0 ? 0 : spans[span.ParentIndex].SpanId;
            hasError |= span.IsError;
        }

        Array.Sort(spans, exportOrder);
        return new GeneratedTrace { Id = id, Spans = spans, Record = new TraceRecord(id, count, hasError, slow) };
    }

    private GeneratedSpan Server(TraceId id, int index, int parentIndex, int depth, string service, (string Method, string Route, string Path) route, long start, long duration)
    {
        var error = IsError();
        var attributes = new List<SpanAttribute>(shape.Attributes)
        {
            SpanAttribute.Of("http.request.method", route.Method),
            SpanAttribute.Of("http.route", route.Route),
            SpanAttribute.Of("url.path", route.Path),
            SpanAttribute.Of("http.response.status_code", error ? 500 : 200),
            SpanAttribute.Of("url.scheme", "http"),
        };
        return Build(id, index, parentIndex, depth, service, $"{route.Method} {route.Route}", GeneratedSpanKind.Server, start, duration, error, attributes);
    }

    private GeneratedSpan HttpClient(TraceId id, int index, int parentIndex, int depth, string service, long start, long duration)
    {
        var error = IsError();
        var route = SpanCatalog.Routes[random.Next(SpanCatalog.Routes.Length)];
        var attributes = new List<SpanAttribute>(shape.Attributes)
        {
            SpanAttribute.Of("http.request.method", route.Method),
            SpanAttribute.Of("server.address", services[random.Next(services.Length)]),
            SpanAttribute.Of("server.port", 8080),
            SpanAttribute.Of("http.response.status_code", error ? 503 : 200),
            SpanAttribute.Of("url.full", "http://upstream:8080" + route.Path),
        };
        return Build(id, index, parentIndex, depth, service, route.Method, GeneratedSpanKind.Client, start, duration, error, attributes);
    }

    private GeneratedSpan Database(TraceId id, int index, int parentIndex, int depth, string service, long start, long duration)
    {
        var error = IsError();
        var db = SpanCatalog.Databases[random.Next(SpanCatalog.Databases.Length)];
        var attributes = new List<SpanAttribute>(shape.Attributes)
        {
            SpanAttribute.Of("db.system", db.System),
            SpanAttribute.Of("db.operation.name", db.Operation),
            SpanAttribute.Of("db.collection.name", db.Collection),
            SpanAttribute.Of("server.address", db.System + ".internal"),
            SpanAttribute.Of("db.response.returned_rows", random.Next(100)),
        };
        return Build(id, index, parentIndex, depth, service, $"{db.Operation} {db.Collection}", GeneratedSpanKind.Client, start, duration, error, attributes);
    }

    private GeneratedSpan Internal(TraceId id, int index, int parentIndex, int depth, string service, long start, long duration)
    {
        var error = IsError();
        var attributes = new List<SpanAttribute>(shape.Attributes)
        {
            SpanAttribute.Of("code.function.name", "Handle"),
            SpanAttribute.Of("app.items", random.Next(1, 20)),
        };
        var operation = SpanCatalog.InternalOperations[random.Next(SpanCatalog.InternalOperations.Length)];
        return Build(id, index, parentIndex, depth, service, operation, GeneratedSpanKind.Internal, start, duration, error, attributes);
    }

    private GeneratedSpan Build(TraceId id, int index, int parentIndex, int depth, string service, string operation, GeneratedSpanKind kind, long start, long duration, bool error, List<SpanAttribute> attributes)
    {
        // Exactly the configured number of attributes: semantic ones first, then filler.
        if (attributes.Count > shape.Attributes)
        {
            attributes.RemoveRange(shape.Attributes, attributes.Count - shape.Attributes);
        }

        for (var f = 0; attributes.Count < shape.Attributes; f++)
        {
            attributes.Add(SpanAttribute.Of(SpanCatalog.FillerKeys[f], SpanCatalog.FillerValues[f % SpanCatalog.FillerValues.Length]));
        }

        return new GeneratedSpan
        {
            SpanId = TraceIdSource.SpanId(id, index),
            ParentIndex = parentIndex,
            Service = service,
            Operation = operation,
            Kind = kind,
            StartUnixNanos = start,
            DurationNanos = duration,
            Depth = depth,
            IsError = error,
            StatusMessage = error ? SpanCatalog.ErrorMessages[random.Next(SpanCatalog.ErrorMessages.Length)] : null,
            Attributes = [.. attributes],
        };
    }

    private bool IsError() => shape.ErrorFraction > 0 && random.NextDouble() < shape.ErrorFraction;
}
