# syntax=docker/dockerfile:1
# TraceFlow images: one build stage, three runtime targets.
#   docker build --target gateway -t traceflow-gateway .   (the default target)
#   docker build --target silo    -t traceflow-silo .
#   docker build --target demo    -t traceflow-demo .      (checkout, inventory, payment: the role is the first argument)
ARG DOTNET_VERSION=10.0

FROM mcr.microsoft.com/dotnet/sdk:${DOTNET_VERSION} AS build
WORKDIR /src
# Restore from the project files alone, so the package layer is cached until one of them changes.
# Every project the gateway, silo and demo reference (transitively) must be listed here.
COPY global.json Directory.Build.props Directory.Packages.props .editorconfig ./
COPY src/TraceFlow.Grains/TraceFlow.Grains.csproj src/TraceFlow.Grains/
COPY src/TraceFlow.Storage.ClickHouse/TraceFlow.Storage.ClickHouse.csproj src/TraceFlow.Storage.ClickHouse/
COPY src/TraceFlow.Gateway/TraceFlow.Gateway.csproj src/TraceFlow.Gateway/
COPY src/TraceFlow.Silo/TraceFlow.Silo.csproj src/TraceFlow.Silo/
COPY src/TraceFlow.Sdk/TraceFlow.Sdk.csproj src/TraceFlow.Sdk/
COPY src/TraceFlow.Demo/TraceFlow.Demo.csproj src/TraceFlow.Demo/
RUN dotnet restore src/TraceFlow.Gateway/TraceFlow.Gateway.csproj \
 && dotnet restore src/TraceFlow.Silo/TraceFlow.Silo.csproj \
 && dotnet restore src/TraceFlow.Demo/TraceFlow.Demo.csproj
COPY src/ src/
COPY web/ web/
RUN dotnet publish src/TraceFlow.Gateway/TraceFlow.Gateway.csproj -c Release --no-restore -o /out/gateway \
 && dotnet publish src/TraceFlow.Silo/TraceFlow.Silo.csproj -c Release --no-restore -o /out/silo \
 && dotnet publish src/TraceFlow.Demo/TraceFlow.Demo.csproj -c Release --no-restore -o /out/demo

# The runtime image plus curl, which the container health checks (docker compose) run over HTTP;
# the aspnet image ships neither curl nor wget.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS runtime-curl
RUN apt-get update \
 && apt-get install -y --no-install-recommends curl \
 && rm -rf /var/lib/apt/lists/*

# The standalone Orleans silo (Kubernetes, Compose, multi-process setups). It serves no HTTP
# health endpoint, only /metrics on 9464: probes and health checks open its silo port instead.
FROM mcr.microsoft.com/dotnet/aspnet:${DOTNET_VERSION} AS silo
WORKDIR /app
COPY --from=build /out/silo ./
# Listen on every interface so port mappings and probes reach the silo; serve /metrics on all of them too.
ENV DOTNET_gcServer=1 \
    TraceFlow__Silo__ListenOnAnyAddress=true \
    TraceFlow__Silo__MetricsHostname=+ \
    TraceFlow__Silo__MetricsPort=9464
EXPOSE 11111 30000 9464
USER $APP_UID
ENTRYPOINT ["dotnet", "TraceFlow.Silo.dll"]

# The demo services: `checkout|inventory|payment --port N --collector URL ...`. They bind
# 127.0.0.1 in code; a container sets Kestrel__Endpoints__Http__Url (http://0.0.0.0:N) instead.
FROM runtime-curl AS demo
WORKDIR /app
COPY --from=build /out/demo ./
EXPOSE 9001 9002 9003
USER $APP_UID
ENTRYPOINT ["dotnet", "TraceFlow.Demo.dll"]

# The gateway: UI, APIs, ingest; co-hosts a silo unless TraceFlow__Gateway__Mode=Client.
FROM runtime-curl AS gateway
WORKDIR /app
COPY --from=build /out/gateway ./
# appsettings.json binds Urls to 127.0.0.1:9411, and appsettings outranks ASPNETCORE_URLS;
# the unprefixed Urls variable outranks appsettings, so it is the one that opens the port to the host.
# The base image's ASPNETCORE_HTTP_PORTS=8080 is cleared: Urls replaces it, with a warning otherwise.
ENV DOTNET_gcServer=1 \
    Urls=http://0.0.0.0:9411 \
    ASPNETCORE_HTTP_PORTS=
EXPOSE 9411 4317 4318
USER $APP_UID
ENTRYPOINT ["dotnet", "TraceFlow.Gateway.dll"]
