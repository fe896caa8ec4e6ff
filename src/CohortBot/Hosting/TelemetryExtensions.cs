using CohortBot.Storage;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CohortBot.Hosting;

internal static class TelemetryExtensions
{
    /// Structured console logs (JSON outside Development); when the standard
    /// OTEL_EXPORTER_OTLP_ENDPOINT is set, also traces, metrics and logs for ASP.NET Core, outgoing
    /// HTTP and the database, exported over OTLP.
    public static IHostApplicationBuilder AddTelemetry(this IHostApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        if (builder.Environment.IsDevelopment())
            builder.Logging.AddSimpleConsole(console => console.SingleLine = true);
        else
            builder.Logging.AddJsonConsole(console => console.UseUtcTimestamp = true);

        // Without an exporter nobody reads spans or metrics, and recording them would cost every
        // request (a span per request, per outgoing call and per database command).
        if (string.IsNullOrWhiteSpace(builder.Configuration["OTEL_EXPORTER_OTLP_ENDPOINT"]))
            return builder;

        builder.Logging.AddOpenTelemetry(logging => logging.IncludeScopes = true);
        builder.Services.AddOpenTelemetry()
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
                .AddMeter("CohortBot.*"))
            .UseOtlpExporter();
        return builder;
    }
}
