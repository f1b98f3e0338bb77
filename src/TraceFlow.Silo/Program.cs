using TraceFlow.Grains.Hosting;
using TraceFlow.Silo.Hosting;

var builder = Host.CreateApplicationBuilder(args);
builder.UseOrleans(silo => silo
    .UseTraceFlowClustering(builder.Configuration)
    .AddTraceFlowGrains()
    .AddTraceFlowSiloHost());

builder.Build().Run();
