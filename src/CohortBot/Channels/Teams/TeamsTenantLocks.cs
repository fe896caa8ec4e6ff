using System.Buffers.Binary;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using CohortBot.Outbox;
using CohortBot.Storage;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CohortBot.Channels.Teams;

/// One sender per Teams tenant, however many instances run. Teams allows an app 50 requests a
/// second per tenant, and the connector's limiter keeps that pace in its own process only: two
/// instances would take twice it. On PostgreSQL an instance therefore sends a tenant's messages
/// only while it holds a session advisory lock for the tenant (<c>pg_try_advisory_lock</c> on a
/// hash of <c>teams-tenant:{tenant}</c>), taken on a connection of its own that lives as long as the
/// instance; the others leave those messages to it (<see cref="DeliveryDeferredException"/>), and
/// it sweeps often while it holds one, as the minutely sweep may run elsewhere. A lock lives with
/// its session: when the holder stops or loses its connection another instance takes the tenant
/// within a check, and after a reconnect the holder takes back whatever nobody else took. A single
/// SQLite process needs none of this: it may always send.
internal sealed class TeamsTenantLocks(IOptions<DatabaseOptions> database, DeferredDeliveries deferrals, IServiceScopeFactory scopes, TimeProvider time, ILogger<TeamsTenantLocks> logger) : BackgroundService
{
    /// How long a delivery left to another instance waits before it is due again: not at all, for
    /// the holder to take it at once (the instance that left it passes over it, <see cref="DeferredDeliveries"/>).
    public static readonly TimeSpan Deferral = TimeSpan.Zero;

    /// How often the connection is checked and the tenants held elsewhere asked for again: how long
    /// a lost session may go unnoticed, and how soon another instance takes over a stopped holder's tenants.
    public static readonly TimeSpan CheckEvery = TimeSpan.FromSeconds(1);

    /// How often a holder sweeps for what other instances left to it: about how long a reply
    /// written by another instance waits.
    public static readonly TimeSpan SweepEvery = TimeSpan.FromSeconds(1);

    private const int CommandTimeoutSeconds = 5;

    private readonly string? _connectionString = database.Value.EffectiveProvider == DatabaseProvider.Postgres
        ? new NpgsqlConnectionStringBuilder(database.Value.ConnectionString) { Pooling = false, ApplicationName = "cohortbot-teams-tenant-locks" }.ConnectionString
        : null;

    /// The one connection the locks live on; every use of it holds <see cref="_gate"/>.
    private NpgsqlConnection? _connection;
    private readonly SemaphoreSlim _gate = new(1, 1);

    /// The tenants this instance sends for, by <see cref="Scope"/>.
    private readonly ConcurrentDictionary<string, byte> _held = new(StringComparer.Ordinal);

    /// Every tenant asked for that another instance holds, by <see cref="Scope"/>, with when a send may ask again.
    private readonly ConcurrentDictionary<string, DateTimeOffset> _elsewhere = new(StringComparer.Ordinal);

    /// Whether this instance shares the store with others (PostgreSQL), so that tenants are locked.
    public bool Shared => _connectionString is not null;

    /// What a tenant's lock is named: the scope of the deliveries left to its holder, and the text its key hashes.
    public static string Scope(string? tenantId) => "teams-tenant:" + (tenantId ?? "").ToLowerInvariant();

    /// Whether this instance may send for <paramref name="tenantId"/> now: it holds the tenant's
    /// lock, or took it just now. Asks the database at most every <see cref="CheckEvery"/> for a
    /// tenant held elsewhere; a tenant held here costs nothing.
    public async ValueTask<bool> MaySendAsync(string? tenantId, CancellationToken cancellationToken)
    {
        if (!Shared)
            return true;
        var scope = Scope(tenantId);
        if (_held.ContainsKey(scope))
            return true;
        if (_elsewhere.TryGetValue(scope, out var askAgain) && time.GetUtcNow() < askAgain)
            return false;

        await _gate.WaitAsync(cancellationToken);
        try
        {
            return _held.ContainsKey(scope) || await TryTakeAsync(scope, cancellationToken);
        }
        finally
        {
            _gate.Release();
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Shared ? Task.WhenAll(CheckLoopAsync(stoppingToken), SweepLoopAsync(stoppingToken)) : Task.CompletedTask;

    /// The connection closes last, when the app's services are disposed: sends still finishing
    /// during the stop keep the tenant's one pace until then.
    public override void Dispose()
    {
        _connection?.Dispose();
        _connection = null;
        _held.Clear();
        _gate.Dispose();
        base.Dispose();
    }

    private async Task CheckLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(CheckEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await _gate.WaitAsync(stoppingToken);
                try
                {
                    await CheckAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or TimeoutException)
                {
                    Log.TeamsTenantLocksUnavailable(logger, failure.GetType().Name);
                }
                finally
                {
                    _gate.Release();
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task SweepLoopAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(SweepEvery, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_held.IsEmpty)
                    continue;
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<DeliveryJob>().SendDueAsync(stoppingToken);
                }
                catch (Exception failure) when (failure is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    Log.TeamsTenantSweepFailed(logger, failure);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    /// Makes sure the session is alive (its locks are held only as long as it is), and asks again
    /// for every tenant held elsewhere.
    private async Task CheckAsync(CancellationToken cancellationToken)
    {
        if (!_held.IsEmpty)
        {
            try
            {
                await using var ping = Command("SELECT 1");
                await ping.ExecuteScalarAsync(cancellationToken);
            }
            catch (Exception failure) when (failure is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                Lost(failure);
            }
        }
        foreach (var scope in _elsewhere.Keys.Where(s => !_held.ContainsKey(s)).ToList())
            await TryTakeAsync(scope, cancellationToken);
    }

    /// Asks for the tenant's lock; after a lost connection, once more on a new one. Holds <see cref="_gate"/>.
    private async Task<bool> TryTakeAsync(string scope, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await ConnectAsync(cancellationToken);
                await using var take = Command("SELECT pg_try_advisory_lock(@key)");
                take.Parameters.AddWithValue("key", Key(scope));
                if (await take.ExecuteScalarAsync(cancellationToken) is true)
                {
                    _held[scope] = 0;
                    _elsewhere.TryRemove(scope, out _);
                    deferrals.Forget(scope);
                    Log.TeamsTenantTaken(logger, scope);
                    return true;
                }
                if (_elsewhere.TryAdd(scope, default))
                    Log.TeamsTenantHeldElsewhere(logger, scope);
                _elsewhere[scope] = time.GetUtcNow() + CheckEvery;
                return false;
            }
            catch (Exception failure) when (attempt == 0 && failure is NpgsqlException or InvalidOperationException or TimeoutException)
            {
                Lost(failure);
            }
        }
    }

    private async Task ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { State: System.Data.ConnectionState.Open })
            return;
        _connection?.Dispose();
        _connection = new NpgsqlConnection(_connectionString);
        await _connection.OpenAsync(cancellationToken);
    }

    /// The session is gone, and its locks with it: another instance may hold them already, so none
    /// counts as held until taken again (the next check asks for them all). Holds <see cref="_gate"/>.
    private void Lost(Exception failure)
    {
        Log.TeamsTenantLocksLost(logger, failure.GetType().Name, _held.Count);
        foreach (var scope in _held.Keys)
            _elsewhere[scope] = default;
        _held.Clear();
        _connection?.Dispose();
        _connection = null;
    }

    private NpgsqlCommand Command(string sql) =>
        new(sql, _connection ?? throw new InvalidOperationException("Not connected.")) { CommandTimeout = CommandTimeoutSeconds };

    /// The lock's key: a stable 64-bit hash of the tenant's scope, the same in every instance and version.
    private static long Key(string scope) =>
        BinaryPrimitives.ReadInt64BigEndian(SHA256.HashData(Encoding.UTF8.GetBytes(scope)));
}
