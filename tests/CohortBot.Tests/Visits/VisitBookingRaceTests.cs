using CohortBot.Cohorts;
using CohortBot.Storage;
using CohortBot.Tests.Infrastructure;
using CohortBot.Visits;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Time.Testing;

namespace CohortBot.Tests.Visits;

/// Twelve teachers press Book on a slot of two seats at the same moment, each in a request of their
/// own (a scope, as the app gives each request): exactly two get a seat, the slot counts two, and the
/// other ten are told it was just taken. On both stores.
public sealed class VisitBookingRaceTests
{
    private const int Pressing = 12;

    [Theory, MemberData(nameof(TestDatabase.Providers), MemberType = typeof(TestDatabase))]
    public async Task ManyBookTheLastSeatsAtOnce_NeverOverbooked(string provider)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 1, 18, 0, 0, TimeSpan.Zero));
        await using var app = new CohortBotApp(await TestDatabase.CreateAsync(provider), settings: new Dictionary<string, string?> { ["CohortBot:Seed"] = "samples/demo-district.yaml" },
            services: services =>
            {
                services.RemoveAll<TimeProvider>();
                services.AddSingleton<TimeProvider>(time);
            });
        var (slotId, teachers) = await app.WithStoreAsync(async db =>
        {
            var cohort = await db.Cohorts.Include(c => c.Members).SingleAsync();
            var added = Enumerable.Range(1, Pressing).Select(i => new Member
            {
                DistrictId = cohort.DistrictId,
                DisplayName = $"Visiting Teacher {i}",
                Email = $"visitor{i}@example.com",
                Role = MemberRole.Teacher,
                TimeZone = "America/Chicago",
            }).ToList();
            cohort.Members.AddRange(added);
            await db.SaveChangesAsync();
            var slot = await db.VisitSlots.SingleAsync(s => s.Model == "Station Rotation");
            Assert.Equal((2, 0), (slot.Seats, slot.BookedSeats));
            return (slot.Id, added.Select(m => m.Id).ToList());
        });

        using var start = new ManualResetEventSlim();
        var presses = teachers.Select(id => Task.Run(async () =>
        {
            await using var scope = app.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<CohortDbContext>();
            var visitor = await db.Members.SingleAsync(m => m.Id == id);
            start.Wait();
            return await scope.ServiceProvider.GetRequiredService<VisitBookings>().BookAsync(slotId, visitor, default);
        })).ToList();
        start.Set();
        var outcomes = (await Task.WhenAll(presses)).Select(r => r.Outcome).ToList();

        Assert.Equal(2, outcomes.Count(o => o == VisitBookings.Outcome.Booked));
        Assert.Equal(Pressing - 2, outcomes.Count(o => o == VisitBookings.Outcome.JustTaken));
        await app.WithStoreAsync(async db =>
        {
            Assert.Equal(2, await db.VisitSlots.Where(s => s.Id == slotId).Select(s => s.BookedSeats).SingleAsync());
            Assert.Equal(2, await db.VisitBookings.CountAsync(b => b.SlotId == slotId && b.CancelledAt == null));
            Assert.Equal(2, await db.Deliveries.CountAsync(d => d.IdempotencyKey.StartsWith($"visit:{slotId}/booking:") && d.IdempotencyKey.EndsWith("/host")));
        });
    }
}
