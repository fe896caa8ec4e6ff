using CohortBot.Cards.Templating;

namespace CohortBot.Cards.Tests.Templating;

/// <summary>The expression evaluator on its own, against a small data context.</summary>
public sealed class ExpressionTests
{
    private static readonly object? Data = Js.FromJson(System.Text.Json.Nodes.JsonNode.Parse("""
        {"n": 5, "s": "Hi", "list": [1, 2, 3], "people": [{"name": "Ann"}, {"name": "Bo"}], "o": {"Key": "v"}, "nul": null}
        """));

    private static object? Eval(string expression, bool substitute = true)
    {
        var memory = new TemplateMemory(Js.FromPairs([("$root", Data), ("$data", Data)]));
        return new Scope(memory, substitute, null).Evaluate(ExpressionParser.Parse(expression));
    }

    [Theory]
    [InlineData("1 + 2 * 3", 7d)]
    [InlineData("(1 + 2) * 3", 9d)]
    [InlineData("2 ^ 3 ^ 2", 512d)]
    [InlineData("-n + 1", -4d)]
    [InlineData("7 / 2", 3d)]
    [InlineData("7.5 / 2", 3.75)]
    [InlineData("7 % 4", 3d)]
    [InlineData("list[1] + people.length", "2${people.length}")]
    public void Evaluate_Arithmetic_FollowsPrecedenceAndJavaScriptRules(string expression, object expected)
    {
        Assert.Equal(expected, Eval(expression));
    }

    [Theory]
    [InlineData("n == 5", true)]
    [InlineData("n != 5", false)]
    [InlineData("n < 6 && n >= 5", true)]
    [InlineData("n > 6 || s == 'Hi'", true)]
    [InlineData("!(n > 6)", true)]
    [InlineData("'a' < 'b'", true)]
    [InlineData("missing > 1", false)]
    [InlineData("equals(list, [1, 2, 3])", true)]
    public void Evaluate_Logic_ReturnsBooleans(string expression, bool expected)
    {
        Assert.Equal(expected, Eval(expression));
    }

    [Theory]
    [InlineData("if(n > 1, 'big', 'small')", "big")]
    [InlineData("toUpper(s)", "HI")]
    [InlineData("toLower('AbC')", "abc")]
    [InlineData("substring('Mary Anne', 5, 4)", "Anne")]
    [InlineData("join(list, ', ')", "1, 2, 3")]
    [InlineData("join(select(people, p, p.name), ', ', ' and ')", "Ann and Bo")]
    [InlineData("concat(s, '!', n)", "Hi!5")]
    [InlineData("string(1234567.5)", "1,234,567.5")]
    [InlineData("formatNumber(1234.567, 2)", "1,234.57")]
    [InlineData("formatNumber(-3, 1)", "\u22123.0")]
    [InlineData("formatDateTime('2024-02-29T13:05:09Z', 'ddd d MMM yyyy, h:mm tt')", "Thu 29 Feb 2024, 1:05 PM")]
    [InlineData("formatDateTime('2024-02-29T13:05:09Z', 'yyyy-MM-dd')", "2024-02-29")]
    [InlineData("first(people).name", "Ann")]
    [InlineData("last(s)", "i")]
    [InlineData("o.key", "v")]
    [InlineData("o['KEY']", "v")]
    [InlineData("replace('a-b-c', '-', '+')", "a+b+c")]
    [InlineData("trim('  x ')", "x")]
    [InlineData("coalesce(nul, 'fallback')", "fallback")]
    public void Evaluate_Functions_MatchOfficialResults(string expression, string expected)
    {
        Assert.Equal(expected, Eval(expression));
    }

    [Theory]
    [InlineData("count(list)", 3d)]
    [InlineData("length(s)", 2d)]
    [InlineData("int('42px')", 42d)]
    [InlineData("float('2.5')", 2.5)]
    [InlineData("max(list, 9)", 9d)]
    [InlineData("min(list)", 1d)]
    [InlineData("sum(list)", 6d)]
    [InlineData("indexOf('Andrew', 'r')", 3d)]
    [InlineData("add(1, 2, 3)", 6d)]
    [InlineData("div(7, 2)", 3d)]
    public void Evaluate_NumericFunctions_ReturnNumbers(string expression, double expected)
    {
        Assert.Equal(expected, Eval(expression));
    }

    [Theory]
    [InlineData("exists(n)", true)]
    [InlineData("exists(missing)", false)]
    [InlineData("exists(nul)", false)]
    [InlineData("empty('')", true)]
    [InlineData("empty(list)", false)]
    [InlineData("not(empty(s))", true)]
    [InlineData("contains(list, 2)", true)]
    [InlineData("startsWith(s, 'H')", true)]
    public void Evaluate_Predicates_ReturnBooleans(string expression, bool expected)
    {
        Assert.Equal(expected, Eval(expression));
    }

    [Fact]
    public void Evaluate_MissingPathWithSubstitution_GivesItsOwnText()
    {
        Assert.Equal("${employee.manager.name}", Eval("employee.manager.name"));
    }

    [Fact]
    public void Evaluate_MissingPathWithoutSubstitution_IsUndefined()
    {
        Assert.IsType<Undefined>(Eval("employee.manager.name", substitute: false));
    }

    [Fact]
    public void Evaluate_IndexOutOfRange_IsAnError()
    {
        Assert.Throws<EvaluationException>(() => Eval("list[3]"));
    }

    [Fact]
    public void Parse_UnknownFunction_NamesIt()
    {
        var error = Assert.Throws<TemplateException>(() => ExpressionParser.Parse("shout(s)"));

        Assert.Contains("'shout'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("a +")]
    [InlineData("f(")]
    [InlineData("1e3")]
    [InlineData("'open")]
    [InlineData("a = b")]
    public void Parse_InvalidSyntax_Throws(string expression)
    {
        Assert.Throws<TemplateException>(() => ExpressionParser.Parse(expression));
    }

    [Theory]
    [InlineData("a.b[0].c", "a.b[0].c")]
    [InlineData("f(x) + 1", "")]
    [InlineData("-x", "(0 - x)")]
    [InlineData("!x", "!(x)")]
    [InlineData("concat('it\\'s', x)", "concat('it\\'s', x)")]
    [InlineData("n > 'a'", "(n > 'a')")]
    public void Expression_ToString_PrintsAsTheOfficialEngine(string expression, string expected)
    {
        if (expected.Length == 0)
        {
            Assert.Throws<TemplateException>(() => ExpressionParser.Parse(expression));
            return;
        }

        Assert.Equal(expected, ExpressionParser.Parse(expression).ToString());
    }

    [Theory]
    [InlineData(1e21, "1e+21")]
    [InlineData(123456789012345680000d, "123456789012345680000")]
    [InlineData(0.000001, "0.000001")]
    [InlineData(1e-7, "1e-7")]
    [InlineData(-1.5, "-1.5")]
    [InlineData(0.1 + 0.2, "0.30000000000000004")]
    public void NumberToString_MatchesJavaScript(double value, string expected)
    {
        Assert.Equal(expected, Js.NumberToString(value));
    }
}
