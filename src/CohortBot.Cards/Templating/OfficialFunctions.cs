namespace CohortBot.Cards.Templating;

/// <summary>
/// The names of the functions adaptive-expressions 4.23.3 has (Expression.functions, operators left out), so that
/// a template calling one this engine lacks is told so, rather than that the function does not exist.
/// </summary>
internal static class OfficialFunctions
{
    public static readonly IReadOnlySet<string> Names = new HashSet<string>(StringComparer.Ordinal)
    {
        "EOL", "abs", "add", "addDays", "addHours", "addMinutes", "addOrdinal", "addProperty", "addSeconds",
        "addToTime", "all", "and", "any", "average", "base64", "base64ToBinary", "base64ToString", "binary", "bool",
        "ceiling", "coalesce", "concat", "contains", "convertFromUTC", "convertToUTC", "count", "countWord",
        "createArray", "dataUri", "dataUriToBinary", "dataUriToString", "date", "dateReadBack", "dateTimeDiff",
        "dayOfMonth", "dayOfWeek", "dayOfYear", "div", "empty", "endsWith", "equals", "exists", "exp", "first",
        "flatten", "float", "floor", "foreach", "formatDateTime", "formatEpoch", "formatNumber", "formatTicks",
        "getFutureTime", "getNextViableDate", "getNextViableTime", "getPastTime", "getPreviousViableDate",
        "getPreviousViableTime", "getProperty", "getTimeOfDay", "greater", "greaterOrEquals", "if", "ignore",
        "indexOf", "indicesAndValues", "int", "intersection", "isArray", "isBoolean", "isDate", "isDateRange",
        "isDateTime", "isDefinite", "isDuration", "isFloat", "isInteger", "isMatch", "isObject", "isPresent",
        "isString", "isTime", "isTimeRange", "jPath", "join", "json", "jsonStringify", "last", "lastIndexOf",
        "length", "less", "lessOrEquals", "max", "merge", "min", "mod", "month", "mul", "newGuid", "not", "optional",
        "or", "rand", "range", "removeProperty", "replace", "replaceIgnoreCase", "resolve", "reverse", "round",
        "select", "sentenceCase", "setPathToValue", "setProperty", "skip", "sortBy", "sortByDescending", "split",
        "sqrt", "startOfDay", "startOfHour", "startOfMonth", "startsWith", "string", "stringOrValue", "sub",
        "subArray", "substring", "subtractFromTime", "sum", "take", "ticks", "ticksToDays", "ticksToHours",
        "ticksToMinutes", "titleCase", "toLower", "toUpper", "trim", "union", "unique", "uriComponent",
        "uriComponentToString", "uriHost", "uriPath", "uriPathAndQuery", "uriPort", "uriQuery", "uriScheme", "utcNow",
        "where", "xPath", "xml", "year",
    };
}
