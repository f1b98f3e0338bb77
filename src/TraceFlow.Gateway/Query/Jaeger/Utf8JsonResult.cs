using System.Text.Json;

namespace TraceFlow.Gateway.Query.Jaeger;

/// <summary>
/// A JSON response written by hand with <see cref="Utf8JsonWriter"/>: Jaeger's bodies hold
/// values whose JSON type depends on the data (typed tags, OTLP <c>AnyValue</c>s), which
/// is clearer to write directly than to model for the source generator.
/// </summary>
public abstract class Utf8JsonResult(int statusCode) : IResult, IStatusCodeHttpResult, IContentTypeHttpResult
{
    public int StatusCode { get; } = statusCode;

    int? IStatusCodeHttpResult.StatusCode => StatusCode;

    public string ContentType => "application/json; charset=utf-8";

    public async Task ExecuteAsync(HttpContext httpContext)
    {
        ArgumentNullException.ThrowIfNull(httpContext);
        var response = httpContext.Response;
        response.StatusCode = StatusCode;
        response.ContentType = ContentType;
        using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Indented = Indented(httpContext.Request) }))
        {
            WriteBody(writer);
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted);
    }

    /// <summary>Writes the whole body: one JSON value.</summary>
    protected abstract void WriteBody(Utf8JsonWriter writer);

    protected virtual bool Indented(HttpRequest request) => false;
}
