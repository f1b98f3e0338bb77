using TraceFlow.Demo.Load;

namespace TraceFlow.Demo;

/// <summary>
/// One binary, three services and a load generator:
/// <c>TraceFlow.Demo checkout|inventory|payment [--port N] [--collector URL] [--failure-rate R] ...</c>
/// and <c>TraceFlow.Demo load --url URL --requests N --concurrency C [--collector URL]</c>.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        if (args.Length == 0 || !Enum.TryParse<DemoRole>(args[0], ignoreCase: true, out var role) || !Enum.IsDefined(role))
        {
            await Console.Error.WriteLineAsync("usage: TraceFlow.Demo checkout|inventory|payment|load [--port N] [--collector URL] [--failure-rate R] [--url URL --requests N --concurrency C]");
            return 2;
        }

        if (role == DemoRole.Load)
        {
            return await LoadRunner.RunAsync(DemoApp.ReadOptions(args[1..]), Console.Out, CancellationToken.None);
        }

        await using var app = DemoApp.Build(role, args[1..]);
        await app.RunAsync();
        return 0;
    }
}
