using TraceFlow.Gateway.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddTraceFlowGateway();

var app = builder.Build();
app.MapTraceFlowGateway();
app.Run();

/// <summary>Entry point; public so integration tests can host the gateway.</summary>
public partial class Program;
