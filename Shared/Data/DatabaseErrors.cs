using System.Net.Sockets;
using Npgsql;

namespace EventWizard.Shared.Data;

/// <summary>Classifies database failures.</summary>
public static class DatabaseErrors
{
    /// <summary>True when PostgreSQL cannot be reached or the connection was lost: answer 503, not 500.</summary>
    public static bool IsUnavailable(Exception exception) => exception switch
    {
        PostgresException pg => pg.SqlState is PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.CrashShutdown
            or PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.TooManyConnections,
        NpgsqlException npgsql => npgsql.IsTransient || npgsql.InnerException is SocketException or IOException or TimeoutException,
        SocketException or TimeoutException => true,
        _ => exception.InnerException is { } inner && IsUnavailable(inner),
    };
}
