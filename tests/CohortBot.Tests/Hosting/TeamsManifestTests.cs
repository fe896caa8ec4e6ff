using System.Buffers.Binary;
using System.Diagnostics;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace CohortBot.Tests.Hosting;

/// The Teams app manifest in manifests/teams, its icons, and the script that zips them into the app
/// package a Teams admin uploads. Field rules are those of the v1.19 manifest schema.
public sealed class TeamsManifestTests : IDisposable
{
    private const string AppIdPlaceholder = "${{BOT_ID}}";
    private const string HostPlaceholder = "${{BOT_DOMAIN}}";
    private const string AppId = "0f5e8c1a-3b2d-4e6f-9a7b-1c2d3e4f5a6b";
    private static readonly string[] PackageFiles = ["color.png", "manifest.json", "outline.png"];
    private static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];
    private static readonly string[] BotScopes = ["groupChat", "personal", "team"];
    private static readonly string Root = FindRepositoryRoot();
    private static readonly string TeamsDirectory = Path.Combine(Root, "manifests", "teams");

    private readonly string _scratch = Directory.CreateTempSubdirectory("cohortbot-teams-").FullName;

    public void Dispose() => Directory.Delete(_scratch, recursive: true);

    [Fact]
    public void Manifest_IsAVersion119BotManifest_WithTheAppIdAsBothIds()
    {
        var manifest = Manifest();

        Assert.Equal("https://developer.microsoft.com/en-us/json-schemas/teams/v1.19/MicrosoftTeams.schema.json", Text(manifest["$schema"]));
        Assert.Equal("1.19", Text(manifest["manifestVersion"]));
        Assert.Matches(@"^\d+\.\d+\.\d+$", Text(manifest["version"]));
        Assert.Equal(AppIdPlaceholder, Text(manifest["id"]));
        var bot = Assert.Single(manifest["bots"]!.AsArray())!;
        Assert.Equal(Text(manifest["id"]), Text(bot["botId"]));
        Assert.Equal(BotScopes, bot["scopes"]!.AsArray().Select(Text).Order(StringComparer.Ordinal));
        Assert.False(bot["supportsFiles"]!.GetValue<bool>());
        Assert.False(bot["isNotificationOnly"]!.GetValue<bool>());
        Assert.Equal([HostPlaceholder], manifest["validDomains"]!.AsArray().Select(Text));
    }

    [Fact]
    public void Manifest_NamesDescriptionsAndDeveloper_KeepTheSchemasLimits()
    {
        var manifest = Manifest();

        Assert.Equal("CohortBot", Text(manifest["name"]!["short"]));
        Assert.InRange(Text(manifest["name"]!["full"]).Length, 1, 100);
        Assert.NotEqual(Text(manifest["name"]!["short"]), Text(manifest["name"]!["full"]));
        Assert.InRange(Text(manifest["description"]!["short"]).Length, 1, 80);
        Assert.InRange(Text(manifest["description"]!["full"]).Length, 1, 4000);
        Assert.Matches("^#[0-9a-fA-F]{6}$", Text(manifest["accentColor"]));
        var developer = manifest["developer"]!;
        Assert.InRange(Text(developer["name"]).Length, 1, 32);
        foreach (var key in new[] { "websiteUrl", "privacyUrl", "termsOfUseUrl" })
            Assert.StartsWith("https://", Text(developer[key]), StringComparison.Ordinal);
        Assert.Equal("color.png", Text(manifest["icons"]!["color"]));
        Assert.Equal("outline.png", Text(manifest["icons"]!["outline"]));
    }

    [Fact]
    public void CommandList_IsTheHelpCardsCommands_ForThePersonalScope()
    {
        var help = JsonNode.Parse(File.ReadAllText(Path.Combine(Root, "cards", "help.data.json")))!["commands"]!.AsArray()
            .Select(c => (Command: Text(c!["command"]), Description: Text(c["description"])))
            .ToList();
        var list = Assert.Single(Manifest()["bots"]![0]!["commandLists"]!.AsArray())!;
        var commands = list["commands"]!.AsArray().Select(c => (Title: Text(c!["title"]), Description: Text(c["description"]))).ToList();

        Assert.Equal(["personal"], list["scopes"]!.AsArray().Select(Text));
        Assert.InRange(commands.Count, 1, 10);
        foreach (var (title, description) in commands)
        {
            Assert.InRange(title.Length, 1, 32);
            Assert.InRange(description.Length, 1, 128);
            // The help card shows a command with its argument ("resources TOPIC"); the menu inserts the command alone.
            var shown = Assert.Single(help, h => h.Command == title || h.Command.StartsWith(title + " ", StringComparison.Ordinal));
            Assert.Equal(shown.Description, description);
        }
        Assert.Equal(help.Count, commands.Count);
    }

    [Theory]
    [InlineData("color.png", 192)]
    [InlineData("outline.png", 32)]
    public void Icon_IsAPngOfTheSizeTeamsRequires(string file, int size)
    {
        var png = File.ReadAllBytes(Path.Combine(TeamsDirectory, file));

        Assert.Equal(PngSignature, png[..8]);
        Assert.Equal("IHDR", Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)));
        Assert.Equal(size, BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    [Fact]
    public void OutlineIcon_IsWhiteOnTransparent()
    {
        var pixels = RgbaPixels(File.ReadAllBytes(Path.Combine(TeamsDirectory, "outline.png")));

        Assert.All(pixels.Where(p => p.A > 0), p => Assert.Equal((255, 255, 255), (p.R, p.G, p.B)));
        Assert.Contains(pixels, p => p.A == 0);
        Assert.Contains(pixels, p => p.A == 255);
    }

    [Fact]
    public void ColorIcon_IsOpaqueAndInColour()
    {
        var pixels = RgbaPixels(File.ReadAllBytes(Path.Combine(TeamsDirectory, "color.png")));

        Assert.All(pixels, p => Assert.Equal(255, p.A));
        Assert.Contains(pixels, p => p.R != p.G || p.G != p.B);
    }

    [Fact]
    public async Task PackageScript_ZipsTheManifestAndIcons_WithThePlaceholdersReplaced()
    {
        var script = CopyTeamsFolder();

        var result = await RunBashAsync(script, AppId, "https://bot.example.org/");

        Assert.True(result.ExitCode == 0, result.Error);
        var zipPath = Path.Combine(_scratch, "teams", "build", "cohortbot-teams.zip");
        Assert.Equal(zipPath, result.Output.Trim());
        using var zip = ZipFile.OpenRead(zipPath);
        Assert.Equal(PackageFiles, zip.Entries.Select(e => e.FullName).Order(StringComparer.Ordinal));
        var text = ReadEntryText(zip, "manifest.json");
        Assert.DoesNotContain("${{", text, StringComparison.Ordinal);
        var manifest = JsonNode.Parse(text)!;
        Assert.Equal(AppId, Text(manifest["id"]));
        Assert.Equal(AppId, Text(manifest["bots"]![0]!["botId"]));
        Assert.Equal(["bot.example.org"], manifest["validDomains"]!.AsArray().Select(Text));
        foreach (var icon in new[] { "color.png", "outline.png" })
            Assert.Equal(File.ReadAllBytes(Path.Combine(TeamsDirectory, icon)), ReadEntry(zip, icon));
        Assert.False(Directory.Exists(Path.Combine(_scratch, "teams", "build", "package")), "the staging folder is left behind");
    }

    [Fact]
    public async Task PackageScript_WithoutAHost_LeavesValidDomainsEmpty()
    {
        var script = CopyTeamsFolder();

        var result = await RunBashAsync(script, AppId);

        Assert.True(result.ExitCode == 0, result.Error);
        using var zip = ZipFile.OpenRead(Path.Combine(_scratch, "teams", "build", "cohortbot-teams.zip"));
        var text = ReadEntryText(zip, "manifest.json");
        Assert.DoesNotContain("${{", text, StringComparison.Ordinal);
        Assert.Empty(JsonNode.Parse(text)!["validDomains"]!.AsArray());
    }

    [Theory]
    [InlineData("", "the bot's Microsoft App ID is missing")]
    [InlineData("not-a-guid", "is not a Microsoft App ID")]
    public async Task PackageScript_WithoutAValidAppId_RefusesAndWritesNothing(string appId, string message)
    {
        var script = CopyTeamsFolder();

        var result = await (appId.Length == 0 ? RunBashAsync(script) : RunBashAsync(script, appId));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Equal("", result.Output);
        Assert.False(Directory.Exists(Path.Combine(_scratch, "teams", "build")));
    }

    [Fact]
    public async Task PackageScript_WithAUrlPathForHost_Refuses()
    {
        var script = CopyTeamsFolder();

        var result = await RunBashAsync(script, AppId, "bot.example.org/api/messages");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is not a host name", result.Error, StringComparison.Ordinal);
    }

    private static JsonNode Manifest() => JsonNode.Parse(File.ReadAllText(Path.Combine(TeamsDirectory, "manifest.json")))!;

    private static string Text(JsonNode? node) => node!.GetValue<string>();

    private static string FindRepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CohortBot.sln")))
                return directory.FullName;
        }
        throw new InvalidOperationException($"no CohortBot.sln above {AppContext.BaseDirectory}");
    }

    /// The script writes beside itself; a copy keeps the working tree's build folder out of the test.
    private string CopyTeamsFolder()
    {
        var target = Directory.CreateDirectory(Path.Combine(_scratch, "teams")).FullName;
        foreach (var file in new[] { "manifest.json", "color.png", "outline.png", "package.sh" })
            File.Copy(Path.Combine(TeamsDirectory, file), Path.Combine(target, file));
        return Path.Combine(target, "package.sh");
    }

    private static async Task<(int ExitCode, string Output, string Error)> RunBashAsync(string script, params string[] arguments)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(60));
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Root,
        };
        start.ArgumentList.Add(script);
        foreach (var argument in arguments)
            start.ArgumentList.Add(argument);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(timeout.Token);
        var error = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

    private static byte[] ReadEntry(ZipArchive zip, string name)
    {
        using var stream = zip.GetEntry(name)!.Open();
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return memory.ToArray();
    }

    private static string ReadEntryText(ZipArchive zip, string name) => Encoding.UTF8.GetString(ReadEntry(zip, name));

    /// Decodes an 8-bit RGBA, non-interlaced PNG (what the icons are) into its pixels.
    private static List<(byte R, byte G, byte B, byte A)> RgbaPixels(byte[] png)
    {
        var width = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4));
        var height = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4));
        Assert.Equal((8, 6, 0), (png[24], png[25], png[28]));

        using var compressed = new MemoryStream();
        for (var offset = 8; offset < png.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(offset, 4));
            if (Encoding.ASCII.GetString(png, offset + 4, 4) == "IDAT")
                compressed.Write(png, offset + 8, length);
            offset += 12 + length;
        }
        compressed.Position = 0;
        using var inflated = new MemoryStream();
        using (var zlib = new ZLibStream(compressed, CompressionMode.Decompress))
            zlib.CopyTo(inflated);
        var data = inflated.ToArray();

        const int bpp = 4;
        var stride = width * bpp;
        Assert.Equal(height * (stride + 1), data.Length);
        var previous = new byte[stride];
        var pixels = new List<(byte, byte, byte, byte)>(width * height);
        for (var y = 0; y < height; y++)
        {
            var filter = data[y * (stride + 1)];
            var row = data.AsSpan(y * (stride + 1) + 1, stride).ToArray();
            for (var i = 0; i < stride; i++)
            {
                int left = i >= bpp ? row[i - bpp] : 0, up = previous[i], upLeft = i >= bpp ? previous[i - bpp] : 0;
                row[i] = (byte)(row[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"PNG filter {filter}"),
                });
            }
            for (var x = 0; x < width; x++)
                pixels.Add((row[x * bpp], row[x * bpp + 1], row[x * bpp + 2], row[x * bpp + 3]));
            previous = row;
        }
        return pixels;
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
