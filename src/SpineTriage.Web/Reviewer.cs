namespace SpineTriage.Web;

/// <summary>
/// Who is using the console, as the host knows them (the name given to <c>spinetriage serve --as</c>,
/// or the signed-in identity of the HTTP functions): recorded as who decided. Never a form field.
/// </summary>
/// <param name="Name">The reviewer's name, recorded in the audit trail.</param>
/// <param name="CanDecide">Whether they may record decisions (else the console is read-only for them).</param>
public sealed record Reviewer(string Name, bool CanDecide);
