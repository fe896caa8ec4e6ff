using System.Reflection;
using System.Runtime.Loader;

namespace CohortBot.Bench.Search;

/// The app's own search code, run in this process: the published <c>CohortBot.dll</c> (and its
/// Lucene.Net, EF Core and SQLite) loaded into a load context of its own, and its internal
/// <c>ResourceSearch</c> and <c>ResourceSearchIndex</c> driven by reflection. The bench cannot
/// reference them (CohortBot grants its internals to its tests only), and this measures exactly
/// what was published: <c>FreshenAsync</c> reads each cohort's library from the database with the
/// app's EF Core queries and builds its index; <c>Search</c> is the call the answer makes.
/// Reflection adds well under a microsecond a call.
internal sealed class InProcessSearch : IDisposable
{
    private readonly Type _contextType;
    private readonly object _contextOptions;
    private readonly Type _searchType;
    private readonly MethodInfo _freshen;
    private readonly MethodInfo _search;
    private readonly MethodInfo _countOf;
    private IDisposable? _index;

    private InProcessSearch(Assembly bot, Assembly efCore, Assembly efSqlite, string connectionString)
    {
        _contextType = Find(bot, "CohortBot.Storage.SqliteCohortDbContext");
        var indexType = Find(bot, "CohortBot.Resources.Search.ResourceSearchIndex");
        _searchType = Find(bot, "CohortBot.Resources.ResourceSearch");

        // new DbContextOptionsBuilder<SqliteCohortDbContext>().UseSqlite(connectionString).Options, as the app's design-time factory does.
        var builderType = Find(efCore, "Microsoft.EntityFrameworkCore.DbContextOptionsBuilder`1").MakeGenericType(_contextType);
        var builder = Activator.CreateInstance(builderType)!;
        var useSqlite = Find(efSqlite, "Microsoft.EntityFrameworkCore.SqliteDbContextOptionsBuilderExtensions").GetMethods()
            .Single(m => m.Name == "UseSqlite" && m.IsGenericMethodDefinition && m.GetParameters() is { Length: 3 } p && p[1].ParameterType == typeof(string))
            .MakeGenericMethod(_contextType);
        useSqlite.Invoke(null, [builder, connectionString, null]);
        _contextOptions = builderType.GetProperty("Options", BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)!.GetValue(builder)!;

        _index = (IDisposable)Activator.CreateInstance(indexType)!;
        _freshen = _searchType.GetMethod("FreshenAsync") ?? throw Missing("ResourceSearch.FreshenAsync");
        _search = indexType.GetMethod("Search", [typeof(IReadOnlyCollection<int>), typeof(string), typeof(int)]) ?? throw Missing("ResourceSearchIndex.Search");
        _countOf = indexType.GetMethod("CountOf") ?? throw Missing("ResourceSearchIndex.CountOf");
    }

    /// Loads the published bot from <paramref name="publishedBot"/> and points it at the SQLite file.
    public static InProcessSearch Load(string publishedBot, string databasePath)
    {
        var context = new PublishedBotContext(Path.Combine(publishedBot, "CohortBot.dll"));
        var bot = context.LoadFromAssemblyPath(Path.Combine(publishedBot, "CohortBot.dll"));
        var efCore = context.LoadFromAssemblyName(new AssemblyName("Microsoft.EntityFrameworkCore"));
        var efSqlite = context.LoadFromAssemblyName(new AssemblyName("Microsoft.EntityFrameworkCore.Sqlite"));
        return new InProcessSearch(bot, efCore, efSqlite, $"Data Source={databasePath}");
    }

    private object Index => _index ?? throw new ObjectDisposedException(nameof(InProcessSearch));

    /// <c>ResourceSearch.FreshenAsync(cohortIds)</c> on a fresh database context, as one request would: reads
    /// the cohorts' versions, and rebuilds each index that is missing or stale from the database.
    public async Task FreshenAsync(IReadOnlyCollection<int> cohortIds)
    {
        var db = (IAsyncDisposable)Activator.CreateInstance(_contextType, _contextOptions)!;
        await using (db)
        {
            var search = Activator.CreateInstance(_searchType, db, Index)!;
            await (Task)_freshen.Invoke(search, [cohortIds, CancellationToken.None])!;
        }
    }

    /// <c>ResourceSearchIndex.Search(cohortIds, question, top)</c>: how many hits it returned.
    public int Search(IReadOnlyCollection<int> cohortIds, string question, int top = 3) =>
        ((IReadOnlyCollection<object>)_search.Invoke(Index, [cohortIds, question, top])!).Count;

    /// How many resources the cohort's index holds.
    public int CountOf(int cohortId) => (int)_countOf.Invoke(Index, [cohortId])!;

    /// Frees the indexes (their memory is what a measurement after this no longer holds).
    public void Dispose()
    {
        _index?.Dispose();
        _index = null;
    }

    private static Type Find(Assembly assembly, string name) =>
        assembly.GetType(name) ?? throw Missing(name + " in " + assembly.GetName().Name);

    private static InvalidOperationException Missing(string what) =>
        new($"The published bot has no {what}: the search benchmark follows the app's search types; update bench/CohortBot.Bench/Search/InProcessSearch.cs.");

    /// Resolves the bot's assemblies and native libraries from its publish folder (its deps.json), so
    /// that it runs on exactly the packages it ships with; the shared framework comes from the host.
    private sealed class PublishedBotContext(string mainAssembly) : AssemblyLoadContext("published CohortBot")
    {
        private readonly AssemblyDependencyResolver _resolver = new(mainAssembly);

        protected override Assembly? Load(AssemblyName assemblyName) =>
            _resolver.ResolveAssemblyToPath(assemblyName) is { } path ? LoadFromAssemblyPath(path) : null;

        protected override IntPtr LoadUnmanagedDll(string unmanagedDllName) =>
            _resolver.ResolveUnmanagedDllToPath(unmanagedDllName) is { } path ? LoadUnmanagedDllFromPath(path) : IntPtr.Zero;
    }
}
