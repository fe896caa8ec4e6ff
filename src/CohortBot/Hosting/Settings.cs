using System.Collections;
using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CohortBot.Hosting;

internal static class Settings
{
    /// Binds a configuration section, validates it at once (nested settings such as
    /// <c>Slack:Retry</c> as surely as the section itself) and registers it as
    /// <see cref="IOptions{TOptions}"/>. A wrong value stops the app before it serves anything, with
    /// a message naming the key. Returns the value for decisions made while registering services.
    public static T AddSettings<T>(this IHostApplicationBuilder builder, string section, Action<T>? complete = null)
        where T : class, new()
    {
        var value = new T();
        builder.Configuration.GetSection(section).Bind(value);
        complete?.Invoke(value);

        var problems = new List<string>();
        Validate(value, section, problems);
        if (problems.Count > 0)
            throw new OptionsValidationException(section, typeof(T), problems);

        builder.Services.AddSingleton(Options.Create(value));
        return value;
    }

    private static void Validate(object value, string section, List<string> problems)
    {
        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
            problems.AddRange(results.Select(r => Describe(section, r)));

        // Settings objects nested in this one (Slack:Retry in Slack): the validator does not descend by itself.
        foreach (var property in value.GetType().GetProperties())
        {
            var type = property.PropertyType;
            if (property.GetIndexParameters().Length > 0 || !type.IsClass || type == typeof(string) || typeof(IEnumerable).IsAssignableFrom(type)
                || type.Namespace?.StartsWith("CohortBot", StringComparison.Ordinal) != true)
                continue;
            if (property.GetValue(value) is { } nested)
                Validate(nested, $"{section}:{property.Name}", problems);
        }
    }

    private static string Describe(string section, ValidationResult result)
    {
        var message = result.ErrorMessage ?? "is not valid.";
        var member = result.MemberNames.FirstOrDefault();
        return member is null || message.Contains(section + ":", StringComparison.Ordinal)
            ? message
            : $"{section}:{member}: {message}";
    }
}
