using System.Text.Json.Nodes;
using CohortBot.Cards.Templating;

namespace CohortBot.Cards.Tests.Templating;

public sealed class ExpandTests
{
    private static TemplateExpansion Expand(string template, string? data = null, string? host = null) =>
        CardTemplate.Parse(template).Expand(
            data is null ? null : JsonNode.Parse(data),
            host is null ? null : JsonNode.Parse(host));

    private static JsonNode? Card(string template, string? data = null, string? host = null) => Expand(template, data, host).Card;

    private static void AssertCard(string expected, JsonNode? actual) => JsonAssert.Equal(JsonNode.Parse(expected), actual);

    [Fact]
    public void Expand_SingleBinding_KeepsNumberBooleanObjectAndArrayTypes()
    {
        var card = Card(
            """{"n":"${n}","b":"${b}","o":"${o}","a":"${a}"}""",
            """{"n":2.5,"b":false,"o":{"x":1},"a":[1,"two"]}""");

        AssertCard("""{"n":2.5,"b":false,"o":{"x":1},"a":[1,"two"]}""", card);
    }

    [Fact]
    public void Expand_DataBuiltInCode_ReadsStringsNumbersAndBooleans()
    {
        var data = new JsonObject { ["s"] = "Diego", ["n"] = 2, ["d"] = 2.5, ["b"] = true, ["list"] = new JsonArray("a", "b") };

        var card = CardTemplate.Parse("""{"t":"${s} ${n}","n":"${n}","d":"${d}","b":"${b}","c":"${count(list)}"}""").Expand(data).Card;

        AssertCard("""{"t":"Diego 2","n":2,"d":2.5,"b":true,"c":2}""", card);
    }

    [Fact]
    public void Expand_BindingInsideText_InterpolatesAsJavaScriptText()
    {
        var card = Card(
            """{"t":"n=${n} b=${b} o=${o} a=${a} big=${big}"}""",
            """{"n":2.5,"b":true,"o":{"x":1},"a":[1,2],"big":1e21}""");

        AssertCard("""{"t":"n=2.5 b=true o=[object Object] a=1,2 big=1e+21"}""", card);
    }

    [Fact]
    public void Expand_DataObject_SetsScopeForUnqualifiedNames()
    {
        var card = Card(
            """{"$data":"${manager}","name":"${name}","root":"${$root.name}"}""",
            """{"name":"Matt","manager":{"name":"Thomas"}}""");

        AssertCard("""{"name":"Thomas","root":"Matt"}""", card);
    }

    [Fact]
    public void Expand_DataArray_RepeatsElementPerItem()
    {
        var card = Card(
            """{"body":[{"type":"A"},{"$data":"${people}","text":"${name}"},{"type":"Z"}]}""",
            """{"people":[{"name":"Ann"},{"name":"Bo"}]}""");

        AssertCard("""{"body":[{"type":"A"},{"text":"Ann"},{"text":"Bo"},{"type":"Z"}]}""", card);
    }

    [Fact]
    public void Expand_EmptyDataArray_RemovesElement()
    {
        var card = Card("""{"body":[{"$data":"${people}","text":"${name}"},{"type":"Z"}]}""", """{"people":[]}""");

        AssertCard("""{"body":[{"type":"Z"}]}""", card);
    }

    [Fact]
    public void Expand_NestedDataArrays_IndexCountsPerLevel()
    {
        var card = Card(
            """{"rows":[{"$data":"${rows}","i":"${$index}","cells":[{"$data":"${cells}","at":"${$index}:${$data}"}],"after":"${$index}"}]}""",
            """{"rows":[{"cells":["a","b"]},{"cells":["c"]}]}""");

        AssertCard(
            """{"rows":[{"i":0,"cells":[{"at":"0:a"},{"at":"1:b"}],"after":0},{"i":1,"cells":[{"at":"0:c"}],"after":1}]}""",
            card);
    }

    [Fact]
    public void Expand_When_KeepsElementOnlyForBooleanTrue()
    {
        var card = Card(
            """{"body":[{"$when":"${n > 1}","v":"yes"},{"$when":"${n > 5}","v":"no"},{"$when":"${name}","v":"string"},{"$when":"${missing}","v":"missing"}]}""",
            """{"n":2,"name":"x"}""");

        AssertCard("""{"body":[{"v":"yes"}]}""", card);
    }

    [Fact]
    public void Expand_WhenConstantTrue_DropsElementLikeTheOfficialEngine()
    {
        // "${true}" holds only a constant, which the official engine turns into the text "true".
        var card = Card("""{"body":[{"$when":"${true}","v":1},{"$when":"${1 == 1}","v":2}]}""");

        AssertCard("""{"body":[{"v":2}]}""", card);
    }

    [Fact]
    public void Expand_When_IsNotReportedAsUnresolved()
    {
        var result = Expand("""{"body":[{"$when":"${exists(missing)}","v":1}]}""", "{}");

        Assert.Empty(result.Unresolved);
    }

    [Fact]
    public void Expand_ReservedKeys_AreRemovedAndKeysNeverEvaluated()
    {
        var card = Card(
            """{"${n}":"${n}","$data":"${o}","$when":"${n == 7}","$root":1,"$index":2,"$host":3,"$_acTemplateVersion":4}""",
            """{"n":1,"o":{"n":7}}""");

        AssertCard("""{"${n}":7}""", card);
    }

    [Fact]
    public void Expand_EscapedBinding_StaysLiteralAndIsNotReported()
    {
        var result = Expand("""{"t":"\\${n} is ${n}"}""", """{"n":1}""");

        AssertCard("""{"t":"${n} is 1"}""", result.Card);
        Assert.Empty(result.Unresolved);
    }

    [Fact]
    public void Expand_MissingPath_StaysLiteralAndIsReported()
    {
        var result = Expand(
            """{"a":"${employee.name}","b":"Hi ${employee.name} from ${team}","c":"${known}"}""",
            """{"known":1}""");

        AssertCard("""{"a":"${employee.name}","b":"Hi ${employee.name} from ${team}","c":1}""", result.Card);
        Assert.Equal(["employee.name", "team"], result.Unresolved);
        Assert.False(result.IsFullyResolved);
    }

    [Fact]
    public void Expand_EverythingBound_ReportsNothing()
    {
        var result = Expand("""{"a":"${x}","b":[{"$data":"${list}","v":"${$data}"}]}""", """{"x":1,"list":[1]}""");

        Assert.True(result.IsFullyResolved);
    }

    [Fact]
    public void Expand_Host_IsBoundToDollarHost()
    {
        var card = Card("""{"t":"${$host.title}"}""", "{}", """{"title":"Hello"}""");

        AssertCard("""{"t":"Hello"}""", card);
    }

    [Fact]
    public void Expand_NoData_LeavesBindingsInPlace()
    {
        var result = Expand("""{"t":"${x}"}""");

        AssertCard("""{"t":"${x}"}""", result.Card);
        Assert.Equal(["x"], result.Unresolved);
    }

    [Fact]
    public void Expand_RootDroppedByWhen_GivesNullCard()
    {
        Assert.Null(Card("""{"$when":"${false}","t":1}"""));
    }

    [Fact]
    public void Expand_IsRepeatable_WithDifferentData()
    {
        var template = CardTemplate.Parse("""{"t":"${x}"}""");

        var first = template.Expand(JsonNode.Parse("""{"x":1}"""));
        var second = template.Expand(JsonNode.Parse("""{"x":2}"""));

        AssertCard("""{"t":1}""", first.Card);
        AssertCard("""{"t":2}""", second.Card);
    }

    [Fact]
    public void Expand_FailingLoneBinding_ThrowsNamingTheBinding()
    {
        var error = Assert.Throws<TemplateException>(() => Expand("""{"t":"${list[5]}"}""", """{"list":[1]}"""));

        Assert.Contains("${list[5]}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_FailingPartOfText_StaysLiteralAndIsReported()
    {
        var result = Expand("""{"t":"at ${list[5]}"}""", """{"list":[1]}""");

        AssertCard("""{"t":"at ${list[5]}"}""", result.Card);
        Assert.Equal(["list[5]"], result.Unresolved);
    }

    [Fact]
    public void Parse_UnknownFunction_ThrowsNamingIt()
    {
        var error = Assert.Throws<TemplateException>(() => CardTemplate.Parse("""{"t":"x ${frobnicate(1)}"}"""));

        Assert.Contains("frobnicate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadJson_ThrowsWithLineAndPosition()
    {
        var error = Assert.Throws<TemplateException>(() => CardTemplate.Parse("{\n  \"a\": 1,\n  \"b\": }"));

        Assert.Contains("line 3", error.Message, StringComparison.Ordinal);
        Assert.Contains("position", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BadExpression_ThrowsQuotingIt()
    {
        var error = Assert.Throws<TemplateException>(() => CardTemplate.Parse("""{"t":"${a +}"}"""));

        Assert.Contains("a +", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WrongArgumentCount_Throws()
    {
        var error = Assert.Throws<TemplateException>(() => CardTemplate.Parse("""{"t":"${substring('a')}"}"""));

        Assert.Contains("substring", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Expand_DoesNotChangeTheInputData()
    {
        var data = JsonNode.Parse("""{"list":[{"v":1}]}""")!;
        var before = data.ToJsonString();

        CardTemplate.Parse("""{"x":[{"$data":"${list}","v":"${v}"}],"all":"${list}"}""").Expand(data);

        Assert.Equal(before, data.ToJsonString());
    }
}
