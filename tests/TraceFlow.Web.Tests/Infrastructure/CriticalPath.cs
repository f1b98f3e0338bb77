using System.Text.Json;

namespace TraceFlow.Web.Tests.Infrastructure;

/// <summary>
/// The critical path computed here, independently of the UI's JavaScript, from the trace the
/// API returns: from the end of the longest root, repeatedly take the child that finished last
/// before the cursor (children clipped to their parent; ties: earlier start, then API order),
/// walk its own path, then continue before that child's start.
/// </summary>
public static class CriticalPath
{
    public static HashSet<string> SpanIds(JsonElement trace)
    {
        var spans = trace.GetProperty("spans").EnumerateArray().Select((s, index) => new Node(
            s.GetProperty("span_id").GetString()!,
            s.GetProperty("parent_span_id").ValueKind == JsonValueKind.String ? s.GetProperty("parent_span_id").GetString() : null,
            s.GetProperty("start_unix_ms").GetDouble(),
            s.GetProperty("start_unix_ms").GetDouble() + s.GetProperty("duration_ms").GetDouble(),
            index)).ToList();
        var byId = spans.GroupBy(s => s.Id).ToDictionary(g => g.Key, g => g.First());
        var children = spans.Where(s => s.Parent is not null && byId.ContainsKey(s.Parent) && s.Parent != s.Id).ToLookup(s => s.Parent!);
        var root = spans.Where(s => s.Parent is null || !byId.ContainsKey(s.Parent))
            .OrderByDescending(s => s.End - s.Start).ThenBy(s => s.Index).First();
        var onPath = new HashSet<string>();
        Walk(root, root.Start, root.End);
        return onPath;

        void Walk(Node span, double from, double to)
        {
            onPath.Add(span.Id);
            var cursor = to;
            while (true)
            {
                var next = children[span.Id]
                    .Select(c => (Node: c, From: Math.Max(c.Start, from), To: Math.Min(c.End, to)))
                    .Where(c => c.To > c.From && c.To <= cursor)
                    .OrderByDescending(c => c.To).ThenBy(c => c.From).ThenBy(c => c.Node.Index)
                    .FirstOrDefault();
                if (next.Node is null)
                {
                    return;
                }

                Walk(next.Node, next.From, next.To);
                cursor = next.From;
            }
        }
    }

    private sealed record Node(string Id, string? Parent, double Start, double End, int Index);
}
