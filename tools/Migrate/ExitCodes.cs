namespace EventWizard.Migrate;

/// <summary>What the migrate command's exit code means, so a pipeline or hook can tell the failures apart.</summary>
public static class ExitCodes
{
    public const int Done = 0;

    /// <summary>The migrator refused or a script failed (a changed script, another history); nothing of it was applied.</summary>
    public const int MigrationRefused = 1;

    /// <summary>The arguments were wrong or missing; nothing was done.</summary>
    public const int Usage = 2;

    /// <summary>No connection: the server is unreachable, the login was refused, or no Entra ID token could be had.</summary>
    public const int CannotConnect = 3;

    /// <summary>The migrations were applied but the runtime role grant was refused (the role may not be the runtime role).</summary>
    public const int GrantRefused = 4;
}
