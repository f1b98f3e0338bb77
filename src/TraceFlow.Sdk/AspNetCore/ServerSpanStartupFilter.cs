using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;

namespace TraceFlow.Sdk.AspNetCore;

/// <summary>Puts <see cref="ServerSpanMiddleware"/> first in the pipeline, so the app needs no <c>Use...</c> call.</summary>
internal sealed class ServerSpanStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ServerSpanMiddleware>();
        next(app);
    };
}
