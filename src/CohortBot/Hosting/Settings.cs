using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace CohortBot.Hosting;

internal static class Settings
{
    /// Binds a configuration section, validates it at once and registers it as
    /// <see cref="IOptions{TOptions}"/>. A wrong value stops the app before it serves anything, with
    /// a message naming the key. Returns the value for decisions made while registering services.
    public static T AddSettings<T>(this IHostApplicationBuilder builder, string section, Action<T>? complete = null)
        where T : class, new()
    {
        var value = new T();
        builder.Configuration.GetSection(section).Bind(value);
        complete?.Invoke(value);

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(value, new ValidationContext(value), results, validateAllProperties: true))
            throw new OptionsValidationException(section, typeof(T), results.Select(r => Describe(section, r)));

        builder.Services.AddSingleton(Options.Create(value));
        return value;
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
