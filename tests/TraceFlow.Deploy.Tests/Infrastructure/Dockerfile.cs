using System.Text.RegularExpressions;

namespace TraceFlow.Deploy.Tests.Infrastructure;

/// <summary>One instruction with its continuation lines joined.</summary>
internal sealed record DockerInstruction(string Keyword, string Arguments, int Line);

/// <summary>A build stage: <c>FROM image [AS name]</c> and what follows it.</summary>
internal sealed record DockerStage(string Image, string? Name, IReadOnlyList<DockerInstruction> Instructions)
{
    public IEnumerable<DockerInstruction> All(string keyword) =>
        Instructions.Where(i => string.Equals(i.Keyword, keyword, StringComparison.OrdinalIgnoreCase));

    /// <summary>Variables set by ENV in this stage (both <c>K=V</c> and legacy <c>K V</c> forms).</summary>
    public IReadOnlyDictionary<string, string> Environment
    {
        get
        {
            var env = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var instruction in All("ENV"))
            {
                var tokens = Dockerfile.Tokenize(instruction.Arguments);
                if (tokens.Count >= 2 && !tokens[0].Contains('=', StringComparison.Ordinal))
                {
                    env[tokens[0]] = string.Join(' ', tokens.Skip(1));
                    continue;
                }

                foreach (var token in tokens)
                {
                    var eq = token.IndexOf('=', StringComparison.Ordinal);
                    Assert.True(eq > 0, $"Dockerfile line {instruction.Line}: ENV token '{token}' is not K=V");
                    env[token[..eq]] = token[(eq + 1)..];
                }
            }

            return env;
        }
    }

    /// <summary>Ports from EXPOSE, without a /tcp or /udp suffix.</summary>
    public IReadOnlySet<int> ExposedPorts =>
        All("EXPOSE")
            .SelectMany(i => Dockerfile.Tokenize(i.Arguments))
            .Select(p => int.Parse(p.Split('/')[0], System.Globalization.CultureInfo.InvariantCulture))
            .ToHashSet();

    public IEnumerable<DockerCopy> Copies => All("COPY").Concat(All("ADD")).Select(DockerCopy.Parse);
}

/// <summary>A COPY/ADD: sources, destination and the <c>--from</c> stage if any.</summary>
internal sealed record DockerCopy(IReadOnlyList<string> Sources, string Destination, string? From, int Line)
{
    public static DockerCopy Parse(DockerInstruction instruction)
    {
        var tokens = Dockerfile.Tokenize(instruction.Arguments);
        var from = tokens.FirstOrDefault(t => t.StartsWith("--from=", StringComparison.Ordinal))?["--from=".Length..];
        var paths = tokens.Where(t => !t.StartsWith("--", StringComparison.Ordinal)).ToList();
        Assert.True(paths.Count >= 2, $"Dockerfile line {instruction.Line}: COPY needs a source and a destination");
        return new DockerCopy(paths[..^1], paths[^1], from, instruction.Line);
    }
}

/// <summary>A small Dockerfile reader: enough structure for static checks, no BuildKit semantics.</summary>
internal sealed partial class Dockerfile
{
    private Dockerfile(IReadOnlyList<DockerInstruction> preamble, IReadOnlyList<DockerStage> stages)
    {
        Preamble = preamble;
        Stages = stages;
    }

    /// <summary>Instructions before the first FROM (global ARGs, parser directives aside).</summary>
    public IReadOnlyList<DockerInstruction> Preamble { get; }

    public IReadOnlyList<DockerStage> Stages { get; }

    public DockerStage Stage(string name)
    {
        var stage = Stages.FirstOrDefault(s => string.Equals(s.Name, name, StringComparison.OrdinalIgnoreCase));
        Assert.True(stage is not null, $"Dockerfile has no stage '{name}' (stages: {string.Join(", ", Stages.Select(s => s.Name))})");
        return stage;
    }

    /// <summary>The stage and the stages it is built FROM, nearest first, down to an external image.</summary>
    public IReadOnlyList<DockerStage> Lineage(string name)
    {
        var lineage = new List<DockerStage>();
        for (var stage = Stage(name); ; stage = Stage(stage.Image))
        {
            lineage.Add(stage);
            if (!Stages.Any(s => string.Equals(s.Name, stage.Image, StringComparison.OrdinalIgnoreCase)))
            {
                return lineage;
            }
        }
    }

    /// <summary>The external image a stage finally runs on, through any stages it is built FROM.</summary>
    public string BaseImage(string name) => Lineage(name)[^1].Image;

    public static Dockerfile Load(string path)
    {
        var instructions = ReadInstructions(File.ReadAllLines(path));
        var args = new Dictionary<string, string>(StringComparer.Ordinal);
        var preamble = new List<DockerInstruction>();
        var stages = new List<DockerStage>();
        List<DockerInstruction>? current = null;
        foreach (var instruction in instructions)
        {
            if (string.Equals(instruction.Keyword, "FROM", StringComparison.OrdinalIgnoreCase))
            {
                var tokens = Tokenize(instruction.Arguments).Where(t => !t.StartsWith("--", StringComparison.Ordinal)).ToList();
                var image = Substitute(tokens[0], args);
                var name = tokens.Count >= 3 && string.Equals(tokens[1], "AS", StringComparison.OrdinalIgnoreCase) ? tokens[2] : null;
                current = [];
                stages.Add(new DockerStage(image, name, current));
            }
            else if (current is null)
            {
                preamble.Add(instruction);
                if (string.Equals(instruction.Keyword, "ARG", StringComparison.OrdinalIgnoreCase))
                {
                    var arg = instruction.Arguments.Trim();
                    var eq = arg.IndexOf('=', StringComparison.Ordinal);
                    if (eq > 0)
                    {
                        args[arg[..eq]] = arg[(eq + 1)..].Trim('"');
                    }
                }
            }
            else
            {
                current.Add(instruction);
            }
        }

        return new Dockerfile(preamble, stages);
    }

    /// <summary>Splits on whitespace, honouring double quotes and a JSON array form.</summary>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        var trimmed = text.Trim();
        if (trimmed.StartsWith('[') && trimmed.EndsWith(']'))
        {
            return System.Text.Json.JsonSerializer.Deserialize<string[]>(trimmed) ?? [];
        }

        return TokenPattern().Matches(trimmed).Select(m => m.Value.Replace("\"", "", StringComparison.Ordinal)).ToList();
    }

    private static List<DockerInstruction> ReadInstructions(string[] lines)
    {
        var result = new List<DockerInstruction>();
        var buffer = new System.Text.StringBuilder();
        var startLine = 0;
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue; // comments and blank lines may also sit inside a continued instruction
            }

            if (buffer.Length == 0)
            {
                startLine = i + 1;
            }

            var continued = line.EndsWith('\\');
            buffer.Append(continued ? line[..^1] : line).Append(' ');
            if (!continued)
            {
                Add(result, buffer.ToString().Trim(), startLine);
                buffer.Clear();
            }
        }

        if (buffer.Length > 0)
        {
            Add(result, buffer.ToString().Trim(), startLine);
        }

        return result;
    }

    private static void Add(List<DockerInstruction> result, string text, int line)
    {
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var keyword = space < 0 ? text : text[..space];
        var arguments = space < 0 ? "" : text[(space + 1)..].Trim();
        result.Add(new DockerInstruction(keyword.ToUpperInvariant(), arguments, line));
    }

    private static string Substitute(string text, Dictionary<string, string> args) =>
        VariablePattern().Replace(text, m => args.TryGetValue(m.Groups["name"].Value, out var value) ? value : m.Value);

    [GeneratedRegex("""[^\s"]*"[^"]*"[^\s"]*|\S+""")]
    private static partial Regex TokenPattern();

    [GeneratedRegex(@"\$\{?(?<name>[A-Za-z_][A-Za-z0-9_]*)\}?")]
    private static partial Regex VariablePattern();
}
