namespace CohortBot.Outbox;

internal static class OutboxExtensions
{
    public static IHostApplicationBuilder AddOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<Outbox>();
        builder.Services.AddScoped<DeliveryJob>();
        return builder;
    }
}
