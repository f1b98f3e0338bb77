using TraceFlow.Gateway.Hosting;
using TraceFlow.Gateway.Security;

if (args is [KeyHashCommand.Name])
{
    return KeyHashCommand.Run(Console.In, Console.Out, Console.Error);
}

var builder = WebApplication.CreateBuilder(args);
builder.AddTraceFlowGateway();

var app = builder.Build();
app.MapTraceFlowGateway();
app.Run();
return 0;

/// <summary>Entry point; public so integration tests can host the gateway.</summary>
public partial class Program;
