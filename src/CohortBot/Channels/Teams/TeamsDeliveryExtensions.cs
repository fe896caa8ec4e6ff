namespace CohortBot.Channels.Teams;

internal static class TeamsDeliveryExtensions
{
    /// What sending to Teams needs beside the protocol: the tenant locks that keep one pace per
    /// tenant across instances, and the Graph client that installs the app for members.
    public static IServiceCollection AddTeamsDelivery(this IServiceCollection services)
    {
        services.AddSingleton<TeamsTenantLocks>();
        services.AddHostedService(provider => provider.GetRequiredService<TeamsTenantLocks>());
        services.AddHttpClient(GraphTokenProvider.HttpClientName);
        services.AddSingleton<GraphTokenProvider>();
        services.AddHttpClient<TeamsAppInstaller>();
        return services;
    }
}
