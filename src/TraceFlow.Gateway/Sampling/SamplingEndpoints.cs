using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;
using TraceFlow.Gateway.Ingest;
using TraceFlow.Gateway.Security;
using TraceFlow.Grains.Sampling;
using TraceFlow.Grains.Sampling.Collector;
using TraceFlow.Grains.Sampling.Configuration;
using TraceFlow.Grains.Sampling.Preview;
using TraceFlow.Grains.Storage;
using TraceFlow.Grains.Traces;

namespace TraceFlow.Gateway.Sampling;

/// <summary>
/// Tail-sampling tools: the live policy list, and a dry run of a proposed policy set over the
/// traces the store holds, before it is put in configuration.
/// </summary>
public static class SamplingEndpoints
{
    /// <summary>Policy sets are a few kilobytes; this bounds what one request can make the gateway parse.</summary>
    public const int MaxPolicyBodyBytes = 256 * 1024;

    public static RouteGroupBuilder MapSamplingEndpoints(this IEndpointRouteBuilder endpoints)
    {
        var api = endpoints.MapGroup("/api/sampling").WithTags("Sampling");
        api.MapPost("/preview", Preview)
            .WithName("PreviewSampling")
            .WithSummary("Evaluates a policy set (JSON or YAML, Collector tail_sampling form) against the stored traces without applying it.");
        api.MapGet("/policies", GetPolicies)
            .WithName("GetSamplingPolicies")
            .WithSummary("The live tail-sampling policies, in evaluation order.");
        return api;
    }

    public static async Task<Results<Ok<SamplingPreviewResponse>, ProblemHttpResult>> Preview(HttpContext context, ITraceReader reader)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(reader);
        var request = context.Request;
        if (PreviewQueryParser.Parse(request.Query, out var queryError) is not { } parsed)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid query", queryError!);
        }

        if (PolicyBody.FormatOf(request.ContentType) is not { } format)
        {
            return Problem(
                StatusCodes.Status415UnsupportedMediaType,
                "Unsupported media type",
                $"Content-Type '{request.ContentType}' is not supported; send the policy set as {PolicyBody.AcceptedTypes}.");
        }

        IReadOnlyDictionary<string, string?> block;
        using (var body = await RequestBodyReader.ReadAsync(request, MaxPolicyBodyBytes, context.RequestAborted))
        {
            switch (body.Status)
            {
                case RequestBodyStatus.TooLarge:
                    return Problem(StatusCodes.Status413PayloadTooLarge, "Body too large", body.Error!);
                case RequestBodyStatus.UnsupportedEncoding:
                    return Problem(StatusCodes.Status415UnsupportedMediaType, "Unsupported encoding", body.Error!);
                case RequestBodyStatus.CorruptEncoding:
                    return Problem(StatusCodes.Status400BadRequest, "Malformed body", body.Error!);
            }

            if (PolicyBody.Text(body.Buffer!.Span) is not { } text)
            {
                return Problem(StatusCodes.Status400BadRequest, "Malformed body", "body: not valid UTF-8 text");
            }

            try
            {
                block = CollectorDocument.ReadTailSampling(text, format);
            }
            catch (CollectorDocumentException ex)
            {
                var kind = format == CollectorFormat.Json ? "JSON" : "YAML";
                return Problem(StatusCodes.Status400BadRequest, $"Malformed {kind} policy set", $"body: {ex.Message}", [$"body: {ex.Message}"]);
            }
        }

        // Validated before the store is read, with a throw-away clock, so a bad set costs nothing.
        var errors = new List<string>();
        if (PolicyBlock.Build(block, PolicyContext.System, errors) is null)
        {
            return Problem(StatusCodes.Status400BadRequest, "Invalid policy set", string.Join("; ", errors), errors);
        }

        var (query, limit) = parsed;
        query = query with { Tenant = context.Tenant() };
        IReadOnlyList<TraceSummary> recent;
        try
        {
            recent = await reader.FindRecentTracesAsync(query, limit + 1, context.RequestAborted);
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return Unavailable();
        }

        var moreAvailable = recent.Count > limit;
        var oldestFirst = recent.Take(limit).OrderBy(s => s.StartUnixNanos).ThenBy(s => s.TraceId, StringComparer.Ordinal).ToList();
        var clock = new ReplayClock(oldestFirst.Count > 0 ? ReplayClock.FromUnixNanos(oldestFirst[0].StartUnixNanos) : DateTimeOffset.UnixEpoch);
        var replay = new PolicyReplay(PolicyBlock.Build(block, new PolicyContext(clock), errors)!, clock);
        try
        {
            // One page of whole traces at a time holds memory to a page however large the limit.
            foreach (var page in oldestFirst.Chunk(TraceQuery.MaxLimit))
            {
                var traces = await reader.GetTracesAsync(query.Tenant, [.. page.Select(s => s.TraceId)], context.RequestAborted);
                var byId = traces.ToDictionary(t => t.Key.TraceId, StringComparer.Ordinal);
                foreach (var summary in page)
                {
                    if (byId.TryGetValue(summary.TraceId, out var trace) && !trace.Spans.IsEmpty)
                    {
                        replay.Evaluate(new SampledTrace(trace.Key.TraceId, trace.Spans));
                    }
                }
            }
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return Unavailable();
        }

        return TypedResults.Ok(SamplingPreviewResponse.From(
            replay.Result(),
            moreAvailable,
            oldestFirst.Count > 0 ? oldestFirst[0].StartUnixNanos : null,
            oldestFirst.Count > 0 ? oldestFirst[^1].StartUnixNanos : null));
    }

    public static async Task<Results<Ok<SamplingPoliciesResponse>, ProblemHttpResult>> GetPolicies(IGrainFactory grains, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grains);
        try
        {
            // A silo answers, so a client-mode gateway shows what silos run, not its own configuration.
            var policies = await grains.GetGrain<ISamplingPolicyGrain>(0).GetPoliciesAsync().WaitAsync(cancellationToken);
            return TypedResults.Ok(new SamplingPoliciesResponse(policies));
        }
        catch (Exception ex) when (ex is OrleansException or TimeoutException)
        {
            return Unavailable();
        }
    }

    private static ProblemHttpResult Unavailable() => Problem(
        StatusCodes.Status503ServiceUnavailable,
        "Unavailable",
        "No silo answered; retry once the cluster is up.");

    private static ProblemHttpResult Problem(int status, string title, string detail, List<string>? errors = null) =>
        TypedResults.Problem(
            statusCode: status,
            title: title,
            detail: detail,
            extensions: errors is null ? null : new Dictionary<string, object?> { ["errors"] = errors });
}
