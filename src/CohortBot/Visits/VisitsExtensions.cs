using CohortBot.Turns;

namespace CohortBot.Visits;

internal static class VisitsExtensions
{
    public static IHostApplicationBuilder AddVisits(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<VisitPeople>();
        builder.Services.AddScoped<VisitBookings>();
        builder.Services.AddScoped<VisitReminders>();
        builder.Services.AddCommand<VisitHandler>(["offer visit"], "visit-offer", "notice");
        builder.Services.AddCommand<VisitHandler>(["visits"], "visit-list", "notice");
        builder.Services.AddVerb<VisitHandler>(VisitHandler.OfferForm, "visit-offer", "notice");
        builder.Services.AddVerb<VisitHandler>(VisitHandler.Offer, "visit-offer", "visit-slot", "notice");
        builder.Services.AddVerb<VisitHandler>(VisitHandler.Book, "visit-slot", "visit-list", "notice");
        builder.Services.AddVerb<VisitHandler>(VisitHandler.CancelBooking, "visit-list", "notice");
        builder.Services.AddVerb<VisitHandler>(VisitHandler.CancelSlot, "visit-list", "notice");
        builder.Services.AddVerb<VisitHandler>(VisitHandler.Reflect, "visit-reflect", "visit-reflection", "notice");
        builder.Services.AddCommand<HostsHandler>(["hosts"], "visit-hosts", "notice");
        builder.Services.AddVerb<HostsHandler>(HostsHandler.Invite, "visit-hosts", "visit-invite", "notice");
        return builder;
    }
}
