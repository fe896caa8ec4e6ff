using System.Globalization;
using System.Net.Mail;
using System.Text.Json;
using CohortBot.CheckIns.Scheduling;
using CohortBot.Channels.Identities;
using CohortBot.Cohorts.Privacy;
using CohortBot.Outbox;
using CohortBot.Series;
using CohortBot.Storage;
using CohortBot.Visits;
using Microsoft.EntityFrameworkCore;
using NodaTime;
using static CohortBot.Cohorts.ScheduleRules;

namespace CohortBot.Cohorts.Roster;

/// Imports a district (YAML) or members (CSV). All or nothing: every problem is reported with its
/// line and, when there is one, nothing is changed. Members are matched by e-mail, sites, cohorts
/// and question sets by name, so importing the same file again changes nothing.
internal sealed class RosterImporter(CohortDbContext db, IdentityLinks identities, Following.CohortFollowing following, IEnumerable<IRosterListener> listeners, TimeProvider time, ILogger<RosterImporter> logger)
{
    private static readonly StringComparer Names = StringComparer.OrdinalIgnoreCase;

    public async Task<ImportReport> ImportFileAsync(string path, string actor, CancellationToken cancellationToken)
    {
        var name = Path.GetFileName(path);
        if (!File.Exists(path))
            return ImportReport.Refused([new RosterProblem(0, $"no file at '{path}'")]);
        if (RosterLimits.CheckSize(new FileInfo(path)) is { } tooLarge)
            return ImportReport.Refused([tooLarge]);

        RosterFile? file;
        using (var text = File.OpenText(path))
        {
            var (read, problems) = Read(name, text);
            if (read is null)
                return ImportReport.Refused(problems);
            file = read;
            file.Folder = Path.GetDirectoryName(Path.GetFullPath(path));
        }

        var report = await ImportAsync(file, actor, cancellationToken);
        if (report.Succeeded)
            Log.RosterImported(logger, name, report);
        else
            Log.RosterRefused(logger, name, report.Problems.Count);
        return report;
    }

    /// Reads a roster uploaded on the web pages (its text only: nothing is stored). Checked like a
    /// file on the server, except that it may not name another file: the district's page takes the
    /// school calendar's <c>.ics</c> itself.
    /// It is for the uploader's own district: a district file naming another is refused, and a member
    /// list goes into <paramref name="district"/>.
    public static (RosterFile? File, IReadOnlyList<RosterProblem> Problems) ReadUpload(string fileName, string text, string district)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (System.Text.Encoding.UTF8.GetByteCount(text) > RosterLimits.MaxFileBytes)
            return (null, [RosterLimits.TooLarge]);
        using var reader = new StringReader(text);
        var (file, problems) = Read(fileName, reader);
        if (file is null)
            return (null, problems);
        var refused = new List<RosterProblem>();
        if (file.Calendar is not null)
            refused.Add(new RosterProblem(file.LineOf("calendar"), "calendar: names a file on the server, which an uploaded file may not do: upload the .ics on the district's page instead"));
        if (file.District is { } named && !Names.Equals(named.Trim(), district))
            refused.Add(new RosterProblem(file.LineOf("district"), $"this file is for the district '{named.Trim()}', and you coordinate '{district}'"));
        file.District ??= district;
        return refused.Count > 0 ? (null, [.. refused.OrderBy(p => p.Line)]) : (file, []);
    }

    /// A district (YAML) or a member list (CSV), by the file's extension; null with the problems when it does not read.
    private static (RosterFile? File, IReadOnlyList<RosterProblem> Problems) Read(string fileName, TextReader text)
    {
        switch (Path.GetExtension(fileName).ToLowerInvariant())
        {
            case ".csv":
                var (members, csvProblems) = CsvRosterReader.Read(text);
                return csvProblems.Count > 0 ? (null, csvProblems) : (members, []);
            case ".yaml" or ".yml":
                var (district, yamlProblems) = YamlRosterReader.Read(text);
                return yamlProblems.Count > 0 ? (null, yamlProblems) : (district, []);
            default:
                return (null, [new RosterProblem(0, $"'{Path.GetFileName(fileName)}' is neither a district file (.yaml, .yml) nor a member list (.csv)")]);
        }
    }

    /// Imports a district's school calendar (<c>import FILE.ics --district NAME</c>): its events become
    /// the district's closures, in place of those it had. All or nothing, like a roster.
    public async Task<ImportReport> ImportCalendarAsync(string path, string districtName, string actor, CancellationToken cancellationToken)
    {
        if (!File.Exists(path))
            return ImportReport.Refused([new RosterProblem(0, $"no file at '{path}'")]);
        var names = await db.Districts.Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
        if (names.FirstOrDefault(d => Names.Equals(d.Name, districtName.Trim())) is not { } match)
            return ImportReport.Refused([new RosterProblem(0, $"no district is called '{districtName}' (known: {string.Join(", ", names.Select(d => d.Name))})")]);
        await using var stream = File.OpenRead(path);
        return await ImportCalendarAsync(stream, Path.GetFileName(path), match.Id, actor, cancellationToken);
    }

    /// Imports a school calendar read from <paramref name="stream"/> (an upload on the district's
    /// page, or a file) as the district's closures, in place of those it had. All or nothing.
    public async Task<ImportReport> ImportCalendarAsync(Stream stream, string fileName, int districtId, string actor, CancellationToken cancellationToken)
    {
        var district = await db.Districts.SingleAsync(d => d.Id == districtId, cancellationToken);
        var (calendar, error) = await SchoolCalendarReader.ReadAsync(stream, district.TimeZone, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime).AddYears(-1), cancellationToken);
        if (calendar is null)
            return ImportReport.Refused([new RosterProblem(0, $"{fileName}: {error}")]);

        var existing = await db.SchoolClosures.Where(c => c.DistrictId == district.Id).ToListAsync(cancellationToken);
        if (calendar.Closures.Select(c => (c.Name, c.FirstDate, c.LastDate)).ToHashSet().SetEquals(existing.Select(c => (c.Name, c.FirstDate, c.LastDate))))
            return new ImportReport([], []);
        db.SchoolClosures.RemoveRange(existing);
        foreach (var closure in calendar.Closures)
            db.SchoolClosures.Add(new SchoolClosure { DistrictId = district.Id, Name = closure.Name, FirstDate = closure.FirstDate, LastDate = closure.LastDate });
        var changes = DescribeChanges();
        db.AuditLog.Add(new AuditEntry { At = time.GetUtcNow(), Actor = actor, Action = "calendar.import", Subject = district.Name, District = district, DetailsJson = JsonSerializer.Serialize(changes) });
        await db.SaveChangesAsync(cancellationToken);
        return new ImportReport([], changes);
    }

    public async Task<ImportReport> ImportAsync(RosterFile file, string actor, CancellationToken cancellationToken)
    {
        var (district, erased, problems) = await ApplyAsync(file, actor, cancellationToken);
        if (district is null)
            return ImportReport.Refused(problems);
        var changes = DescribeChanges();
        if (changes.Count > 0)
        {
            db.AuditLog.Add(new AuditEntry
            {
                At = time.GetUtcNow(),
                Actor = actor,
                Action = "roster.import",
                Subject = district.Name,
                District = district,
                DetailsJson = JsonSerializer.Serialize(changes),
            });
            await db.SaveChangesAsync(cancellationToken);
        }
        foreach (var listener in listeners)
            listener.Imported(district.Id, district.SlackTeamId is not null);

        if (erased.Count > 0)
            changes.Add(Skipped(erased));
        return new ImportReport([], changes);
    }

    /// What importing <paramref name="file"/> would change, without changing anything: refused with
    /// its problems, or the changes and the file's members as created, updated or unchanged (an
    /// import never removes anyone).
    public async Task<ImportPreview> PreviewAsync(RosterFile file, CancellationToken cancellationToken)
    {
        try
        {
            var (district, erased, problems) = await ApplyAsync(file, "preview", cancellationToken);
            if (district is null)
                return new ImportPreview(ImportReport.Refused(problems), [], [], 0);
            var members = db.ChangeTracker.Entries<Member>().ToList();
            var created = members.Where(e => e.State == EntityState.Added).Select(e => e.Entity.DisplayName).Order(StringComparer.CurrentCulture).ToList();
            var updated = members.Where(e => e.State == EntityState.Modified).Select(e => e.Entity.DisplayName).Order(StringComparer.CurrentCulture).ToList();
            var changes = DescribeChanges();
            if (erased.Count > 0)
                changes.Add(Skipped(erased));
            return new ImportPreview(new ImportReport([], changes), created, updated, file.Members.Count - created.Count - updated.Count);
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
    }

    /// Checks <paramref name="file"/> and applies it to the tracked store, unsaved; the district is
    /// null when it is refused, with the problems.
    private async Task<(District? District, IReadOnlySet<string> Erased, List<RosterProblem> Problems)> ApplyAsync(RosterFile file, string actor, CancellationToken cancellationToken)
    {
        var problems = new List<RosterProblem>();
        var district = await FindDistrictAsync(file, problems, cancellationToken);
        if (problems.Count > 0)
            return (null, new HashSet<string>(), problems);

        var erased = await SkipErasedAsync(file, cancellationToken);
        var held = await HeldAsync(district, cancellationToken);
        var plan = new Plan(file, district, problems, held, erased);
        plan.Check();
        await plan.ReadCalendarAsync(time, cancellationToken);
        plan.CheckIdentitiesFree(await FindTakenAsync(file, district, cancellationToken));
        if (problems.Count > 0)
            return (null, erased, problems);

        var linked = district is null ? [] : await db.Identities.Where(i => i.Member!.DistrictId == district.Id).ToListAsync(cancellationToken);
        var closures = district is null ? [] : await db.SchoolClosures.Where(c => c.DistrictId == district.Id).ToListAsync(cancellationToken);
        var channels = district is null ? [] : await db.CohortChannels.Where(c => c.Cohort!.DistrictId == district.Id).ToListAsync(cancellationToken);
        // A followed cohort's members are its team's or channel's: the file may add people to it, but
        // never takes anyone out, nor brings back someone who left the team.
        var followed = district is null ? [] : (await db.Follows.Where(f => f.Cohort!.DistrictId == district.Id).Select(f => f.CohortId).ToListAsync(cancellationToken)).ToHashSet();
        var departed = district is null ? [] : (await db.Departures.Where(d => d.ReturnedAt == null && d.Member!.DistrictId == district.Id).Select(d => new { d.CohortId, d.MemberId }).ToListAsync(cancellationToken)).Select(d => (d.CohortId, d.MemberId)).ToHashSet();
        var applied = plan.Apply(db, identities, linked, actor, closures, channels, time.GetUtcNow(), new FollowedCohorts(followed, departed));
        foreach (var entry in file.Cohorts.Where(c => c.Follows is not null))
            await following.SetAsync(applied.Cohorts.First(c => Names.Equals(c.Name, entry.Name!.Trim())), plan.Follows[entry], actor, cancellationToken);
        return (applied, erased, problems);
    }

    /// Takes the members a coordinator erased out of the file (matched by the hash of their e-mail,
    /// all the tombstones keep), so that a seed or a re-import never brings them back; returns their
    /// e-mails, which the rest of the file may still name (a session's facilitator) and then means nobody.
    private async Task<HashSet<string>> SkipErasedAsync(RosterFile file, CancellationToken cancellationToken)
    {
        var byHash = file.Members.Select(m => Normalize(m.Email)).OfType<string>().Distinct().ToDictionary(ErasedMember.HashEmail);
        if (byHash.Count == 0)
            return [];
        var hashes = byHash.Keys.ToList();
        var erased = (await db.ErasedMembers.AsNoTracking().Where(e => hashes.Contains(e.EmailHash)).Select(e => e.EmailHash).ToListAsync(cancellationToken))
            .Select(h => byHash[h]).ToHashSet(Names);
        if (erased.Count > 0)
            file.Members = [.. file.Members.Where(m => Normalize(m.Email) is not { } email || !erased.Contains(email))];
        return erased;
    }

    /// The district's series and visit slots, which a file's <c>series:</c> and <c>visits:</c> update.
    private async Task<Held> HeldAsync(District? district, CancellationToken cancellationToken)
    {
        if (district is null)
            return new Held([], [], []);
        var series = await db.Series.Include(s => s.Sessions).Where(s => s.Cohort!.DistrictId == district.Id).ToListAsync(cancellationToken);
        var attended = await db.Attendance.Where(a => a.Session!.Series!.Cohort!.DistrictId == district.Id)
            .Select(a => new { a.Session!.Series!.CohortId, a.Session.Title }).Distinct().ToListAsync(cancellationToken);
        var slots = await db.VisitSlots.Where(s => s.Host!.DistrictId == district.Id).ToListAsync(cancellationToken);
        return new Held(series, attended.GroupBy(a => a.CohortId).ToDictionary(g => g.Key, g => (IReadOnlySet<string>)g.Select(a => a.Title).ToHashSet(Names)), slots);
    }

    private sealed record Held(List<PdSeries> Series, Dictionary<int, IReadOnlySet<string>> AttendedTitles, List<VisitSlot> Slots);

    private async Task<District?> FindDistrictAsync(RosterFile file, List<RosterProblem> problems, CancellationToken cancellationToken)
    {
        var districts = db.Districts
            .Include(d => d.Sites)
            .Include(d => d.QuestionSets)
            .Include(d => d.Cohorts).ThenInclude(c => c.QuestionSet)
            .Include(d => d.Members).ThenInclude(m => m.Cohorts)
            .AsSplitQuery();

        if (file.District is { } name)
        {
            if (string.IsNullOrWhiteSpace(name))
                problems.Add(new RosterProblem(file.LineOf("district"), "'district' is empty: give the district's name"));
            // Few districts, and case-insensitive matching differs by provider: match in memory.
            var names = await db.Districts.Select(d => new { d.Id, d.Name }).ToListAsync(cancellationToken);
            var match = names.FirstOrDefault(d => Names.Equals(d.Name, name.Trim()));
            return match is null ? null : await districts.FirstAsync(d => d.Id == match.Id, cancellationToken);
        }

        if (file.Sites.Count > 0 || file.Cohorts.Count > 0 || file.QuestionSets.Count > 0)
        {
            problems.Add(new RosterProblem(1, "a district file starts with 'district: <name>'"));
            return null;
        }

        // A member list (CSV) goes into the district that already exists.
        var all = await districts.OrderBy(d => d.Id).Take(2).ToListAsync(cancellationToken);
        if (all.Count == 1)
            return all[0];

        problems.Add(new RosterProblem(0, all.Count == 0
            ? "there is no district yet: import the district file (YAML) before a member list"
            : "there are several districts: list these members in their district's YAML file instead"));
        return null;
    }

    /// Who holds the Teams and Slack ids this file names, and which of its e-mails another district has:
    /// one person, one identity.
    private async Task<Taken> FindTakenAsync(RosterFile file, District? district, CancellationToken cancellationToken)
    {
        var emails = file.Members.Select(m => Normalize(m.Email)).OfType<string>().ToList();
        var aadIds = file.Members.Select(m => Normalize(m.Teams?.AadObjectId)).OfType<string>().ToList();
        var slackIds = file.Members.Select(m => m.Slack?.UserId?.Trim()).OfType<string>().ToList();
        var holders = await db.Identities.AsNoTracking()
            .Where(i => (i.Platform == Platform.Teams && aadIds.Contains(i.UserId)) || (i.Platform == Platform.Slack && slackIds.Contains(i.UserId)))
            .Select(i => new { i.Platform, i.UserId, i.Member!.Email })
            .ToListAsync(cancellationToken);
        var elsewhere = district is null ? [] : await db.Members.AsNoTracking()
            .Where(m => emails.Contains(m.Email) && m.DistrictId != district.Id)
            .Select(m => m.Email)
            .ToListAsync(cancellationToken);
        return new Taken([.. holders.Select(h => (h.Platform, h.UserId, h.Email))], [.. elsewhere]);
    }

    private sealed record Taken(List<(Platform Platform, string UserId, string Email)> Identities, HashSet<string> EmailsElsewhere);

    private List<string> DescribeChanges()
    {
        var counts = db.ChangeTracker.Entries()
            .Where(e => e.State is EntityState.Added or EntityState.Modified or EntityState.Deleted && e.Entity is not AuditEntry)
            .GroupBy(e => (Kind: Describe(e.Metadata.ClrType, e.Metadata.Name), e.State))
            .Select(g => (g.Key.Kind, g.Key.State, Count: g.Count()))
            .ToList();
        return [.. counts.GroupBy(c => c.State).OrderBy(g => Verb(g.Key), Comparer<string>.Create((a, b) => VerbOrder(a) - VerbOrder(b))).Select(g =>
            $"{Verb(g.Key)} {string.Join(", ", g.OrderBy(c => c.Kind, StringComparer.Ordinal).Select(c => $"{c.Count} {c.Kind}{(c.Count == 1 ? "" : "s")}"))}")];

        static string Describe(Type type, string name) => type.Name switch
        {
            nameof(District) => "district",
            nameof(Site) => "site",
            nameof(Cohort) => "cohort",
            nameof(CohortSchedule) => "cohort schedule",
            nameof(QuestionSet) => "question set",
            nameof(Question) => "question",
            nameof(Member) => "member",
            nameof(PlatformIdentity) => "platform link",
            nameof(CheckIns.CohortChannel) => "cohort channel",
            nameof(SchoolClosure) => "school closure",
            nameof(PdSeries) => "PD series",
            nameof(PdSession) => "PD session",
            nameof(VisitSlot) => "visit slot",
            nameof(Following.CohortFollow) => "follow",
            _ when name == "CohortMembers" => "cohort membership",
            _ => type.Name.ToLowerInvariant(),
        };

        static int VerbOrder(string verb) => verb switch { "created" => 0, "updated" => 1, _ => 2 };

        static string Verb(EntityState state) => state switch
        {
            EntityState.Added => "created",
            EntityState.Modified => "updated",
            _ => "removed",
        };
    }

    /// The line of an import's changes that says how many erased members the file named and were left out.
    private static string Skipped(IReadOnlySet<string> erased) => $"skipped {erased.Count} erased member{(erased.Count == 1 ? "" : "s")}";

    /// The followed cohorts of the district and who left them (cohort id, member id), for the members' cohorts.
    private sealed record FollowedCohorts(HashSet<int> Cohorts, HashSet<(int CohortId, int MemberId)> Departed);

    private static string? Normalize(string? id) => string.IsNullOrWhiteSpace(id) ? null : id.Trim().ToLowerInvariant();

    /// Checks a file against what the district already holds, then applies it.
    private sealed class Plan(RosterFile file, District? district, List<RosterProblem> problems, Held held, IReadOnlySet<string> erased)
    {
        private readonly Dictionary<string, SeriesRoster.Checked> _series = new(Names);
        private readonly Dictionary<MemberEntry, List<VisitRoster.Checked>> _visits = [];

        private readonly Dictionary<string, CohortSchedule> _schedules = new(Names);
        private readonly Dictionary<string, (QuestionKind Kind, QuestionEntry Entry)[]> _questionSets = new(Names);
        private SchoolCalendar? _calendar;

        /// The school calendar the file names, beside it; its events are the district's closures.
        public async Task ReadCalendarAsync(TimeProvider time, CancellationToken cancellationToken)
        {
            if (file.Calendar?.Trim() is not { Length: > 0 } name)
                return;
            var line = file.LineOf("calendar");
            if (file.Folder is null || Path.IsPathRooted(name) || name.Contains("..", StringComparison.Ordinal))
            {
                Problem(line, $"calendar '{name}' must be a file beside the district file");
                return;
            }
            var path = Path.Combine(file.Folder, name);
            if (!File.Exists(path))
            {
                Problem(line, $"calendar '{name}': no such file beside the district file");
                return;
            }
            var zone = DistrictZone ?? "UTC";
            await using var stream = File.OpenRead(path);
            var today = DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime);
            var (calendar, error) = await SchoolCalendarReader.ReadAsync(stream, zone, today.AddYears(-1), cancellationToken);
            if (calendar is null)
                Problem(line, $"calendar '{name}': {error}");
            _calendar = calendar;
        }

        private readonly Dictionary<MemberEntry, (string Email, MemberRole Role, string Zone, string? Tenant, string? Workspace, Platform Preferred)> _members = [];

        private string? DistrictZone => Zone(file.TimeZone) ?? district?.TimeZone;

        public void Check()
        {
            if (district is null && file.District is not null && file.TimeZone is null)
                Problem(file.LineOf("district"), "a new district needs 'timeZone' (an IANA name such as America/Chicago)");
            if (file.TimeZone is { } zone && Zone(zone) is null)
                Problem(file.LineOf("timeZone"), UnknownZone(zone));

            CheckNamesUnique(file.Sites, s => s.Name, "site");
            CheckNamesUnique(file.QuestionSets, s => s.Name, "question set");
            CheckNamesUnique(file.Cohorts, c => c.Name, "cohort");
            foreach (var set in file.QuestionSets)
                CheckQuestionSet(set);
            foreach (var cohort in file.Cohorts)
                CheckCohort(cohort);

            var seenEmails = new Dictionary<string, int>(Names);
            var seenAad = new Dictionary<string, int>(Names);
            var seenSlack = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var member in file.Members)
            {
                CheckMember(member);
                Unique(seenEmails, Normalize(member.Email), member.Line, "e-mail");
                Unique(seenAad, Normalize(member.Teams?.AadObjectId), member.Line, "Teams AAD object id");
                Unique(seenSlack, member.Slack?.UserId?.Trim(), member.Line, "Slack user id");
            }
        }

        public void CheckIdentitiesFree(Taken taken)
        {
            foreach (var member in file.Members)
            {
                var email = Normalize(member.Email);
                if (email is not null && taken.EmailsElsewhere.Contains(email))
                    Problem(member.Line, $"{email} belongs to another district");
                foreach (var (platform, id) in new[] { (Platform.Teams, Normalize(member.Teams?.AadObjectId)), (Platform.Slack, member.Slack?.UserId?.Trim()) })
                {
                    var other = id is null ? null : taken.Identities.Where(t => t.Platform == platform && t.UserId == id && t.Email != email).Select(t => t.Email).FirstOrDefault();
                    if (other is not null)
                        Problem(member.Line, platform == Platform.Teams ? $"Teams AAD object id {id} already belongs to {other}" : $"Slack user id {id} already belongs to {other}");
                }
            }
        }

        public District Apply(CohortDbContext db, IdentityLinks identities, List<PlatformIdentity> linked, string actor, List<SchoolClosure> closures, List<CheckIns.CohortChannel> channels, DateTimeOffset now, FollowedCohorts followed)
        {
            var target = district ?? db.Districts.Add(new District { Name = file.District!.Trim(), TimeZone = DistrictZone! }).Entity;
            if (Zone(file.TimeZone) is { } zone)
                target.TimeZone = zone;
            if (Normalize(file.TeamsTenantId) is { } districtTenant)
                target.TeamsTenantId = districtTenant;
            if (file.SlackTeamId?.Trim() is { Length: > 0 } districtWorkspace)
                target.SlackTeamId = districtWorkspace;

            foreach (var entry in file.Sites)
                FindOrAdd(target.Sites, s => s.Name, entry.Name!, () => new Site { Name = entry.Name!.Trim() });

            var defaultSet = FindOrAdd(target.QuestionSets, s => s.Name, DefaultQuestionSet.Name, () => new QuestionSet { Name = DefaultQuestionSet.Name });
            if (defaultSet.Questions.Count == 0 && !_questionSets.ContainsKey(DefaultQuestionSet.Name))
                defaultSet.Questions.AddRange(DefaultQuestionSet.Questions());
            foreach (var entry in file.QuestionSets)
            {
                var set = FindOrAdd(target.QuestionSets, s => s.Name, entry.Name!, () => new QuestionSet { Name = entry.Name!.Trim() });
                SyncQuestions(set, _questionSets[entry.Name!]);
            }

            foreach (var entry in file.Cohorts)
            {
                var schedule = _schedules[entry.Name!];
                var set = target.QuestionSets.First(s => Names.Equals(s.Name, entry.QuestionSet?.Trim() ?? DefaultQuestionSet.Name));
                var cohort = FindOrAdd(target.Cohorts, c => c.Name, entry.Name!, () => new Cohort { Name = entry.Name!.Trim(), Schedule = new CohortSchedule { TimeZone = schedule.TimeZone } });
                cohort.QuestionSet = set;
                ScheduleRules.CopyTo(schedule, cohort.Schedule);
                if (entry.NormalizedTags() is var tags && !cohort.DefaultTags.SequenceEqual(tags))
                    cohort.DefaultTags = tags;
                cohort.CoachesMayNudge = entry.CoachesMayNudge;
                cohort.CoachesMayEdit = entry.CoachesMayEdit;
                if (entry.SlackChannel?.Trim() is { Length: > 0 } slackChannel
                    && !channels.Any(c => c.CohortId == cohort.Id && cohort.Id != 0 && c.Platform == Outbox.Platform.Slack && c.ExternalId == slackChannel))
                {
                    var where = Channels.ChannelAddresses.SlackChannel(slackChannel);
                    db.CohortChannels.Add(new CheckIns.CohortChannel { Cohort = cohort, Platform = where.Platform, Address = where.Address, ExternalId = slackChannel, LinkedAt = now });
                }
            }

            if (_calendar is { } calendar)
            {
                var wanted = calendar.Closures.Select(c => (c.Name, c.FirstDate, c.LastDate)).ToHashSet();
                if (!wanted.SetEquals(closures.Select(c => (c.Name, c.FirstDate, c.LastDate))))
                {
                    db.SchoolClosures.RemoveRange(closures);
                    foreach (var closure in calendar.Closures)
                        db.SchoolClosures.Add(new SchoolClosure { District = target, Name = closure.Name, FirstDate = closure.FirstDate, LastDate = closure.LastDate });
                }
            }

            var existing = target.Members.ToDictionary(m => m.Email, Names);
            foreach (var entry in file.Members)
            {
                var (email, role, zone3, tenant, workspace, preferred) = _members[entry];
                if (!existing.TryGetValue(email, out var member))
                {
                    member = new Member { Email = email, DisplayName = entry.Name!.Trim(), TimeZone = zone3 };
                    target.Members.Add(member);
                    existing[email] = member;
                }

                member.DisplayName = entry.Name!.Trim();
                member.Role = role;
                member.TimeZone = zone3;
                member.Site = entry.Site is null ? null : target.Sites.First(s => Names.Equals(s.Name, entry.Site.Trim()));
                member.PreferredPlatform = preferred;
                if (Normalize(entry.Teams?.AadObjectId) is { } aad)
                    identities.LinkFromRoster(member, target, PersonRef.Of(Platform.Teams, tenant!, aad), actor, Linked(member, Platform.Teams));
                if (entry.Slack?.UserId?.Trim() is { Length: > 0 } slackUser)
                    identities.LinkFromRoster(member, target, PersonRef.Of(Platform.Slack, workspace!, slackUser), actor, Linked(member, Platform.Slack));

                var cohorts = entry.Cohorts.Select(n => target.Cohorts.First(c => Names.Equals(c.Name, n.Trim()))).ToList();
                member.Cohorts.RemoveAll(c => !cohorts.Contains(c) && !followed.Cohorts.Contains(c.Id));
                member.Cohorts.AddRange(cohorts.Where(c => !member.Cohorts.Contains(c) && !followed.Departed.Contains((c.Id, member.Id))));
                if (_visits.TryGetValue(entry, out var slots))
                    VisitRoster.Apply(member, slots, [.. held.Slots.Where(s => s.HostId == member.Id && member.Id != 0)], slot => db.VisitSlots.Add(slot), now);
            }

            foreach (var (cohortName, series) in _series)
            {
                var cohort = target.Cohorts.First(c => Names.Equals(c.Name, cohortName));
                SeriesRoster.Apply(db, cohort, series, held.Series.FirstOrDefault(s => s.CohortId == cohort.Id && cohort.Id != 0), email => existing.GetValueOrDefault(email));
            }

            return target;

            PlatformIdentity? Linked(Member member, Platform platform) =>
                member.Id == 0 ? null : linked.FirstOrDefault(i => i.MemberId == member.Id && i.Platform == platform);
        }

        private void CheckQuestionSet(QuestionSetEntry set)
        {
            var checkedQuestions = QuestionRules.Check(set, Problem);
            if (set.Name is not null)
                _questionSets[set.Name.Trim()] = [.. checkedQuestions];
        }

        private void CheckCohort(CohortEntry cohort)
        {
            if (cohort.QuestionSet is { } setName && !Names.Equals(setName.Trim(), DefaultQuestionSet.Name)
                && !file.QuestionSets.Any(s => Names.Equals(s.Name?.Trim(), setName.Trim()))
                && district?.QuestionSets.Any(s => Names.Equals(s.Name, setName.Trim())) != true)
            {
                Problem(cohort.Line, $"unknown question set '{setName}'");
            }

            if (cohort.Schedule is not { } schedule)
            {
                Problem(cohort.Line, $"cohort '{cohort.Name}' needs a schedule (everyWeeks, weekday, localTime, anchorDate)");
                return;
            }

            var line = schedule.Line;
            var checkedSchedule = ScheduleRules.Read(schedule, DistrictZone, (_, problem) => Problem(line, problem));
            var zone = schedule.TimeZone is null ? DistrictZone : ScheduleRules.Zone(schedule.TimeZone);
            if (cohort.SlackChannel?.Trim() is { Length: > 0 } channel && !Channels.ChannelAddresses.IsSlackChannelId(channel))
                Problem(cohort.Line, $"slackChannel '{channel}' is not a Slack channel id (like C0123ABCD: the channel's details show it)");
            if (cohort.Follows is { } follows)
                CheckFollows(cohort, follows);
            var cohortTags = cohort.NormalizedTags();
            if (cohortTags.Count > Resources.Capture.ResourceLinks.MaxTags)
                Problem(cohort.Line, $"tags: at most {Resources.Capture.ResourceLinks.MaxTags} tags (there are {cohortTags.Count})");
            foreach (var tag in cohortTags.Where(t => t.Length > Resources.Capture.ResourceLinks.MaxTagLength || !t.All(c => char.IsLetterOrDigit(c) || c is '-' or '_')))
                Problem(cohort.Line, $"tag '{tag}' is not a tag (letters, digits, - and _, at most {Resources.Capture.ResourceLinks.MaxTagLength})");

            if (cohort.Series is { } series && cohort.Name is not null)
            {
                var cohortId = district?.Cohorts.FirstOrDefault(c => Names.Equals(c.Name, cohort.Name.Trim()))?.Id;
                var attended = cohortId is { } id ? held.AttendedTitles.GetValueOrDefault(id) ?? new HashSet<string>() : new HashSet<string>();
                if (SeriesRoster.Check(series, cohort.Name.Trim(), zone, KnownMember, attended, Problem) is { } checkedSeries)
                    _series[cohort.Name.Trim()] = checkedSeries;
            }

            if (cohort.Name is not null && checkedSchedule is not null)
                _schedules[cohort.Name.Trim()] = checkedSchedule;
        }

        /// What each cohort of the file follows, once checked.
        public Dictionary<CohortEntry, Following.Follow> Follows { get; } = [];

        private void CheckFollows(CohortEntry cohort, FollowsEntry follows)
        {
            var teams = follows.TeamsTeam?.Trim();
            var slack = follows.SlackChannel?.Trim();
            if (string.IsNullOrEmpty(teams) == string.IsNullOrEmpty(slack))
            {
                Problem(cohort.Line, "follows: name one of teamsTeam (a team's id, 19:…@thread.tacv2) or slackChannel (a Slack channel id)");
                return;
            }
            var follow = teams is { Length: > 0 } ? Following.Follow.TeamsTeam(teams) : Following.Follow.SlackChannel(slack!);
            var districtEntity = new District
            {
                Name = "",
                TimeZone = "",
                TeamsTenantId = Normalize(file.TeamsTenantId) ?? district?.TeamsTenantId,
                SlackTeamId = file.SlackTeamId?.Trim() is { Length: > 0 } workspace ? workspace : district?.SlackTeamId,
            };
            if (Following.CohortFollowing.Problem(follow, districtEntity) is { } problem)
                Problem(cohort.Line, $"follows: {problem}");
            else
                Follows[cohort] = follow;
        }

        private void CheckMember(MemberEntry member)
        {
            var line = member.Line;
            if (string.IsNullOrWhiteSpace(member.Name))
                Problem(line, "missing name");

            var email = Normalize(member.Email);
            if (email is null)
                Problem(line, "missing e-mail");
            else if (!MailAddress.TryCreate(email, out var address) || address.Address != email || !address.Host.Contains('.', StringComparison.Ordinal))
                Problem(line, $"bad e-mail '{member.Email?.Trim()}'");

            MemberRole role = default;
            if (member.Role is null || !Enum.TryParse(member.Role.Trim(), ignoreCase: true, out role) || int.TryParse(member.Role, out _))
                Problem(line, $"unknown role '{member.Role}' (teacher, coach or coordinator)");

            var zone = member.TimeZone is null ? DistrictZone : Zone(member.TimeZone);
            if (member.TimeZone is not null && zone is null)
                Problem(line, UnknownZone(member.TimeZone));

            if (member.Site is { } site && !KnownSite(site))
                Problem(line, $"unknown site '{site}'");
            foreach (var cohort in member.Cohorts.Where(c => !KnownCohort(c)))
                Problem(line, $"unknown cohort '{cohort}'");
            if (role == MemberRole.Teacher && member.Cohorts.Count == 0)
                Problem(line, "a teacher needs a cohort");

            var tenant = Normalize(member.Teams?.TenantId) ?? Normalize(file.TeamsTenantId) ?? district?.TeamsTenantId;
            if (member.Teams is { AadObjectId: not null } && tenant is null)
                Problem(line, "a Teams AAD object id needs its tenant: set 'teamsTenantId' for the district or the member");

            var workspace = member.Slack?.TeamId?.Trim() ?? file.SlackTeamId?.Trim() ?? district?.SlackTeamId;
            if (member.Slack is { UserId: not null } && string.IsNullOrEmpty(workspace))
                Problem(line, "a Slack user id needs its workspace: set 'slackTeamId' for the district or 'teamId' for the member");

            var preferred = Platform.Teams;
            if (member.PreferredPlatform is { } named && (!Enum.TryParse(named.Trim(), ignoreCase: true, out preferred) || int.TryParse(named, out _)))
                Problem(line, $"unknown preferredPlatform '{member.PreferredPlatform}' (teams or slack)");

            if (email is not null && zone is not null)
                _members[member] = (email, role, zone, tenant, workspace, preferred);
            if (member.Visits.Count > 0)
            {
                var hostId = email is null ? null : district?.Members.FirstOrDefault(m => Names.Equals(m.Email, email))?.Id;
                _visits[member] = VisitRoster.Check(member, role, zone, start => held.Slots.FirstOrDefault(s => s.HostId == hostId && s.StartsAt == start)?.BookedSeats ?? 0, Problem);
            }
        }

        private static void SyncQuestions(QuestionSet set, (QuestionKind Kind, QuestionEntry Entry)[] wanted) => QuestionRules.Apply(set, wanted);

        private bool KnownMember(string email) =>
            erased.Contains(email) || file.Members.Any(m => Names.Equals(Normalize(m.Email), email)) || district?.Members.Any(m => Names.Equals(m.Email, email)) == true;

        private bool KnownSite(string name) =>
            file.Sites.Any(s => Names.Equals(s.Name?.Trim(), name.Trim())) || district?.Sites.Any(s => Names.Equals(s.Name, name.Trim())) == true;

        private bool KnownCohort(string name) =>
            file.Cohorts.Any(c => Names.Equals(c.Name?.Trim(), name.Trim())) || district?.Cohorts.Any(c => Names.Equals(c.Name, name.Trim())) == true;

        private void CheckNamesUnique<T>(List<T> entries, Func<T, string?> name, string what)
            where T : RosterEntry
        {
            var seen = new Dictionary<string, int>(Names);
            foreach (var entry in entries)
            {
                if (string.IsNullOrWhiteSpace(name(entry)))
                    Problem(entry.Line, $"a {what} needs a name");
                else
                    Unique(seen, name(entry)!.Trim(), entry.Line, what);
            }
        }

        private void Unique(Dictionary<string, int> seen, string? value, int line, string what)
        {
            if (value is null)
                return;
            if (seen.TryGetValue(value, out var first))
                Problem(line, $"duplicate {what} '{value}' (first on line {first})");
            else
                seen[value] = line;
        }

        private void Problem(int line, string message) => problems.Add(new RosterProblem(line, message));

        private static T FindOrAdd<T>(List<T> items, Func<T, string> name, string wanted, Func<T> create)
        {
            var found = items.FirstOrDefault(i => Names.Equals(name(i), wanted.Trim()));
            if (found is not null)
                return found;
            found = create();
            items.Add(found);
            return found;
        }
    }
}
