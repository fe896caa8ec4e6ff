using System.Globalization;
using System.Security.Claims;
using CohortBot.Cohorts;
using CohortBot.Storage;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;

namespace CohortBot.Web;

/// Signing in. With Entra ID (always outside Development) this page hands over to it; in
/// Development without Entra settings it lists the roster to pick from.
internal sealed class SignInModel(CohortDbContext db, SignInMode mode) : PageModel
{
    public sealed record Person(int Id, string Name, MemberRole Role, string Cohorts);

    public List<Person> People { get; private set; } = [];

    public string ReturnUrl { get; private set; } = "/";

    /// Signed in with Entra ID as nobody on a roster.
    public bool Refused { get; private set; }

    /// Outside Development without Entra ID settings: nobody can sign in.
    public bool NotConfigured { get; private set; }

    public async Task<IActionResult> OnGetAsync(string? returnUrl, CancellationToken cancellationToken)
    {
        ReturnUrl = Local(returnUrl);
        if (User.FindFirst(Viewer.MemberClaim) is not null)
            return LocalRedirect(ReturnUrl);
        if (mode.UsesEntra)
        {
            if (User.Identity?.IsAuthenticated == true)
            {
                Refused = true;
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
            }
            return Challenge(new AuthenticationProperties { RedirectUri = ReturnUrl }, OpenIdConnectDefaults.AuthenticationScheme);
        }
        if (!mode.Picker)
        {
            NotConfigured = true;
            Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
            return Page();
        }
        var members = await db.Members.AsNoTracking().Include(m => m.Cohorts).OrderBy(m => m.Role).ThenBy(m => m.DisplayName).ToListAsync(cancellationToken);
        People = [.. members.Select(m => new Person(m.Id, m.DisplayName, m.Role, string.Join(", ", m.Cohorts.Select(c => c.Name))))];
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(int memberId, string? returnUrl, CancellationToken cancellationToken)
    {
        if (!mode.Picker)
            return NotFound();
        var member = await db.Members.AsNoTracking().FirstOrDefaultAsync(m => m.Id == memberId, cancellationToken);
        if (member is null)
            return RedirectToPage();
        var identity = new ClaimsIdentity(
            [
                new Claim(Viewer.MemberClaim, member.Id.ToString(CultureInfo.InvariantCulture)),
                new Claim(ClaimTypes.Name, member.DisplayName),
            ],
            CookieAuthenticationDefaults.AuthenticationScheme);
        await HttpContext.SignInAsync(CookieAuthenticationDefaults.AuthenticationScheme, new ClaimsPrincipal(identity));
        return LocalRedirect(Local(returnUrl));
    }

    private string Local(string? url) => url is { Length: > 0 } && Url.IsLocalUrl(url) ? url : "/";
}
