namespace TraceFlow.Gateway.Security;

/// <summary>
/// <c>TraceFlow.Gateway hash-key</c>: reads a key from standard input (so it stays out of the
/// shell history and the process list) and prints the SHA-256 to put in configuration.
/// </summary>
public static class KeyHashCommand
{
    public const string Name = "hash-key";

    public static int Run(TextReader input, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var key = input.ReadLine()?.Trim();
        if (string.IsNullOrEmpty(key))
        {
            error.WriteLine("Send the key on standard input, e.g.: printf '%s' \"$KEY\" | TraceFlow.Gateway hash-key");
            return 2;
        }

        output.WriteLine(ApiKeyHash.Hash(key));
        return 0;
    }
}
