using System.Globalization;
using System.Text;

namespace CohortBot.Cards.Templating;

/// <summary>
/// Parses template strings and the expressions inside <c>${...}</c>, following the Adaptive Expressions
/// grammar (ExpressionAntlrLexer.g4 / ExpressionAntlrParser.g4), including its operator precedence.
/// </summary>
internal static class ExpressionParser
{
    /// <summary>
    /// Parses a JSON string value of the template. Null when it holds no <c>${</c>: the official engine
    /// leaves such strings untouched, escapes included.
    /// </summary>
    public static TemplateString? ParseTemplateString(string text)
    {
        if (!text.Contains("${", StringComparison.Ordinal))
        {
            return null;
        }

        List<Expr> children = [new Constant("")];
        var run = new StringBuilder();
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (c == '\\' && i + 1 < text.Length && text[i + 1] is '`' or '$')
            {
                Flush();
                children.Add(new Constant(text[i + 1].ToString()));
                i += 2;
            }
            else if (c == '$' && MatchBinding(text, i) is int end)
            {
                Flush();
                children.Add(ParseBinding(text[i..end]));
                i = end;
            }
            else if (c == '`')
            {
                // The official engine wraps the whole string in backticks, so a bare one ends it early.
                throw new TemplateException($"Unescaped backtick at position {i} in template string \"{text}\"; write \\` instead.");
            }
            else
            {
                run.Append(c);
                i++;
            }
        }

        Flush();

        // A string that is exactly one binding keeps the binding's type; a constant still becomes text.
        var expression = children.Count == 2 && children[1] is not Constant
            ? children[1]
            : new Call("concat", Functions.Concat, children);
        return new TemplateString(text, expression);

        void Flush()
        {
            if (run.Length > 0)
            {
                children.Add(new Constant(run.ToString()));
                run.Clear();
            }
        }
    }

    // The lexer's TEMPLATE token: "${", then quoted strings or anything but newlines, braces, quotes
    // and backticks, then "}". Without a match the "$" is plain text.
    private static int? MatchBinding(string text, int start)
    {
        if (start + 1 >= text.Length || text[start + 1] != '{')
        {
            return null;
        }

        var i = start + 2;
        var length = 0;
        while (i < text.Length)
        {
            var c = text[i];
            switch (c)
            {
                case '}':
                    return length > 0 ? i + 1 : null;
                case '\'' or '"':
                    if (MatchString(text, i) is not int after)
                    {
                        return null;
                    }

                    length += after - i;
                    i = after;
                    break;
                case '{':
                    throw new TemplateException($"Object literals inside a binding are not supported: \"{text}\".");
                case '\r' or '\n' or '`':
                    return null;
                default:
                    length++;
                    i++;
                    break;
            }
        }

        return null;
    }

    // The lexer's STRING token; returns the index after the closing quote.
    private static int? MatchString(string text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\' && i + 1 < text.Length && (text[i + 1] == quote || text[i + 1] == '\\'))
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i + 1;
            }
        }

        return null;
    }

    // A binding that does not parse is named in the error, so a card author finds it in a long template.
    private static Expr ParseBinding(string binding)
    {
        try
        {
            return Parse(TrimBinding(binding));
        }
        catch (TemplateException ex)
        {
            throw new TemplateException($"{ex.Message.TrimEnd('.')} in {binding}", ex);
        }
    }

    private static string TrimBinding(string binding)
    {
        var result = binding.Trim();
        if (result.StartsWith('$'))
        {
            result = result[1..].Trim();
        }

        if (result.StartsWith('{') && result.EndsWith('}'))
        {
            result = result[1..^1];
        }

        return result.Trim();
    }

    /// <summary>Parses one expression (the inside of a <c>${...}</c>).</summary>
    public static Expr Parse(string expression)
    {
        if (expression.StartsWith('='))
        {
            expression = expression[1..];
        }

        if (expression.Length == 0)
        {
            return new Constant("");
        }

        var parser = new Parser(expression, Tokenize(expression));
        var result = parser.ParseTernary();
        parser.ExpectEnd();
        return result;
    }

    private enum Kind
    {
        Number,
        String,
        Identifier,
        Symbol,
        End,
    }

    private sealed record Token(Kind Kind, string Text, int Position);

    private static readonly string[] Symbols =
        ["&&", "||", "==", "!=", "<>", "<=", ">=", "=>", "??", "+", "-", "!", "^", "*", "/", "%", "&", "<", ">", "(", ")", ".", "[", "]", "{", "}", ",", ":", "?"];

    private static List<Token> Tokenize(string s)
    {
        var tokens = new List<Token>();
        var i = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c is ' ' or '\t' or '\ufeff' or '\u00a0' or '\r' or '\n')
            {
                i++;
            }
            else if (char.IsAsciiDigit(c))
            {
                var start = i;
                while (i < s.Length && char.IsAsciiDigit(s[i]))
                {
                    i++;
                }

                if (i + 1 < s.Length && s[i] == '.' && char.IsAsciiDigit(s[i + 1]))
                {
                    i++;
                    while (i < s.Length && char.IsAsciiDigit(s[i]))
                    {
                        i++;
                    }
                }

                tokens.Add(new Token(Kind.Number, s[start..i], start));
            }
            else if (c is '\'' or '"')
            {
                var end = MatchString(s, i) ?? throw SyntaxError(s, i, "unterminated string");
                tokens.Add(new Token(Kind.String, s[i..end], i));
                i = end;
            }
            else if (IdentifierLength(s, i) is > 0 and var length)
            {
                tokens.Add(new Token(Kind.Identifier, s.Substring(i, length), i));
                i += length;
            }
            else if (Array.Find(Symbols, sym => string.CompareOrdinal(s, i, sym, 0, sym.Length) == 0) is { } symbol)
            {
                tokens.Add(new Token(Kind.Symbol, symbol == "<>" ? "!=" : symbol, i));
                i += symbol.Length;
            }
            else
            {
                throw SyntaxError(s, i, $"unexpected character '{c}'");
            }
        }

        tokens.Add(new Token(Kind.End, "", s.Length));
        return tokens;
    }

    // IDENTIFIER: (LETTER | '_' | '#' | '@' | '@@' | '$' | '%') (LETTER | DIGIT | '_')*.
    // As in the official lexer, '%' followed by a letter is an identifier, not the modulo operator.
    private static int IdentifierLength(string s, int i)
    {
        var c = s[i];
        int start;
        if (char.IsAsciiLetter(c) || c is '_' or '#' or '$')
        {
            start = 1;
        }
        else if (c == '@')
        {
            start = i + 1 < s.Length && s[i + 1] == '@' ? 2 : 1;
        }
        else if (c == '%' && i + 1 < s.Length && (char.IsAsciiLetterOrDigit(s[i + 1]) || s[i + 1] == '_'))
        {
            start = 1;
        }
        else
        {
            return 0;
        }

        var j = i + start;
        while (j < s.Length && (char.IsAsciiLetterOrDigit(s[j]) || s[j] == '_'))
        {
            j++;
        }

        return j - i;
    }

    private static TemplateException SyntaxError(string expression, int position, string reason) =>
        new($"Syntax error in expression \"{expression}\" at position {position}: {reason}.");

    private sealed class Parser(string source, List<Token> tokens)
    {
        private int _position;

        private Token Current => tokens[_position];

        public void ExpectEnd()
        {
            if (Current.Kind != Kind.End)
            {
                throw SyntaxError(source, Current.Position, $"unexpected '{Current.Text}'");
            }
        }

        private bool IsSymbol(string text) => Current.Kind == Kind.Symbol && Current.Text == text;

        private bool Accept(string text)
        {
            if (!IsSymbol(text))
            {
                return false;
            }

            _position++;
            return true;
        }

        private void Expect(string text)
        {
            if (!Accept(text))
            {
                throw SyntaxError(source, Current.Position, Current.Kind == Kind.End ? $"expected '{text}' before the end" : $"expected '{text}' but found '{Current.Text}'");
            }
        }

        // Lowest to highest, as in ExpressionAntlrParser.g4 (note '==' binds tighter than '<').
        public Expr ParseTernary()
        {
            var condition = ParseBinary(0);
            if (!Accept("?"))
            {
                return condition;
            }

            var then = ParseTernary();
            Expect(":");
            var otherwise = ParseTernary();
            return Make("if", [condition, then, otherwise]);
        }

        private static readonly string[][] Levels =
        [
            ["??"],
            ["||"],
            ["&&"],
            ["<", "<=", ">", ">="],
            ["&"],
            ["==", "!="],
            ["+", "-"],
            ["*", "/", "%"],
        ];

        private Expr ParseBinary(int level)
        {
            if (level == Levels.Length)
            {
                return ParsePower();
            }

            var left = ParseBinary(level + 1);
            while (Current.Kind == Kind.Symbol && Levels[level].Contains(Current.Text))
            {
                var op = Current.Text;
                _position++;
                left = Make(op, [left, ParseBinary(level + 1)]);
            }

            return left;
        }

        private Expr ParsePower()
        {
            var left = ParseUnary();
            return Accept("^") ? Make("^", [left, ParsePower()]) : left;
        }

        private Expr ParseUnary()
        {
            if (Accept("!"))
            {
                return Make("!", [ParseUnary()]);
            }

            // The official parser turns -x into 0 - x (and +x into 0 + x).
            foreach (var op in (string[])["-", "+"])
            {
                if (Accept(op))
                {
                    return Make(op, [new Constant(0d), ParseUnary()]);
                }
            }

            return ParsePostfix(ParseAtom());
        }

        private Expr ParseAtom()
        {
            var token = Current;
            _position++;
            switch (token.Kind)
            {
                case Kind.Number:
                    return new Constant(double.Parse(token.Text, CultureInfo.InvariantCulture));
                case Kind.String:
                    return new Constant(Unquote(token.Text));
                case Kind.Identifier:
                    return token.Text switch
                    {
                        "true" => new Constant(true),
                        "false" => new Constant(false),
                        "null" => new Constant(null),
                        "undefined" => new Constant(Undefined.Value),
                        _ => new Accessor(token.Text, null),
                    };
                case Kind.Symbol when token.Text == "(":
                    var inner = ParseTernary();
                    Expect(")");
                    return inner;
                case Kind.Symbol when token.Text == "[":
                    return Make("createArray", ParseArguments("]"));
                case Kind.Symbol when token.Text == "{":
                    throw new TemplateException($"Object literals are not supported in expression \"{source}\".");
                default:
                    throw SyntaxError(source, token.Position, token.Kind == Kind.End ? "unexpected end" : $"unexpected '{token.Text}'");
            }
        }

        private Expr ParsePostfix(Expr expr)
        {
            while (true)
            {
                if (Accept("."))
                {
                    if (Current.Kind != Kind.Identifier)
                    {
                        throw SyntaxError(source, Current.Position, "expected a name after '.'");
                    }

                    expr = new Accessor(Current.Text, expr);
                    _position++;
                }
                else if (Accept("["))
                {
                    var index = ParseTernary();
                    Expect("]");
                    expr = new Element(expr, index);
                }
                else if (IsSymbol("("))
                {
                    var name = FunctionName(expr) ?? throw SyntaxError(source, Current.Position, $"'{expr}' is not a function name");
                    _position++;
                    expr = Make(name, ParseArguments(")"));
                }
                else
                {
                    return expr;
                }
            }
        }

        // The official parser names a function by the text before '(' (dots allowed).
        private static string? FunctionName(Expr expr) => expr switch
        {
            Accessor { Instance: null } a => a.Name,
            Accessor { Instance: { } instance } a => FunctionName(instance) is { } prefix ? $"{prefix}.{a.Name}" : null,
            _ => null,
        };

        private List<Expr> ParseArguments(string close)
        {
            List<Expr> args = [];
            if (Accept(close))
            {
                return args;
            }

            do
            {
                // A lambda "x => body" is passed as two arguments, the iterator name and the body.
                if (Current.Kind == Kind.Identifier && tokens[_position + 1] is { Kind: Kind.Symbol, Text: "=>" })
                {
                    args.Add(new Accessor(Current.Text, null));
                    _position += 2;
                }

                args.Add(ParseTernary());
            }
            while (Accept(","));

            Expect(close);
            return args;
        }

        private static Call Make(string name, List<Expr> args)
        {
            var function = Functions.Lookup(name)
                ?? throw new TemplateException(OfficialFunctions.Names.Contains(name)
                    ? $"unknown function '{name}' (Adaptive Expressions has it, this engine does not implement it)"
                    : $"unknown function '{name}'");
            function.Validate(name, args);
            return new Call(name, function, args);
        }

        // As the official parser: strip the quotes, unescape the quote, then \r \n \t \\.
        private static string Unquote(string token)
        {
            var quote = token[0];
            var body = token[1..^1].Replace("\\" + quote, quote.ToString(), StringComparison.Ordinal);
            var sb = new StringBuilder(body.Length);
            for (var i = 0; i < body.Length; i++)
            {
                if (body[i] == '\\' && i + 1 < body.Length && body[i + 1] is 'r' or 'n' or 't' or '\\')
                {
                    sb.Append(body[i + 1] switch { 'r' => '\r', 'n' => '\n', 't' => '\t', _ => '\\' });
                    i++;
                }
                else
                {
                    sb.Append(body[i]);
                }
            }

            return sb.ToString();
        }
    }
}
