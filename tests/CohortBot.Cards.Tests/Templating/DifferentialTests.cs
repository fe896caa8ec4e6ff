using System.Text.Json.Nodes;
using CohortBot.Cards.Templating;

namespace CohortBot.Cards.Tests.Templating;

/// <summary>
/// Edge cases of the language, each expanded by both engines: our output must equal the official one,
/// and where the official engine fails, ours must fail too (with a <see cref="TemplateException"/>).
/// All cases go through one node process.
/// </summary>
public sealed class DifferentialTests
{
    private const string Data = """
        {
          "n": 5, "f": 1.5, "neg": -1234.5, "big": 1234567.891, "s": "Hi", "b": true, "nul": null, "zero": 0,
          "emptyS": "", "emptyA": [], "Name": "Cap", "o": { "a": 1, "b": "x" }, "arr": [1, 2, 3],
          "objs": [ { "a": 1, "b": "x" }, { "a": 2 } ], "words": ["x", "y", "z"],
          "d": "2018-03-15T12:00:00Z", "date": "03/15/2018 12:00:00",
          "commit": "{\"type\":\"Deployment\",\"buildId\":\"9542982\"}",
          "people": [ { "name": "Ann", "tags": ["a", "b"] }, { "name": "Bo", "tags": [] } ]
        }
        """;

    // Each case is one property value ("${...}" text), expanded as {"v": value}; or a whole template (starting with '{').
    private static readonly string[] Cases =
    [
        // Types kept for a single binding; text for interpolation (JavaScript's toString).
        "${n}", "${f}", "${b}", "${o}", "${arr}", "${nul}", "${s}",
        "x ${n}", "x ${f}", "x ${b}", "x ${o}", "x ${arr}", "x ${objs}", "${n}${n}", "${n}.${f}",
        "${5}", "${'a'}", "${true}", "${ n }", "${=n}", "${(n)}", "${}", "x ${", "${ }",
        // Missing paths stay as their text; a null is not missing.
        "${missing}", "x ${missing}", "${missing.a.b}", "${o.missing}", "${nul.x}", "${objs[1].zz}", "${arr[5].a}",
        "${missing + 1}", "${toUpper(missing)}", "${add(1, missing)}", "${coalesce(nul, missing, 3)}", "${missing ?? 1}",
        "x ${missing.a[0]}", "x ${concat(missing, 'a')}",
        // Case-insensitive names; $root, $data, $index, $host, version.
        "${name}", "${NAME}", "${$DATA.N}", "${ $root . n }", "${$root.n}", "${$index}", "${$host}",
        "${$_acTemplateVersion.major}",
        // Operators and precedence.
        "${n + 1}", "${n / 2}", "${7 / 2}", "${7.5 / 2}", "${f * 2}", "${n % 3}", "${-n}", "x ${-n}", "${-0.4}", "${!b}",
        "${s + n}", "${s & n}", "${1 + 2 * 3}", "${2 ^ 3 ^ 2}", "${true ? 1 : 2}", "${nul ?? 4}", "${[1, 2]}",
        "${0.1 + 0.2}", "${n == 5}", "${n == '5'}", "${arr == arr}", "${o == o}", "${n != 5}", "${n > 3 && s == 'Hi'}",
        "${n < 3 || !b}", "${'a' < 'b'}", "${n > 'a'}", "x ${n > 'a'}", "${missing > 1}", "${1 + 2 == 3}",
        // Escapes.
        "\\${n}", "a \\${n} ${n}", "C:\\path ${n}", "${'a\\'b'}", "${\"a\\nb\"}", "${concat('`', s)}",
        // Functions.
        "${if(missing, 1, 2)}", "${if(n > 1, 'big', 'small')}", "${equals(1, 1.0)}", "${not(b)}", "${and(b, n > 1)}",
        "${or(false, missing)}", "${or(false, nul)}", "${or(false, false)}", "${or(0, false)}", "${and(b, 'x')}",
        "x ${or(false, missing)}", "${exists(missing)}", "x ${exists(missing)}", "${exists(nul)}", "${exists(s)}",
        "${empty(emptyS)}", "${empty(arr)}", "${empty(o)}", "${empty(n)}", "${empty(missing)}",
        "${count(arr)}", "${count(o)}", "${count(s)}", "${length(s)}", "${length(missing)}",
        "${join(arr, ', ')}", "${join(words, ', ', ' and ')}", "${join(objs, ',')}", "${concat(s, n)}", "${concat(arr, arr)}",
        "${toUpper(concat(o, s))}", "${concat(o, s)}", "${concat(s)}",
        "${string(neg)}", "${string(big)}", "${string(1234567)}", "${string(0.5)}", "${string(-0.0001)}", "${string(o)}",
        "${string(arr)}", "${string(b)}", "${string(s)}",
        "${int('12.7')}", "${int(12.7)}", "${int('abc')}", "a ${int('abc')} b", "${float('1.5x')}", "${float(n)}",
        "${toUpper(s)}", "${toLower(Name)}", "${toUpper(n)}", "${trim('  a ')}",
        "${substring(s, 1)}", "${substring('Mary Anne', 5, 4)}", "${substring(s, 5)}",
        "${first(arr)}", "${last(s)}", "${first(emptyA)}", "${last(words)}",
        "${min(arr)}", "${max(arr, 7)}", "${max(1, 2)}", "${min(emptyA)}", "${sum(arr)}", "${sum(emptyA)}",
        "${add(1, 2, 3)}", "${sub(5, 1)}", "${mul(2, 3)}", "${div(7, 2)}", "${div(7.5, 2)}", "${div(1, 0)}", "${mod(7, 2)}",
        "${greater(2, 1)}", "${less(1, 2)}", "${greaterOrEquals(2, 2)}", "${lessOrEquals(3, 2)}",
        "${select(objs, x => x.a)}", "${select(objs, x, x.b)}", "${where(objs, x, x.a > 1)}", "${select(o, p, p.key)}",
        "${json(commit).BuildID}", "${json(commit)}", "${indexOf(s, 'i')}", "${indexOf(arr, 2)}", "${lastIndexOf('abca', 'a')}",
        "${replace('aXbX', 'X', '-')}", "${split('a,b', ',')}", "${split('ab')}", "${startsWith(s, 'H')}", "${endsWith(s, 'x')}",
        "${contains(o, 'A')}", "${contains(arr, 2)}", "${contains(s, 'i')}", "${createArray(1, 's')}",
        "${formatNumber(neg, 2)}", "${formatNumber(big, 1)}", "${formatNumber(n, 0)}", "${formatNumber(-0.001, 2)}",
        "${formatNumber(2.345, 2)}", "${formatNumber(1.005, 2)}", "${formatNumber(1234.5, 3)}",
        "${formatDateTime(d)}", "${formatDateTime(d, 'dddd, MMMM d, yyyy h:mm tt')}", "${formatDateTime(d, 'yyyy at HH')}",
        "${formatDateTime(d, 'yyyy-MM-ddTHH:mm:ss.f')}", "${formatDateTime(d, 'o')}", "${formatDateTime(d, 'yyyy \"x\" Y')}",
        "${formatDateTime('2018-03-15')}", "${formatDateTime('2018-03-15T10:00:00+02:00', 'HH:mm')}",
        "${formatDateTime('2018-03-15T10:00:00.5')}", "${formatDateTime('nope')}", "x ${formatDateTime('nope')}",
        "${formatDateTime(date, 'M/d/yy')}", "${formatDateTime('3/5/2018')}", "${formatDateTime(d, '%')}",
        "${formatDateTime(d, 'K zzz z')}", "${formatDateTime(d, 'MMM ddd dd hh:mm:ss.fff')}",
        // Errors: a lone binding that fails, a parse error, a null interpolated into text.
        "${arr[5]}", "x ${arr[5]}", "${s[0]}", "${o['a']}", "${arr[1]}", "${arr['1']}", "${objs[0]['a']}",
        "${1e3}", "${10%3}", "x ${nul}", "x ${first(emptyA)}", "a`b ${n}", "${unknownFn(1)}", "${concat(nul, nul)}",
        // Whole templates: $data, $when, $index, splicing, reserved keys.
        """{"items":[{"$data":"${arr}","v":"${$index}:${$data}"}]}""",
        """{"items":[{"$data":"${emptyA}","v":1},{"v":2}]}""",
        """{"items":[{"$data":"${people}","name":"${name}","tags":[{"$data":"${tags}","t":"${$index}${$data}","outer":"${$root.s}"}]}]}""",
        """{"items":[{"$when":"${n > 1}","v":1},{"$when":"${n > 10}","v":2},{"$when":"${missing}","v":3},{"$when":true,"v":4},{"$when":false,"v":5},{"$when":"${'true'}","v":6}]}""",
        """{"$data":"${o}","a":"${a}","b":"${b}","s":"${s}","root":"${$root.s}"}""",
        """{"$data":{"x":1},"x":"${x}","n":"${n}"}""",
        """{"$data":"${missing}","v":"${$data}"}""",
        """{"$data":"${first(emptyA)}","v":"${n}"}""",
        """{"items":[[1,2],[3]],"nested":{"$when":"${false}","v":1},"keep":null,"num":1.50}""",
        """{"${n}":"key","$root":"r","$index":"i","$host":"h","$_acTemplateVersion":"v"}""",
        """{"list":[{"$data":"${arr}","$when":"${$data > 1}","v":"${$data}"}]}""",
        """{"list":["${arr}","${emptyA}","${nul}","${missing}",null]}""",
        """{"$when":"${false}","v":1}""",
        """{"$data":"${objs}","a":"${a}"}""",
    ];

    private static readonly Lazy<Dictionary<string, JsonObject>> Official = new(() =>
    {
        var data = JsonNode.Parse(Data);
        var answers = OfficialEngine.ExpandAll(Cases.Select(c => ((JsonNode?)Template(c), data)));
        return Cases.Zip(answers).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
    });

    private static JsonNode Template(string @case) =>
        @case.StartsWith('{') ? JsonNode.Parse(@case)! : new JsonObject { ["v"] = @case };

    public static TheoryData<string> AllCases() => [.. Cases];

    [Theory]
    [MemberData(nameof(AllCases))]
    public void Expand_Case_MatchesOfficialEngine(string @case)
    {
        var official = Official.Value[@case];
        var templateJson = Template(@case).ToJsonString();

        if (official.ContainsKey("error"))
        {
            Assert.Throws<TemplateException>(() => CardTemplate.Parse(templateJson).Expand(JsonNode.Parse(Data)));
            return;
        }

        var result = CardTemplate.Parse(templateJson).Expand(JsonNode.Parse(Data));

        JsonAssert.Equal(official["output"], result.Card, @case);
    }

    /// <summary>
    /// Where we deliberately part from the official engine: each case names the reason. We refuse such
    /// templates loudly; the official engine produces something (checked here, so a case that stops
    /// being a deviation is noticed).
    /// </summary>
    public static TheoryData<string, string> Deviations() => new()
    {
        // Object literals in bindings: no template of ours needs them; not implemented.
        { "${{a:1}}", "Object literals" },
        // Locales: the official engine formats with the host's locale; ours is fixed to en-US.
        { "${formatNumber(n, 2, 'fr-FR')}", "Locale 'fr-FR'" },
        { "${string(n, 'de-DE')}", "Locale 'de-DE'" },
        // Functions we do not implement (here a real Adaptive Expressions one): refused when parsing,
        // where the official engine would evaluate it.
        { "${titleCase(s)}", "unknown function 'titleCase' (Adaptive Expressions has it" },
        { "x ${sortBy(arr)}", "unknown function 'sortBy' (Adaptive Expressions has it" },
        // Date strings beyond ISO 8601 and M/D/YYYY: V8's lenient Date parser is not reproduced.
        { "${formatDateTime('March 15, 2018')}", "not a valid datetime" },
    };

    [Theory]
    [MemberData(nameof(Deviations))]
    public void Expand_DeliberateDeviation_IsRefusedWithReason(string value, string reason)
    {
        var templateJson = new JsonObject { ["v"] = value }.ToJsonString();
        var official = OfficialEngine.Expand(JsonNode.Parse(templateJson), JsonNode.Parse(Data));
        Assert.False(official.ContainsKey("error"), $"no longer a deviation, the official engine fails too: {official["error"]}");

        var error = Assert.Throws<TemplateException>(() => CardTemplate.Parse(templateJson).Expand(JsonNode.Parse(Data)));

        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }
}
