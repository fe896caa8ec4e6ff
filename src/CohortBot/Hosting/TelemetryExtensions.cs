using CohortBot.Storage;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CohortBot.Hosting;

internal static class TelemetryExtensions
{
    /// Traces and metrics for ASP.NET Core, outgoing HTTP and the database, exported over OTLP when
    /// the standard OTEL_EXPORTER_OTLP_ENDPOINT is set; structured console logs (JSON outside
    /// Development).
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        else
            builder.Logging.AddJsonConsole(console => console.UseUtcTimestamp = true);

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("CohortBot"))
            .WithTracing(tracing => tracing
                .AddAspNetCoreInstrumentation(aspnet => aspnet.Filter = context => !context.Request.Path.StartsWithSegments("/healthz"))
                .AddHttpClientInstrumentation()
                .AddSource(CommandActivityInterceptor.SourceName)
                .AddSource("CohortBot.*"))
            .WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddMeter("Microsoft.EntityFrameworkCore")
                .AddMeter("CohortBot.*"));

        if (!string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
        {
            builder.Logging.AddOpenTelemetry(logging => logging.IncludeScopes = true);
            telemetry.UseOtlpExporter();
        }

        return builder;
    }
}
