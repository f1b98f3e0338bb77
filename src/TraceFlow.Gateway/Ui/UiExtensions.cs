using Microsoft.Extensions.FileProviders;

namespace TraceFlow.Gateway.Ui;

/// <summary>Serves the static browser UI from <c>web/</c> beside the binaries.</summary>
public static class UiExtensions
{
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'self'";

    public static WebApplication UseTraceFlowUi(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var root = Path.Combine(AppContext.BaseDirectory, "web");
        Directory.CreateDirectory(root);
        var files = new PhysicalFileProvider(root);
        app.Use((context, next) =>
        {
            // Data shown by the UI is untrusted: forbid inline script and framing everywhere.
            context.Response.Headers.ContentSecurityPolicy = ContentSecurityPolicy;
            context.Response.Headers.XContentTypeOptions = "nosniff";
            return next(context);
        });
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files });
        app.UseStaticFiles(new StaticFileOptions { FileProvider = files });
        return app;
    }
}
