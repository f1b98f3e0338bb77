using TraceFlow.Grains.Hosting;
using TraceFlow.Grains.Sampling.Collector;
using TraceFlow.Silo.Hosting;
using TraceFlow.Storage.ClickHouse.Hosting;

var builder = Host.CreateApplicationBuilder(args);

// TraceFlow:Sampling:File: a Collector tail_sampling file, watched (see README, Tail sampling).
builder.Configuration.AddTailSamplingFile(builder.Environment.ContentRootPath);
builder.UseOrleans(silo => silo
    .UseTraceFlowClustering(builder.Configuration)
    .AddTraceFlowGrains()
    .AddTraceFlowSiloHost());
builder.Services.AddTraceFlowClickHouseStorage(builder.Configuration);

builder.Build().Run();
