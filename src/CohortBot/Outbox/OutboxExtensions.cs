namespace CohortBot.Outbox;

internal static class OutboxExtensions
{
    public static IHostApplicationBuilder AddOutbox(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<OutboxWriter>();
        builder.Services.AddScoped<DeliveryJob>();
        builder.Services.AddSingleton<DeferredDeliveries>();
        builder.Services.AddSingleton<DeliveryDispatcher>();
        builder.Services.AddHostedService(services => services.GetRequiredService<DeliveryDispatcher>());
        return builder;
    }
}
