using CohortBot.Turns;

namespace CohortBot.Reports;

internal static class ReportsExtensions
{
    public static IHostApplicationBuilder AddReports(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<MemberYear>();
        builder.Services.AddScoped<CohortHistory>();
        builder.Services.AddCommand<MemberHandler>(["member"], "member-year", "notice");
        return builder;
    }
}
