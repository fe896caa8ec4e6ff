using System.Security.Claims;
using CohortBot.Channels.Identities;
using CohortBot.Outbox;
using CohortBot.Reports;
using CohortBot.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.Identity.Web;

namespace CohortBot.Web;

/// The web pages: Razor Pages under Reports/ and Web/, a cookie for who is signed in, and how they
/// sign in: Microsoft Entra ID (OpenID Connect) outside Development, matched to the roster by the
/// token's object id, else by e-mail inside the district's own tenant; in Development a page that
/// lets you pick any member of the roster.
internal static class WebExtensions
{
    public const string MembersOnly = "members";

    public static IHostApplicationBuilder AddWeb(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorPages(pages =>
        {
            pages.RootDirectory = "/";
            pages.Conventions.AuthorizeFolder("/Reports", MembersOnly);
            pages.Conventions.AuthorizeFolder("/Cohorts/Settings", MembersOnly);
        });
        var entra = builder.Configuration.GetSection("AzureAd");
        // Entra ID once it is configured; without it, the roster picker in Development, and outside it nobody.
        var useEntra = !string.IsNullOrEmpty(entra["ClientId"]);
        var mode = new SignInMode(useEntra, Picker: !useEntra && builder.Environment.IsDevelopment());
        var authentication = builder.Services.AddAuthentication(CookieAuthenticationDefaults.AuthenticationScheme);
        if (useEntra)
        {
            authentication.AddMicrosoftIdentityWebApp(entra, OpenIdConnectDefaults.AuthenticationScheme, CookieAuthenticationDefaults.AuthenticationScheme);
            builder.Services.Configure<OpenIdConnectOptions>(OpenIdConnectDefaults.AuthenticationScheme, oidc =>
            {
                var next = oidc.Events.OnTokenValidated;
                oidc.Events.OnTokenValidated = async context =>
                {
                    await next(context);
                    await MatchToRosterAsync(context);
                };
            });
        }
        else
        {
            authentication.AddCookie();
        }
        builder.Services.Configure<CookieAuthenticationOptions>(CookieAuthenticationDefaults.AuthenticationScheme, cookie =>
        {
            cookie.LoginPath = "/signin";
            cookie.AccessDeniedPath = "/signin";
            cookie.Cookie.Name = "cohortbot";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.Cookie.SecurePolicy = builder.Environment.IsDevelopment() ? CookieSecurePolicy.SameAsRequest : CookieSecurePolicy.Always;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
        });
        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(MembersOnly, policy => policy.RequireAuthenticatedUser().RequireClaim(Viewer.MemberClaim));
        builder.Services.AddSingleton(mode);
        return builder;
    }

    public static WebApplication MapWeb(this WebApplication app)
    {
        app.UseStaticFiles();
        app.UseAuthentication();
        app.UseAuthorization();
        app.MapRazorPages();
        app.MapExports();
        app.MapPost("/signout", async (HttpContext http) =>
        {
            await http.SignOutAsync(CookieAuthenticationDefaults.AuthenticationScheme);
            return Results.Redirect("/signin");
        });
        return app;
    }

    /// After Entra ID signed someone in: the roster member they are, by the token's object id (as
    /// the bot links Teams users), else by e-mail inside their district's own tenant; nobody else
    /// gets a member claim, and the pages refuse them.
    private static async Task MatchToRosterAsync(Microsoft.AspNetCore.Authentication.OpenIdConnect.TokenValidatedContext context)
    {
        var principal = context.Principal;
        var objectId = principal?.GetObjectId();
        var tenant = principal?.GetTenantId();
        if (principal?.Identity is not ClaimsIdentity identity || objectId is null || tenant is null)
            return;
        var links = context.HttpContext.RequestServices.GetRequiredService<IdentityLinks>();
        var db = context.HttpContext.RequestServices.GetRequiredService<CohortDbContext>();
        var person = PersonRef.Of(Platform.Teams, tenant, objectId);
        var linked = await links.FindAsync(person, context.HttpContext.RequestAborted);
        if (linked is null && (principal.FindFirstValue("preferred_username") ?? principal.FindFirstValue(ClaimTypes.Email)) is { } email)
        {
            linked = await links.LinkByEmailAsync(person, email, "web sign-in", context.HttpContext.RequestAborted);
            await db.SaveChangesAsync(context.HttpContext.RequestAborted);
        }
        if (linked is not null)
            identity.AddClaim(new Claim(Viewer.MemberClaim, linked.MemberId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
    }
}

/// How people sign in: with Entra ID, or (in Development without Entra settings) by picking
/// themselves from the roster; outside Development without Entra settings, nobody can.
internal sealed record SignInMode(bool UsesEntra, bool Picker);
